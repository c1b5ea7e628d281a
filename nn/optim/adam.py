"""Adam: momentum on the gradient and on its square, with the start-up bias corrected."""

from __future__ import annotations

import math
from collections.abc import Iterable

from engine import Value
from nn.optim.optimizer import Optimizer, check_fraction, check_non_negative
from nn.optim.schedules import Schedule


class Adam(Optimizer):
    """`m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g**2`; at step t,
    `p = p - lr * (m / (1 - b1**t)) / (sqrt(v / (1 - b2**t)) + eps)`.

    `weight_decay` adds `weight_decay * p` to g (L2 regularisation); AdamW decouples it.
    """

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

    def update(self, lr: float) -> None:
        """One Adam step, with weight decay as L2 regularisation (added to g)."""
        self.adam_update(lr, l2=self.weight_decay)

    def adam_update(self, lr: float, l2: float) -> None:
        """The Adam rule with g = grad + l2 * p: AdamW shares it with l2 = 0."""
        b1, b2, t = self.beta1, self.beta2, self.steps
        correction1, correction2 = 1.0 - b1**t, 1.0 - b2**t
        m, v = self.first_moment, self.second_moment
        for i, p in enumerate(self.params):
            g = p.grad + l2 * p.data
            m[i] = b1 * m[i] + (1.0 - b1) * g
            v[i] = b2 * v[i] + (1.0 - b2) * g * g
            p.data -= lr * (m[i] / correction1) / (math.sqrt(v[i] / correction2) + self.eps)
