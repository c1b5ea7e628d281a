"""Data utilities: load a CSV, scale features, split, one-hot encode, batch."""

from __future__ import annotations

import csv
import math
import os
import random
from collections.abc import Iterator, Sequence
from typing import Any

from nn.init import make_rng

__all__ = [
    "MinMaxScaler",
    "Rows",
    "Standardizer",
    "batches",
    "load_csv",
    "one_hot",
    "train_test_split",
]


def __dir__() -> list[str]:
    """What `dir()` lists: the public names, not the modules this one imports."""
    return sorted(__all__)


Rows = list[list[float]]
"""A table of numbers: one list per sample (row), one number per feature (column)."""


def load_csv(
    path: str | os.PathLike[str], features: Sequence[str] | None = None, target: str | None = None
) -> tuple[Rows, list[float]]:
    """(X, y) from a CSV file with a header row: X holds the `features` columns (every column
    but the target when None), y the `target` column (an empty list when None).

    The file must be UTF-8 text whose rows have as many cells as the header has names;
    anything else (a missing column, a repeated name, a short or long row, an empty or
    non-numeric cell) is a ValueError naming the file, line and column.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"load_csv needs the path of a CSV file (a str or pathlib.Path), got "
            f"{type(path).__name__}: {path!r}"
        )
    if isinstance(features, str):
        raise TypeError(f"features must be a list of column names, e.g. [{features!r}]")
    where = os.fspath(path)
    with open(path, "rb") as raw:
        if raw.read(2) == GZIP_MAGIC:
            raise ValueError(
                f"{where} is gzip-compressed: decompress it first (gunzip {where}) and load "
                "the .csv inside"
            )
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file)
        try:
            return _read_table(reader, where, features, target)
        except UnicodeDecodeError as error:
            raise ValueError(
                f"{where}, line {reader.line_num + 1}: not UTF-8 text ({error.reason} at byte "
                f"{error.start} of a block): save the file as UTF-8 CSV"
            ) from None
        except csv.Error as error:
            raise ValueError(
                f"{where}, line {reader.line_num}: not a readable CSV row ({error})"
            ) from None


GZIP_MAGIC = b"\x1f\x8b"


def _read_table(
    reader: Any, where: str, features: Sequence[str] | None, target: str | None
) -> tuple[Rows, list[float]]:
    """The rows of a CSV reader as (X, y), checking the header and every row's width."""
    header = next(reader, None)
    if header is None:
        raise ValueError(f"{where} is empty: it needs a header row of column names")
    header = [name.strip() for name in header]
    _check_unique(header, where)
    wanted = list(features) if features is not None else [c for c in header if c != target]
    columns = [*wanted, target] if target is not None else wanted
    missing = [name for name in columns if name not in header]
    if missing:
        raise ValueError(
            f"{where} has no column {', '.join(map(repr, missing))}; "
            f"its columns are: {', '.join(header)}"
        )
    positions = [header.index(name) for name in columns]
    X: Rows = []
    y: list[float] = []
    for row in reader:
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines, common at the end of files
        line = reader.line_num
        if len(row) != len(header):
            raise ValueError(
                f"{where}, line {line}: the row has {len(row)} cells but the header names "
                f"{len(header)} columns; fix the row (a stray comma, or a missing cell)"
            )
        values = [_cell(row, p, header[p], where, line) for p in positions]
        if target is not None:
            y.append(values.pop())
        X.append(values)
    if not X:
        raise ValueError(f"{where} has a header but no data rows")
    return X, y


def _check_unique(header: list[str], where: str) -> None:
    seen: dict[str, int] = {}
    for number, name in enumerate(header, 1):
        if name in seen:
            raise ValueError(
                f"{where}, line 1: the column name {name!r} appears twice (columns "
                f"{seen[name]} and {number}); rename one so each column can be chosen"
            )
        seen[name] = number


def _cell(row: list[str], position: int, column: str, path: Any, line: int) -> float:
    where = f"{os.fspath(path)}, line {line}, column {column!r}"
    if position >= len(row):
        raise ValueError(f"{where}: the row has only {len(row)} cells")
    text = row[position].strip()
    if not text:
        raise ValueError(f"{where}: the cell is empty; fill it or drop the row")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {text!r} is not a finite number")
    return value


class _Scaler:
    """Per-column x' = (x - offset) / scale, fitted on training data, for rows or a flat list."""

    offset: list[float] | None = None
    scale: list[float] | None = None

    def fit(self, data: Sequence[Any]) -> _Scaler:
        """Learn each column's offset and scale from `data` (the training split only)."""
        columns = list(zip(*_as_table(data, type(self).__name__)))
        self.offset, self.scale = self._fit_columns([list(c) for c in columns])
        return self

    def _fit_columns(self, columns: list[list[float]]) -> tuple[list[float], list[float]]:
        raise NotImplementedError

    def transform(self, data: Sequence[Any]) -> Any:
        """`data` scaled with the fitted offset and scale, in the same shape."""
        offset, scale = self._fitted(data)
        return _reshape(
            data,
            [
                [(x - o) / s for x, o, s in zip(row, offset, scale)]
                for row in _as_table(data, type(self).__name__)
            ],
        )

    def inverse_transform(self, data: Sequence[Any]) -> Any:
        """Undo `transform`: scaled numbers (a model's predictions) back in the data's units."""
        offset, scale = self._fitted(data)
        return _reshape(
            data,
            [
                [x * s + o for x, o, s in zip(row, offset, scale)]
                for row in _as_table(data, type(self).__name__)
            ],
        )

    def fit_transform(self, data: Sequence[Any]) -> Any:
        """`fit(data)`, then `transform(data)`."""
        return self.fit(data).transform(data)

    def _fitted(self, data: Sequence[Any]) -> tuple[list[float], list[float]]:
        name = type(self).__name__
        if self.offset is None or self.scale is None:
            raise RuntimeError(f"this {name} is not fitted yet: call fit(X_train) first")
        width = len(_as_table(data, name)[0])
        if width != len(self.offset):
            raise ValueError(f"{name} was fitted on {len(self.offset)} columns, got {width}")
        return self.offset, self.scale


class Standardizer(_Scaler):
    """x' = (x - mean) / std per column: every feature gets mean 0 and standard deviation 1.

    A constant column keeps std 1 (it is only centred). Works on rows or on a flat list (y).

    Examples:
        >>> from nn.data import Standardizer
        >>> scaler = Standardizer().fit([[1.0, 10.0], [3.0, 30.0]])
        >>> scaler.transform([[2.0, 40.0]])
        [[0.0, 2.0]]
        >>> scaler.inverse_transform([[0.0, 2.0]])
        [[2.0, 40.0]]
    """

    def _fit_columns(self, columns: list[list[float]]) -> tuple[list[float], list[float]]:
        means = [math.fsum(c) / len(c) for c in columns]
        stds = [
            math.sqrt(math.fsum((x - m) ** 2 for x in c) / len(c)) for c, m in zip(columns, means)
        ]
        return means, [s if s > 0.0 else 1.0 for s in stds]

    @property
    def mean(self) -> list[float] | None:
        """Each column's mean on the fitted data (None before `fit`)."""
        return self.offset

    @property
    def std(self) -> list[float] | None:
        """Each column's standard deviation on the fitted data (None before `fit`)."""
        return self.scale


class MinMaxScaler(_Scaler):
    """x' = (x - min) / (max - min) per column: every feature in [0, 1] on the fitted data.

    A constant column keeps scale 1 (it is only shifted to 0).
    """

    def _fit_columns(self, columns: list[list[float]]) -> tuple[list[float], list[float]]:
        lows, highs = [min(c) for c in columns], [max(c) for c in columns]
        return lows, [h - lo if h > lo else 1.0 for lo, h in zip(lows, highs)]


def _as_table(data: Sequence[Any], who: str) -> Rows:
    if isinstance(data, str) or not isinstance(data, Sequence) or not data:
        raise ValueError(f"{who} needs a non-empty list of rows (or of numbers)")
    if _is_flat(data):
        return [[float(x)] for x in data]
    width = len(data[0])
    for i, row in enumerate(data):
        if len(row) != width:
            raise ValueError(f"{who}: row {i} has {len(row)} columns, row 0 has {width}")
    return [[float(x) for x in row] for row in data]


def _is_flat(data: Sequence[Any]) -> bool:
    return isinstance(data[0], int | float)


def _reshape(like: Sequence[Any], table: Rows) -> Any:
    return [row[0] for row in table] if _is_flat(like) else table


def train_test_split(
    X: Sequence[Any],
    y: Sequence[Any],
    test_size: float | int = 0.2,
    seed: int | random.Random | None = None,
    shuffle: bool = True,
) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """(X_train, X_test, y_train, y_test): `test_size` as a fraction (0.2) or a count (30).

    Examples:
        >>> from nn.data import train_test_split
        >>> X_train, X_test, y_train, y_test = train_test_split(
        ...     [[i] for i in range(10)], list(range(10)), test_size=0.2, seed=0
        ... )
        >>> len(X_train), len(X_test)
        (8, 2)
    """
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    n = len(X)
    if isinstance(test_size, float) and 0.0 < test_size < 1.0:
        count = round(n * test_size)
    elif isinstance(test_size, int) and not isinstance(test_size, bool) and 0 < test_size < n:
        count = test_size
    else:
        raise ValueError(
            f"test_size must be a fraction in (0, 1) or a count in [1, {n - 1}], got {test_size!r}"
        )
    if not 0 < count < n:
        raise ValueError(
            f"test_size={test_size!r} of {n} samples leaves an empty train or test set"
        )
    order = list(range(n))
    if shuffle:
        make_rng(seed).shuffle(order)
    train, test = order[: n - count], order[n - count :]
    return [X[i] for i in train], [X[i] for i in test], [y[i] for i in train], [y[i] for i in test]


def one_hot(labels: Sequence[int], num_classes: int | None = None) -> Rows:
    """Class indices as rows with a 1.0 at the class and 0.0 elsewhere: 2 -> [0, 0, 1].

    Examples:
        >>> from nn.data import one_hot
        >>> one_hot([2, 0], num_classes=3)
        [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    for i, label in enumerate(labels):
        if isinstance(label, bool) or not isinstance(label, int) or label < 0:
            raise ValueError(f"one_hot needs class indices (ints >= 0), got {label!r} at {i}")
    classes = num_classes if num_classes is not None else max(labels, default=-1) + 1
    if labels and max(labels) >= classes:
        raise ValueError(f"label {max(labels)} is out of range for num_classes={classes}")
    return [[1.0 if c == label else 0.0 for c in range(classes)] for label in labels]


def batches(
    X: Sequence[Any],
    y: Sequence[Any],
    batch_size: int,
    shuffle: bool = False,
    seed: int | random.Random | None = None,
) -> Iterator[tuple[list[Any], list[Any]]]:
    """(X_batch, y_batch) pairs of `batch_size` samples (the last may be smaller).

    Examples:
        >>> from nn.data import batches
        >>> [y for _, y in batches([[1], [2], [3]], [10, 20, 30], batch_size=2)]
        [[10, 20], [30]]
    """
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    order = list(range(len(X)))
    if shuffle:
        make_rng(seed).shuffle(order)
    for start in range(0, len(order), batch_size):
        chosen = order[start : start + batch_size]
        yield [X[i] for i in chosen], [y[i] for i in chosen]
