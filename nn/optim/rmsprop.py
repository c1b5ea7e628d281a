"""RMSProp: divide each step by a running root-mean-square of recent gradients."""

from __future__ import annotations

import math
from collections.abc import Iterable

from engine import Value
from nn.optim.optimizer import Optimizer, check_fraction, check_non_negative
from nn.optim.schedules import Schedule


class RMSProp(Optimizer):
    """`s = alpha * s + (1 - alpha) * g**2; p = p - lr * g / (sqrt(s) + eps)`,
    with `g = grad + weight_decay * p`."""

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.alpha = check_fraction(alpha, "RMSProp's alpha")
        self.eps = check_non_negative(eps, "RMSProp's eps")
        self.weight_decay = check_non_negative(weight_decay, "RMSProp's weight_decay")
        self.mean_square = [0.0] * len(self.params)

    def update(self, lr: float) -> None:
        """`p = p - lr * g / (sqrt(s) + eps)`, s the running mean of `g**2`."""
        alpha, averages = self.alpha, self.mean_square
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data
            averages[i] = alpha * averages[i] + (1.0 - alpha) * g * g
            p.data -= lr * g / (math.sqrt(averages[i]) + self.eps)
