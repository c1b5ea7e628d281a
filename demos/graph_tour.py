"""A tour of one neuron's graph: its picture, its backward pass step by step, an HTML stepper.

`python -m demos graph-tour [--out DIR]` (or `python -m demos.graph_tour [DIR]`) writes
neuron.svg and backprop.html there (./chainrule-out/ by default) and prints the chain rule
one node at a time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import engine
from demos.options import RunOptions
from engine import Value

NAME = "graph-tour"
SUMMARY = "one neuron's graph: its picture, its backward pass step by step, an HTML stepper"


def neuron() -> Value:
    """out = tanh(w1*x1 + w2*x2 + b), every leaf labelled."""
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2, b = Value(-3.0, "w1"), Value(1.0, "w2"), Value(6.8813735870195432, "b")
    n = w1 * x1 + w2 * x2 + b
    n.label = "n"
    out = n.tanh()
    out.label = "out"
    return out


def tour(output_dir: Path) -> list[Path]:
    """Print the graph and its backward steps; write the picture and the stepper page."""
    output_dir.mkdir(parents=True, exist_ok=True)
    out = neuron()
    stepper = engine.stepper(out, output_dir / "backprop.html", title="A neuron: tanh(w.x + b)")
    engine.explain(out)
    print()
    for step in out.backward_steps():
        print(step)
    picture = engine.draw(out, title="out = tanh(w1*x1 + w2*x2 + b)").save(
        output_dir / "neuron.svg"
    )
    print(f"\nwrote {picture} and {stepper} (open it in a browser, press Next)")
    return [picture, stepper]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The graph tour has no flags of its own."""


def main(options: RunOptions, args: argparse.Namespace) -> list[Path]:
    """`python -m demos graph-tour`: the tour, written into --out."""
    return tour(options.out)


def standalone_main(argv: list[str] | None = None) -> None:
    """`python -m demos.graph_tour [OUTPUT_DIR]`, kept for those who ran it that way."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir", nargs="?", type=Path, default=Path("chainrule-out"))
    tour(parser.parse_args(argv).output_dir)


if __name__ == "__main__":
    standalone_main()
