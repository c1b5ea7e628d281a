"""RMSProp: divide each step by a running root-mean-square of recent gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine import Value
from nn.optim.optimizer import Optimizer, check_fraction, check_non_negative, sqrt
from nn.optim.schedules import Schedule


def rmsprop_rule(
    p: float, g: float, mean_square: float, lr: float, alpha: float, eps: float
) -> tuple[float, float]:
    """`(p, s)` after one step: `s = alpha * s + (1 - alpha) * g**2`,
    `p = p - lr * g / (sqrt(s) + eps)`."""
    s = alpha * mean_square + (1.0 - alpha) * g * g
    return p - lr * g / (sqrt(s) + eps), s


class RMSProp(Optimizer):
    """`s = alpha * s + (1 - alpha) * g**2; p = p - lr * g / (sqrt(s) + eps)`,
    with `g = grad + weight_decay * p`."""

    rule = staticmethod(rmsprop_rule)
    state = ("mean_square",)
    hyperparameters = ("alpha", "eps", "weight_decay")

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

    def settings(self, lr: Any, step: Any) -> tuple[Any, ...]:
        return lr, self.alpha, self.eps
