"""n-ary ops recorded as one node each: a neuron with n inputs is one `dot`, not 2n nodes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from engine.ops import DOT, SUM
from engine.value import Value, record


def _as_values(items: Iterable[Value | float], what: str) -> list[Value]:
    values = []
    for position, item in enumerate(items):
        if isinstance(item, Value):
            values.append(item)
        else:
            try:
                values.append(Value(item))
            except TypeError:
                raise TypeError(
                    f"{what} must hold Values or numbers, got {type(item).__name__} "
                    f"at position {position}"
                ) from None
    return values


def sum(values: Iterable[Value | float]) -> Value:  # noqa: A001 - engine.sum mirrors builtins
    """v_1 + v_2 + ... + v_n as a single node (d sum / d v_i = 1)."""
    return record(SUM, tuple(_as_values(values, "sum's values")))


def dot(
    weights: Sequence[Value | float],
    inputs: Sequence[Value | float],
    bias: Value | float | None = None,
) -> Value:
    """w_1 x_1 + ... + w_n x_n (+ b) as a single node: a whole neuron before its activation.

    d/dw_i = x_i, d/dx_i = w_i, d/db = 1.
    """
    if len(weights) != len(inputs):
        raise ValueError(
            f"dot needs as many weights as inputs, got {len(weights)} weights and "
            f"{len(inputs)} inputs"
        )
    parents = (*weights, *inputs) if bias is None else (*weights, *inputs, bias)
    try:
        return record(DOT, parents)  # type: ignore[arg-type]
    except AttributeError:  # some were plain numbers: make them Values and record again
        return record(DOT, tuple(_as_values(parents, "dot's weights, inputs and bias")))
