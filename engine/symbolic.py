"""Run the op table's own rules on symbols, to write them out as Python source.

The derivative rules in `engine.ops` are written with arithmetic so that they run on floats
and on Values; a `Symbol` is a third kind of number whose arithmetic writes source text.
`-out / b` run on the symbols `v7` and `v5` gives the text `-v7 / v5`. A rule that looks at
a number (a comparison, `float(x)`, `.data`) stops the symbolic run; the compiler then
calls the op's function instead. So a new op needs no compiler change.
"""

from __future__ import annotations

import ast
import builtins
import keyword
from collections.abc import Callable, Sequence
from typing import Any, Literal

from engine.ops import OPS, Op


class CompileError(Exception):
    """`fn` cannot be compiled as asked; the message says why and what to do instead."""


Dialect = Literal["float", "numpy"]
"""`float`: code on Python floats; `numpy`: the same code over arrays, one entry a sample."""

ATOM = 20
_PRECEDENCE = {ast.Add: 10, ast.Sub: 10, ast.Mult: 11, ast.Div: 11, ast.Pow: 13}
_UNARY = 12


class NotSymbolic(Exception):
    """A rule looked at a number, which a symbol does not have."""


class NoVectorizedForm(CompileError):
    """An op has no numpy expression and its forward cannot run on symbols."""


class Symbol:
    """Source text for a number, with its operator precedence (to parenthesise correctly)."""

    __slots__ = ("precedence", "text", "writer")

    def __init__(self, text: str, precedence: int, writer: SourceWriter) -> None:
        self.text = text
        self.precedence = precedence
        self.writer = writer

    def __repr__(self) -> str:
        return f"Symbol({self.text!r})"

    def _binary(self, op: str, other: object, reflected: bool) -> Symbol:
        operand = self.writer.operand(other)
        if operand is None:
            return NotImplemented  # type: ignore[no-any-return]
        left, right = (operand, self) if reflected else (self, operand)
        return self.writer.binary(op, left, right)

    def __add__(self, other: object) -> Symbol:
        return self._binary("+", other, False)

    def __radd__(self, other: object) -> Symbol:
        if other == 0 and type(other) is int:  # builtin sum() starts from the int 0
            return self
        return self._binary("+", other, True)

    def __sub__(self, other: object) -> Symbol:
        return self._binary("-", other, False)

    def __rsub__(self, other: object) -> Symbol:
        return self._binary("-", other, True)

    def __mul__(self, other: object) -> Symbol:
        return self._binary("*", other, False)

    def __rmul__(self, other: object) -> Symbol:
        return self._binary("*", other, True)

    def __truediv__(self, other: object) -> Symbol:
        return self._binary("/", other, False)

    def __rtruediv__(self, other: object) -> Symbol:
        return self._binary("/", other, True)

    def __pow__(self, other: object) -> Symbol:
        return self._binary("**", other, False)

    def __rpow__(self, other: object) -> Symbol:
        return self._binary("**", other, True)

    def __neg__(self) -> Symbol:
        return Symbol(f"-{self.writer.wrap(self, _UNARY)}", _UNARY, self.writer)

    def __abs__(self) -> Symbol:
        return Symbol(f"abs({self.text})", ATOM, self.writer)

    def __getattr__(self, name: str) -> Callable[..., Symbol]:
        """`x.sigmoid()`, `x.step()`, ...: what derivative rules call on Values."""
        op = OPS.get(name)
        if op is None or op.arity != 1:
            raise NotSymbolic(f"a symbol has no attribute {name!r}")
        return lambda *params: self.writer.apply(op, [self], params)

    def _look(self, *args: object) -> Any:
        raise NotSymbolic(f"a rule looked at the number behind {self.text}")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _look
    __bool__ = __float__ = __int__ = __index__ = __round__ = _look
    __hash__ = object.__hash__


class SourceWriter:
    """Writes op applications as expressions in one dialect, binding the names they use."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.namespace: dict[str, object] = {}
        self.variables: set[str] = set()
        """Names the generated code uses for its own values: never bound to a function."""

    @property
    def reserved(self) -> set[str]:
        """Names the generated code may bind: functions, numpy, math and builtins."""
        return {*self.namespace, *_MATH, "np", "inf", "nan", "abs", "learning_rate"} | set(
            dir(builtins)
        )

    def name(self, text: str) -> Symbol:
        return Symbol(text, ATOM, self)

    def literal(self, number: float) -> Symbol:
        text = repr(number)
        if text in ("inf", "-inf", "nan"):
            self.namespace.update(inf=float("inf"), nan=float("nan"))
        return Symbol(text, _UNARY if text.startswith("-") else ATOM, self)

    def operand(self, x: object) -> Symbol | None:
        if isinstance(x, Symbol):
            return x
        if type(x) is float or type(x) is int:
            return self.literal(x)
        return None

    def wrap(self, x: Symbol, at_least: int) -> str:
        return x.text if x.precedence >= at_least else f"({x.text})"

    def binary(self, op: str, left: Symbol, right: Symbol) -> Symbol:
        """`left op right` with the fewest parentheses that keep Python's evaluation order."""
        if op == "*":  # exact simplifications: 1.0 * y is y and -1.0 * y is -y, bit for bit
            for one, other in ((left, right), (right, left)):
                if one.text == "1.0":
                    return other
                if one.text == "-1.0":
                    return -other
        if op == "**":  # right-associative, and binds tighter than a unary minus on its left
            return Symbol(
                f"{self.wrap(left, ATOM)} ** {self.wrap(right, _UNARY)}", _PRECEDENCE[ast.Pow], self
            )
        precedence = 10 if op in "+-" else 11
        text = f"{self.wrap(left, precedence)} {op} {self.wrap(right, precedence + 1)}"
        return Symbol(text, precedence, self)

    def apply(self, op: Op, operands: Sequence[Symbol], params: Sequence[float]) -> Symbol:
        """`op` applied to operands: its expression if it has one, its own forward run on
        symbols if that works, else (floats only) a call to its forward function."""
        template = op.vectorized if self.dialect == "numpy" else op.inline
        if template is not None:
            if self.dialect == "numpy":
                self.namespace["np"] = numpy_module()
            else:
                self.namespace.update(_MATH)
            texts = [self.wrap(x, ATOM) for x in operands]
            named = {name: repr(p) for name, p in zip(op.params, params)}
            return self.parsed(template.format(*texts, **named))
        try:
            result = op.forward(*operands, *params)
        except Exception:  # any failure means: not expressible as symbols
            result = None
        if isinstance(result, Symbol):
            return result
        if isinstance(result, float):
            return self.literal(result)
        if self.dialect == "numpy":
            raise NoVectorizedForm(
                f"op {op.name!r} has no vectorised form for batch mode: give it "
                "Op.vectorized, a numpy expression of its forward"
            )
        return self.call(self.bind(op.forward, op.name), [*operands, *map(self.literal, params)])

    def call(self, function: str, arguments: Sequence[Symbol]) -> Symbol:
        return Symbol(f"{function}({', '.join(a.text for a in arguments)})", ATOM, self)

    def parsed(self, text: str) -> Symbol:
        """A symbol for arbitrary expression text, its precedence read from Python's parser."""
        body = ast.parse(text, mode="eval").body
        if isinstance(body, ast.BinOp):
            precedence = _PRECEDENCE.get(type(body.op), 0)
        elif isinstance(body, ast.UnaryOp):
            precedence = _UNARY
        elif isinstance(body, (ast.Call, ast.Name, ast.Constant, ast.Attribute)):
            precedence = ATOM
        else:
            precedence = 0
        return Symbol(text, precedence, self)

    def bind(self, function: object, op_name: str, prefix: str = "") -> str:
        """A readable name for `function` in the generated code's namespace."""
        base = getattr(function, "__name__", "").lstrip("_")
        if not base.isidentifier() or base == "lambda":
            base = f"{op_name}_forward" if op_name.isidentifier() else "op_forward"
        name = f"{prefix}{base}"
        if keyword.iskeyword(name) or name in ("np", "inf", "nan", *_MATH):
            name = f"{name}_"
        candidate, n = name, 1
        while (
            self.namespace.get(candidate, function) is not function or candidate in self.variables
        ):
            n += 1
            candidate = f"{name}{n}"
        self.namespace[candidate] = function
        return candidate


class StepWriter(SourceWriter):
    """A writer that names every result, `t3 = t1 * lr`, in `steps`: the code it gives
    computes each intermediate once, in the order the rule did, however often it is used."""

    def __init__(self, dialect: Dialect = "float", prefix: str = "t") -> None:
        super().__init__(dialect)
        self.prefix = prefix
        self.steps: list[tuple[str, str]] = []
        """(name, expression) pairs, in the order they were computed."""

    def binary(self, op: str, left: Symbol, right: Symbol) -> Symbol:
        return self.step(super().binary(op, left, right))

    def apply(self, op: Op, operands: Sequence[Symbol], params: Sequence[float]) -> Symbol:
        return self.step(super().apply(op, operands, params))

    def step(self, result: Symbol) -> Symbol:
        """`result` bound to the next name (a name or number already is kept as it is)."""
        if result.precedence == ATOM and "(" not in result.text:
            return result
        count = len(self.steps)
        while f"{self.prefix}{count}" in self.variables:
            count += 1
        name = f"{self.prefix}{count}"
        self.variables.add(name)
        self.steps.append((name, result.text))
        return self.name(name)


def numpy_module() -> Any:
    try:
        import numpy
    except ImportError:
        raise ImportError(
            "batch mode needs numpy: install it with pip install 'chainrule[fast]'"
        ) from None
    return numpy


def _math_names() -> dict[str, object]:
    import math

    return {"exp": math.exp, "log": math.log, "sqrt": math.sqrt, "tanh": math.tanh}


_MATH = _math_names()
