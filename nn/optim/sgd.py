"""Stochastic gradient descent, with optional (Nesterov) momentum and weight decay."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine import Value
from nn.optim.optimizer import Optimizer, check_fraction, check_non_negative
from nn.optim.schedules import Schedule


def sgd_rule(
    p: float, g: float, velocity: float, lr: float, momentum: float, nesterov: bool
) -> tuple[float, float]:
    """`(p, v)` after one step: with momentum mu, `v = mu * v + g` and the step is v (or
    `g + mu * v` for Nesterov); `p = p - lr * step`."""
    if not momentum:
        return p - lr * g, velocity
    v = momentum * velocity + g
    return p - lr * (g + momentum * v if nesterov else v), v


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

    rule = staticmethod(sgd_rule)
    state = ("velocity",)
    hyperparameters = ("momentum", "nesterov", "weight_decay")

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

    def settings(self, lr: Any, step: Any) -> tuple[Any, ...]:
        return lr, self.momentum, self.nesterov

    def gradient(self, grad: Any, p: Any) -> Any:
        """Plain SGD (no momentum, no weight decay), the common hot case, takes grad as it is."""
        if self.momentum == 0.0 and self.weight_decay == 0.0:
            return grad
        return super().gradient(grad, p)
