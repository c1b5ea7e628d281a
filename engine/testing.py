"""Hypothesis strategies and a checker for property-based gradient tests, in your CI or ours.

A test that checks backward on random expressions of every op (see the README)::

    @given(expressions(max_depth=4))
    def test_backward_matches_finite_differences(expr):
        assert_gradients_match(expr, expr.inputs)
"""

from __future__ import annotations

import inspect
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError(
        "engine.testing needs hypothesis: install it with pip install 'chainrule[test]'"
    ) from error

from engine.autodiff import backward_order, local_derivatives
from engine.gradcheck import gradcheck
from engine.reductions import dot
from engine.reductions import sum as value_sum
from engine.value import Value

__all__ = [
    "LARGEST",
    "MARGIN",
    "OP_CASES",
    "Apply",
    "Constant",
    "Expression",
    "Input",
    "Node",
    "OpCase",
    "assert_gradients_match",
    "chain_rule_magnitudes",
    "expressions",
    "finite_floats",
    "positive_floats",
    "rounding_noise",
]


def __dir__() -> list[str]:
    """What `dir()` lists: the public names, not the modules this one imports."""
    return sorted(__all__)


MARGIN = 1e-2
"""How far test points stay from kinks and domain edges (0 for relu, log, 1/x, ...)."""
LARGEST = 1e3
"""How large any value in a generated expression may be: keeps finite differences exact."""


def finite_floats(
    min_value: float = -3.0, max_value: float = 3.0, margin: float = MARGIN
) -> st.SearchStrategy[float]:
    """Finite floats in [min_value, max_value], at least `margin` away from 0."""
    return st.floats(
        min_value, max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False
    ).filter(lambda x: abs(x) >= margin)


def positive_floats(min_value: float = MARGIN, max_value: float = 3.0) -> st.SearchStrategy[float]:
    """Finite floats in [min_value, max_value]: inputs for log, sqrt and fractional powers."""
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)


@dataclass(frozen=True)
class OpCase:
    """One op called through the public API, and where it is defined and smooth."""

    name: str
    op: str
    """The `Value.op` it records."""
    apply: Callable[..., Value]
    smooth_at: Callable[..., bool]
    """True at input points away (by MARGIN) from the op's kinks and undefined points."""

    @property
    def arity(self) -> int:
        """How many inputs the op takes."""
        return len(inspect.signature(self.apply).parameters)


def _anywhere(*xs: float) -> bool:
    return True


def _away_from_zero(x: float) -> bool:
    return abs(x) >= MARGIN


def _positive(x: float) -> bool:
    return x >= MARGIN


OP_CASES: dict[str, OpCase] = {
    case.name: case
    for case in (
        OpCase("add", "+", lambda a, b: a + b, _anywhere),
        OpCase("sub", "-", lambda a, b: a - b, _anywhere),
        OpCase("mul", "*", lambda a, b: a * b, _anywhere),
        OpCase("div", "/", lambda a, b: a / b, lambda a, b: abs(b) >= MARGIN),
        OpCase("square", "**", lambda x: x**2, _anywhere),
        OpCase("cube", "**", lambda x: x**3, _anywhere),
        OpCase("reciprocal", "**", lambda x: x**-1, _away_from_zero),
        OpCase("root", "**", lambda x: x**0.5, _positive),
        OpCase("pow", "pow", lambda a, b: a**b, lambda a, b: a >= MARGIN),
        OpCase("rpow", "pow", lambda x: 2.0**x, _anywhere),
        OpCase("neg", "neg", lambda x: -x, _anywhere),
        OpCase("exp", "exp", lambda x: x.exp(), lambda x: x <= 5.0),
        OpCase("log", "log", lambda x: x.log(), _positive),
        OpCase("sqrt", "sqrt", lambda x: x.sqrt(), _positive),
        OpCase("tanh", "tanh", lambda x: x.tanh(), _anywhere),
        OpCase("sigmoid", "sigmoid", lambda x: x.sigmoid(), _anywhere),
        OpCase("softplus", "softplus", lambda x: x.softplus(), _anywhere),
        OpCase("relu", "relu", lambda x: x.relu(), _away_from_zero),
        OpCase("leaky_relu", "leaky_relu", lambda x: x.leaky_relu(0.1), _away_from_zero),
        OpCase("step", "step", lambda x: x.step(), _away_from_zero),
        OpCase("abs", "abs", lambda x: abs(x), _away_from_zero),
        OpCase("sum", "sum", lambda a, b, c: value_sum([a, b, c]), _anywhere),
        OpCase("dot", "dot", lambda w1, w2, x1, x2: dot([w1, w2], [x1, x2]), _anywhere),
        OpCase("dot_bias", "dot", lambda w1, w2, x1, x2, b: dot([w1, w2], [x1, x2], b), _anywhere),
    )
}
"""Every op of the engine, as a user calls it: the catalogue the property tests walk."""


@dataclass(frozen=True)
class Input:
    """A leaf of an expression: input number `index` (x0, x1, ...)."""

    index: int


@dataclass(frozen=True)
class Constant:
    """A leaf of an expression: a fixed number."""

    value: float


@dataclass(frozen=True)
class Apply:
    """An op of `OP_CASES` (by name) applied to the subexpressions `children`."""

    case: str
    children: tuple[Node, ...]


Node = Input | Constant | Apply
"""One node of an expression tree."""


@dataclass(frozen=True)
class Expression:
    """A random computation over inputs x0, x1, ...: call it on Values, print it as a formula.

    `inputs` is a point where every op in it is defined and smooth: check gradients there.
    """

    tree: Node
    inputs: tuple[float, ...]

    @property
    def __name__(self) -> str:  # gradcheck's error names the function it checked
        return str(self)

    def __call__(self, *xs: Value) -> Value:
        if len(xs) != len(self.inputs):
            raise ValueError(f"{self} takes {len(self.inputs)} inputs, got {len(xs)}")
        out = _evaluate(self.tree, xs)
        return out if isinstance(out, Value) else Value(out)

    def __str__(self) -> str:
        return _formula(self.tree)


def _evaluate(node: Node, xs: Sequence[Value]) -> Value:
    if isinstance(node, Input):
        return xs[node.index]
    if isinstance(node, Constant):
        return Value(node.value)
    return OP_CASES[node.case].apply(*[_evaluate(child, xs) for child in node.children])


def _formula(node: Node) -> str:
    if isinstance(node, Input):
        return f"x{node.index}"
    if isinstance(node, Constant):
        return repr(node.value)
    return f"{node.case}({', '.join(_formula(child) for child in node.children)})"


def _value_at(node: Node, point: Sequence[float]) -> float:
    return _evaluate(node, [Value(x) for x in point]).data


@st.composite
def expressions(
    draw: st.DrawFn,
    max_depth: int = 4,
    ops: Sequence[str] | None = None,
    max_inputs: int = 3,
) -> Expression:
    """Random expressions of the ops named (keys of OP_CASES; all by default), with a point.

    Built bottom-up: each op is chosen among those smooth at its children's values, so no
    example is rejected and none sits on a kink or outside a domain. Inputs are reused, so
    graphs have shared nodes (diamonds), not only trees.
    """
    names = list(OP_CASES) if ops is None else list(ops)
    unknown = [name for name in names if name not in OP_CASES]
    if unknown:
        raise ValueError(f"unknown op cases {unknown}; choose from {sorted(OP_CASES)}")
    point = tuple(draw(st.lists(finite_floats(), min_size=1, max_size=max_inputs), label="inputs"))

    def applied(case: OpCase, children: tuple[Node, ...], values: Sequence[float]) -> Node | None:
        """`case` over `children`, or None where it is not smooth or leaves the safe range."""
        if not case.smooth_at(*values):
            return None
        node = Apply(case.name, children)
        try:
            value = _value_at(node, point)
        except (ArithmeticError, ValueError):
            return None
        return node if math.isfinite(value) and abs(value) <= LARGEST else None

    def build(depth: int) -> tuple[Node, float]:
        if depth == 0 or (depth < max_depth and draw(st.integers(0, 4)) == 0):
            if draw(st.integers(0, 4)) == 0:
                constant = draw(finite_floats(-2.0, 2.0))
                return Constant(constant), constant
            index = draw(st.integers(0, len(point) - 1))
            return Input(index), point[index]
        case = OP_CASES[draw(st.sampled_from(names))]
        built = [build(depth - 1) for _ in range(case.arity)]
        children = tuple(child for child, _ in built)
        values = [value for _, value in built]
        node = applied(case, children, values)
        if node is None:  # not smooth there: fall back to a one-input op that is
            fallbacks = [
                fallback
                for fallback in (OP_CASES[name] for name in names)
                if fallback.arity == 1 and applied(fallback, children[:1], values[:1])
            ]
            if not fallbacks:
                return built[0]
            node = Apply(draw(st.sampled_from(fallbacks)).name, children[:1])
        return node, _value_at(node, point)

    tree, _ = build(max_depth)
    return Expression(tree, point)


def chain_rule_magnitudes(root: Value) -> dict[Value, float]:
    """For every node of root's graph, the sum over all paths to root of |chain-rule product|.

    Bounds |d root / d node| even where the terms cancel to about 0: scale tolerances by it.
    Each local derivative counts as at least 1, because rules such as `1 - tanh(x)**2` lose
    their relative precision near 0, cancelling terms of size 1.
    """
    magnitudes = {root: 1.0}
    for node in backward_order(root):
        upstream = magnitudes[node]
        for parent, local in zip(node.parents, local_derivatives(node)):
            size = upstream * max(abs(float(local)), 1.0)
            magnitudes[parent] = magnitudes.get(parent, 0.0) + size
    return magnitudes


def assert_gradients_match(
    f: Callable[..., Value],
    inputs: Sequence[float],
    order: int = 1,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
) -> None:
    """Fail with a table of every derivative unless backward agrees with central differences.

    `atol` is widened by the differences' own rounding noise at `inputs`, which grows with the
    size of f's terms even where they cancel: gradients near 0 of big terms do not fail falsely.
    """
    gradcheck(
        f, inputs, eps=eps, atol=atol + rounding_noise(f, inputs, eps), rtol=rtol, order=order
    )


def rounding_noise(f: Callable[..., Value], inputs: Sequence[float], eps: float) -> float:
    """How far rounding can move a central difference of `f` at `inputs` with step `eps`.

    Rounding a node's value by u |data| moves f by that times |d f / d node|; a difference
    of two evaluations divides this by 2 eps. Summed over nodes, with a safety factor of 10.
    """
    out = f(*[Value(float(x)) for x in inputs])
    if not isinstance(out, Value):
        return 0.0  # gradcheck reports the wrong return type
    terms = sum(abs(node.data) * size for node, size in chain_rule_magnitudes(out).items())
    return 10.0 * sys.float_info.epsilon * terms / eps
