"""Learning-rate schedules: the learning rate as a function of the epoch (counted from 0)."""

from __future__ import annotations

import math
from collections.abc import Callable

Schedule = Callable[[int], float]
"""`schedule(epoch) -> learning rate`."""


def check_rate(lr: object, what: str = "lr") -> float:
    """`lr` as a positive finite float, or a ValueError saying what a learning rate must be."""
    if isinstance(lr, bool) or not isinstance(lr, int | float) or not 0.0 < lr < math.inf:
        raise ValueError(f"{what} must be a positive finite number, got {lr!r}")
    return float(lr)


class ConstantLR:
    """lr(epoch) = lr."""

    def __init__(self, lr: float) -> None:
        self.lr = check_rate(lr)

    def __call__(self, epoch: int) -> float:
        return self.lr

    def __repr__(self) -> str:
        return f"ConstantLR({self.lr!r})"


class StepDecay:
    """lr(epoch) = lr * factor ** (epoch // every): cut by `factor` every `every` epochs."""

    def __init__(self, lr: float, factor: float = 0.5, every: int = 10) -> None:
        self.lr = check_rate(lr)
        if not 0.0 < factor <= 1.0:
            raise ValueError(f"StepDecay's factor must be in (0, 1], got {factor!r}")
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(
                f"StepDecay's every must be a positive number of epochs, got {every!r}"
            )
        self.factor, self.every = float(factor), every

    def __call__(self, epoch: int) -> float:
        return self.lr * self.factor ** (epoch // self.every)

    def __repr__(self) -> str:
        return f"StepDecay({self.lr!r}, factor={self.factor!r}, every={self.every!r})"


class ExponentialDecay:
    """lr(epoch) = lr * rate ** epoch: a smooth decay by `rate` each epoch."""

    def __init__(self, lr: float, rate: float = 0.95) -> None:
        self.lr = check_rate(lr)
        if not 0.0 < rate <= 1.0:
            raise ValueError(f"ExponentialDecay's rate must be in (0, 1], got {rate!r}")
        self.rate = float(rate)

    def __call__(self, epoch: int) -> float:
        return self.lr * self.rate**epoch

    def __repr__(self) -> str:
        return f"ExponentialDecay({self.lr!r}, rate={self.rate!r})"


def as_schedule(lr: float | Schedule) -> Schedule:
    """A schedule from a number (constant) or a schedule itself."""
    if callable(lr):
        return lr
    return ConstantLR(lr)
