"""Write the op table as JavaScript: each op's forward and local derivatives, for pages that
compute in the browser (the playground trains a network there).

As for Python (`engine.compiler.symbolic`), each op's own rules run on symbols: the forward
from its `inline` expression, its arithmetic run on symbols, or its elementwise `vectorized`
form; the derivatives from its `derivative` rule. The Python expression text that comes out
is parsed and printed as JavaScript, so the browser computes the same maths as Python.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from engine.formulas import local_formula
from engine.ops import OPS, Op
from engine.symbolic import NotSymbolic, SourceWriter, Symbol


class NoJavaScriptForm(ValueError):
    """An op (or a use of it) whose maths cannot be written as JavaScript."""


@dataclass(frozen=True)
class KernelUse:
    """One way a page applies an op: how many inputs, and its constant parameters."""

    op: str
    """The op's name in `engine.ops.OPS`."""
    count: int
    params: tuple[float, ...] = ()

    @property
    def key(self) -> str:
        """How the page names this kernel: `dot/5`, `**/1/2.0`."""
        return "/".join([self.op, str(self.count), *(repr(float(p)) for p in self.params)])


_FUNCTIONS = {
    "exp": "Math.exp",
    "log": "Math.log",
    "sqrt": "Math.sqrt",
    "tanh": "Math.tanh",
    "abs": "Math.abs",
    "np.exp": "Math.exp",
    "np.log": "Math.log",
    "np.sqrt": "Math.sqrt",
    "np.tanh": "Math.tanh",
    "np.abs": "Math.abs",
    "np.log1p": "Math.log1p",
    "np.minimum": "Math.min",
    "np.maximum": "Math.max",
}
"""Python's (and numpy's elementwise) functions, as JavaScript's Math names them."""

_OPERATORS: dict[type, str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "===",
    ast.NotEq: "!==",
    ast.And: "&&",
    ast.Or: "||",
}


def javascript_expression(python: str) -> str:
    """A Python expression over floats (as the op table and its rules write them) in
    JavaScript, every operation parenthesised so both languages group it alike."""
    return _printed(ast.parse(python, mode="eval").body, python)


def _printed(node: ast.expr, source: str) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return _number(float(node.value))
    if isinstance(node, ast.Name):
        if node.id in ("inf", "nan"):
            return "Infinity" if node.id == "inf" else "NaN"
        return node.id
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and isinstance(node.slice, ast.Constant)
        and type(node.slice.value) is int
    ):
        return f"{node.value.id}[{node.slice.value}]"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return f"Math.pow({_printed(node.left, source)}, {_printed(node.right, source)})"
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _printed(node.left, source), _printed(node.right, source)
        return f"({left} {_OPERATORS[type(node.op)]} {right})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return f"(-{_printed(node.operand, source)})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
        return _printed(node.operand, source)
    if isinstance(node, ast.IfExp):
        parts = (_printed(part, source) for part in (node.test, node.body, node.orelse))
        return "({} ? {} : {})".format(*parts)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _OPERATORS:
        left, right = _printed(node.left, source), _printed(node.comparators[0], source)
        return f"({left} {_OPERATORS[type(node.ops[0])]} {right})"
    if isinstance(node, ast.BoolOp) and type(node.op) in _OPERATORS:
        joined = f" {_OPERATORS[type(node.op)]} ".join(_printed(v, source) for v in node.values)
        return f"({joined})"
    if isinstance(node, ast.Call) and not node.keywords:
        return _call(ast.unparse(node.func), [_printed(a, source) for a in node.args], source)
    raise NoJavaScriptForm(f"{ast.unparse(node)!r} in {source!r} has no JavaScript form")


def _call(function: str, arguments: list[str], source: str) -> str:
    if function == "np.where" and len(arguments) == 3:
        return "({} ? {} : {})".format(*arguments)
    if function == "np.heaviside" and len(arguments) == 2:
        x, at_zero = arguments
        return f"({x} > 0.0 ? 1.0 : ({x} < 0.0 ? 0.0 : ({x} === 0.0 ? {at_zero} : {x})))"
    name = _FUNCTIONS.get(function)
    if name is None:
        raise NoJavaScriptForm(
            f"{function}() in {source!r} has no JavaScript form: give the op an inline or "
            "vectorized expression built from exp, log, sqrt, tanh and abs"
        )
    return f"{name}({', '.join(arguments)})"


def _number(x: float) -> str:
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "(-Infinity)"
    text = repr(x)
    return f"({text})" if text.startswith("-") else text


class _JavaScriptWriter(SourceWriter):
    """Writes op applications as Python expression text that `javascript_expression` can
    print: inline forms, arithmetic run on symbols, or the elementwise numpy form."""

    def __init__(self) -> None:
        super().__init__("float")

    def apply(self, op: Op, operands: Sequence[Symbol], params: Sequence[float]) -> Symbol:
        texts = [self.wrap(x, 20) for x in operands]
        named = {name: repr(float(p)) for name, p in zip(op.params, params)}
        if op.inline is not None:
            return self.parsed(op.inline.format(*texts, **named))
        try:
            result = op.forward(*operands, *params)
        except Exception:  # a forward that looks at numbers: try its elementwise form
            result = None
        if isinstance(result, Symbol):
            return result
        if isinstance(result, float):
            return self.literal(result)
        if op.vectorized is not None:
            return self.parsed(op.vectorized.format(*texts, **named))
        raise NoJavaScriptForm(
            f"op {op.name!r} has no JavaScript form: give it Op.inline or Op.vectorized"
        )


def _kernel(use: KernelUse) -> str:
    """`{forward: (v) => ..., derivative: (out, v) => [...]}` for one use of an op."""
    op = OPS.get(use.op)
    if op is None:
        raise NoJavaScriptForm(f"unknown op {use.op!r}: choose one of {', '.join(OPS)}")
    if op.arity is not None and op.arity != use.count:
        raise NoJavaScriptForm(f"op {use.op!r} takes {op.arity} inputs, not {use.count}")
    if len(use.params) != len(op.params):
        raise NoJavaScriptForm(
            f"op {use.op!r} takes the parameters ({', '.join(op.params)}), got {use.params!r}"
        )
    writer = _JavaScriptWriter()
    inputs = [writer.name(f"v[{i}]") for i in range(use.count)]
    forward = writer.apply(op, inputs, use.params)
    try:
        local = op.derivative(writer.name("out"), *inputs, *use.params)
    except NotSymbolic:
        raise NoJavaScriptForm(
            f"the derivative rule of op {use.op!r} looks at the numbers: it has no JavaScript form"
        ) from None
    derivatives = []
    for derivative in local:
        symbol = writer.operand(derivative)
        if symbol is None:
            raise NoJavaScriptForm(f"{use.op}'s derivative rule returned {derivative!r}")
        derivatives.append(javascript_expression(symbol.text))
    placeholders = [f"in{i}" for i in range(use.count)]
    rules = [local_formula(op, i, placeholders, use.params) for i in range(use.count)]
    return (
        f"{{op: {_string(op.name)}, formula: {_string(op.formula_text)},\n"
        f"    rules: [{', '.join(map(_string, rules))}],\n"
        f"    forward: (v) => {javascript_expression(forward.text)},\n"
        f"    derivative: (out, v) => [{', '.join(derivatives)}]}}"
    )


def _string(text: str) -> str:
    """A JavaScript string literal that cannot end a script element."""
    literal = json.dumps(text, ensure_ascii=True)
    for character in "<>&":
        literal = literal.replace(character, f"\\u{ord(character):04x}")
    return literal


def javascript_kernels(uses: Iterable[KernelUse]) -> str:
    """A JavaScript object literal: for each use, by its key, the op's name and formula,
    `rules` (each input's local derivative as a learner writes it, the inputs named `in0`,
    `in1`, ... for the page to fill in), `forward(v)` (v: the input values) and
    `derivative(out, v)` (one local derivative per input), written from the op table."""
    entries = [f"  {_string(use.key)}: {_kernel(use)}" for use in dict.fromkeys(uses)]
    text = "{\n" + ",\n".join(entries) + "\n}"
    if "</" in text or "<!--" in text:
        raise NoJavaScriptForm("generated JavaScript would end its script element")
    return text
