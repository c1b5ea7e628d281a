"""What every demo is run with: its training settings (the shared flags) and where pictures go."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from engine import Value
from nn import optim, samples
from nn.optim import Optimizer


@dataclass(frozen=True)
class Training:
    """How a demo trains its models: `--epochs --lr --optimizer --batch-size`."""

    epochs: int
    lr: float
    optimizer: str
    batch_size: int | None
    """None: the whole training set in every step (batch gradient descent)."""

    def overridden(self, args: argparse.Namespace) -> Training:
        """These settings with the flags the user gave (flags left out are None)."""
        given = {
            name: getattr(args, name)
            for name in ("epochs", "lr", "optimizer", "batch_size")
            if getattr(args, name, None) is not None
        }
        if given.get("batch_size") == FULL_BATCH:
            given["batch_size"] = None
        return replace(self, **given)

    def describe(self) -> str:
        batch = "full batch" if self.batch_size is None else f"batches of {self.batch_size}"
        return f"{self.optimizer}, lr {self.lr:g}, {self.epochs} epochs, {batch}"


FULL_BATCH = 0
"""What `--batch-size full` parses to: one step per epoch over the whole training set."""


@dataclass(frozen=True)
class RunOptions:
    """Everything a demo's `main` needs: training settings, seed, output folder, quick mode."""

    training: Training
    seed: int
    out: Path
    quick: bool
    """A smoke run (fewer epochs, or a subset of the data) for tests and a first look."""


def make_optimizer(training: Training, params: Iterable[Value]) -> Optimizer:
    """The optimizer `--optimizer` names, at `--lr` (nn.optim's table of names)."""
    return optim.make_optimizer(training.optimizer, params, training.lr)


def positive_int(text: str) -> int:
    """A command-line option's text as a positive int (`nn.samples.positive_int` checks it)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    try:
        return samples.positive_int(number, text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1") from None


def positive_float(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} must be a positive, finite number")
    return number


def batch_size(text: str) -> int:
    """A positive number of samples per step, or 'full' (the whole training set)."""
    return FULL_BATCH if text == "full" else positive_int(text)


class UsageError(ValueError):
    """A flag's value that only the demo can judge (e.g. --predict's feature names)."""
