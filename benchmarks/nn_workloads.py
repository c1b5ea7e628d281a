"""The nn library's workloads: the engine benchmark's MLP training, written with `nn`."""

from __future__ import annotations

from benchmarks.engine_workloads import micrograd_value, mlp_data, train_micrograd_mlp
from benchmarks.harness import Comparison, best_time
from nn import MLP, fit
from nn.losses import mse
from nn.optim import SGD


def train_nn_mlp_with_fit(epochs: int, lr: float = 0.01) -> float:
    """MLP 2 -> 8 -> 8 -> 1 (ReLU), per-sample SGD, through nn.fit: what a user writes."""
    data = mlp_data()
    model = MLP(2, [8, 8, 1], seed=0)
    history = fit(
        model,
        [list(x) for x, _ in data],
        [y for _, y in data],
        loss="mse",
        optimizer=SGD(model.parameters(), lr=lr),
        epochs=epochs,
        batch_size=1,
        shuffle=False,
        progress=False,
    )
    return history.train_loss[-1]


def train_nn_mlp_by_hand(epochs: int, lr: float = 0.01) -> float:
    """The same training as a hand-written loop over nn.MLP, nn.losses.mse and nn.optim.SGD."""
    model = MLP(2, [8, 8, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=lr)
    loss = mse(0.0, 0.0)
    for _ in range(epochs):
        for x, y in mlp_data():
            optimizer.zero_grad()
            loss = mse(model(x), y)
            loss.backward()
            optimizer.step()
    return loss.data


def compare(quick: bool) -> list[Comparison]:
    """Both nn trainings against micrograd's nn.MLP; micrograd's side skipped if missing."""
    installed = micrograd_value() is not None
    repeats = 1 if quick else 3
    epochs = 10 if quick else 100
    theirs = best_time(lambda: train_micrograd_mlp(epochs), repeats) if installed else None
    shape = f"MLP 2-8-8-1 per-sample SGD, 50 samples x {epochs} epochs"
    missing = "not installed (pip install '.[bench]')"
    return [
        Comparison(
            f"5. {shape} (nn.fit)",
            "micrograd nn.MLP",
            best_time(lambda: train_nn_mlp_with_fit(epochs), repeats),
            theirs,
            "s",
            target=6.0,
            note=missing,
        ),
        Comparison(
            f"6. {shape} (nn.MLP + nn.optim.SGD, hand loop)",
            "micrograd nn.MLP",
            best_time(lambda: train_nn_mlp_by_hand(epochs), repeats),
            theirs,
            "s",
            target=6.0,
            note=missing,
        ),
    ]
