"""Compiled graphs (`engine.compile`) against PyTorch eager (CPU, float64, one thread).

Per-sample SGD runs through `nn.compiled_sgd`, full-batch gradient descent through the numpy
batch mode (`Compiled.batch`). PyTorch is written the way its tutorials write it: nn.Linear
layers, a loss, backward, an optimizer step.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import itertools
import math
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import engine
import nn
from benchmarks.engine_workloads import micrograd_value, mlp_data, train_micrograd_mlp
from benchmarks.harness import Comparison, best_time, race
from engine import Value

DATA = Path(__file__).resolve().parent.parent / "demos" / "data"
SHARED_DATA = Path("/work/shared/data")
TORCH_MISSING = "PyTorch not installed (pip install '.[bench]'): skipped"

Layers = list[list[tuple[list[Value], Value]]]


def mlp(sizes: Sequence[int], seed: int = 0) -> tuple[Layers, list[Value]]:
    """Weights for an MLP of these sizes (He-style scale) and the flat parameter list."""
    rng = random.Random(seed)
    layers = [
        [
            ([Value(rng.gauss(0.0, (2.0 / n_in) ** 0.5)) for _ in range(n_in)], Value(0.0))
            for _ in range(n_out)
        ]
        for n_in, n_out in itertools.pairwise(sizes)
    ]
    return layers, [p for layer in layers for ws, b in layer for p in (*ws, b)]


def forward(layers: Layers, inputs: Sequence[Value]) -> list[Value]:
    """ReLU hidden layers, a linear output layer: one engine.dot node per neuron."""
    h = list(inputs)
    for depth, layer in enumerate(layers):
        h = [engine.dot(ws, h, b) for ws, b in layer]
        if depth < len(layers) - 1:
            h = [v.relu() for v in h]
    return h


def squared_error(layers: Layers, n_inputs: int) -> Callable[..., Value]:
    """loss(x_1..x_n, y) = (model(x) - y) ** 2 for one sample."""
    return lambda *xs: (forward(layers, xs[:n_inputs])[0] - xs[n_inputs]) ** 2


def cross_entropy(layers: Layers, n_inputs: int) -> Callable[..., Value]:
    """loss(x, one-hot y) = log(sum_k exp(z_k)) - sum_k y_k z_k, z the logits."""

    def loss(*xs: Value) -> Value:
        logits = forward(layers, xs[:n_inputs])
        return engine.sum([z.exp() for z in logits]).log() - engine.dot(xs[n_inputs:], logits)

    return loss


def digits(limit: int | None = None) -> tuple[list[list[float]], list[int]]:
    """The 1,797 8x8 digit images (pixels scaled to [0, 1]) and their labels."""
    path = DATA / "digits.csv.gz"
    if not path.exists():
        path = SHARED_DATA / "digits.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as file:
        rows = [[float(cell) for cell in row] for row in csv.reader(file)]
    rows = rows[:limit]
    return [[p / 16.0 for p in row[:64]] for row in rows], [int(row[64]) for row in rows]


def houses() -> tuple[list[list[float]], list[float]]:
    """Sacramento house sales: beds, baths, sqft, distance to centre -> price, standardized."""
    path = DATA / "sacramento_houses.csv"
    if not path.exists():
        path = SHARED_DATA / "sacramento_houses.csv"
    with path.open(encoding="utf-8") as file:
        records = list(csv.DictReader(file))
    columns = ["beds", "baths", "sqft", "distance_to_center_km"]
    features = _standardized([[float(r[c]) for c in columns] for r in records])
    prices = _standardized([[float(r["price"])] for r in records])
    return features, [row[0] for row in prices]


def vending_machine(samples: int = 50, seed: int = 3) -> tuple[list[list[float]], list[float]]:
    """Cans sold against temperature and hour of day: 50 days, two features, standardized."""
    rng = random.Random(seed)
    rows = [[rng.uniform(5.0, 35.0), rng.uniform(8.0, 20.0)] for _ in range(samples)]
    sales = [[2.0 * t + 0.5 * h + rng.gauss(0.0, 3.0)] for t, h in rows]
    return _standardized(rows), [row[0] for row in _standardized(sales)]


def _standardized(rows: list[list[float]]) -> list[list[float]]:
    columns = list(zip(*rows))
    means = [sum(c) / len(c) for c in columns]
    spreads = [
        math.sqrt(sum((x - m) ** 2 for x in c) / len(c)) or 1.0 for c, m in zip(columns, means)
    ]
    return [[(x - m) / s for x, m, s in zip(row, means, spreads)] for row in rows]


# Per-sample SGD.


class CompiledTraining:
    """A loss compiled once (compiling is not timed), then trained from the same start."""

    def __init__(self, loss: Callable[..., Value], example: list[float], parameters: list[Value]):
        start = time.perf_counter()
        self.parameters = parameters
        self.initial = [p.data for p in parameters]
        self.loss = engine.compile(loss, example, parameters, differentiate_inputs=False)
        self.loss.sgd_step()  # generate the fused SGD step now
        self.compile_seconds = time.perf_counter() - start

    def sgd(self, samples: list[list[float]], epochs: int, lr: float) -> float:
        """Per-sample SGD from the initial parameters; the last sample's loss."""
        for p, value in zip(self.parameters, self.initial):
            p.data = value
        losses = [0.0]
        for _ in range(epochs):
            losses = nn.compiled_sgd(self.loss, samples, lr)
        return losses[-1]


def torch_mlp(torch: Any, sizes: Sequence[int]) -> Any:
    torch.manual_seed(0)
    modules: list[Any] = []
    for n_in, n_out in itertools.pairwise(sizes):
        modules += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    return torch.nn.Sequential(*modules[:-1]).double()


def torch_sgd(
    torch: Any, sizes: Sequence[int], inputs: Any, targets: Any, epochs: int, lr: float, loss: Any
) -> float:
    """PyTorch eager, one sample a step: zero_grad, forward, loss, backward, step."""
    model = torch_mlp(torch, sizes)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    value = torch.zeros(())
    for _ in range(epochs):
        for x, y in zip(inputs, targets):
            optimizer.zero_grad()
            value = loss(model(x), y)
            value.backward()
            optimizer.step()
    return float(value.detach())


# Full-batch gradient descent.


class CompiledFullBatch:
    """Full-batch gradient descent on mean squared error with the numpy batch mode."""

    def __init__(self, sizes: Sequence[int], features: list[list[float]], targets: list[float]):
        import numpy as np

        layers, self.parameters = mlp(sizes)
        self.initial = [p.data for p in self.parameters]
        self.rows = np.column_stack([np.array(features), np.array(targets)])
        self.loss = engine.compile(
            squared_error(layers, sizes[0]),
            self.rows[0].tolist(),
            self.parameters,
            differentiate_inputs=False,
        )
        self.loss.batch(self.rows[:1])  # generate the numpy code now: compiling is not timed

    def descend(self, steps: int, lr: float) -> float:
        """`steps` steps from the initial parameters; the last mean loss."""
        for p, value in zip(self.parameters, self.initial):
            p.data = value
        mean_loss = 0.0
        for _ in range(steps):
            result = self.loss.batch(self.rows)
            for p, g in zip(self.parameters, result.parameters.tolist()):
                p.data -= lr * g
            mean_loss = float(result.outputs.mean())
        return mean_loss


def torch_full_batch(
    torch: Any, sizes: Sequence[int], features: Any, targets: Any, steps: int, lr: float
) -> float:
    model = torch_mlp(torch, sizes)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    value = torch.zeros(())
    for _ in range(steps):
        optimizer.zero_grad()
        value = torch.nn.functional.mse_loss(model(features), targets)
        value.backward()
        optimizer.step()
    return float(value.detach())


# The digits demo's training: accuracy within a time budget.


def train_digits(budget: float = 10.0, lr: float = 0.05) -> tuple[float, float, int]:
    """MLP 64-32-10 per-sample SGD on 1,437 images, epochs until 95% test accuracy or the
    budget is spent. Returns (training seconds, test accuracy, epochs)."""
    images, labels = digits()
    order = list(range(len(images)))
    random.Random(0).shuffle(order)
    train, test = order[:1437], order[1437:]
    samples = [images[i] + [float(labels[i] == k) for k in range(10)] for i in train]
    layers, parameters = mlp([64, 32, 10])
    step = engine.compile(
        cross_entropy(layers, 64), samples[0], parameters, differentiate_inputs=False
    )
    predict = engine.compile(lambda *xs: forward(layers, xs), images[0], parameters)
    shuffler = random.Random(1)
    seconds, accuracy, epochs = 0.0, 0.0, 0
    while seconds < budget and accuracy < 0.95:
        start = time.perf_counter()
        shuffler.shuffle(samples)
        nn.compiled_sgd(step, samples, lr)
        seconds += time.perf_counter() - start
        epochs += 1
        correct = 0
        for i in test:
            logits = predict.forward(*images[i])
            correct += logits.index(max(logits)) == labels[i]
        accuracy = correct / len(test)
    return seconds, accuracy, epochs


def compare(quick: bool) -> list[Comparison]:
    """Every compiled workload against PyTorch eager (and micrograd where the issue asks)."""
    repeats = 1 if quick else 5
    epochs = 10 if quick else 100
    micrograd = None  # timed first, like rows 2 and 5: later in the run it measured slower
    if micrograd_value() is not None:
        micrograd = best_time(lambda: train_micrograd_mlp(epochs), repeats)
    torch: Any  # the module, or None: typed alike whether or not torch is installed
    try:
        torch = importlib.import_module("torch")
    except ImportError:
        torch = None
        print(f"note: {TORCH_MISSING}")
    else:
        torch.set_num_threads(1)
        _warm_up(torch)
    results = []

    small = [[*x, y] for x, y in mlp_data()]
    layers, parameters = mlp([2, 8, 8, 1])
    training = CompiledTraining(squared_error(layers, 2), small[0], parameters)
    reference = None
    if torch is not None:
        xs = [torch.tensor(s[:2], dtype=torch.float64) for s in small]
        ys = [torch.tensor(s[2:], dtype=torch.float64) for s in small]
        mse = torch.nn.functional.mse_loss
        reference = _bind(torch_sgd, torch, [2, 8, 8, 1], xs, ys, epochs, 0.01, mse)
    ours, theirs = race(_bind(training.sgd, small, epochs, 0.01), reference, repeats)
    shape = (
        f"MLP 2-8-8-1 per-sample SGD, 50 samples x {epochs} epochs "
        f"(compiled; compiling {training.compile_seconds:.2f} s not counted)"
    )
    results.append(
        Comparison(f"7. {shape}", "PyTorch eager", ours, theirs, "s", 10.0, TORCH_MISSING)
    )
    results.append(
        Comparison(
            f"7b. {shape}",
            "micrograd",
            ours,
            micrograd,
            "s",
            note="not installed (pip install '.[bench]')",
        )
    )

    images, labels = digits(500)
    samples = [
        image + [float(label == k) for k in range(10)] for image, label in zip(images, labels)
    ]
    layers, parameters = mlp([64, 32, 10])
    training = CompiledTraining(cross_entropy(layers, 64), samples[0], parameters)
    reference = None
    if torch is not None:
        xs = [torch.tensor(image, dtype=torch.float64) for image in images]
        ys = [torch.tensor([label]) for label in labels]

        def cross_entropy_loss(logits: Any, label: Any) -> Any:
            return torch.nn.functional.cross_entropy(logits.unsqueeze(0), label)

        reference = _bind(torch_sgd, torch, [64, 32, 10], xs, ys, 1, 0.05, cross_entropy_loss)
    ours, theirs = race(_bind(training.sgd, samples, 1, 0.05), reference, repeats)
    results.append(
        Comparison(
            "8. MLP 64-32-10 per-sample SGD, 500 digits, 1 epoch (compiled; compiling "
            f"{training.compile_seconds:.2f} s not counted)",
            "PyTorch eager",
            ours,
            theirs,
            "s",
            1.0,
            TORCH_MISSING,
        )
    )

    steps = 20 if quick else 200
    for label, (features, targets), sizes in [
        ("9a. full-batch GD, vending machine 50x2 -> 1 linear", vending_machine(), [2, 1]),
        ("9b. full-batch GD, house prices 932x4 -> 1 linear", houses(), [4, 1]),
        ("9c. full-batch GD, house prices 932x4 -> 8 -> 1 MLP", houses(), [4, 8, 1]),
    ]:
        descent = CompiledFullBatch(sizes, features, targets)
        reference = None
        if torch is not None:
            x = torch.tensor(features, dtype=torch.float64)
            y = torch.tensor(targets, dtype=torch.float64).unsqueeze(1)
            reference = _bind(torch_full_batch, torch, sizes, x, y, steps, 0.05)
        ours, theirs = race(_bind(descent.descend, steps, 0.05), reference, repeats)
        results.append(
            Comparison(
                f"{label}, {steps} steps (numpy batch mode)",
                "PyTorch full-batch",
                ours,
                theirs,
                "s",
                1 / 3,
                TORCH_MISSING,
            )
        )

    seconds, accuracy, epochs = train_digits(budget=2.0 if quick else 10.0)
    results.append(
        Comparison(
            f"10. digits MLP 64-32-10, 1,437 images: {accuracy:.1%} test accuracy after "
            f"{epochs} epochs (target >= 95% within 10 s)",
            "the 10 s budget",
            seconds if accuracy >= 0.95 else math.inf,
            10.0,
            "s",
            1.0,
        )
    )
    return results


def _bind(function: Callable[..., float], *arguments: Any) -> Callable[[], float]:
    """function(*arguments) to call later: the loop's current values, not its last ones."""
    return lambda: function(*arguments)


def _warm_up(torch: Any) -> None:
    """One tiny run of each PyTorch path, so that no timing includes its first-call setup."""
    x, y = torch.zeros(1, 2, dtype=torch.float64), torch.zeros(1, 1, dtype=torch.float64)
    torch_full_batch(torch, [2, 1], x, y, 2, 0.1)
    torch_sgd(torch, [2, 1], list(x), list(y), 1, 0.1, torch.nn.functional.mse_loss)
    logits_loss = torch.nn.functional.cross_entropy
    torch_sgd(
        torch,
        [2, 2],
        [torch.zeros(1, 2, dtype=torch.float64)],
        [torch.tensor([0])],
        1,
        0.1,
        logits_loss,
    )
