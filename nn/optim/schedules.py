"""Learning-rate schedules: the learning rate as a function of the epoch (counted from 0)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

Schedule = Callable[[int], float]
"""`schedule(epoch) -> learning rate`."""


def check_rate(lr: object, what: str = "lr") -> float:
    """`lr` as a positive finite float, or a ValueError saying what a learning rate must be."""
    if not isinstance(lr, numbers.Real) or isinstance(lr, bool) or not 0.0 < float(lr) < math.inf:
        raise ValueError(f"{what} must be a positive finite number, got {lr!r} (e.g. 0.01)")
    return float(lr)


def check_factor(x: object, what: str) -> float:
    """`x` in (0, 1] as a float (a decay factor), or a ValueError naming `what`."""
    if not isinstance(x, numbers.Real) or isinstance(x, bool) or not 0.0 < float(x) <= 1.0:
        raise ValueError(f"{what} must be a number in (0, 1], e.g. 0.5, got {x!r}")
    return float(x)


class ConstantLR:
    """lr(epoch) = lr."""

    def __init__(self, lr: float) -> None:
        self.lr = check_rate(lr, f"{type(self).__name__}'s lr")

    def __call__(self, epoch: int) -> float:
        return self.lr

    def __repr__(self) -> str:
        return f"ConstantLR({self.lr!r})"


class StepDecay:
    """`lr(epoch) = lr * factor ** (epoch // every)`: cut by `factor` every `every` epochs.

    Examples:
        >>> from nn.optim import StepDecay
        >>> schedule = StepDecay(0.1, factor=0.5, every=10)
        >>> schedule(0), schedule(10), schedule(25)
        (0.1, 0.05, 0.025)
    """

    def __init__(self, lr: float, factor: float = 0.5, every: int = 10) -> None:
        self.lr = check_rate(lr, f"{type(self).__name__}'s lr")
        self.factor = check_factor(factor, "StepDecay's factor")
        if isinstance(every, bool) or not isinstance(every, numbers.Integral) or every < 1:
            raise ValueError(
                f"StepDecay's every must be a positive int (epochs), e.g. 10, got {every!r}"
            )
        self.every: int = int(every)

    def __call__(self, epoch: int) -> float:
        return self.lr * self.factor ** (epoch // self.every)

    def __repr__(self) -> str:
        return f"StepDecay({self.lr!r}, factor={self.factor!r}, every={self.every!r})"


class ExponentialDecay:
    """`lr(epoch) = lr * rate ** epoch`: a smooth decay by `rate` each epoch."""

    def __init__(self, lr: float, rate: float = 0.95) -> None:
        self.lr = check_rate(lr, f"{type(self).__name__}'s lr")
        self.rate = check_factor(rate, "ExponentialDecay's rate")

    def __call__(self, epoch: int) -> float:
        return self.lr * self.rate**epoch

    def __repr__(self) -> str:
        return f"ExponentialDecay({self.lr!r}, rate={self.rate!r})"


def as_schedule(lr: float | Schedule) -> Schedule:
    """A schedule from a number (constant) or a schedule itself."""
    if callable(lr):
        return lr
    return ConstantLR(lr)
