"""AdaGrad: each parameter's step shrinks with the sum of its squared gradients."""

from __future__ import annotations

import math
from collections.abc import Iterable

from engine import Value
from nn.optim.optimizer import Optimizer, check_non_negative
from nn.optim.schedules import Schedule


class AdaGrad(Optimizer):
    """`G = G + g**2; p = p - lr * g / (sqrt(G) + eps)`, with `g = grad + weight_decay * p`."""

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 0.01,
        eps: float = 1e-10,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.eps = check_non_negative(eps, "AdaGrad's eps")
        self.weight_decay = check_non_negative(weight_decay, "AdaGrad's weight_decay")
        self.sum_of_squares = [0.0] * len(self.params)

    def update(self, lr: float) -> None:
        """`p = p - lr * g / (sqrt(G) + eps)`, G the sum of every `g**2` so far."""
        totals = self.sum_of_squares
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data
            totals[i] += g * g
            p.data -= lr * g / (math.sqrt(totals[i]) + self.eps)
