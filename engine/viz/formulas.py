"""An op's derivative formula from the table, rewritten with the names of one node's inputs.

`Op.formula` states each local derivative as `d <expr>/d<var> = <rule>`, with a, b for two
inputs, x for one, and `w_i`, `x_i` for a family of inputs (sum, dot). We read those
statements, match each input position to its variable, and substitute names and parameters:
`d(a*b)/da = b` for the node `w1 * x1` reads `d(w1*x1)/d w1 = x1`. A formula written in
another shape is shown as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.ops import Op
from engine.viz.naming import format_number, quoted

_STATEMENT = re.compile(r"d[ (|][^=]*?/d([A-Za-z_]\w*)\s*=")
_TOKEN = re.compile(r"[A-Za-z_]\w*")
_FAMILY = "_i"


@dataclass(frozen=True)
class _Statement:
    variable: str
    """`a`, `x`, or `w_i` for a family of inputs."""
    text: str


def _statements(formula: str) -> list[_Statement]:
    matches = list(_STATEMENT.finditer(formula))
    statements = []
    for match, following in zip(matches, [*matches[1:], None]):
        end = len(formula) if following is None else following.start()
        text = formula[match.start() : end].rstrip().rstrip(",").rstrip()
        statements.append(_Statement(match.group(1), text))
    return statements


def input_variables(op: Op, count: int) -> list[str] | None:
    """The formula's variable for each of `count` inputs (`a`, `b`; `w_1`, `x_1`, `b`, ...).

    None when the formula does not name them in the usual way.
    """
    layout = _layout(op, count)
    return None if layout is None else [variable for variable, _ in layout]


def _layout(op: Op, count: int) -> list[tuple[str, _Statement]] | None:
    """For each input position, its variable (`w_2` for a family) and its statement."""
    statements = _statements(op.formula)
    families = [s for s in statements if s.variable.endswith(_FAMILY)]
    singles = [s for s in statements if not s.variable.endswith(_FAMILY)]
    if not families:
        if len(singles) != count:
            return None
        return [(s.variable, s) for s in singles]
    for trailing in (singles, []):  # dot's bias is there when the inputs leave room for it
        per_family, rest = divmod(count - len(trailing), len(families))
        if per_family >= 0 and rest == 0:
            layout = [
                (f"{family.variable[: -len(_FAMILY)]}_{i + 1}", family)
                for family in families
                for i in range(per_family)
            ]
            return layout + [(s.variable, s) for s in trailing]
    return None


def local_formula(
    op: Op,
    position: int,
    names: Sequence[str],
    params: Sequence[float],
    value: float | None = None,
) -> str:
    """The formula of d node / d input `position` in the inputs' names, then its `value`.

    `d(a*b)/da = b` for the node `w1 * x1` with value 3.0 reads `d(w1*x1)/d w1 = x1 = 3.0`.
    """
    equals = "" if value is None else f" = {format_number(value)}"
    layout = _layout(op, len(names))
    if layout is None:
        return op.formula + equals
    bound = {variable: quoted(name) for (variable, _), name in zip(layout, names)}
    variable, statement = layout[position]
    index = variable.rsplit("_", 1)[1] if statement.variable.endswith(_FAMILY) else None
    param_values = dict(zip(op.params, params))
    _name_unnamed_parameter(statement.text, bound, param_values)
    used: set[str] = set()

    def substitute(match: re.Match[str]) -> str:
        token = match.group(0)
        if index is not None and token.endswith(_FAMILY):
            token = f"{token[: -len(_FAMILY)]}_{index}"
        if token in bound:
            return bound[token]
        if token in param_values:
            used.add(token)
            return format_number(param_values[token])
        if token.startswith("d") and token[1:] == variable:
            return f"d {bound[variable]}"
        return token

    text = _TOKEN.sub(substitute, statement.text)
    if not _states_number(text, value):
        text += equals
    unused = [name for name in param_values if name not in used]
    if unused:  # parameters the formula writes under another name, such as n for an exponent
        text += " with " + ", ".join(
            f"{name} = {format_number(param_values[name])}" for name in unused
        )
    return text


def _name_unnamed_parameter(text: str, bound: dict[str, str], values: dict[str, float]) -> None:
    """Rename a lone parameter after the formula's one free letter (`exponent` is n in x**n)."""
    unnamed = [name for name in values if not re.search(rf"\b{re.escape(name)}\b", text)]
    free = {
        match.group(0)
        for match in re.finditer(r"\b([A-Za-z])\b(?!\s*\()", text)
        if match.group(0) not in bound and match.group(0) != "d"
    }
    if len(unnamed) == 1 and len(free) == 1:
        values[free.pop()] = values.pop(unnamed[0])


def _states_number(text: str, value: float | None) -> bool:
    """True when the rule already ends in the number itself (`d(a+b)/da = 1`)."""
    try:
        return value is not None and float(text.rsplit(" = ", 1)[-1]) == value
    except ValueError:
        return False
