"""Per-sample gradient descent through a compiled graph, the update fused into its code."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import engine
from nn.optim.schedules import check_rate


def compiled_sgd(
    compiled: engine.Compiled, samples: Iterable[Sequence[float]], learning_rate: float
) -> list[float]:
    """One pass of per-sample gradient descent on `compiled`'s one output (a loss).

    For each sample in turn: p -= learning_rate * d loss/dp for every parameter, the same
    arithmetic as a backward pass and `SGD.step()` (a weight whose upstream gradient is 0
    is left as it is). Returns each sample's loss, before its step. The parameters keep
    every step taken, even when a later sample fails.
    """
    if not isinstance(compiled, engine.Compiled):
        raise TypeError(
            f"compiled_sgd needs an engine.compile(...) result, got {type(compiled).__name__}"
        )
    rate = check_rate(learning_rate, "learning_rate")
    step = compiled.sgd_step()
    parameters = compiled.parameters
    values = [p.data for p in parameters]
    losses: list[float] = []
    inputs: Sequence[float] = ()
    try:
        for sample in samples:
            inputs = compiled.checked_inputs(sample)
            outputs, values = step(inputs, values, rate)
            losses.append(outputs[0])
    except (ArithmeticError, ValueError) as error:
        explained = compiled.explained(error, inputs, values)
        raise type(explained)(f"sample {len(losses)}: {explained}") from None
    finally:
        for parameter, value in zip(parameters, values):
            parameter.data = value
    return losses
