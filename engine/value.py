"""`Value`: one float in a computation graph, with the gradient that backward leaves on it."""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from typing import TYPE_CHECKING

from engine import grad_mode
from engine.ops import (
    ABS,
    ADD,
    DIV,
    EXP,
    LEAKY_RELU,
    LOG,
    MUL,
    NEG,
    POW,
    POW_VALUE,
    RELU,
    SIGMOID,
    SOFTPLUS,
    SQRT,
    STEP,
    SUB,
    TANH,
    Op,
)

if TYPE_CHECKING:
    from engine.steps import BackwardStep


class Value:
    """A scalar node: `data`, its `grad`, and the op and parents that produced it.

    Arithmetic with Values (or plain numbers) records new nodes; `backward()` fills `.grad`.
    """

    __slots__ = ("_op", "data", "grad", "label", "params", "parents")

    data: float
    grad: float
    label: str | None
    parents: tuple[Value, ...]
    """The inputs of the op that made this node, in the order they were given."""
    params: tuple[float, ...]
    """The op's constant parameters (an exponent, a slope); empty for most ops."""
    _op: Op | None

    def __init__(self, data: float, label: str | None = None) -> None:
        self.data = as_float(data)
        self.grad = 0.0
        if label is not None and not isinstance(label, str):
            raise TypeError(f"a Value's label must be a str or None, got {type(label).__name__}")
        self.label = label
        self.parents = ()
        self.params = ()
        self._op = None

    @property
    def op(self) -> str:
        """The name of the op that made this node ('*', 'tanh', ...), '' for a leaf."""
        return "" if self._op is None else self._op.name

    def __repr__(self) -> str:
        fields = f"data={self.data!r}, grad={self.grad!r}"
        if self.label is not None:
            fields += f", label={self.label!r}"
        if self._op is not None:
            fields += f", op={self._op.name!r}"
        return f"Value({fields})"

    def __float__(self) -> float:
        return self.data

    # Binary arithmetic: a Value or a plain number on either side.

    def __add__(self, other: Value | float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(ADD, self, operand)

    def __radd__(self, other: float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(ADD, operand, self)

    def __sub__(self, other: Value | float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(SUB, self, operand)

    def __rsub__(self, other: float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(SUB, operand, self)

    def __mul__(self, other: Value | float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(MUL, self, operand)

    def __rmul__(self, other: float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(MUL, operand, self)

    def __truediv__(self, other: Value | float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(DIV, self, operand)

    def __rtruediv__(self, other: float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(DIV, operand, self)

    def __pow__(self, exponent: Value | float) -> Value:
        """`x ** 2` keeps 2 as a parameter; `x ** y` with a Value y differentiates y too."""
        if isinstance(exponent, Value):
            return record_binary(POW_VALUE, self, exponent)
        if _as_operand(exponent) is None:
            return NotImplemented
        return record_unary(POW, self, (float(exponent),))

    def __rpow__(self, base: float) -> Value:
        operand = _as_operand(base)
        return NotImplemented if operand is None else record_binary(POW_VALUE, operand, self)

    # Unary ops.

    def __neg__(self) -> Value:
        return record_unary(NEG, self)

    def __abs__(self) -> Value:
        return record_unary(ABS, self)

    def abs(self) -> Value:
        """|x|, with derivative 0 at 0 (PyTorch's convention)."""
        return record_unary(ABS, self)

    def exp(self) -> Value:
        return record_unary(EXP, self)

    def log(self) -> Value:
        """The natural logarithm."""
        return record_unary(LOG, self)

    def sqrt(self) -> Value:
        return record_unary(SQRT, self)

    def tanh(self) -> Value:
        return record_unary(TANH, self)

    def sigmoid(self) -> Value:
        """1 / (1 + exp(-x)), computed without overflow for any input."""
        return record_unary(SIGMOID, self)

    def softplus(self) -> Value:
        """log(1 + exp(x)), computed without overflow for any input."""
        return record_unary(SOFTPLUS, self)

    def relu(self) -> Value:
        """max(0, x), with derivative 0 at 0 (PyTorch's convention)."""
        return record_unary(RELU, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """x if x > 0 else slope * x; the derivative at 0 is `slope`."""
        return record_unary(LEAKY_RELU, self, (as_float(slope),))

    def step(self) -> Value:
        """The unit step (a perceptron's threshold): 1 if x > 0 else 0; its derivative is 0."""
        return record_unary(STEP, self)

    # The graph.

    def backward(self) -> None:
        """Add d self / d node to `.grad` of every node of this graph.

        Gradients accumulate across calls, as in PyTorch: clear them with `engine.zero_grad`.
        """
        from engine.autodiff import backward

        backward(self)

    def backward_steps(self) -> Iterator[BackwardStep]:
        """`backward()` one node at a time: `for step in loss.backward_steps(): print(step)`.

        Each step prints the chain rule it applies; after the last, `.grad` is as backward's.
        """
        from engine.steps import backward_steps

        return backward_steps(self)

    def detach(self) -> Value:
        """A new leaf with the same data and label: no graph behind it."""
        return Value(self.data, self.label)


def as_float(data: object) -> float:
    """`data` as a Python float, or a TypeError naming what was received instead."""
    if type(data) is float:
        return data
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        return float(data)
    raise TypeError(
        f"Value needs a real number (int or float), got {type(data).__name__}: {data!r}"
    )


def _as_operand(x: object) -> Value | None:
    """A Value for `x` when it is a Value or a real number; None for anything else."""
    if isinstance(x, Value):
        return x
    if type(x) is float or type(x) is int:
        return Value(x)
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return Value(float(x))
    return None


_new_value = object.__new__


def record(op: Op, parents: tuple[Value, ...], params: tuple[float, ...] = ()) -> Value:
    """Compute `op` on the parents' data and return its node (a bare leaf under no_grad)."""
    return _node(op.forward(*[p.data for p in parents], *params), op, parents, params)


def record_unary(op: Op, x: Value, params: tuple[float, ...] = ()) -> Value:
    """`record` for one input: the shape of every activation, kept fast."""
    return _node(op.forward(x.data, *params), op, (x,), params)


def record_binary(op: Op, a: Value, b: Value) -> Value:
    """`record` for two inputs: the shape of arithmetic, kept fast."""
    return _node(op.forward(a.data, b.data), op, (a, b), ())


def _node(data: float, op: Op, parents: tuple[Value, ...], params: tuple[float, ...]) -> Value:
    node: Value = _new_value(Value)  # skips __init__: data is already a checked float
    node.data = data
    node.grad = 0.0
    node.label = None
    if not grad_mode._threads_off or grad_mode.is_grad_enabled():
        node.parents = parents
        node.params = params
        node._op = op
    else:
        node.parents = ()
        node.params = ()
        node._op = None
    return node
