"""`nn.fit`: the training loop: batches, loss, backward, optimizer step, History.

One batch's "loss and gradients" is a single swappable function (`BatchStep`), so another
way of computing gradients (a compiled graph) can plug in without touching the loop.
"""

from __future__ import annotations

import math
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from engine import Value, no_grad
from nn.batch_step import BatchStep, graph_batch_step
from nn.compiled_step import compiled_batch_step
from nn.history import History, TrainingDiverged
from nn.init import make_rng
from nn.losses import Loss, resolve_loss
from nn.module import Module
from nn.optim import Optimizer, make_optimizer
from nn.samples import as_rows, as_targets, positive_int


def fit(
    model: Module,
    X: Sequence[Sequence[float]] | Sequence[float],
    y: Sequence[Any],
    loss: str | Loss = "mse",
    optimizer: Optimizer | str = "sgd",
    epochs: int = 100,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int | random.Random | None = None,
    tol: float | None = None,
    validation: tuple[Sequence[Any], Sequence[Any]] | None = None,
    progress: bool = True,
    compiled: bool = True,
) -> History:
    """Train `model` on samples X (rows of features) with targets y; return the History.

    X: a list of rows of numbers (a list of numbers for a one-input model). y: one target per
    row: a number, a list of numbers (several outputs), or a class index (cross_entropy).
    `loss`: a name from `nn.losses` ("mse", "cross_entropy", ...) or a function
    (predictions, targets) -> Value. `optimizer`: an `nn.optim` optimizer, or a name ("sgd",
    "adam", ...) for one with default settings over `model.parameters()`.
    `batch_size`: None for batch gradient descent, 1 for stochastic, k for mini-batches (the
    loss is the mean over the batch). `tol`: stop once no weight moves more than `tol` in an
    epoch. `validation`: (X_val, y_val), evaluated after each epoch. Raises TrainingDiverged
    when the loss or a parameter becomes NaN or infinite, with the parameters restored to
    the last values whose loss was finite (checked after every step, the last one too).
    `compiled`: compute each batch's loss and gradients with `engine.compile` (traced once
    per batch shape, the same numbers as Values) where the model and loss can be traced;
    False builds Values for every batch. A model whose forward pass draws random numbers
    or keeps state between calls must pass False.

    Examples:
        >>> import nn
        >>> model = nn.Neuron(1, seed=0)
        >>> optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
        >>> X, y = [[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0]
        >>> history = nn.fit(model, X, y, optimizer=optimizer, epochs=300, progress=False)
        >>> [round(p.data, 2) for p in model.parameters()]  # y = 2x + 1
        [2.0, 1.0]
    """
    rows = as_rows(X, "X", getattr(model, "nin", None))
    targets = as_targets(y, len(rows), "y", "X")
    check = _checked_validation(validation, getattr(model, "nin", None))
    loss_fn = resolve_loss(loss)
    params = model.parameters()
    optimizer = make_optimizer(optimizer, params)
    _check_optimizer_covers(optimizer, params)
    epochs = positive_int(epochs, "epochs")
    size = (
        len(rows) if batch_size is None else min(positive_int(batch_size, "batch_size"), len(rows))
    )
    if tol is not None and not (isinstance(tol, int | float) and tol >= 0.0):
        raise ValueError(f"tol must be a non-negative number or None, got {tol!r}")
    step = graph_batch_step(model, loss_fn)
    if compiled:
        step = compiled_batch_step(model, loss_fn, params, step)
    return _train(
        step,
        lambda inputs, wanted: _evaluate(model, loss_fn, inputs, wanted),
        optimizer,
        params,
        rows,
        targets,
        epochs,
        size,
        shuffle,
        make_rng(seed),
        tol,
        check,
        _progress_bar(epochs, progress),
    )


def _train(
    step: BatchStep,
    evaluate: Callable[[list[list[float]], list[Any]], float],
    optimizer: Optimizer,
    params: list[Value],
    rows: list[list[float]],
    targets: list[Any],
    epochs: int,
    batch_size: int,
    shuffle: bool,
    rng: random.Random,
    tol: float | None,
    validation: tuple[list[list[float]], list[Any]] | None,
    bar: Any,
) -> History:
    history = History()
    order = list(range(len(rows)))
    last_sane = _snapshot(params, "before training")
    """The latest parameters whose loss came out finite: what divergence puts back."""
    try:
        for epoch in range(1, epochs + 1):
            started = time.perf_counter()
            at_start = [p.data for p in params]
            if shuffle:
                rng.shuffle(order)
            total, gradient_norm = 0.0, 0.0
            starts = range(0, len(order), batch_size)
            for number, start in enumerate(starts, 1):
                batch = order[start : start + batch_size]
                before_step = [p.data for p in params]
                optimizer.zero_grad()
                try:
                    batch_loss = step([rows[i] for i in batch], [targets[i] for i in batch])
                except OverflowError as error:  # the engine refuses to overflow silently
                    _restore(params, last_sane)
                    raise TrainingDiverged(
                        epoch, number, f"a value overflowed ({error})", optimizer.lr, history
                    ) from error
                except (ArithmeticError, ValueError) as error:
                    if epoch == 1 and number == 1:
                        raise  # the untouched model fails: a mistake in it, not divergence
                    # Updated weights drove a value out of an op's domain (log(0) after an
                    # overflow to inf, say): the training failed, not the model.
                    _restore(params, last_sane)
                    raise TrainingDiverged(
                        epoch,
                        number,
                        f"an op became undefined at the values reached ({error})",
                        optimizer.lr,
                        history,
                    ) from error
                if not math.isfinite(batch_loss):
                    _restore(params, last_sane)
                    raise TrainingDiverged(
                        epoch, number, f"the loss became {batch_loss!r}", optimizer.lr, history
                    )
                last_sane = before_step
                if number == len(starts):
                    gradient_norm = math.sqrt(math.fsum(p.grad * p.grad for p in params))
                optimizer.step()
                if not all(math.isfinite(p.data) for p in params):
                    _restore(params, last_sane)
                    raise TrainingDiverged(
                        epoch,
                        number,
                        "the update made a parameter infinite or nan",
                        optimizer.lr,
                        history,
                    )
                total += batch_loss * len(batch)
            change = max(abs(p.data - before) for p, before in zip(params, at_start))
            history.train_loss.append(total / len(rows))
            history.learning_rate.append(optimizer.lr)
            history.gradient_norm.append(gradient_norm)
            history.weight_change.append(change)
            if validation is not None:
                history.validation_loss.append(evaluate(*validation))
            history.epoch_time.append(time.perf_counter() - started)
            optimizer.next_epoch()
            _show(bar, history)
            if tol is not None and change < tol:
                history.stopped_early = epoch < epochs
                break
        final = _final_loss(step, params, rows, targets, batch_size)
        if final is not None:
            _restore(params, last_sane)
            raise TrainingDiverged(history.epochs, len(starts), final, optimizer.lr, history)
    finally:
        if bar is not None:
            bar.close()
    return history


def _final_loss(
    step: BatchStep,
    params: list[Value],
    rows: list[list[float]],
    targets: list[Any],
    batch_size: int,
) -> str | None:
    """What went wrong with the trained parameters' loss, or None when it is finite.

    The last step's update is only judged by the loss it leads to: parameters can be finite
    yet so large that every prediction overflows.
    """
    grads = [p.grad for p in params]
    try:
        for start in range(0, len(rows), batch_size):
            stop = start + batch_size
            loss = step(rows[start:stop], targets[start:stop])
            if not math.isfinite(loss):
                return f"the trained parameters give a loss of {loss!r}"
    except OverflowError as error:
        return f"the trained parameters overflow the loss ({error})"
    except (ArithmeticError, ValueError) as error:
        return f"the trained parameters take a value out of an op's domain ({error})"
    finally:
        for p, grad in zip(params, grads):
            p.grad = grad
    return None


def _evaluate(model: Module, loss: Loss, inputs: list[list[float]], targets: list[Any]) -> float:
    with no_grad():
        return loss([model(x) for x in inputs], targets).data


def _snapshot(params: list[Value], when: str) -> list[float]:
    values = [p.data for p in params]
    for p, value in zip(params, values):
        if not math.isfinite(value):
            raise ValueError(
                f"parameter {p.label or '?'} is {value!r} {when}: reinitialise the model"
            )
    return values


def _restore(params: list[Value], values: list[float]) -> None:
    for p, value in zip(params, values):
        p.data = value


def _progress_bar(epochs: int, wanted: bool) -> Any:
    """A tqdm bar over epochs, only when asked, on a terminal, and not under CI."""
    if not wanted or os.environ.get("CI") or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=epochs, desc="training", unit="epoch", leave=True)


def _show(bar: Any, history: History) -> None:
    if bar is None:
        return
    shown = {"loss": f"{history.train_loss[-1]:.4g}"}
    if history.validation_loss:
        shown["validation"] = f"{history.validation_loss[-1]:.4g}"
    bar.set_postfix(shown, refresh=False)
    bar.update(1)


def _checked_validation(
    validation: Any, nin: int | None
) -> tuple[list[list[float]], list[Any]] | None:
    if validation is None:
        return None
    if not isinstance(validation, tuple | list) or len(validation) != 2:
        raise ValueError("validation must be a pair (X_val, y_val)")
    rows = as_rows(validation[0], "X_val", nin)
    return rows, as_targets(validation[1], len(rows), "y_val", "X_val")


def _check_optimizer_covers(optimizer: Optimizer, params: list[Value]) -> None:
    owned = {id(p) for p in optimizer.params}
    if not any(id(p) in owned for p in params):
        raise ValueError(
            "the optimizer updates none of this model's parameters: create it with "
            "model.parameters() of the model you are training"
        )
