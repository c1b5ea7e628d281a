"""Timing and reporting shared by the benchmark workloads: ratios measured in one run."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass


def best_time(run: Callable[[], object], repeats: int) -> float:
    """The fastest of `repeats` runs, in seconds: the least disturbed by a shared machine."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def race(
    ours: Callable[[], object], theirs: Callable[[], object] | None, repeats: int
) -> tuple[float, float | None]:
    """Best times of two workloads run in turns, so that a change in the machine's load
    between them (other processes come and go) falls on both alike."""
    best_ours, best_theirs = float("inf"), float("inf")
    for _ in range(repeats):
        best_ours = min(best_ours, best_time(ours, 1))
        if theirs is not None:
            best_theirs = min(best_theirs, best_time(theirs, 1))
    return best_ours, None if theirs is None else best_theirs


@dataclass(frozen=True)
class Comparison:
    """One workload measured on chainrule and on a reference, with the ratio it must reach."""

    workload: str
    reference: str
    ours: float
    theirs: float | None  # None when the reference could not run it (the note says why)
    unit: str
    target: float | None = None  # the least acceptable ratio theirs / ours
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if self.theirs is None else self.theirs / self.ours

    def line(self) -> str:
        ours = _amount(self.ours, self.unit)
        if self.ratio is None:
            return f"{self.workload}: chainrule {ours}; {self.reference}: {self.note}"
        better = "faster" if self.unit == "s" else "smaller"
        verdict = ""
        if self.target is not None:
            met = "met" if self.ratio >= self.target else "MISSED"
            verdict = f" (target >= {self.target:.3g}x: {met})"
        theirs = _amount(self.theirs, self.unit)
        return (
            f"{self.workload}: chainrule {ours}, {self.reference} {theirs} -> "
            f"{self.ratio:.2f}x {better}{verdict}"
        )


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.3f} s" if unit == "s" else f"{value:.0f} {unit}"
