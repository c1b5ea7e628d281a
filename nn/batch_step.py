"""One batch's "loss and gradients" as a swappable function: `nn.fit` calls it per batch.

`graph_batch_step` builds the graph of Values and runs backward over it; `nn.compiled_step`
gives the same numbers through `engine.compile`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from engine import Value
from nn.losses import Loss
from nn.module import Module

BatchStep = Callable[[list[list[float]], list[Any]], float]
"""`step(inputs, targets) -> loss`: adds d loss / d p to every parameter's `.grad`."""


def graph_batch_step(model: Module, loss: Loss) -> BatchStep:
    """The batch step through Values: forward, loss, then backward over the recorded graph."""

    def step(inputs: list[list[float]], targets: list[Any]) -> float:
        if len(inputs) == 1:  # one sample (stochastic gradient descent): skip the batch lists
            value = loss(model(inputs[0]), targets[0])
        else:
            value = loss([model(x) for x in inputs], targets)
        if not isinstance(value, Value):
            raise TypeError(f"the loss function must return a Value, got {type(value).__name__}")
        if math.isfinite(value.data):  # a non-finite loss is reported, not differentiated
            value.backward()
        return value.data

    return step
