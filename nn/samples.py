"""Samples as plain rows of floats: what `fit` and `predict` accept, numpy duck-typed."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from engine import Value


def plain(x: Any) -> Any:
    """`x` with a numpy array or scalar turned into Python lists and numbers (via `.tolist()`)."""
    tolist = getattr(x, "tolist", None)
    return tolist() if callable(tolist) and not isinstance(x, str | bytes) else x


def is_number(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def as_rows(X: Any, name: str, nin: int | None, finite: bool = True) -> list[list[Any]]:
    """X as a list of rows of floats; a flat list of numbers is one value per sample (nin 1).

    With `finite=False` (predict) NaN and inf pass through, and so do Values.
    """
    X = plain(X)
    if isinstance(X, str) or not isinstance(X, Sequence) or not X:
        raise ValueError(f"{name} must be a non-empty list of samples (rows of numbers)")
    if nin is not None and nin > 1 and all(is_number(plain(x)) for x in X):
        shown = f"[{X[0]!r}, ...]" if len(X) > 3 else repr(list(X))
        raise ValueError(
            f"{name} is a flat list of {len(X)} numbers but the model takes {nin} inputs: "
            f"pass a list of rows, e.g. [{shown}] for one sample"
        )
    rows = []
    width = nin
    for i, row in enumerate(X):
        row = plain(row)
        cells = [row] if is_number(row) else row
        if isinstance(cells, str) or not isinstance(cells, Sequence):
            raise TypeError(f"{name}[{i}] must be a row of numbers, got {row!r}")
        for j, cell in enumerate(cells):
            if not finite and isinstance(cell, Value):
                continue
            if not is_number(cell):
                raise TypeError(
                    f"{name}[{i}][{j}] must be a number, got {cell!r}: "
                    f"each row of {name} is a flat list of numbers"
                )
            if finite and not math.isfinite(cell):
                raise ValueError(
                    f"{name} row {i}, column {j} is {float(cell)!r}: fit needs finite numbers; "
                    "drop or impute that row"
                )
        if width is not None and len(cells) != width:
            expected = (
                f"the model takes {nin} inputs" if nin is not None else f"{name}[0] has {width}"
            )
            raise ValueError(f"{name}[{i}] has {len(cells)} features but {expected}")
        width = len(cells)
        rows.append([cell if isinstance(cell, Value) else float(cell) for cell in cells])
    return rows


def as_targets(y: Any, count: int, name: str, of: str) -> list[Any]:
    """One target per sample, numpy turned into Python, every number checked finite."""
    y = plain(y)
    if isinstance(y, str) or not isinstance(y, Sequence):
        raise TypeError(f"{name} must be a list with one target per sample, got {y!r}")
    if len(y) != count:
        raise ValueError(f"{of} has {count} samples but {name} has {len(y)} targets")
    return [_target(plain(t), name, i) for i, t in enumerate(y)]


def _target(t: Any, name: str, row: int) -> Any:
    if isinstance(t, numbers.Integral) and not isinstance(t, bool):
        return int(t)  # a class index stays an int (numpy's int64 included)
    if is_number(t):
        if not math.isfinite(t):
            raise ValueError(
                f"{name} row {row} is {float(t)!r}: fit needs finite numbers; "
                "drop or impute that row"
            )
        return float(t)
    if isinstance(t, Sequence) and not isinstance(t, str):
        for j, v in enumerate(t):
            if is_number(v) and not math.isfinite(v):
                raise ValueError(
                    f"{name} row {row}, column {j} is {float(v)!r}: fit needs finite numbers; "
                    "drop or impute that row"
                )
        return [
            int(v) if isinstance(v, numbers.Integral) and not isinstance(v, bool) else v for v in t
        ]
    return t


def positive_int(x: object, what: str) -> int:
    """`x` as a positive int (a numpy integer too), else a ValueError naming `what`."""
    x = plain(x)
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or x < 1:
        raise ValueError(f"{what} must be a positive int, got {x!r}")
    return int(x)
