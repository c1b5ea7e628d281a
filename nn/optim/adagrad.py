"""AdaGrad: each parameter's step shrinks with the sum of its squared gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine import Value
from nn.optim.optimizer import Optimizer, check_non_negative, sqrt
from nn.optim.schedules import Schedule


def adagrad_rule(p: float, g: float, total: float, lr: float, eps: float) -> tuple[float, float]:
    """`(p, G)` after one step: `G = G + g**2; p = p - lr * g / (sqrt(G) + eps)`."""
    total = total + g * g
    return p - lr * g / (sqrt(total) + eps), total


class AdaGrad(Optimizer):
    """`G = G + g**2; p = p - lr * g / (sqrt(G) + eps)`, with `g = grad + weight_decay * p`."""

    rule = staticmethod(adagrad_rule)
    state = ("sum_of_squares",)
    hyperparameters = ("eps", "weight_decay")

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

    def settings(self, lr: Any, step: Any) -> tuple[Any, ...]:
        return lr, self.eps
