"""The playground: a page that trains a small network live in the browser, one file.

`python -m demos playground [--out DIR] [--data circle] [--layers 4,2] ...` writes
playground.html into DIR: the 2-D data sets made in the page, and two real ones from
demos/data (the vending machine's bottles from visitors and temperature; Saratoga house
prices from living area and age). Open it from file://; it needs no network.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from demos.datasets import DATA_DIR, load_vending_machine
from demos.options import RunOptions, UsageError
from nn.data import load_csv
from nn.playground import Dataset, playground_page
from nn.playground.page import ACTIVATION_KERNELS, MAX_HIDDEN_LAYERS, MAX_NEURONS, OPTIMIZERS

NAME = "playground"
SUMMARY = "a page that trains a network live in your browser and steps through its chain rule"

DATA_CHOICES = ["circle", "xor", "gauss", "spiral", "plane", "bumps", "vending", "houses"]
ACTIVATION_CHOICES = [*ACTIVATION_KERNELS, "linear"]
REAL_DATA = {"vending": "0", "houses": "1"}
"""The real data sets' places in the page's list (after the six it makes itself)."""


def real_datasets() -> list[Dataset]:
    """The vending machine and the Saratoga houses, two features each (see demos/data)."""
    days = load_vending_machine()
    vending = Dataset(
        "Vending machine",
        [[v, t] for v, t in zip(days.visitors, days.temperature_c)],
        days.bottles_sold,
        classification=False,
        columns=("visitors", "temperature_c", "bottles_sold"),
        source="demos/data/vending_machine.csv, 50 synthetic museum days (standardised)",
    )
    X, prices = load_csv(
        DATA_DIR / "saratoga_houses.csv", features=["livingArea", "age"], target="price"
    )
    houses = Dataset(
        "House prices",
        X[:500],
        prices[:500],
        classification=False,
        columns=("livingArea", "age", "price"),
        source="demos/data/saratoga_houses.csv, first 500 of 1728 sales in Saratoga County, "
        "NY, 2006 (mosaicData; standardised)",
    )
    return [vending, houses]


def page_state(args: argparse.Namespace, seed: int) -> dict[str, object]:
    """The page's starting settings (the same keys its URL hash holds) from the flags."""
    sizes = [part for part in args.layers.split(",") if part.strip()]
    try:
        neurons = [int(part) for part in sizes]
    except ValueError:
        raise UsageError(f"--layers takes sizes like 4,2, got {args.layers!r}") from None
    if len(neurons) > MAX_HIDDEN_LAYERS or not all(1 <= n <= MAX_NEURONS for n in neurons):
        raise UsageError(
            f"--layers takes up to {MAX_HIDDEN_LAYERS} hidden layers of 1 to {MAX_NEURONS} "
            f"neurons, got {args.layers!r}"
        )
    if args.batch != "batch" and not (args.batch.isdigit() and int(args.batch) >= 1):
        raise UsageError(
            f"--batch takes 1, a mini-batch size like 10, or batch; got {args.batch!r}"
        )
    return {
        "data": REAL_DATA.get(args.data, args.data),
        "layers": ",".join(f"{n}.{args.activation}" for n in neurons),
        "loss": args.loss,
        "optimizer": args.optimizer,
        "lr": args.lr,
        "batch": args.batch,
        "seed": seed,
        "classroom": 1 if args.classroom else 0,
    }


def write(out: Path, state: dict[str, object]) -> Path:
    path = out / "playground.html"
    path.write_text(playground_page(real_datasets(), state), encoding="utf-8")
    return path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The page's starting settings; everything can be changed in the page too."""
    parser.add_argument("--data", choices=DATA_CHOICES, default="circle", help="(default: circle)")
    parser.add_argument(
        "--layers", default="4,2", metavar="SIZES", help="hidden layer sizes (default: 4,2)"
    )
    parser.add_argument(
        "--activation", choices=ACTIVATION_CHOICES, default="tanh", help="(default: tanh)"
    )
    parser.add_argument(
        "--loss",
        choices=["cross_entropy", "mse"],
        default="cross_entropy",
        help="(default: cross_entropy; regression data uses mse)",
    )
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default="sgd", help="(default: sgd)")
    parser.add_argument("--lr", type=float, default=0.1, help="learning rate (default: 0.1)")
    parser.add_argument(
        "--batch",
        default="10",
        metavar="N|batch",
        help="samples per step: 1 (stochastic), N (mini-batch) or batch (default: 10)",
    )
    parser.add_argument(
        "--classroom", action="store_true", help="open with the settings hidden (classroom mode)"
    )


def main(options: RunOptions, args: argparse.Namespace) -> list[Path]:
    """`python -m demos playground`: write the page into --out."""
    path = write(options.out, page_state(args, options.seed))
    print(f"wrote {path}: open it in a browser and press Play")
    return [path]
