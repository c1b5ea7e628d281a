"""A data set the playground offers besides those it makes itself, checked before it is sent."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

MAX_POINTS = 5000
"""More points than this would make the page slow to draw."""


@dataclass(frozen=True)
class Dataset:
    """A data set the page offers: two input columns and a target per point."""

    name: str
    """Shown on its button (as text)."""
    points: list[list[float]]
    """[x1, x2] per point, in the data's own units."""
    targets: list[float]
    classification: bool
    """True: targets are the classes 0 and 1; False: numbers to predict."""
    columns: tuple[str, str, str] = ("x1", "x2", "target")
    source: str = ""
    """Where the data comes from, shown under the plot."""
    standardize: bool = True
    """Scale each column to mean 0 and standard deviation 1 in the page (real data)."""

    def __post_init__(self) -> None:
        if not 4 <= len(self.points) <= MAX_POINTS:
            raise ValueError(
                f"data set {self.name!r} has {len(self.points)} points: the playground needs "
                f"4 to {MAX_POINTS}"
            )
        if len(self.targets) != len(self.points):
            raise ValueError(
                f"data set {self.name!r} has {len(self.points)} points but "
                f"{len(self.targets)} targets"
            )
        for i, point in enumerate(self.points):
            if len(point) != 2 or not all(_finite(x) for x in point):
                raise ValueError(
                    f"data set {self.name!r}, point {i}: {point!r} is not two finite numbers "
                    "(x1, x2)"
                )
        for i, target in enumerate(self.targets):
            if not _finite(target) or (self.classification and target not in (0, 1)):
                wanted = "the class 0 or 1" if self.classification else "a finite number"
                raise ValueError(f"data set {self.name!r}, target {i}: {target!r} is not {wanted}")

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "x": self.points,
            "y": self.targets,
            "classification": self.classification,
            "columns": list(self.columns),
            "source": self.source,
            "standardize": self.standardize,
        }


def _finite(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)
