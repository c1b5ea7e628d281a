"""Adam: momentum on the gradient and on its square, with the start-up bias corrected."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from engine import Value
from nn.optim.optimizer import Optimizer, Rule, check_fraction, check_non_negative, sqrt
from nn.optim.schedules import Schedule


def adam_rule(
    p: float,
    g: float,
    m: float,
    v: float,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    correction1: float,
    correction2: float,
) -> tuple[float, float, float]:
    """`(p, m, v)` after one step: `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g**2`,
    `p = p - lr * (m / correction1) / (sqrt(v / correction2) + eps)`."""
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    return p - lr * (m / correction1) / (sqrt(v / correction2) + eps), m, v


def adam_corrections(beta1: float, beta2: float, step: int) -> tuple[float, float]:
    """The start-up bias corrections at step t: `1 - b1**t` and `1 - b2**t`."""
    return 1.0 - beta1**step, 1.0 - beta2**step


class Adam(Optimizer):
    """`m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g**2`; at step t,
    `p = p - lr * (m / (1 - b1**t)) / (sqrt(v / (1 - b2**t)) + eps)`.

    `weight_decay` adds `weight_decay * p` to g (L2 regularisation); AdamW decouples it.
    """

    rule: ClassVar[Rule] = staticmethod(adam_rule)
    state = ("first_moment", "second_moment")
    hyperparameters = ("beta1", "beta2", "eps", "weight_decay")

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise ValueError(f"{type(self).__name__}'s betas must be a pair, got {betas!r}")
        self.beta1 = check_fraction(betas[0], f"{type(self).__name__}'s betas[0]")
        self.beta2 = check_fraction(betas[1], f"{type(self).__name__}'s betas[1]")
        self.eps = check_non_negative(eps, f"{type(self).__name__}'s eps")
        self.weight_decay = check_non_negative(
            weight_decay, f"{type(self).__name__}'s weight_decay"
        )
        self.first_moment = [0.0] * len(self.params)
        self.second_moment = [0.0] * len(self.params)

    def settings(self, lr: Any, step: Any) -> tuple[Any, ...]:
        corrections = adam_corrections(self.beta1, self.beta2, step)
        return lr, self.beta1, self.beta2, self.eps, *corrections
