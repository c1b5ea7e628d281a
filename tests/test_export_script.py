"""nn.export.torch_source: the generated PyTorch script, run, ends with nn.fit's weights."""

import ast
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from export_support import need

import nn
import nn.export
from nn import optim

TOLERANCE = 1e-10
"""Every weight after training, script against nn.fit (measured: about 1e-15)."""


def data(loss: str, nin: int, nout: int, count: int = 13) -> tuple[list, list]:
    """Samples and targets of the kind `loss` takes."""
    rng = random.Random(7)
    X = [[rng.uniform(-1.5, 1.5) for _ in range(nin)] for _ in range(count)]
    if loss == "cross_entropy":
        return X, [rng.randrange(nout) for _ in X]
    if loss in ("binary_cross_entropy", "binary_cross_entropy_with_logits"):
        return X, [[float(rng.random() < 0.5) for _ in range(nout)] for _ in X]
    if loss == "hinge":
        return X, [[rng.choice([-1.0, 1.0]) for _ in range(nout)] for _ in X]
    return X, [[rng.uniform(-1.0, 1.0) for _ in range(nout)] for _ in X]


CASES = {
    "sgd, full batch, mse": ("relu", "linear", "mse", lambda p: optim.SGD(p, lr=0.1), None),
    "nesterov, weight decay, mini-batches, sse": (
        "tanh", "linear", "sse",
        lambda p: optim.SGD(p, lr=0.02, momentum=0.9, nesterov=True, weight_decay=0.01), 4,
    ),
    "adagrad, one sample, mae": (
        "leaky_relu", "linear", "mae", lambda p: optim.AdaGrad(p, lr=0.05, weight_decay=0.01), 1,
    ),
    "rmsprop, step decay, cross entropy": (
        "sigmoid", "linear", "cross_entropy",
        lambda p: optim.RMSProp(p, lr=optim.StepDecay(0.01, factor=0.5, every=3)), 5,
    ),
    "adam, exponential decay, bce on sigmoid": (
        "relu", "sigmoid", "binary_cross_entropy",
        lambda p: optim.Adam(p, lr=optim.ExponentialDecay(0.02, rate=0.9), weight_decay=0.01), 3,
    ),
    "adamw, bce with logits": (
        "tanh", "linear", "binary_cross_entropy_with_logits", lambda p: optim.AdamW(p, lr=0.02), 6,
    ),
    "sgd, custom schedule, hinge, step hidden": (
        "step", "linear", "hinge", lambda p: optim.SGD(p, lr=lambda epoch: 0.1 / (1 + epoch)), 2,
    ),
}  # fmt: skip


def run_script(source: str, tmp_path: Path) -> dict[str, list]:
    script, weights = tmp_path / "train.py", tmp_path / "weights.json"
    script.write_text(source, encoding="utf-8")
    subprocess.run(
        [sys.executable, str(script), str(weights)], check=True, capture_output=True, cwd=tmp_path
    )
    return json.loads(weights.read_text(encoding="utf-8"))


def largest_difference(model: nn.MLP, trained: dict[str, list]) -> float:
    """max |chainrule weight - script weight|, pairing Linear layers with nn's in order."""
    weight_keys = sorted((k for k in trained if k.endswith(".weight")), key=lambda k: int(k[0]))
    largest = 0.0
    for layer, key in zip(model.layers, weight_keys, strict=True):
        bias = trained.get(key.replace("weight", "bias"))
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                largest = max(largest, abs(w.data - trained[key][j][i]))
            if neuron.b is not None:
                largest = max(largest, abs(neuron.b.data - bias[j]))
    return largest


@pytest.mark.parametrize("case", list(CASES))
def test_script_trains_the_same_weights_as_fit(case, tmp_path) -> None:
    need("torch")
    activation, output, loss, make_optimizer, batch_size = CASES[case]
    nout = 3 if loss == "cross_entropy" else 2
    X, y = data(loss, 3, nout)
    model = nn.MLP(3, [5, nout], activation, output, seed=11)
    if activation == "step":  # start with every hidden neuron's bias just away from 0
        for neuron in model.layers[0].neurons:
            neuron.b.data = 0.1
    epochs = 8
    source = nn.export.torch_source(
        model, X, y, loss, make_optimizer(model.parameters()), epochs, batch_size, seed=5
    )
    trained = run_script(source, tmp_path)
    nn.fit(
        model, X, y, loss, make_optimizer(model.parameters()), epochs, batch_size,
        seed=5, progress=False,
    )  # fmt: skip
    assert largest_difference(model, trained) < TOLERANCE


def test_script_without_shuffle_keeps_the_order(tmp_path) -> None:
    need("torch")
    X, y = data("mse", 2, 1)
    model = nn.MLP(2, [4, 1], seed=1)
    source = nn.export.torch_source(model, X, y, "mse", "adam", 5, 2, shuffle=False)
    trained = run_script(source, tmp_path)
    nn.fit(model, X, y, "mse", "adam", 5, 2, shuffle=False, progress=False)
    assert largest_difference(model, trained) < TOLERANCE


def test_script_imports_only_torch_and_the_standard_library() -> None:
    X, y = data("mse", 2, 1)
    source = nn.export.torch_source(nn.MLP(2, [3, 1], activation="step", seed=0), X, y)
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported == {"json", "random", "sys", "torch"}


def test_script_refuses_a_custom_loss() -> None:
    def squared(prediction, target):
        return (prediction - target) ** 2

    with pytest.raises(ValueError, match="custom loss function 'squared'"):
        nn.export.torch_source(nn.MLP(1, [1], seed=0), [[1.0]], [2.0], loss=squared)


def test_script_refuses_an_optimizer_that_already_stepped() -> None:
    model = nn.MLP(1, [1], seed=0)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    optimizer.step()
    with pytest.raises(ValueError, match="already taken 1 steps"):
        nn.export.torch_source(model, [[1.0]], [2.0], optimizer=optimizer)


def test_script_refuses_an_optimizer_it_cannot_write() -> None:
    class Halving(optim.SGD):
        pass

    model = nn.MLP(1, [1], seed=0)
    with pytest.raises(ValueError, match="cannot write the optimizer Halving"):
        nn.export.torch_source(model, [[1.0]], [2.0], optimizer=Halving(model.parameters(), 0.1))


def test_script_refuses_a_custom_activation() -> None:
    model = nn.MLP(1, [2, 1], activation=lambda v: v.exp(), seed=0)
    with pytest.raises(ValueError, match="custom function '<lambda>'"):
        nn.export.torch_source(model, [[1.0]], [2.0])


def test_script_refuses_non_finite_data() -> None:
    with pytest.raises(ValueError, match=r"X row 1, column 0 is nan: fit needs finite numbers"):
        nn.export.torch_source(nn.MLP(1, [1], seed=0), [[1.0], [float("nan")]], [1.0, 2.0])
