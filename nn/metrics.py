"""Metrics on plain numbers (Values are read through float()): how good the predictions are."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from engine import Value

__all__ = ["accuracy", "argmax", "confusion_matrix", "mae", "r2", "rmse"]


def __dir__() -> list[str]:
    """What `dir()` lists: the public names, not the modules this one imports."""
    return sorted(__all__)


def _floats(values: Sequence[Any]) -> list[float]:
    return [v.data if isinstance(v, Value) else float(v) for v in values]


def _paired(
    y_true: Sequence[Any], y_pred: Sequence[Any], who: str
) -> tuple[list[float], list[float]]:
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"{who} needs as many predictions as targets, got {len(y_pred)} and {len(y_true)}"
        )
    if not y_true:
        raise ValueError(f"{who} needs at least one sample")
    return _floats(y_true), _floats(y_pred)


def rmse(y_true: Sequence[Any], y_pred: Sequence[Any]) -> float:
    """`sqrt((1/n) sum (y - y_hat)**2)`, in the units of y."""
    t, p = _paired(y_true, y_pred, "rmse")
    return math.sqrt(math.fsum((a - b) ** 2 for a, b in zip(t, p)) / len(t))


def mae(y_true: Sequence[Any], y_pred: Sequence[Any]) -> float:
    """(1/n) sum |y - y_hat|."""
    t, p = _paired(y_true, y_pred, "mae")
    return math.fsum(abs(a - b) for a, b in zip(t, p)) / len(t)


def r2(y_true: Sequence[Any], y_pred: Sequence[Any]) -> float:
    """`1 - sum (y - y_hat)**2 / sum (y - mean(y))**2`: 1 is perfect, 0 predicts the mean."""
    t, p = _paired(y_true, y_pred, "r2")
    mean = math.fsum(t) / len(t)
    spread = math.fsum((a - mean) ** 2 for a in t)
    if spread == 0.0:
        raise ValueError("r2 is undefined when every target is the same")
    return 1.0 - math.fsum((a - b) ** 2 for a, b in zip(t, p)) / spread


def accuracy(y_true: Sequence[Any], y_pred: Sequence[Any]) -> float:
    """The fraction of predictions equal to their target (class indices or labels).

    Examples:
        >>> from nn.metrics import accuracy
        >>> accuracy([0, 1, 2, 1], [0, 1, 1, 1])
        0.75
    """
    if len(y_true) != len(y_pred) or not y_true:
        raise ValueError(
            "accuracy needs as many predictions as targets (at least one), "
            f"got {len(y_pred)} and {len(y_true)}"
        )
    correct = sum(1 for a, b in zip(y_true, y_pred) if a == b)
    return correct / len(y_true)


def confusion_matrix(
    y_true: Sequence[int], y_pred: Sequence[int], num_classes: int | None = None
) -> list[list[int]]:
    """`counts[i][j]`: how many samples of true class i were predicted as class j.

    Examples:
        >>> from nn.metrics import confusion_matrix
        >>> confusion_matrix([0, 1, 1], [0, 1, 0])  # one 1 was taken for a 0
        [[1, 0], [1, 1]]
    """
    if len(y_true) != len(y_pred):
        raise ValueError(
            "confusion_matrix needs as many predictions as targets, "
            f"got {len(y_pred)} and {len(y_true)}"
        )
    for label in (*y_true, *y_pred):
        if isinstance(label, bool) or not isinstance(label, int) or label < 0:
            raise ValueError(f"confusion_matrix needs class indices (ints >= 0), got {label!r}")
    classes = num_classes if num_classes is not None else max((*y_true, *y_pred), default=-1) + 1
    counts = [[0] * classes for _ in range(classes)]
    for a, b in zip(y_true, y_pred):
        if a >= classes or b >= classes:
            raise ValueError(f"class {max(a, b)} is out of range for num_classes={classes}")
        counts[a][b] += 1
    return counts


def argmax(values: Sequence[Any]) -> int:
    """The index of the largest value: a classifier's predicted class from its outputs.

    Examples:
        >>> from nn.metrics import argmax
        >>> argmax([0.1, 2.5, -1.0])
        1
    """
    numbers = _floats(values)
    if not numbers:
        raise ValueError("argmax needs at least one value")
    return max(range(len(numbers)), key=numbers.__getitem__)
