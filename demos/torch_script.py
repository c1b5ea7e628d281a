"""`--torch-script FILE`: the PyTorch script of each model a demo trains, written just before
it trains (so it holds the initial weights), by `nn.export.torch_source`."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nn
import nn.export
from nn.losses import Loss
from nn.optim import Optimizer


def script_path(first: Path, number: int) -> Path:
    """FILE for the demo's first model, FILE's stem with .2, .3, ... for the next ones."""
    return first if number == 1 else first.with_name(f"{first.stem}.{number}{first.suffix}")


@contextmanager
def torch_scripts(first: Path | None) -> Iterator[list[Path]]:
    """While active, every `nn.fit` first writes its PyTorch script; yields the paths written."""
    written: list[Path] = []
    if first is None:
        yield written
        return
    fit = nn.fit

    def write_then_fit(
        model: nn.Module,
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
    ) -> nn.History:
        if isinstance(seed, random.Random):
            raise TypeError("--torch-script needs fit's seed as an int (or None), not a Random")
        source = nn.export.torch_source(
            model, X, y, loss, optimizer, epochs, batch_size, shuffle, seed
        )
        path = script_path(first, len(written) + 1)
        path.write_text(source, encoding="utf-8")
        written.append(path)
        return fit(
            model, X, y, loss, optimizer, epochs, batch_size, shuffle, seed, tol, validation,
            progress, compiled,
        )  # fmt: skip

    nn.fit = write_then_fit
    try:
        yield written
    finally:
        nn.fit = fit
