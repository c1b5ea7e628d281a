"""`Value`: one float in a computation graph, with the gradient that backward leaves on it."""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from types import CodeType
from typing import Any

from engine import grad_mode, ops
from engine.autodiff import backward
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
from engine.steps import BackwardStep, applied_steps


class Value:
    """A scalar node: `data`, its `grad`, and the op and parents that produced it.

    Arithmetic with Values (or plain numbers) records new nodes; `backward()` fills `.grad`.

    Examples:
        >>> from engine import Value
        >>> x = Value(3.0, label="x")
        >>> y = x * x + 2 * x
        >>> y.backward()
        >>> y.data, x.grad  # d(x*x + 2x)/dx = 2x + 2
        (15.0, 8.0)
    """

    # A node's parents and parameters share two slots, so that no tuple is made per node:
    # _a is None (a leaf), a Value (the first of one or two parents) or a tuple of every
    # parent (n-ary ops, an op with parameters and two or more parents, a leaf given parents);
    # _b is then the second parent, the op's parameters as a tuple, or None.
    # _mark belongs to the graph walks in engine.autodiff.
    __slots__ = ("_a", "_b", "_mark", "_op", "data", "grad", "label")

    data: float
    grad: float
    label: str | None
    _op: Op | None
    _a: Any  # Value | tuple[Value, ...] | None, as described above
    _b: Any  # Value | tuple[float, ...] | None
    _mark: object

    def __init__(self, data: float, label: str | None = None) -> None:
        self.data = as_float(data)
        self.grad = 0.0
        if label is not None and not isinstance(label, str):
            raise TypeError(f"a Value's label must be a str or None, got {type(label).__name__}")
        self.label = label
        self._op = None
        self._a = None
        self._b = None
        self._mark = None

    @property
    def parents(self) -> tuple[Value, ...]:
        """The inputs of the op that made this node, in the order they were given."""
        a = self._a
        if a is None:
            return ()
        if type(a) is tuple:
            return a
        b = self._b
        if b is None or type(b) is tuple:
            return (a,)
        return (a, b)

    @parents.setter
    def parents(self, parents: tuple[Value, ...]) -> None:
        parents = tuple(parents)
        for position, parent in enumerate(parents):
            if not isinstance(parent, Value):
                raise TypeError(
                    f"a Value's parents must be Values, got {type(parent).__name__} "
                    f"at position {position}"
                )
        op = self._op
        if op is not None and op.arity is not None and len(parents) != op.arity:
            raise ValueError(f"op {op.name!r} takes {op.arity} inputs, got {len(parents)} parents")
        _link(self, op, parents, self.params)

    @property
    def params(self) -> tuple[float, ...]:
        """The op's constant parameters (an exponent, a slope); empty for most ops."""
        b = self._b
        return b if type(b) is tuple else ()

    @property
    def is_leaf(self) -> bool:
        """True for a node no op made: an input, a parameter or a constant."""
        return self._op is None

    @property
    def operation(self) -> Op | None:
        """The op-table entry that made this node (see `engine.OPS`), None for a leaf."""
        return self._op

    @property
    def op(self) -> str:
        """The name of the op that made this node (`'*'`, `'tanh'`, ...), `''` for a leaf."""
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
        if type(other) is Value:
            return record_binary(ADD, self, other)
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(ADD, self, operand)

    def __radd__(self, other: float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(ADD, operand, self)

    def __sub__(self, other: Value | float) -> Value:
        if type(other) is Value:
            return record_binary(SUB, self, other)
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(SUB, self, operand)

    def __rsub__(self, other: float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(SUB, operand, self)

    def __mul__(self, other: Value | float) -> Value:
        if type(other) is Value:
            return record_binary(MUL, self, other)
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(MUL, self, operand)

    def __rmul__(self, other: float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(MUL, operand, self)

    def __truediv__(self, other: Value | float) -> Value:
        if type(other) is Value:
            return record_binary(DIV, self, other)
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(DIV, self, operand)

    def __rtruediv__(self, other: float) -> Value:
        operand = _as_operand(other)
        return NotImplemented if operand is None else record_binary(DIV, operand, self)

    def __pow__(self, exponent: Value | float) -> Value:
        """`x ** 2` keeps 2 as a parameter; `x ** y` with a Value y differentiates y too."""
        if type(exponent) is int or type(exponent) is float:
            return record_unary(POW, self, (float(exponent),))
        if isinstance(exponent, Value):
            return record_binary(POW_VALUE, self, exponent)
        operand = _as_operand(exponent)
        if operand is None:
            return NotImplemented
        return record_unary(POW, self, (operand.data,))

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
        """`e**x`; `d/dx exp(x) = exp(x)`."""
        return record_unary(EXP, self)

    def log(self) -> Value:
        """The natural logarithm."""
        return record_unary(LOG, self)

    def sqrt(self) -> Value:
        """The square root of x (x >= 0); d/dx sqrt(x) = 1 / (2 sqrt(x))."""
        return record_unary(SQRT, self)

    def tanh(self) -> Value:
        """The hyperbolic tangent, in (-1, 1); `d/dx tanh(x) = 1 - tanh(x)**2`."""
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

        backward(self)

    def backward_steps(self) -> Iterator[BackwardStep]:
        """`backward()` one node at a time: `for step in loss.backward_steps(): print(step)`.

        Each step prints the chain rule it applies; after the last, `.grad` is as backward's.
        """
        return applied_steps(self)

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
    if type(x) is float:
        return leaf(x)
    if type(x) is int:
        return leaf(float(x))
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return leaf(float(x))
    return None


_new_value = object.__new__


def leaf(data: float) -> Value:
    """A leaf for a float already checked: a number used in arithmetic, without __init__."""
    node: Value = _new_value(Value)
    node.data = data
    node.grad = 0.0
    node.label = None
    node._op = None
    node._a = None
    node._b = None
    node._mark = None
    return node


def record(op: Op, parents: tuple[Value, ...], params: tuple[float, ...] = ()) -> Value:
    """Compute `op` on the parents' data and return its node (a bare leaf under no_grad)."""
    return node_of(op.forward(*[p.data for p in parents], *params), op, parents, params)


def apply(op: Op, inputs: tuple[Value | float, ...], params: dict[str, float]) -> Value:
    """`op(*inputs, **params)`: check what a user passed to an op, then record it."""
    if not isinstance(op, Op):
        raise TypeError(f"apply needs an Op, got {type(op).__name__}")
    if op.arity is not None and len(inputs) != op.arity:
        raise TypeError(f"op {op.name!r} takes {op.arity} inputs, got {len(inputs)}")
    missing = [name for name in op.params if name not in params]
    unknown = [name for name in params if name not in op.params]
    if missing or unknown:
        raise TypeError(
            f"op {op.name!r} takes the parameters ({', '.join(op.params) or 'none'}), got "
            f"({', '.join(params) or 'none'}): pass each one by name, e.g. "
            f"{op.name}(x, {op.params[0] if op.params else 'param'}=0.5)"
            if op.params
            else f"op {op.name!r} takes no parameters, got {', '.join(params)}"
        )
    parents = []
    for position, x in enumerate(inputs):
        operand = _as_operand(x)
        if operand is None:
            raise TypeError(
                f"op {op.name!r} takes Values or numbers, got {type(x).__name__} at position "
                f"{position}: {x!r}"
            )
        parents.append(operand)
    return record(op, tuple(parents), tuple(as_float(params[name]) for name in op.params))


ops.recorder = apply


def node_of(data: float, op: Op, parents: tuple[Value, ...], params: tuple[float, ...]) -> Value:
    """The node for `op` on `parents` whose value is `data`, with no `.data` read.

    It sets `.data` itself rather than through `leaf`, so tracing sees an op's node made
    here (and so checks it against no_grad and the node limit).
    """
    node: Value = _new_value(Value)
    node.data = data
    node.grad = 0.0
    node.label = None
    node._mark = None
    if not grad_mode._threads_off or grad_mode.is_grad_enabled():
        node._op = op
        _link(node, op, parents, params)
    else:
        node._op = None
        node._a = None
        node._b = None
    return node


def _link(
    node: Value, op: Op | None, parents: tuple[Value, ...], params: tuple[float, ...]
) -> None:
    """Store parents and parameters in the two slots, as `Value` describes."""
    count = len(parents)
    if op is not None and op.arity == count and (count == 1 or (count == 2 and not params)):
        node._a = parents[0]
        node._b = parents[1] if count == 2 else params or None
    else:
        node._a = parents if op is not None else parents or None
        node._b = params or None


def record_unary(op: Op, x: Value, params: tuple[float, ...] = ()) -> Value:
    """`record` for one input: the shape of every activation, kept fast."""
    data = op.forward(x.data, *params)
    node: Value = _new_value(Value)
    node.data = data
    node.grad = 0.0
    node.label = None
    node._mark = None
    if not grad_mode._threads_off or grad_mode.is_grad_enabled():
        node._op = op
        node._a = x
        node._b = params or None
    else:
        node._op = None
        node._a = None
        node._b = None
    return node


def record_binary(op: Op, a: Value, b: Value) -> Value:
    """`record` for two inputs: the shape of arithmetic, kept fast."""
    data = op.forward(a.data, b.data)
    node: Value = _new_value(Value)
    node.data = data
    node.grad = 0.0
    node.label = None
    node._mark = None
    if not grad_mode._threads_off or grad_mode.is_grad_enabled():
        node._op = op
        node._a = a
        node._b = b
    else:
        node._op = None
        node._a = None
        node._b = None
    return node


def _node(data: float, op: Op, parents: tuple[Value, ...], params: tuple[float, ...]) -> Value:
    """`node_of` by its former name."""
    return node_of(data, op, parents, params)


READS_DATA: set[CodeType] = {record.__code__, record_unary.__code__, record_binary.__code__}
"""The engine code that reads `.data` to compute an op's forward value (tracing allows it);
code generated later (engine.reductions' n-ary forwards) adds itself here."""
WRITES_DATA: set[CodeType] = {
    f.__code__ for f in (Value.__init__, leaf, record_unary, record_binary, node_of, _node)
}
"""The engine code that sets `.data` on a new Value (tracing counts those as made inside)."""
