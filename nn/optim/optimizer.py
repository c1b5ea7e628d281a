"""`Optimizer`: the parameters, the learning rate (or its schedule), step() and zero_grad().

Per-parameter state (momentum, running averages) lives in lists aligned with `params`. Each
optimizer's arithmetic for one parameter is a pure function of numbers, its `rule`, defined
once: run on symbols, it is written as the Python loop `update` runs (`nn.optim.written`)
and as the JavaScript the playground runs (`nn.playground.optimisers`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from engine import Value, no_grad
from nn.optim.schedules import Schedule, as_schedule, check_rate
from nn.optim.written import written_update

Rule = Callable[..., tuple[Any, ...]]
"""`rule(p, g, *state, *settings) -> (new p, *new state)` for one parameter, `g` its gradient
(with any L2 term added): plain arithmetic, so it runs on floats and on symbols."""


class Optimizer:
    """Updates `params` from their `.grad` each `step()`. Subclasses define `rule`,
    `settings`, `state` and `hyperparameters` (or `update(lr)` itself)."""

    rule: ClassVar[Rule]
    state: ClassVar[tuple[str, ...]] = ()
    """The attributes holding the per-parameter state, in the order `rule` takes them."""
    hyperparameters: ClassVar[tuple[str, ...]] = ()
    """The attributes `settings` and `gradient` read: the written update is kept per value."""
    weight_decay = 0.0

    def __init__(self, params: Iterable[Value], lr: float | Schedule) -> None:
        self.params = _checked_parameters(params, type(self).__name__)
        if not callable(lr):
            check_rate(lr, f"{type(self).__name__}'s lr")
        self.schedule = as_schedule(lr)
        self.epoch = 0
        self.steps = 0
        self.lr = self.rate_at(0)
        """The learning rate of the current epoch."""

    def step(self) -> None:
        """Move every parameter against its gradient, recording no graph."""
        self.steps += 1
        with no_grad():
            self.update(self.lr)

    def update(self, lr: float) -> None:
        """`rule` applied to every parameter, by the loop written from it."""
        if not hasattr(self, "rule"):
            raise NotImplementedError(f"{type(self).__name__} must define update(lr) or a rule")
        written_update(self)(self, lr, self.steps)

    def gradient(self, grad: Any, p: Any) -> Any:
        """The g that `rule` takes: `grad + weight_decay * p` (L2 regularisation)."""
        return grad + self.weight_decay * p

    def settings(self, lr: Any, step: Any) -> tuple[Any, ...]:
        """What `rule` takes after the state at step number `step` (counted from 1): the
        learning rate, then the hyperparameters and anything computed from them per step."""
        raise NotImplementedError(f"{type(self).__name__} must define settings(lr, step)")

    def zero_grad(self) -> None:
        """Set every parameter's `.grad` to 0 before the next backward pass."""
        for p in self.params:
            p.grad = 0.0

    def next_epoch(self) -> None:
        """Advance the learning-rate schedule by one epoch (`nn.fit` calls this)."""
        self.epoch += 1
        self.lr = self.rate_at(self.epoch)

    def rate_at(self, epoch: int) -> float:
        """The schedule's learning rate for `epoch`, checked: a bad rate would train silently."""
        return check_rate(
            self.schedule(epoch), f"{type(self).__name__}'s learning rate at epoch {epoch}"
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr!r})"


def _checked_parameters(params: Iterable[Value], who: str) -> list[Value]:
    if isinstance(params, Value):
        raise TypeError(f"{who} needs a list of parameters, e.g. model.parameters(), got a Value")
    checked = list(params)
    if not checked:
        raise ValueError(f"{who} got no parameters to optimize: pass model.parameters()")
    seen: dict[int, int] = {}
    for position, p in enumerate(checked):
        if not isinstance(p, Value):
            raise TypeError(
                f"{who}'s parameters must be Values, got {type(p).__name__} at position {position}"
            )
        if id(p) in seen:
            raise ValueError(
                f"{who} got the same parameter at positions {seen[id(p)]} and {position}: "
                "each parameter must appear once"
            )
        seen[id(p)] = position
    return checked


def sqrt(x: float) -> float:
    """math.sqrt of a number; of a symbol (`engine.symbolic`), its `sqrt` op, so a rule that
    takes square roots can be written out."""
    return math.sqrt(x) if type(x) is float else x.sqrt()  # type: ignore[attr-defined]


def check_fraction(x: float, what: str, upper_open: bool = True) -> float:
    """`x` in [0, 1) (or [0, 1]), as a float, or a ValueError naming `what`."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or math.isnan(x):
        raise ValueError(f"{what} must be a number in [0, 1{')' if upper_open else ']'}, got {x!r}")
    if not (0.0 <= x < 1.0 if upper_open else 0.0 <= x <= 1.0):
        raise ValueError(f"{what} must be in [0, 1{')' if upper_open else ']'}, got {x!r}")
    return float(x)


def check_non_negative(x: float, what: str) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not 0.0 <= x < math.inf:
        raise ValueError(f"{what} must be a non-negative finite number, got {x!r}")
    return float(x)
