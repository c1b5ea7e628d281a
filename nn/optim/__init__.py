"""Optimizers (`step()` and `zero_grad()`, updating under no_grad) and learning-rate schedules.

`nn.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)`; `lr` may also be a schedule,
e.g. `StepDecay(0.1, factor=0.5, every=10)`, which `nn.fit` advances once per epoch.
"""

from collections.abc import Callable, Iterable

from engine import Value
from nn.choices import by_name
from nn.optim.adagrad import AdaGrad
from nn.optim.adam import Adam
from nn.optim.adamw import AdamW
from nn.optim.optimizer import Optimizer
from nn.optim.rmsprop import RMSProp
from nn.optim.schedules import ConstantLR, ExponentialDecay, Schedule, StepDecay
from nn.optim.sgd import SGD

OPTIMIZERS: dict[str, Callable[[Iterable[Value], float | None], Optimizer]] = {
    "sgd": lambda params, lr: SGD(params, lr=0.01 if lr is None else lr),
    "momentum": lambda params, lr: SGD(params, lr=0.01 if lr is None else lr, momentum=0.9),
    "adagrad": lambda params, lr: AdaGrad(params) if lr is None else AdaGrad(params, lr),
    "rmsprop": lambda params, lr: RMSProp(params) if lr is None else RMSProp(params, lr),
    "adam": lambda params, lr: Adam(params) if lr is None else Adam(params, lr),
    "adamw": lambda params, lr: AdamW(params) if lr is None else AdamW(params, lr),
}
"""Optimizers by name, `make(params, lr)`; lr None keeps the default (SGD's: 0.01).
"momentum" is SGD with momentum 0.9."""


def make_optimizer(
    optimizer: Optimizer | str, params: Iterable[Value], lr: float | None = None
) -> Optimizer:
    """`optimizer` itself, or the optimizer of that name over `params` (with `lr` if given)."""
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, str):
        make = by_name(
            optimizer.lower(),
            OPTIMIZERS,
            "optimizer",
            "pass an optimizer, e.g. nn.optim.SGD(model.parameters(), lr=0.1)",
        )
        return make(params, lr)
    raise TypeError(
        f"optimizer must be an nn.optim optimizer or a name, got {type(optimizer).__name__}"
    )


__all__ = [
    "OPTIMIZERS",
    "SGD",
    "AdaGrad",
    "Adam",
    "AdamW",
    "ConstantLR",
    "ExponentialDecay",
    "Optimizer",
    "RMSProp",
    "Schedule",
    "StepDecay",
    "make_optimizer",
]
