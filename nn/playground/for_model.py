"""`nn.playground(model, X, y, path)`: the playground page for your model and your data."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from pathlib import Path

from nn.layers import MLP
from nn.playground.dataset import MAX_POINTS, Dataset
from nn.playground.page import (
    ACTIVATION_KERNELS,
    MAX_HIDDEN_LAYERS,
    MAX_NEURONS,
    OPTIMIZERS,
    playground_page,
)
from nn.samples import as_rows, plain


def playground(
    model: MLP,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    path: str | Path = "playground.html",
    *,
    name: str = "your data",
    columns: tuple[str, str, str] = ("x1", "x2", "y"),
    loss: str | None = None,
    optimizer: str = "sgd",
    lr: float = 0.1,
    batch_size: int | None = 10,
    test_fraction: float = 0.5,
    seed: int = 0,
    standardize: bool = False,
    classroom: bool = False,
) -> Path:
    """Write the playground for `model` (an `nn.MLP` with 2 inputs) and your data.

    X: rows of two numbers (x1, x2); y: the classes 0 and 1 (classification, with one output
    for mse or two logits for cross_entropy) or numbers (regression, one output). The page
    starts from the model's own weights; Reset goes back to them.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"playground shows an nn.MLP, got {type(model).__name__}")
    if model.nin != 2:
        raise ValueError(
            f"the playground's model reads x1 and x2: build it with nn.MLP(2, ...), not "
            f"{model.nin} inputs"
        )
    hidden, out = model.layers[:-1], model.layers[-1]
    if len(hidden) > MAX_HIDDEN_LAYERS or any(layer.nout > MAX_NEURONS for layer in hidden):
        raise ValueError(
            f"the playground draws up to {MAX_HIDDEN_LAYERS} hidden layers of up to "
            f"{MAX_NEURONS} neurons: this model has {[layer.nout for layer in hidden]}"
        )
    for layer in model.layers:
        if not layer.bias or (
            layer.activation not in ACTIVATION_KERNELS and layer.activation != "linear"
        ):
            raise ValueError(
                f"the playground's layers have biases and one of the activations "
                f"{', '.join([*ACTIVATION_KERNELS, 'linear'])}: {layer!r} has not"
            )
    _check_settings(optimizer, lr, batch_size, test_fraction, seed)
    rows = as_rows(X, "X", 2)
    if len(rows) > MAX_POINTS:
        raise ValueError(f"the playground shows up to {MAX_POINTS} points, got {len(rows)}")
    targets = [_number(t, i) for i, t in enumerate(plain(y))]
    if len(targets) != len(rows):
        raise ValueError(f"X has {len(rows)} samples but y has {len(targets)} targets")
    classification = all(t in (0.0, 1.0) for t in targets) and out.nout in (1, 2)
    if out.nout not in (1, 2) or (out.nout == 2 and not classification):
        raise ValueError(
            "the playground's model ends in one output (regression, or classes 0/1 with mse) "
            f"or two logits (classes 0/1 with cross_entropy), not {out.nout}"
        )
    chosen_loss = loss or ("cross_entropy" if out.nout == 2 else "mse")
    if (chosen_loss == "cross_entropy") != (out.nout == 2):
        wanted = "two outputs" if chosen_loss == "cross_entropy" else "one output"
        raise ValueError(f"loss {chosen_loss!r} needs {wanted}; this model has {out.nout}")
    state = {
        "data": "0",
        "layers": ",".join(f"{layer.nout}.{layer.activation}" for layer in hidden),
        "output": out.activation,
        "loss": chosen_loss,
        "optimizer": optimizer,
        "lr": lr,
        "batch": "batch" if batch_size is None else str(batch_size),
        "ratio": round(100 * (1.0 - test_fraction)),
        "seed": seed,
        "features": "x1,x2",
        "classroom": 1 if classroom else 0,
    }
    dataset = Dataset(name, rows, targets, classification, columns, "", standardize)
    page = playground_page(
        [dataset], state, [p.data for p in model.parameters()], title="chainrule playground"
    )
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


def _number(t: object, row: int) -> float:
    if isinstance(t, bool) or not isinstance(t, numbers.Real) or not math.isfinite(t):
        raise ValueError(f"y[{row}] must be a finite number, got {t!r}")
    return float(t)


def _check_settings(
    optimizer: str, lr: float, batch_size: int | None, test_fraction: float, seed: int
) -> None:
    """The page's settings, or a ValueError naming the one it cannot take and what it takes."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}: choose one of {', '.join(OPTIMIZERS)}")
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not 0.0 < lr <= 100.0:
        raise ValueError(f"lr must be a number above 0 and at most 100, got {lr!r}")
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
    ):
        raise ValueError(f"batch_size must be a positive int or None (all), got {batch_size!r}")
    if not isinstance(test_fraction, numbers.Real) or not 0.1 <= test_fraction <= 0.9:
        raise ValueError(f"test_fraction must be from 0.1 to 0.9, got {test_fraction!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= 999_999:
        raise ValueError(f"seed must be an int from 0 to 999999, got {seed!r}")
