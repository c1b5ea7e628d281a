"""The engine's workloads, run on chainrule and on micrograd 0.1.0 with the same numbers."""

from __future__ import annotations

import itertools
import random
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks.harness import Comparison, best_time, race
from engine import Value, dot

GRAPH_NODES = 100_000
CHAIN_DEPTH = 1_000_000


def mlp_data(samples: int = 50, seed: int = 1) -> list[tuple[tuple[float, float], float]]:
    """A small regression set: y = sin-like bump of two inputs, for per-sample SGD."""
    rng = random.Random(seed)
    data = []
    for _ in range(samples):
        x1, x2 = rng.uniform(-2.0, 2.0), rng.uniform(-2.0, 2.0)
        data.append(((x1, x2), 0.5 * x1 * x2 - 0.3 * x1 + 0.1))
    return data


def random_graph(value: Callable[[float], Any], nodes: int, seed: int = 0) -> tuple[Any, int]:
    """A random graph of +, * and relu with about `nodes` nodes, in layers of 1,000.

    Layered (depth about nodes / 1000 + 10) so that micrograd's recursive sort can run it.
    Returns the root and the exact number of nodes made.
    """
    rng = random.Random(seed)
    width = 1000
    layer = [value(rng.uniform(-1.0, 1.0)) for _ in range(width)]
    made = width
    while made + 2 * width < nodes:
        next_layer = []
        for _ in range(width):
            a, b = rng.choice(layer), rng.choice(layer)
            kind = rng.randrange(3)
            next_layer.append(a + b if kind == 0 else a * b if kind == 1 else a.relu())
        layer = next_layer
        made += width
    while len(layer) > 1:  # a balanced sum: shallow, for the recursive sort
        pairs = [layer[i] + layer[i + 1] for i in range(0, len(layer) - 1, 2)]
        layer = pairs + ([layer[-1]] if len(layer) % 2 else [])
        made += len(pairs)
    return layer[0], made


def train_chainrule_mlp(epochs: int, lr: float = 0.01) -> float:
    """MLP 2 -> 8 -> 8 -> 1 (ReLU), per-sample SGD, written with Values and engine.dot."""
    rng = random.Random(0)
    sizes = [2, 8, 8, 1]
    layers = [
        [([Value(rng.uniform(-1, 1)) for _ in range(n_in)], Value(0.0)) for _ in range(n_out)]
        for n_in, n_out in itertools.pairwise(sizes)
    ]
    params = [p for layer in layers for ws, b in layer for p in (*ws, b)]
    loss = Value(0.0)
    for _ in range(epochs):
        for x, y in mlp_data():
            h = [Value(v) for v in x]
            for depth, layer in enumerate(layers):
                h = [dot(ws, h, b) for ws, b in layer]
                if depth < len(layers) - 1:
                    h = [v.relu() for v in h]
            loss = (h[0] - y) ** 2
            loss.backward()
            for p in params:
                p.data -= lr * p.grad
                p.grad = 0.0
    return loss.data


def train_micrograd_mlp(epochs: int, lr: float = 0.01) -> float:
    """The same training with micrograd's own nn.MLP."""
    from micrograd.nn import MLP

    random.seed(0)
    model = MLP(2, [8, 8, 1])
    loss = None
    for _ in range(epochs):
        for x, y in mlp_data():
            loss = (model(list(x)) - y) ** 2
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
    return float(loss.data) if loss is not None else 0.0


def bytes_per_node(value: Callable[[float], Any]) -> float:
    """Memory held by a built random graph, per node (tracemalloc)."""
    tracemalloc.start()
    root, made = random_graph(value, GRAPH_NODES)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del root
    return held / made


def deep_chain(value: Callable[[float], Any]) -> None:
    x = value(1.0)
    out = x
    for _ in range(CHAIN_DEPTH):
        out = out * 1.0
    out.backward()


def micrograd_value() -> Callable[[float], Any] | None:
    try:
        from micrograd.engine import Value as MicrogradValue
    except ImportError:
        return None
    return MicrogradValue  # type: ignore[no-any-return]


def compare(quick: bool) -> list[Comparison]:
    """Every engine workload on both engines; micrograd's side is skipped if not installed."""
    theirs = micrograd_value()
    missing = "not installed (pip install '.[bench]')"
    repeats = 1 if quick else 5
    results = []

    def graph(value: Callable[[float], Any]) -> Callable[[], None]:
        return lambda: random_graph(value, GRAPH_NODES)[0].backward()

    ours, reference = race(graph(Value), None if theirs is None else graph(theirs), repeats)
    results.append(
        Comparison(
            f"1. build + backward, random {GRAPH_NODES:,}-node graph",
            "micrograd",
            ours,
            reference,
            "s",
            note=missing,
        )
    )
    epochs = 10 if quick else 100
    ours, reference = race(
        lambda: train_chainrule_mlp(epochs),
        None if theirs is None else lambda: train_micrograd_mlp(epochs),
        repeats,
    )
    results.append(
        Comparison(
            f"2. MLP 2-8-8-1 per-sample SGD, 50 samples x {epochs} epochs (Values)",
            "micrograd",
            ours,
            reference,
            "s",
            target=6.0,
            note=missing,
        )
    )
    results.append(
        Comparison(
            "3. memory per graph node",
            "micrograd",
            bytes_per_node(Value),
            None if theirs is None else bytes_per_node(theirs),
            "bytes",
            target=4.0,
            note=missing,
        )
    )
    results.append(_deep_chain_comparison(theirs))
    return results


def _deep_chain_comparison(theirs: Callable[[float], Any] | None) -> Comparison:
    ours = best_time(lambda: deep_chain(Value), 1)
    note = "not installed (pip install '.[bench]')"
    if theirs is not None:
        try:
            deep_chain(theirs)
            note = "completed"
        except RecursionError:
            note = f"RecursionError (its sort recurses; limit {sys.getrecursionlimit()})"
    return Comparison(
        f"4. backward of a {CHAIN_DEPTH:,}-deep chain", "micrograd", ours, None, "s", note=note
    )
