"""Hand-written digits: an MLP 64 -> 32 -> 10 trained with softmax cross-entropy.

Beyond the tutorials' regression: ten classes, one output (logit) per class; the predicted
digit is the largest logit. Pixels (0..16) are scaled to 0..1.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import nn
from demos import plots
from demos.datasets import DIGIT_PIXELS, load_digits
from demos.options import RunOptions, Training, make_optimizer
from demos.report import format_table
from nn.data import train_test_split
from nn.metrics import accuracy, argmax, confusion_matrix

NAME = "digits"
SUMMARY = "hand-written digits: MLP 64 -> 32 -> 10 with softmax cross-entropy (about 6 s)"
DEFAULTS = Training(epochs=15, lr=0.005, optimizer="adam", batch_size=32)
QUICK = Training(epochs=3, lr=0.01, optimizer="adam", batch_size=16)
HIDDEN = 32
CLASSES = 10
TEST_FRACTION = 0.2
QUICK_IMAGES = 300
"""--quick trains on this many images only (and tests on the usual 20%)."""


@dataclass
class DigitsResult:
    train_size: int
    test_size: int
    history: nn.History
    train_seconds: float
    test_accuracy: float
    confusion: list[list[int]]
    """confusion[i][j]: test images of digit i predicted as j."""
    pictures: list[Path]


def run(options: RunOptions) -> DigitsResult:
    images, labels = load_digits()
    pixels = [[value / 16 for value in image] for image in images]
    X_train, X_test, y_train, y_test = train_test_split(
        pixels, labels, test_size=TEST_FRACTION, seed=options.seed
    )
    if options.quick:
        X_train, y_train = X_train[:QUICK_IMAGES], y_train[:QUICK_IMAGES]
    model = nn.MLP(DIGIT_PIXELS, [HIDDEN, CLASSES], activation="relu", seed=options.seed)
    started = time.perf_counter()
    history = nn.fit(
        model,
        X_train,
        y_train,
        loss="cross_entropy",
        optimizer=make_optimizer(options.training, model.parameters()),
        epochs=options.training.epochs,
        batch_size=options.training.batch_size,
        seed=options.seed,
        progress=False,
    )
    seconds = time.perf_counter() - started
    logits = cast(list[list[float]], model.predict(X_test))  # one list of 10 per image
    predicted = [argmax(scores) for scores in logits]
    confusion = confusion_matrix(y_test, predicted, num_classes=CLASSES)
    result = DigitsResult(
        len(X_train),
        len(X_test),
        history,
        seconds,
        accuracy(y_test, predicted),
        confusion,
        pictures=[],
    )
    result.pictures = [
        plots.plot_loss_curves(
            options.out / "digits_loss.svg",
            "Digits: cross-entropy",
            {"training loss": {"MLP 64 -> 32 -> 10": (history.train_loss, [])}},
        ),
        plots.plot_confusion_matrix(
            options.out / "digits_confusion.svg",
            confusion,
            f"Digits: {result.test_accuracy:.1%} of {len(X_test)} test images right",
        ),
    ]
    return result


def report(result: DigitsResult, training: Training) -> str:
    losses = result.history.train_loss
    summary = format_table(
        f"Digits: MLP {DIGIT_PIXELS} -> {HIDDEN} -> {CLASSES}, softmax cross-entropy, "
        f"{result.train_size} training / {result.test_size} test images\n"
        f"    ({training.describe()})",
        ["measure", "value"],
        [
            ["cross-entropy, first epoch", f"{losses[0]:.3f}"],
            ["cross-entropy, last epoch", f"{losses[-1]:.3f}"],
            ["test accuracy", f"{result.test_accuracy:.1%}"],
            ["training time", f"{result.train_seconds:.1f} s"],
        ],
    )
    confusion = format_table(
        "Confusion matrix (rows: true digit, columns: predicted digit)",
        ["true", *map(str, range(CLASSES))],
        [[str(digit), *map(str, row)] for digit, row in enumerate(result.confusion)],
    )
    return f"{summary}\n{confusion}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Digits has no flags of its own."""


def main(options: RunOptions, args: argparse.Namespace) -> list[Path]:
    result = run(options)
    print(report(result, options.training))
    return result.pictures
