"""Issue 10's rows: the eager engine as a learner uses it, against micrograd in one run.

Each row is written the way a learner writes it by hand: Value arithmetic for the loss,
`backward()`, a manual update; micrograd runs its own loop on the same numbers.
"""

from __future__ import annotations

import gc
import random
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks.engine_workloads import micrograd_value, mlp_data, random_graph
from benchmarks.harness import Comparison, race
from engine import Value
from nn import MLP

DAG_NODES = 100_000
CHAIN_DEPTH = 1_000_000
MISSING = "not installed (pip install '.[bench]')"


def train_learner_mlp(epochs: int, lr: float = 0.01) -> float:
    """MLP 2 -> 8 -> 8 -> 1 (ReLU), per-sample SGD, the loss and update written by hand."""
    model = MLP(2, [8, 8, 1], seed=0)
    data = mlp_data()
    loss = Value(0.0)
    for _ in range(epochs):
        for x, y in data:
            loss = sum((o - t) ** 2 for o, t in zip([model(x)], [y]))  # type: ignore[operator, misc, assignment]
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
    return loss.data


def train_micrograd_learner_mlp(epochs: int, lr: float = 0.01) -> float:
    """The same loop on micrograd's own nn.MLP, as its README writes it."""
    from micrograd.nn import MLP as MicrogradMLP

    random.seed(0)
    model = MicrogradMLP(2, [8, 8, 1])
    data = mlp_data()
    loss: Any = None
    for _ in range(epochs):
        for x, y in data:
            loss = sum((o - t) ** 2 for o, t in zip([model(list(x))], [y]))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
    return float(loss.data)


def timed_backward(build: Callable[[], Any]) -> Callable[[], float]:
    """A workload that builds a graph untimed, then returns the seconds its backward takes."""

    def run() -> float:
        root = build()
        gc.collect()
        start = time.perf_counter()
        root.backward()
        return time.perf_counter() - start

    return run


def chain(value: Callable[[float], Any], depth: int) -> Any:
    """x = x * 0.9999 + 0.001, `depth` times: a chain of 2 * depth nodes."""
    x = value(1.0)
    for _ in range(depth):
        x = x * 0.9999 + 0.001
    return x


def peak_bytes_per_node(value: Callable[[float], Any]) -> float:
    """tracemalloc's peak over building the random DAG and its backward, per node."""
    gc.collect()
    tracemalloc.start()
    root, made = random_graph(value, DAG_NODES)
    root.backward()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / made


def race_backward(
    ours: Callable[[], float], theirs: Callable[[], float] | None, repeats: int
) -> tuple[float, float | None]:
    """Best backward times of two workloads run in turns (each times only its backward)."""
    best_ours, best_theirs = float("inf"), float("inf")
    for _ in range(repeats):
        best_ours = min(best_ours, ours())
        if theirs is not None:
            best_theirs = min(best_theirs, theirs())
    return best_ours, None if theirs is None else best_theirs


def with_deep_recursion(run: Callable[[], float]) -> Callable[[], float]:
    """`run` in a thread with a big stack and recursion limit: micrograd's sort recurses."""

    def wrapped() -> float:
        result: list[float] = []
        limit = sys.getrecursionlimit()
        size = threading.stack_size(1 << 30)
        sys.setrecursionlimit(10 * CHAIN_DEPTH)
        try:
            thread = threading.Thread(target=lambda: result.append(run()))
            thread.start()
            thread.join()
        finally:
            sys.setrecursionlimit(limit)
            threading.stack_size(size)
        return result[0] if result else float("nan")

    return wrapped


def compare(quick: bool) -> list[Comparison]:
    """Issue 10's four rows, each with micrograd's side in the same run."""
    theirs = micrograd_value()
    repeats = 1 if quick else 5
    epochs = 10 if quick else 100
    results = []
    ours_time, theirs_time = race(
        lambda: train_learner_mlp(epochs),
        None if theirs is None else lambda: train_micrograd_learner_mlp(epochs),
        repeats,
    )
    results.append(
        Comparison(
            f"E1. MLP 2-8-8-1, 50 samples x {epochs} epochs, per-sample SGD, Value-arithmetic "
            "loss, manual update",
            "micrograd",
            ours_time,
            theirs_time,
            "s",
            target=8.0,
            note=MISSING,
        )
    )

    def dag(value: Callable[[float], Any]) -> Callable[[], float]:
        return timed_backward(lambda: random_graph(value, DAG_NODES)[0])

    ours_time, theirs_time = race_backward(
        dag(Value), None if theirs is None else dag(theirs), repeats
    )
    results.append(
        Comparison(
            f"E2. backward of a random {DAG_NODES:,}-node DAG (+, *, relu)",
            "micrograd",
            ours_time,
            theirs_time,
            "s",
            target=2.2,
            note=MISSING,
        )
    )
    depth = CHAIN_DEPTH // 10 if quick else CHAIN_DEPTH

    def deep(value: Callable[[float], Any]) -> Callable[[], float]:
        return timed_backward(lambda: chain(value, depth))

    ours_time, theirs_time = race_backward(
        deep(Value),
        None if theirs is None else with_deep_recursion(deep(theirs)),
        1 if quick else 2,
    )
    results.append(
        Comparison(
            f"E3. backward of a {depth:,}-deep chain x = x*0.9999 + 0.001 (< 1 s wanted)",
            "micrograd (recursion limit raised)",
            ours_time,
            theirs_time,
            "s",
            target=2.0,
            note=MISSING,
        )
    )
    results.append(
        Comparison(
            f"E4. bytes per node, build + backward of the {DAG_NODES:,}-node DAG "
            "(tracemalloc peak)",
            "micrograd",
            peak_bytes_per_node(Value),
            None if theirs is None else peak_bytes_per_node(theirs),
            "bytes",
            target=4.5,
            note=MISSING,
        )
    )
    return results


def main() -> None:
    """`python -m benchmarks.eager_workloads [--quick]`: only these rows."""
    for comparison in compare("--quick" in sys.argv):
        print(comparison.line(), flush=True)


if __name__ == "__main__":
    main()
