"""`nn.fit`'s batch step through `engine.compile`: the same numbers as Values, far faster.

The step traces `loss([model(x) for x in batch], targets)` once per batch shape and replays
it as generated code. Number targets are inputs of the trace; class indices (ints) shape
the graph (they pick a logit), so each distinct set of them gets its own trace. For the
built-in losses, a batch's loss is the mean (sse: the sum) of its samples' losses, so only
one sample is traced (per class index) and a batch replays it once per sample: the code
stays small and the traces few, whatever the batch size. When the
model or the loss cannot be traced (it reads `.data`, or uses a Value outside
`model.parameters()`), the step falls back to building Values, so results never change.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import engine
from engine import CompileError, Value
from nn.batch_step import BatchStep
from nn.losses import BATCH_REDUCTIONS, Loss
from nn.module import Module

MAX_TRACES = 32
"""Distinct batch shapes (sizes and class indices) traced before new ones go uncompiled."""


def compiled_batch_step(
    model: Module, loss: Loss, params: list[Value], eager: BatchStep
) -> BatchStep:
    """A BatchStep equal to `eager` (same loss, same `.grad`s) that replays compiled graphs."""
    traces: dict[Hashable, engine.Compiled | None] = {}
    untraceable = False

    reduction = BATCH_REDUCTIONS.get(loss)  # None for a user's loss: trace whole batches

    def step(inputs: list[list[float]], targets: list[Any]) -> float:
        if reduction is not None and len(inputs) > 1:
            return sample_by_sample(inputs, targets)
        return whole_batch(inputs, targets)

    def sample_by_sample(inputs: list[list[float]], targets: list[Any]) -> float:
        """The batch as the mean (or sum) of one-sample traces, gradients scaled alike."""
        saved = [p.grad for p in params]
        scale = 1.0 if reduction == "sum" else 1.0 / len(inputs)
        total = 0.0
        for p in params:
            p.grad = 0.0
        for x, t in zip(inputs, targets):
            total += whole_batch([x], [t])
        value = total * scale
        finite = math.isfinite(value)
        for p, earlier in zip(params, saved):  # a non-finite loss is reported, not applied
            p.grad = earlier + p.grad * scale if finite else earlier
        return value

    def whole_batch(inputs: list[list[float]], targets: list[Any]) -> float:
        nonlocal untraceable
        if untraceable:
            return eager(inputs, targets)
        numbers: list[float] = []
        try:
            shape = (len(inputs), tuple(_target_shape(t, numbers) for t in targets))
            compiled = traces.get(shape)
        except TypeError:  # a target that cannot key a trace: leave it to Values
            return eager(inputs, targets)
        if compiled is None:
            if shape in traces or len(traces) >= MAX_TRACES:
                return eager(inputs, targets)
            try:
                compiled = _trace(model, loss, params, inputs, targets, numbers)
            except (CompileError, ValueError, ArithmeticError):
                untraceable = not traces  # the very first trace failed: the model can't be
                traces[shape] = None
                return eager(inputs, targets)
            traces[shape] = compiled
        flat = [x for row in inputs for x in row]
        flat += numbers
        try:
            outputs, _, gradients = compiled.forward_backward(flat, [p.data for p in params])
        except (ArithmeticError, ValueError):
            return eager(inputs, targets)  # raises as eager does
        value: float = outputs[0]
        if math.isfinite(value):  # a non-finite loss is reported, not differentiated
            for p, gradient in zip(params, gradients):
                p.grad += gradient
        return value

    return step


def _trace(
    model: Module,
    loss: Loss,
    params: list[Value],
    inputs: list[list[float]],
    targets: list[Any],
    numbers: list[float],
) -> engine.Compiled:
    sizes = [len(row) for row in inputs]

    def batch_loss(*flat: Value) -> Value:
        rows, start = [], 0
        for size in sizes:
            rows.append(list(flat[start : start + size]))
            start += size
        wanted = iter(flat[start:])
        wanted_targets = [_with_values(t, wanted) for t in targets]
        if len(rows) == 1:  # as the eager step calls it: one prediction and one target
            value = loss(model(rows[0]), wanted_targets[0])
        else:
            value = loss([model(x) for x in rows], wanted_targets)
        if not isinstance(value, Value):
            raise CompileError(f"the loss returned {type(value).__name__}, not a Value")
        return value

    example = [x for row in inputs for x in row] + numbers
    return engine.compile(batch_loss, example, params, differentiate_inputs=False)


def _target_shape(target: Any, numbers: list[float]) -> Hashable:
    """What of `target` shapes the graph: class indices as they are, a marker for each
    number (collected into `numbers`, the trace's inputs)."""
    if isinstance(target, float):
        numbers.append(target)
        return float
    if isinstance(target, list | tuple):
        return tuple(_target_shape(t, numbers) for t in target)
    return (type(target), target)


def _with_values(target: Any, numbers: Any) -> Any:
    """`target` with each float replaced by the next traced Value."""
    if isinstance(target, float):
        return next(numbers)
    if isinstance(target, list | tuple):
        return type(target)(_with_values(t, numbers) for t in target)
    return target
