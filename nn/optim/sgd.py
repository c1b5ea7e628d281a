"""Stochastic gradient descent, with optional (Nesterov) momentum and weight decay."""

from __future__ import annotations

from collections.abc import Iterable

from engine import Value
from nn.optim.optimizer import Optimizer, check_fraction, check_non_negative
from nn.optim.schedules import Schedule


class SGD(Optimizer):
    """g = grad + weight_decay * p; with momentum mu: v = mu * v + g, then g = v
    (or g + mu * v for Nesterov); finally p = p - lr * g.

    Examples:
        >>> import nn
        >>> from engine import Value
        >>> w = Value(1.0)
        >>> optimizer = nn.optim.SGD([w], lr=0.1)
        >>> (w * w).backward()  # grad 2w = 2
        >>> optimizer.step()
        >>> round(w.data, 10)  # 1 - 0.1 * 2
        0.8
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.momentum = check_fraction(momentum, "SGD's momentum")
        if nesterov and self.momentum == 0.0:
            raise ValueError("SGD's nesterov=True needs a momentum above 0, e.g. momentum=0.9")
        self.nesterov = nesterov
        self.weight_decay = check_non_negative(weight_decay, "SGD's weight_decay")
        self.velocity = [0.0] * len(self.params)

    def update(self, lr: float) -> None:
        """p = p - lr * g, with g the gradient (after momentum and weight decay)."""
        mu, decay = self.momentum, self.weight_decay
        if mu == 0.0 and decay == 0.0:  # plain SGD: the common, hot case
            for p in self.params:
                p.data -= lr * p.grad
            return
        velocity = self.velocity
        for i, p in enumerate(self.params):
            g = p.grad + decay * p.data
            if mu:
                v = mu * velocity[i] + g
                velocity[i] = v
                g = g + mu * v if self.nesterov else v
            p.data -= lr * g
