"""softmax, log_softmax and logsumexp, shifted by the maximum so exp never overflows.

softmax(z)_i = exp(z_i - m) / sum_j exp(z_j - m) for any constant m: the shift changes
nothing mathematically, and with m = max(z) every exponent is <= 0. The maximum is built
from Value ops, not read from `.data`, so a compiled graph (`engine.compile`) can trace it.
"""

from __future__ import annotations

from collections.abc import Sequence

import engine
from engine import Value


def _as_values(values: Sequence[Value | float], who: str) -> list[Value]:
    if isinstance(values, Value) or not len(values):
        raise ValueError(f"{who} needs a non-empty list of Values (one per class)")
    return [v if isinstance(v, Value) else Value(v) for v in values]


def maximum(z: Sequence[Value]) -> Value:
    """max(z) from Value ops: max(a, b) = b + relu(a - b), folded over z.

    Its gradient is 1 for the largest input (the first, on a tie) and 0 for the others.
    """
    largest = z[0]
    for v in z[1:]:
        largest = largest + (v - largest).relu()
    return largest


def logsumexp(values: Sequence[Value | float]) -> Value:
    """log(sum_i exp(z_i)), computed as m + log(sum_i exp(z_i - m)) with m = max(z)."""
    z = _as_values(values, "logsumexp")
    shift = maximum(z)
    return engine.sum([(v - shift).exp() for v in z]).log() + shift


def softmax(values: Sequence[Value | float]) -> list[Value]:
    """exp(z_i) / sum_j exp(z_j): probabilities that sum to 1, one per input.

    Examples:
        >>> import nn
        >>> [round(p.data, 3) for p in nn.softmax([2.0, 1.0, 0.1])]
        [0.659, 0.242, 0.099]
    """
    z = _as_values(values, "softmax")
    shift = maximum(z)
    exps = [(v - shift).exp() for v in z]
    total = engine.sum(exps)
    return [e / total for e in exps]


def log_softmax(values: Sequence[Value | float]) -> list[Value]:
    """z_i - logsumexp(z): the log of softmax, without ever taking the log of a tiny number."""
    z = _as_values(values, "log_softmax")
    normaliser = logsumexp(z)
    return [v - normaliser for v in z]
