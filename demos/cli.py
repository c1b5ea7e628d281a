"""`python -m demos [DEMO] [flags]`: pick demos, parse the shared flags, run, list the pictures.

With no DEMO it runs the default demos (vending machine, house prices, digits) in turn.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from demos import digits, graph_tour, house_prices, playground, vending_machine
from demos.options import (
    RunOptions,
    Training,
    UsageError,
    batch_size,
    positive_float,
    positive_int,
)
from demos.torch_script import torch_scripts
from nn import TrainingDiverged, optim

DEFAULT_OUT = Path("chainrule-out")
NO_TRAINING = Training(epochs=0, lr=0.0, optimizer="sgd", batch_size=None)
"""What a demo that trains nothing (graph-tour) is given; it never reads it."""


@dataclass(frozen=True)
class Demo:
    """One runnable demo: its name on the command line and what it does by default."""

    name: str
    summary: str
    defaults: Training | None
    """None: the demo trains nothing, so it takes no training flags."""
    quick: Training | None
    add_arguments: Callable[[argparse.ArgumentParser], None]
    main: Callable[[RunOptions, argparse.Namespace], list[Path]]
    in_default_run: bool

    @classmethod
    def from_module(cls, module: ModuleType, in_default_run: bool) -> Demo:
        return cls(
            module.NAME,
            module.SUMMARY,
            getattr(module, "DEFAULTS", None),
            getattr(module, "QUICK", None),
            module.add_arguments,
            module.main,
            in_default_run,
        )


DEMOS = {
    demo.name: demo
    for demo in (
        Demo.from_module(vending_machine, in_default_run=True),
        Demo.from_module(house_prices, in_default_run=True),
        Demo.from_module(digits, in_default_run=True),
        Demo.from_module(graph_tour, in_default_run=False),
        Demo.from_module(playground, in_default_run=False),
    )
}


def add_shared_flags(parser: argparse.ArgumentParser, demo: Demo | None) -> None:
    """The flags every demo takes. On a demo's own parser they default to SUPPRESS, so flags
    given before the demo's name (`python -m demos --seed 3 digits`) are kept."""
    unset = argparse.SUPPRESS if demo else None

    def default(field: str) -> str:
        if demo is None:
            return "each demo's own"
        value = getattr(demo.defaults, field)
        return "full" if value is None else str(value)

    if demo is None or demo.defaults is not None:
        add_training_flags(parser, unset, default)
    parser.add_argument(
        "--seed",
        type=int,
        default=argparse.SUPPRESS if demo else 0,
        help="seed for data splits, weights and shuffling (default: 0)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=argparse.SUPPRESS if demo else DEFAULT_OUT,
        metavar="DIR",
        help=f"where pictures are written (default: ./{DEFAULT_OUT}/)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        default=argparse.SUPPRESS if demo else False,
        help="a quick smoke run: fewer epochs and less data",
    )
    if demo is not None and demo.defaults is not None:  # a demo that trains models
        parser.add_argument(
            "--torch-script",
            type=Path,
            default=None,
            metavar="FILE",
            help="also write a PyTorch script that trains the same model the same way "
            "(FILE.2.py, ... for the demo's further models)",
        )


def add_training_flags(
    parser: argparse.ArgumentParser, unset: str | None, default: Callable[[str], str]
) -> None:
    """`--epochs --lr --optimizer --batch-size`: only for demos that train a model."""
    parser.add_argument(
        "--epochs",
        type=positive_int,
        default=unset,
        help=f"passes over the training data (default: {default('epochs')})",
    )
    parser.add_argument(
        "--lr", type=positive_float, default=unset, help=f"learning rate (default: {default('lr')})"
    )
    parser.add_argument(
        "--optimizer",
        choices=list(optim.OPTIMIZERS),
        default=unset,
        help=f"momentum is SGD with momentum 0.9 (default: {default('optimizer')})",
    )
    parser.add_argument(
        "--batch-size",
        type=batch_size,
        default=unset,
        metavar="N|full",
        help=f"samples per step, or full (default: {default('batch_size')})",
    )


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The main parser, and each demo's own (whose `error` reports that demo's usage)."""
    defaults = ", ".join(d.name for d in DEMOS.values() if d.in_default_run)
    parser = DemosParser(
        prog="python -m demos",
        description="chainrule's demos: gradient descent fitting real examples. "
        f"Without DEMO, runs {defaults}.",
    )
    parser.add_argument("--list", action="store_true", help="list the demos and exit")
    add_shared_flags(parser, None)
    subparsers = parser.add_subparsers(dest="demo", metavar="DEMO", title="demos")
    demo_parsers: dict[str, argparse.ArgumentParser] = {}
    for demo in DEMOS.values():
        sub = subparsers.add_parser(demo.name, help=demo.summary, description=demo.summary)
        add_shared_flags(sub, demo)
        demo.add_arguments(sub)
        demo_parsers[demo.name] = sub
    return parser, demo_parsers


def list_demos() -> str:
    width = max(len(name) for name in DEMOS)
    lines = [
        f"{demo.name.ljust(width)}  {demo.summary}"
        + ("" if demo.in_default_run else " (not in the default run)")
        for demo in DEMOS.values()
    ]
    usage = "Run one with `python -m demos NAME`; its flags: `python -m demos NAME --help`."
    return "\n".join([*lines, "", usage])


class DemosParser(argparse.ArgumentParser):
    """argparse's parser, whose complaint about an unknown DEMO suggests the closest names."""

    def error(self, message: str) -> NoReturn:
        unknown = re.match(r"argument DEMO: invalid choice: '(.*)' \(", message)
        if unknown:
            close = difflib.get_close_matches(unknown[1], DEMOS, n=2, cutoff=0.5)
            hint = f"did you mean {' or '.join(close)}? " if close else ""
            message = (
                f"there is no demo {unknown[1]!r}: {hint}"
                f"`python -m demos --list` lists them ({', '.join(DEMOS)})"
            )
        super().error(message)


def prepare_out(out: Path, parser: argparse.ArgumentParser) -> None:
    """Create `--out` before any training, or exit naming the folder and the fix."""
    if out.exists() and not out.is_dir():
        parser.error(f"--out {out} is a file, not a folder: give a folder (it is created)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        parser.error(f"cannot create --out folder {out} ({error.strerror}): choose another")
    if not os.access(out, os.W_OK | os.X_OK):
        parser.error(f"cannot write in --out folder {out}: choose a folder you can write to")


def main(argv: Sequence[str] | None = None) -> int:
    parser, demo_parsers = build_parser()
    args, unrecognized = parser.parse_known_args(argv)
    own_parser = demo_parsers[args.demo] if args.demo else parser
    if unrecognized:
        own_parser.error(f"unrecognized arguments: {' '.join(unrecognized)}")
    if args.list:
        print(list_demos())
        return 0
    chosen = [DEMOS[args.demo]] if args.demo else [d for d in DEMOS.values() if d.in_default_run]
    out: Path = args.out
    prepare_out(out, own_parser)
    started = time.perf_counter()
    pictures: list[Path] = []
    for demo in chosen:
        base = demo.quick if args.quick else demo.defaults
        training = base.overridden(args) if base else NO_TRAINING
        options = RunOptions(training, args.seed, out, args.quick)
        try:
            with torch_scripts(getattr(args, "torch_script", None)) as scripts:
                pictures += demo.main(options, args)
            if scripts:
                print(f"PyTorch scripts: {', '.join(map(str, scripts))}")
        except (UsageError, TrainingDiverged) as error:
            demo_parsers[demo.name].error(str(error))  # exits with status 2, as argparse does
        except KeyboardInterrupt:
            written = f"; pictures already written are in {out}/" if pictures else ""
            print(f"\nInterrupted during {demo.name}{written}.", file=sys.stderr)
            return 130  # 128 + SIGINT, as shells report a Ctrl-C
    print(f"Pictures in {out}/: {', '.join(p.name for p in pictures)}")
    print(f"Done in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
