"""AdamW: Adam with the weight decay applied to the weights directly (decoupled)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine import Value
from nn.optim.adam import Adam, adam_rule
from nn.optim.schedules import Schedule


def adamw_rule(
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
    shrink: float,
) -> tuple[float, float, float]:
    """`(p, m, v)` after one step: `p = shrink * p` (`shrink = 1 - lr * weight_decay`),
    then Adam's."""
    return adam_rule(p * shrink, g, m, v, lr, beta1, beta2, eps, correction1, correction2)


class AdamW(Adam):
    """p = p - lr * weight_decay * p, then Adam's step on the plain gradient."""

    rule = staticmethod(adamw_rule)

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay)

    def settings(self, lr: Any, step: Any) -> tuple[Any, ...]:
        return *super().settings(lr, step), 1.0 - lr * self.weight_decay

    def gradient(self, grad: Any, p: Any) -> Any:
        """The plain gradient: the rule applies the weight decay to p itself."""
        return grad
