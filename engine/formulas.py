"""An op's `Formula`, filled in with the names and numbers of one node's inputs.

`Formula("({a}*{b})", ("a", "b"), ("{b}", "{a}"))` for the node `w1 * x1` reads
`d(w1*x1)/d w1 = x1`. A family of inputs (`w_i`, `x_i`) is matched to positions by count:
dot's `w_1..w_n, x_1..x_n` and, when there are 2n + 1 inputs, its bias `b` last.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.naming import format_number, quoted
from engine.ops import Formula, Op

_FAMILY = "_i"


def input_variables(op: Op, count: int) -> list[str] | None:
    """The formula's variable for each of `count` inputs (`a`, `b`; `w_1`, `x_1`, `b`, ...).

    None when the op's formula is plain text, or does not fit that many inputs.
    """
    layout = _layout(op.formula, count) if isinstance(op.formula, Formula) else None
    return None if layout is None else [variable for variable, _, _ in layout]


def _layout(formula: Formula, count: int) -> list[tuple[str, str, int | None]] | None:
    """For each input position: its variable (`w_2`), its formula variable (`w_i`), and its
    index within the family (None outside a family)."""
    families = [v for v in formula.inputs if v.endswith(_FAMILY)]
    singles = [v for v in formula.inputs if not v.endswith(_FAMILY)]
    if not families:
        return [(v, v, None) for v in singles] if len(singles) == count else None
    for trailing in (singles, []):  # dot's bias is there when the inputs leave room for it
        per_family, rest = divmod(count - len(trailing), len(families))
        if per_family >= 0 and rest == 0:
            layout: list[tuple[str, str, int | None]] = [
                (f"{family[: -len(_FAMILY)]}_{i + 1}", family, i)
                for family in families
                for i in range(per_family)
            ]
            return layout + [(v, v, None) for v in trailing]
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
    formula = op.formula
    layout = _layout(formula, len(names)) if isinstance(formula, Formula) else None
    if not isinstance(formula, Formula) or layout is None:
        return op.formula_text + equals
    _, variable, index = layout[position]
    filled: dict[str, str] = {name: format_number(p) for name, p in zip(op.params, params)}
    for (_, family_variable, family_index), name in zip(layout, names):
        if family_index is None or family_index == index:
            filled[family_variable] = quoted(name)
    derivative = formula.derivative(variable, filled)
    text = f"{formula.of(filled)}/d {quoted(names[position])} = {derivative}"
    return text if _states_number(derivative, value) else text + equals


def _states_number(text: str, value: float | None) -> bool:
    """True when the rule is the number itself (`d(a+b)/da = 1`)."""
    try:
        return value is not None and float(text) == value
    except ValueError:
        return False
