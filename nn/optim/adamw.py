"""AdamW: Adam with the weight decay applied to the weights directly (decoupled)."""

from __future__ import annotations

from collections.abc import Iterable

from engine import Value
from nn.optim.adam import Adam
from nn.optim.schedules import Schedule


class AdamW(Adam):
    """p = p - lr * weight_decay * p, then Adam's step on the plain gradient."""

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay)

    def update(self, lr: float) -> None:
        """p = p * (1 - lr * weight_decay), then the Adam step on the plain gradient."""
        shrink = 1.0 - lr * self.weight_decay
        for p in self.params:
            p.data *= shrink
        self.adam_update(lr, l2=0.0)
