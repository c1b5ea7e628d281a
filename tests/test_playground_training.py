"""The playground trains in the browser exactly as nn trains in Python: same seed, same
sample order, every weight equal to 1e-9 after whole epochs."""

from __future__ import annotations

import math

import pytest
from playground_support import Browser, browser

import nn
from nn import optim
from nn.playground.page import OPTIMIZERS as PAGE_OPTIMIZERS

__all__ = ["browser"]

OPTIMIZERS = {
    "sgd": lambda params, lr, l2: optim.SGD(params, lr=lr, weight_decay=l2),
    "momentum": lambda params, lr, l2: optim.SGD(params, lr=lr, momentum=0.9, weight_decay=l2),
    "adagrad": lambda params, lr, l2: optim.AdaGrad(params, lr=lr, weight_decay=l2),
    "rmsprop": lambda params, lr, l2: optim.RMSProp(params, lr=lr, weight_decay=l2),
    "adam": lambda params, lr, l2: optim.Adam(params, lr=lr, weight_decay=l2),
}

CASES = [
    # data, hidden layers, activation, output, loss, optimizer, lr, batch, L2, epochs
    ("circle", [4, 3], "tanh", "linear", "mse", "sgd", 0.03, "1", 0.0, 2),
    ("xor", [5], "relu", "linear", "cross_entropy", "momentum", 0.01, "5", 0.0, 3),
    ("gauss", [3, 3], "sigmoid", "linear", "cross_entropy", "adam", 0.01, "batch", 0.0, 4),
    ("plane", [4], "tanh", "tanh", "mse", "adam", 0.003, "4", 0.0, 2),
    ("spiral", [6, 4], "leaky_relu", "linear", "cross_entropy", "rmsprop", 0.01, "8", 0.01, 2),
    ("bumps", [3], "relu", "linear", "mse", "adagrad", 0.1, "10", 0.003, 2),
]


def test_every_page_optimiser_is_one_of_nns_and_checked_here() -> None:
    assert set(PAGE_OPTIMIZERS) <= set(optim.OPTIMIZERS)
    assert {case[5] for case in CASES} == set(PAGE_OPTIMIZERS) == set(OPTIMIZERS)


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[5]}-{c[4]}-batch{c[7]}" for c in CASES])
def test_page_training_equals_nn_fit(browser: Browser, case: tuple) -> None:
    data, hidden, activation, output, loss, optimizer, lr, batch, l2, epochs = case
    layers = ",".join(f"{size}.{activation}" for size in hidden)
    reg = "l2" if l2 else "none"
    opened = browser.open(
        f"#data={data}&points=60&layers={layers}&output={output}&loss={loss}"
        f"&optimizer={optimizer}&lr={lr}&batch={batch}&reg={reg}&regrate={l2}&seed=7"
    )
    training = opened.run("chainrule.trainingSet()")
    start = opened.run("chainrule.getWeights()")
    opened.run("(n) => chainrule.trainEpochs(n)", epochs)
    trained = opened.run("chainrule.getWeights()")
    names = opened.run("chainrule.parameterNames()")

    outputs = 2 if loss == "cross_entropy" else 1
    model = nn.MLP(2, [*hidden, outputs], activation=activation, output_activation=output, seed=7)
    assert [p.label for p in model.parameters()] == names
    assert [p.data for p in model.parameters()] == start  # Python's Mersenne Twister, exactly
    targets = [int(t) if loss == "cross_entropy" else float(t) for t in training["y"]]
    nn.fit(
        model,
        training["X"],
        targets,
        loss=loss,
        optimizer=OPTIMIZERS[optimizer](model.parameters(), lr, l2),
        epochs=epochs,
        batch_size=None if batch == "batch" else int(batch),
        seed=7,
        progress=False,
    )
    expected = [p.data for p in model.parameters()]
    assert max(abs(a - b) for a, b in zip(trained, expected)) <= 1e-9
    assert max(abs(a - b) for a, b in zip(trained, start)) > 1e-3  # it did train
    assert opened.errors == [] and opened.requests == []


def test_extra_input_features_train_as_python_computes_them(browser: Browser) -> None:
    opened = browser.open(
        "#data=circle&points=40&features=x1,x2,x1sq,x2sq,x1x2&layers=3.tanh&loss=cross_entropy"
        "&optimizer=sgd&lr=0.03&batch=5&seed=2"
    )
    training = opened.run("chainrule.trainingSet()")
    opened.run("(n) => chainrule.trainEpochs(n)", 2)
    trained = opened.run("chainrule.getWeights()")
    rows = [[a, b, a * a, b * b, a * b] for a, b, *_ in training["X"]]
    assert rows == training["X"]
    model = nn.MLP(5, [3, 2], activation="tanh", seed=2)
    nn.fit(
        model,
        rows,
        [int(t) for t in training["y"]],
        loss="cross_entropy",
        optimizer=optim.SGD(model.parameters(), lr=0.03),
        epochs=2,
        batch_size=5,
        seed=2,
        progress=False,
    )
    assert max(abs(p.data - w) for p, w in zip(model.parameters(), trained)) <= 1e-9
    assert not any(math.isnan(w) for w in trained)


def test_l1_regularisation_pulls_each_weight_by_its_sign(browser: Browser) -> None:
    # nn has no L1 option: the oracle is the textbook loop, g = dL/dp + rate * sign(p).
    import random

    opened = browser.open(
        "#data=xor&points=40&layers=3.step,3.tanh&loss=cross_entropy&optimizer=sgd&lr=0.1"
        "&batch=4&reg=l1&regrate=0.01&seed=5"
    )
    training = opened.run("chainrule.trainingSet()")
    opened.run("(n) => chainrule.trainEpochs(n)", 2)
    trained = opened.run("chainrule.getWeights()")

    model = nn.MLP(2, [3, 3, 2], activation="step", seed=5)
    model.layers[1] = nn.Layer(3, 3, "tanh")  # replaced below by the seeded weights
    seeded = nn.MLP(2, [3, 3, 2], activation="step", seed=5).parameters()
    for p, q in zip(model.parameters(), seeded):
        p.data = q.data
    rows, classes = training["X"], [int(t) for t in training["y"]]
    order, rng = list(range(len(rows))), random.Random(5)
    for _ in range(2):
        rng.shuffle(order)
        for start in range(0, len(order), 4):
            batch = order[start : start + 4]
            model.zero_grad()
            loss = nn.losses.cross_entropy(
                [model(rows[i]) for i in batch], [classes[i] for i in batch]
            )
            loss.backward()
            for p in model.parameters():
                sign = (p.data > 0) - (p.data < 0)
                p.data -= 0.1 * (p.grad + 0.01 * sign)
    assert max(abs(p.data - w) for p, w in zip(model.parameters(), trained)) <= 1e-9
