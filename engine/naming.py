"""Names and roles of a graph's nodes, shared by the pictures, the stepper and the text.

A node is called by its label; unlabelled inner nodes get `n1`, `n2`, ... (the root `out`),
unlabelled inputs (`Value(2.0)`) `x1`, `x2`, ... and constants, the numbers written in an
expression (the 2.0 of `x * 2`), their value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from engine.value import Value

Role = Literal["output", "input", "parameter", "constant", "intermediate"]
ROLES: tuple[Role, ...] = ("input", "parameter", "constant", "intermediate", "output")
"""Every role, in the order a legend lists them."""

MOST_DIGITS = 9
"""format_number shows up to this many significant digits rather than round to a whole number."""
_PARAMETER_NAME = re.compile(r"[A-Za-z_]\w*(\.\w+)+")
"""How nn names a parameter: a dotted path such as `layers.0.neurons.2.w.1`."""


def format_number(x: float, digits: int = 6, *, keep_fraction: bool = False) -> str:
    """`x` to `digits` significant digits, always looking like a float: 3.0, -0.419974, 1e-05.

    With `keep_fraction` (pictures), a number that is not whole never rounds to look whole
    while up to `MOST_DIGITS` digits can tell: tanh(-7) is -0.999998 in a box, not -1.0.
    """
    text = f"{x:.{digits}g}"
    while (
        keep_fraction
        and digits < MOST_DIGITS
        and float(text).is_integer()
        and not float(x).is_integer()
    ):
        digits += 1
        text = f"{x:.{digits}g}"
    if text.lstrip("-").isdigit():
        text += ".0"
    return text


def is_parameter_name(label: str | None) -> bool:
    """True for labels shaped like nn's parameter names (`layers.0.neurons.2.w.1`)."""
    return label is not None and _PARAMETER_NAME.fullmatch(label) is not None


def node_names(order: Sequence[Value]) -> dict[Value, str]:
    """A name for every node of `order` (inputs first, root last), for pictures and text.

    Repeated labels get `#2`, `#3`, ... so that every line of text names one node.
    """
    taken = {node.label for node in order if node.label is not None}
    names: dict[Value, str] = {}
    seen: dict[str, int] = {}
    counters = {"n": 0, "x": 0}
    root = order[-1] if order else None

    def generated(prefix: str) -> str:
        counters[prefix] += 1
        while f"{prefix}{counters[prefix]}" in taken:
            counters[prefix] += 1
        return f"{prefix}{counters[prefix]}"

    for node in order:
        if node.label is not None:
            repeats = seen.get(node.label, 0) + 1
            seen[node.label] = repeats
            names[node] = node.label if repeats == 1 else f"{node.label}#{repeats}"
        elif node is root and "out" not in taken:
            names[node] = "out"
        elif node.is_constant:
            names[node] = format_number(node.data)
        else:
            names[node] = generated("x" if node.is_leaf else "n")
    return names


def node_roles(order: Sequence[Value], parameters: Iterable[Value] = ()) -> dict[Value, Role]:
    """The role of each node: the root is the output, leaves are inputs, parameters or constants.

    A leaf is a parameter when it is an `engine.Parameter` (nn's weights and biases), is in
    `parameters` or its label looks like nn's names; a constant when the engine made it from a
    number written in the expression; any other leaf, labelled or not, is an input.
    """
    explicit = set(parameters)
    root = order[-1] if order else None
    roles: dict[Value, Role] = {}
    for node in order:
        if node is root:
            roles[node] = "output"
        elif not node.is_leaf:
            roles[node] = "intermediate"
        elif node.is_parameter or node in explicit or is_parameter_name(node.label):
            roles[node] = "parameter"
        elif node.is_constant:
            roles[node] = "constant"
        else:
            roles[node] = "input"
    return roles


def owner(path: str) -> str:
    """What holds a parameter path: `layers.0.neurons.2.w.1` -> `layers.0.neurons.2`.

    Drops the last component, and the name before it when the last is an index.
    """
    parts = path.split(".")
    cut = 2 if len(parts) > 2 and parts[-1].isdigit() else 1
    return ".".join(parts[:-cut]) if len(parts) > cut else path


def expression(node: Value, names: dict[Value, str]) -> str:
    """How the node was computed, in its parents' names: `w1 * x1`, `tanh(n3)`, `h ** 2.0`."""
    return _written(node, [quoted(names[parent]) for parent in node.parents])


def expression_with_numbers(node: Value) -> str:
    """How the node was computed, with its parents' values: `2.0 * -3.0`, `tanh(0.8814)`."""
    return _written(node, [quoted(format_number(parent.data)) for parent in node.parents])


def quoted(name: str) -> str:
    """A name as it reads inside a formula: parenthesised unless it is one plain word or number."""
    return name if re.fullmatch(r"[\w.#']+", name) else f"({name})"


def _written(node: Value, operands: list[str]) -> str:
    op = node.operation
    if op is None:
        return operands[0] if operands else ""
    params = [format_number(p) for p in node.params]
    if not op.name.isidentifier():  # a symbol: written between its operands
        if len(operands) == 2 and not params:
            return f"{operands[0]} {op.name} {operands[1]}"
        if len(operands) == 1 and len(params) == 1:
            return f"{operands[0]} {op.name} {params[0]}"
    return f"{op.name}({', '.join(operands + params)})"
