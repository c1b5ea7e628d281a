"""The op table: every operation's forward value and local derivatives, side by side.

Each `Op` is defined once here. The backward pass, the graph renderer, the step-by-step
explainer and the graph compiler all read this table; adding an op is one entry plus tests.

Forward functions take and return floats. Derivative functions take `(out, *inputs,
*params)` and return one local derivative `d out / d input` per input. They are written
with arithmetic and the helpers below, so the same rule works on floats (an ordinary
backward pass) and on Values (a recorded backward pass, for higher-order gradients).
"""

from __future__ import annotations

import functools
import math
import operator
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from engine.value import Value

Scalar = Union[float, "Value"]
"""A float on an ordinary backward pass, a Value when the backward pass is recorded."""


def _engine_value_missing(
    op: Op, inputs: tuple[Value | float, ...], params: dict[str, float]
) -> Value:
    raise RuntimeError("import engine (not engine.ops alone) before calling an Op")


recorder: Callable[[Op, tuple[Value | float, ...], dict[str, float]], Value] = _engine_value_missing
"""What `Op.__call__` records with: `engine.value.apply`, which sets itself here (this module
cannot import engine.value, which imports the table below)."""


@dataclass(frozen=True)
class Formula:
    """An op and its local derivatives as a learner writes them, kept as data to render.

    `{a}`, `{x}`, ... stand for the inputs named in `inputs`, `{w_i}` for one of a family of
    inputs (sum, dot), and a parameter's name for its value: pictures and steps fill them
    with a node's own names and numbers.
    """

    expression: str
    """The op in its inputs' names: `({a}*{b})`, `tanh({x})`."""
    inputs: tuple[str, ...]
    """The inputs' variable names, in order; a name ending in `_i` is a family."""
    derivatives: tuple[str, ...]
    """d expression / d input, one per entry of `inputs`: `({b}, {a})` for a * b."""

    def __post_init__(self) -> None:
        if len(self.inputs) != len(self.derivatives):
            raise ValueError(
                f"a Formula needs one derivative per input: {len(self.inputs)} inputs "
                f"{self.inputs}, {len(self.derivatives)} derivatives"
            )

    @property
    def text(self) -> str:
        """Every rule with the variables' own names: `d(a*b)/da = b, d(a*b)/db = a`."""
        of = self.of({})
        return ", ".join(f"{of}/d{v} = {self.derivative(v, {})}" for v in self.inputs)

    def of(self, names: Mapping[str, str]) -> str:
        """`d` before the expression with `names` filled in: `d(w1*x1)`, `d tanh(n1)`."""
        expression = self.expression.format_map(_Filled(names))
        return f"d{expression}" if expression.startswith("(") else f"d {expression}"

    def derivative(self, variable: str, names: Mapping[str, str]) -> str:
        """The derivative by the input called `variable`, with `names` filled in."""
        return self.derivatives[self.inputs.index(variable)].format_map(_Filled(names))


class _Filled(dict[str, str]):
    """The names given; any other `{name}` (a variable not filled in) stays its own name."""

    def __missing__(self, key: str) -> str:
        return key


@dataclass(frozen=True)
class Op:
    """One differentiable operation: how to compute it and its local derivatives."""

    name: str
    """Shown as `Value.op` and in graph pictures: '+', '*', 'tanh', ..."""
    forward: Callable[..., float]
    """`forward(*inputs, *params) -> float`, raising a clear error outside the domain."""
    derivative: Callable[..., tuple[Scalar, ...]]
    """`derivative(out, *inputs, *params)`: one `d out / d input` per input."""
    formula: Formula | str
    """The op's local derivatives as a learner writes them: a Formula, which pictures fill
    with a node's names, or plain text shown as it stands."""
    arity: int | None = 1
    """How many Value inputs; None for any number (sum, dot)."""
    params: tuple[str, ...] = ()
    """Names of constant parameters stored on the node (an exponent, a slope)."""
    inline: str | None = None
    """Optional: forward as a Python expression the compiler writes in place of a call.

    `{0}`, `{1}`, ... stand for the inputs, `{name}` for a parameter; `exp`, `log`, `sqrt`
    and `tanh` are math's. It must equal `forward` wherever forward returns; where forward
    raises it may raise any ArithmeticError or ValueError instead.
    """
    vectorized: str | None = None
    """Optional: forward over numpy arrays, elementwise (`np` is numpy), for batch mode."""
    kernel: Callable[[Value], None] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """`kernel(node)` adds node.grad times each local derivative to the parents' `.grad`:
    the derivative rule written out once as straight-line code. `engine.kernels` writes it
    on the op's first backward pass and keeps it here."""

    def __call__(self, *inputs: Value | float, **params: float) -> Value:
        """Record this op on `inputs` (Values or numbers) and its parameters, by name.

        `cube = Op("cube", lambda x: x**3, lambda out, x: (3 * x**2,), ...)`, then `cube(x)`
        is a node of the graph, differentiated by backward like any built-in op.
        """
        return recorder(self, inputs, params)

    @property
    def formula_text(self) -> str:
        """The formula as one line of text, for messages."""
        return self.formula if isinstance(self.formula, str) else self.formula.text

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


# Helpers that derivative rules call: plain maths on floats, a recorded op on Values (or
# generated code, when the graph compiler runs a rule on symbols).


def _step(x: Scalar) -> Scalar:
    """The unit step, relu's derivative: inlined for floats, the hot case. NaN stays NaN."""
    if isinstance(x, float):
        return 1.0 if x > 0.0 else 0.0 if x <= 0.0 else x
    return x.step()


class Quotient(float):
    """`numerator / denominator` that overflowed to inf although both are finite.

    Backward multiplies it by the upstream gradient; when that product is not finite it
    recomputes `upstream * numerator / denominator` in an order that cannot overflow.
    """

    __slots__ = ("denominator", "numerator")

    numerator: float
    denominator: float


def _over(numerator: Scalar, denominator: Scalar) -> Scalar:
    """`numerator / denominator` for a derivative rule, remembering both when it overflows."""
    quotient = numerator / denominator
    if type(quotient) is float and quotient - quotient and _finite(numerator, denominator):
        exact = Quotient(quotient)  # inf from finite operands: an overflow
        exact.numerator, exact.denominator = numerator, denominator  # type: ignore[assignment]
        return exact
    return quotient


def _finite(*xs: Scalar) -> bool:
    return all(isinstance(x, float) and not x - x for x in xs)


def times_upstream(upstream: float, local: float) -> float:
    """`upstream * local`, exact in range when `local` is a Quotient that overflowed."""
    product = upstream * local
    if product - product and type(local) is Quotient and not upstream - upstream:
        numerator, denominator = local.numerator, local.denominator
        product = upstream / denominator * numerator
        if product - product or not product:
            product = upstream * numerator / denominator
    return product


def _sigmoid(x: Scalar) -> Scalar:
    return _sigmoid_forward(x) if isinstance(x, float) else x.sigmoid()


def _log(x: Scalar) -> Scalar:
    return _log_forward(x) if isinstance(x, float) else x.log()


# Forward functions: plain float maths with errors that say what went wrong.


def _div_forward(a: float, b: float) -> float:
    if b == 0.0:
        raise ZeroDivisionError(f"division by zero: {a!r} / {b!r} is undefined")
    return a / b


def _pow_forward(base: float, exponent: float) -> float:
    if base < 0.0 and not float(exponent).is_integer():
        raise ValueError(
            f"({base!r}) ** {exponent!r} is undefined: a negative base needs an integer "
            "exponent (the result would be complex)"
        )
    if base == 0.0 and exponent < 0.0:
        raise ZeroDivisionError(
            f"{base!r} ** {exponent!r} is undefined: zero cannot be raised to a negative power"
        )
    try:
        return float(base**exponent)
    except OverflowError:
        raise OverflowError(f"{base!r} ** {exponent!r} overflows a float") from None


def _pow_derivative(out: Scalar, base: Scalar, exponent: float) -> tuple[Scalar, ...]:
    if exponent == 0.0:  # x ** 0 is the constant 1, even at x = 0
        return (0.0,)
    return (exponent * base ** (exponent - 1.0),)


def _pow_value_derivative(out: Scalar, base: Scalar, exponent: Scalar) -> tuple[Scalar, ...]:
    base_data = base if isinstance(base, float) else base.data
    if base_data > 0.0:
        by_exponent = out * _log(base)
    elif base_data == 0.0:
        by_exponent = 0.0 * out  # 0 ** y is flat in y for y > 0
    else:
        raise ValueError(
            f"d/dy ({base_data!r}) ** y is undefined: a negative base has no real logarithm; "
            "if the exponent is a constant, write x ** 3 with a number"
        )
    return (exponent * base ** (exponent - 1.0), by_exponent)


def _exp_forward(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(
            f"exp({x!r}) overflows a float: exp needs an input below about 709.78"
        ) from None


def _log_forward(x: float) -> float:
    if x <= 0.0:
        raise ValueError(f"log({x!r}) is undefined: log needs a positive input")
    return math.log(x)


def _sqrt_forward(x: float) -> float:
    if x < 0.0:
        raise ValueError(f"sqrt({x!r}) is undefined: sqrt needs a non-negative input")
    return math.sqrt(x)


def _sigmoid_forward(x: float) -> float:
    # Two branches so that exp never overflows: sigmoid(+-1000) is 1.0 and 0.0.
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _softplus_forward(x: float) -> float:
    # log(1 + exp(x)) rewritten as max(x, 0) + log1p(exp(-|x|)): no overflow at x = 1000.
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _step_forward(x: float) -> float:
    return 1.0 if x > 0.0 else 0.0 if x <= 0.0 else x  # NaN stays NaN


def _relu_forward(x: float) -> float:
    return 0.0 if x <= 0.0 else x  # NaN stays NaN


# dot's inputs are w_1..w_n, x_1..x_n and, when there are 2n + 1 of them, a bias b last.


if sys.version_info < (3, 12):
    add_in_order: Callable[[Iterable[float]], float] = sum
    """Add left to right from 0, as compiled code does (the builtin sum, on these Pythons)."""
else:  # from 3.12 the builtin sum compensates rounding: eager would differ from compiled

    def add_in_order(values: Iterable[float]) -> float:
        """Add left to right from 0, as compiled code does."""
        return functools.reduce(operator.add, values, 0.0)


def _dot_forward(*inputs: float) -> float:
    n = len(inputs) // 2
    total: float = add_in_order(map(operator.mul, inputs[:n], inputs[n : 2 * n]))
    return total + inputs[-1] if len(inputs) % 2 else total


def _dot_derivative(out: Scalar, *inputs: Scalar) -> tuple[Scalar, ...]:
    n = len(inputs) // 2
    by_weights_and_inputs = inputs[n : 2 * n] + inputs[:n]  # d/dw_i = x_i, d/dx_i = w_i
    return (*by_weights_and_inputs, 1.0) if len(inputs) % 2 else by_weights_and_inputs


# The table. Subtraction and division are primitives (not a + -b, a * b**-1) so that a
# learner's graph shows one node for what they wrote, and a / b is correctly rounded.

ADD = Op(
    "+",
    lambda a, b: a + b,
    lambda out, a, b: (1.0, 1.0),
    Formula("({a}+{b})", ("a", "b"), ("1", "1")),
    2,
)
SUB = Op(
    "-",
    lambda a, b: a - b,
    lambda out, a, b: (1.0, -1.0),
    Formula("({a}-{b})", ("a", "b"), ("1", "-1")),
    2,
)
MUL = Op(
    "*",
    lambda a, b: a * b,
    lambda out, a, b: (b, a),
    Formula("({a}*{b})", ("a", "b"), ("{b}", "{a}")),
    2,
)
DIV = Op(
    "/",
    _div_forward,
    lambda out, a, b: (_over(1.0, b), _over(-out, b)),
    Formula("({a}/{b})", ("a", "b"), ("1/{b}", "-{a}/{b}**2")),
    2,
    inline="{0} / {1}",
    vectorized="{0} / {1}",
)
POW = Op(
    "**",
    _pow_forward,
    _pow_derivative,
    Formula("({x}**{exponent})", ("x",), ("{exponent} * {x}**({exponent}-1)",)),
    1,
    params=("exponent",),
    vectorized="{0} ** {exponent}",
)
POW_VALUE = Op(
    "pow",
    _pow_forward,
    _pow_value_derivative,
    Formula("({a}**{b})", ("a", "b"), ("{b} * {a}**({b}-1)", "{a}**{b} * log({a})")),
    2,
    vectorized="{0} ** {1}",
)
NEG = Op("neg", lambda x: -x, lambda out, x: (-1.0,), Formula("(-{x})", ("x",), ("-1",)))
EXP = Op(
    "exp",
    _exp_forward,
    lambda out, x: (out,),
    Formula("exp({x})", ("x",), ("exp({x})",)),
    inline="exp({0})",
    vectorized="np.exp({0})",
)
LOG = Op(
    "log",
    _log_forward,
    lambda out, x: (_over(1.0, x),),
    Formula("log({x})", ("x",), ("1/{x}",)),
    inline="log({0})",
    vectorized="np.log({0})",
)
SQRT = Op(
    "sqrt",
    _sqrt_forward,
    lambda out, x: (0.5 / out,),
    Formula("sqrt({x})", ("x",), ("1 / (2 sqrt({x}))",)),
    inline="sqrt({0})",
    vectorized="np.sqrt({0})",
)
# tanh stays a primitive: 2 * sigmoid(2x) - 1 loses all relative precision near 0.
TANH = Op(
    "tanh",
    math.tanh,
    lambda out, x: (1.0 - out * out,),
    Formula("tanh({x})", ("x",), ("1 - tanh({x})**2",)),
    inline="tanh({0})",
    vectorized="np.tanh({0})",
)
SIGMOID = Op(
    "sigmoid",
    _sigmoid_forward,
    lambda out, x: (out * (1.0 - out),),
    Formula("sigmoid({x})", ("x",), ("sigmoid({x}) * (1 - sigmoid({x}))",)),
    # The same two branches as _sigmoid_forward, neither of which can overflow.
    vectorized="np.where({0} >= 0.0, 1.0, np.exp(np.minimum({0}, 0.0)))"
    " / (1.0 + np.exp(-np.abs({0})))",
)
SOFTPLUS = Op(
    "softplus",
    _softplus_forward,
    lambda out, x: (_sigmoid(x),),
    Formula("softplus({x})", ("x",), ("sigmoid({x})",)),
    vectorized="np.maximum({0}, 0.0) + np.log1p(np.exp(-np.abs({0})))",
)
RELU = Op(
    "relu",
    _relu_forward,
    lambda out, x: (_step(x),),
    Formula("relu({x})", ("x",), ("1 if {x} > 0 else 0",)),
    inline="0.0 if {0} <= 0.0 else {0}",
    vectorized="np.where({0} <= 0.0, 0.0, {0})",
)
LEAKY_RELU = Op(
    "leaky_relu",
    lambda x, slope: x if x > 0.0 else slope * x,
    lambda out, x, slope: (slope + (1.0 - slope) * _step(x),),
    Formula("leaky_relu({x})", ("x",), ("1 if {x} > 0 else {slope}",)),
    params=("slope",),
    inline="{0} if {0} > 0.0 else {slope} * {0}",
    vectorized="np.where({0} > 0.0, {0}, {slope} * {0})",
)
STEP = Op(
    "step",
    _step_forward,
    lambda out, x: (0.0 * out,),  # 0, or NaN at NaN
    Formula("step({x})", ("x",), ("0",)),
    inline="1.0 if {0} > 0.0 else 0.0 if {0} <= 0.0 else {0}",
    vectorized="np.heaviside({0}, 0.0)",
)
ABS = Op(
    "abs",
    abs,
    lambda out, x: (_step(x) - _step(-x),),
    Formula("|{x}|", ("x",), ("1 if {x} > 0, -1 if {x} < 0, 0 at 0",)),
)
SUM = Op(
    "sum",
    lambda *xs: add_in_order(xs),
    lambda out, *xs: (1.0,) * len(xs),
    Formula("(sum)", ("x_i",), ("1",)),
    None,
)
DOT = Op(
    "dot",
    _dot_forward,
    _dot_derivative,
    Formula("(w.x + {b})", ("w_i", "x_i", "b"), ("{x_i}", "{w_i}", "1")),
    None,
)

OPS: dict[str, Op] = {
    op.name: op
    for op in (
        ADD, SUB, MUL, DIV, POW, POW_VALUE, NEG, EXP, LOG, SQRT,
        TANH, SIGMOID, SOFTPLUS, RELU, LEAKY_RELU, STEP, ABS, SUM, DOT,
    )
}  # fmt: skip
"""Every op by name: what `Value.op` holds."""
