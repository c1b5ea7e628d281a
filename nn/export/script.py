"""`torch_source`: a complete, readable PyTorch script that trains what `nn.fit` would train.

The script holds the model, its initial weights, the data, the loss, the optimiser with the
same hyper-parameters and schedule, and the loop over the same batches in the same order.
Every number enters it through repr() of a checked float or int: no user text becomes code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nn.export.layers import DenseLayer, dense_layers
from nn.export.script_parts import loss_lines, optimizer_lines
from nn.losses import LOSSES, Loss
from nn.module import Module
from nn.optim import Optimizer, make_optimizer
from nn.samples import as_rows, as_targets, is_number, positive_int

LINE_WIDTH = 100
"""The generated script's lines stay about this short, for reading beside chainrule's code."""

HEADER = '''\
"""Train {shape} with PyTorch: the same training as chainrule's

    nn.fit(model, X, y, loss={loss!r}, optimizer={optimizer}, epochs={epochs},
           batch_size={batch_size!r}, shuffle={shuffle!r}, seed={seed!r})

Same initial weights, same samples in the same order, same loss, same updates: the weights
it ends with are chainrule's (to rounding). Written by chainrule's nn.export.torch_source.
Run: python {{this file}} [weights.json]  (needs only torch; the path saves the trained weights)
"""

import json
import random
import sys

import torch

# chainrule computes with Python floats, which are float64: so does this script.
torch.set_default_dtype(torch.float64)
'''

STEP = '''

class StepFunction(torch.autograd.Function):
    """The unit step 1 if x > 0 else 0, with derivative 0 (chainrule's step activation)."""

    @staticmethod
    def forward(ctx, x):
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        return torch.zeros_like(grad)  # 0, not None: the optimiser still sees a gradient


class Step(torch.nn.Module):
    """PyTorch has no step module: this one applies StepFunction."""

    def forward(self, x):
        return StepFunction.apply(x)
'''

LOOP = """

# The training loop: nn.fit's. Each epoch {order},
# then takes one step per batch of BATCH_SIZE samples (the last batch may be smaller), and
# advances the learning-rate schedule once.
EPOCHS = {epochs}
BATCH_SIZE = {batch_size}
{rng}order = list(range(len(X)))
for epoch in range(EPOCHS):
{lr_line}{shuffle_line}    total = 0.0
    for start in range(0, len(order), BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        optimizer.zero_grad()
        loss = loss_function(model(X[batch]), y[batch])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
{scheduler_line}    if epoch == 0 or (epoch + 1) % max(1, EPOCHS // 10) == 0:
        print(f"epoch {{epoch + 1}}: loss {{total / len(X):.6g}}")

if len(sys.argv) > 1:  # save the trained weights, by torch's parameter names
    trained = {{name: p.tolist() for name, p in model.named_parameters()}}
    with open(sys.argv[1], "w", encoding="utf-8") as file:
        json.dump(trained, file)
"""


def torch_source(
    model: Module,
    X: Sequence[Sequence[float]] | Sequence[float],
    y: Sequence[Any],
    loss: str | Loss = "mse",
    optimizer: Optimizer | str = "sgd",
    epochs: int = 100,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
) -> str:
    """The PyTorch script that trains `model` as `nn.fit` with these arguments would.

    The arguments are fit's. `optimizer` must be fresh (no step taken yet) and over exactly
    `model.parameters()`: the script starts from its initial state.
    """
    layers = dense_layers(model)
    loss_name = _loss_name(loss)
    optimizer = make_optimizer(optimizer, model.parameters())
    _check_optimizer(optimizer, model)
    epochs = positive_int(epochs, "epochs")
    rows = as_rows(X, "X", layers[0].nin)
    targets = _targets(as_targets(y, len(rows), "y", "X"), layers[-1].nout, loss_name)
    size = (
        len(rows) if batch_size is None else min(positive_int(batch_size, "batch_size"), len(rows))
    )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"seed must be an int or None, got {type(seed).__name__}")
    optimizer_text, scheduler_lines, lr_line = optimizer_lines(optimizer, epochs)
    parts = [
        HEADER.format(
            shape=_shape(layers),
            loss=loss_name,
            optimizer=_optimizer_summary(optimizer),
            epochs=epochs,
            batch_size=batch_size if batch_size is None else size,
            shuffle=bool(shuffle),
            seed=seed,
        ),
        STEP if any(layer.activation == "step" for layer in layers) else "",
        _model_lines(layers),
        _data_lines(rows, targets, loss_name),
        loss_lines(loss_name),
        optimizer_text,
        LOOP.format(
            epochs=epochs,
            batch_size=size,
            order=(
                "shuffles the order with Python's random, seeded as fit's"
                if shuffle
                else "keeps the samples in their order (shuffle=False)"
            ),
            rng=f"rng = random.Random({seed!r})\n" if shuffle else "",
            shuffle_line="    rng.shuffle(order)\n" if shuffle else "",
            lr_line=lr_line,
            scheduler_line=scheduler_lines,
        ),
    ]
    return "".join(parts)


def _shape(layers: list[DenseLayer]) -> str:
    widths = " -> ".join(str(w) for w in (layers[0].nin, *(layer.nout for layer in layers)))
    return f"a {widths} network"


def _optimizer_summary(optimizer: Optimizer) -> str:
    return f"nn.optim.{type(optimizer).__name__}(...)"


def _model_lines(layers: list[DenseLayer]) -> str:
    modules: list[str] = []
    initial: list[str] = []
    for layer in layers:
        index = len(modules)
        bias = "" if layer.biases is not None else ", bias=False"
        modules.append(f"torch.nn.Linear({layer.nin}, {layer.nout}{bias}),")
        initial.append(f'    "{index}.weight": {_matrix(layer.weights, 8)},')
        if layer.biases is not None:
            initial.append(f'    "{index}.bias": {_vector(layer.biases, 4)},')
        activation = _activation_code(layer)
        if activation:
            modules.append(activation + ",")
    body = "\n".join(f"    {line}" for line in modules)
    weights = "\n".join(initial)
    return (
        "\n\n# The model: a torch.nn.Linear per chainrule Layer (row j of weight holds neuron j's\n"
        "# weights w.0, w.1, ...; bias[j] is its b), each followed by the layer's activation.\n"
        f"model = torch.nn.Sequential(\n{body}\n)\n\n"
        "# The initial weights, copied from the chainrule model before training.\n"
        f"initial_weights = {{\n{weights}\n}}\n"
        "with torch.no_grad():\n"
        "    for name, parameter in model.named_parameters():\n"
        "        parameter.copy_(torch.tensor(initial_weights[name]))\n"
    )


def _activation_code(layer: DenseLayer) -> str:
    if layer.activation == "leaky_relu":
        return f"torch.nn.LeakyReLU({float(layer.slope)!r})"
    return {
        "linear": "",
        "relu": "torch.nn.ReLU()",
        "tanh": "torch.nn.Tanh()",
        "sigmoid": "torch.nn.Sigmoid()",
        "step": "Step()",
    }[layer.activation]


def _data_lines(rows: list[list[float]], targets: list[Any], loss_name: str) -> str:
    x_rows = "\n".join(f"    {_vector(row, 4)}," for row in rows)
    if loss_name == "cross_entropy":
        y_text = f"torch.tensor({targets!r})"
        meaning = "the class index of each sample (a long tensor, as cross_entropy wants)"
    else:
        y_rows = "\n".join(f"    {_vector(t, 4)}," for t in targets)
        y_text = f"torch.tensor([\n{y_rows}\n])"
        meaning = "one row of targets per sample, shaped like the model's output"
    return (
        "\n# The training data: one row of X per sample.\n"
        f"X = torch.tensor([\n{x_rows}\n])\n"
        f"# y: {meaning}.\n"
        f"y = {y_text}\n"
    )


def _matrix(rows: list[list[float]], indent: int) -> str:
    pad = " " * indent
    inner = "".join(f"\n{pad}{_vector(row, indent)}," for row in rows)
    return f"[{inner}\n{' ' * (indent - 4)}]"


def _vector(values: list[float], indent: int) -> str:
    """A list literal of exact floats (repr round-trips), wrapped to lines of about 100."""
    items = [repr(float(v)) for v in values]
    lines, line = [], ""
    for item in items:
        if line and indent + 4 + len(line) + len(item) + 1 > LINE_WIDTH:
            lines.append(line.rstrip())
            line = ""
        line += item + ", "
    lines.append(line.rstrip(", "))
    if len(lines) == 1:
        return f"[{lines[0]}]"
    pad = " " * (indent + 4)
    return "[\n" + "".join(f"{pad}{text}\n" for text in lines) + " " * indent + "]"


def _loss_name(loss: str | Loss) -> str:
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}: choose one of {', '.join(LOSSES)}")
        return loss
    for name, function in LOSSES.items():
        if function is loss:
            return name
    raise ValueError(
        f"cannot write the custom loss function {getattr(loss, '__name__', loss)!r} into a "
        f"PyTorch script: use one of the named losses ({', '.join(LOSSES)})"
    )


def _check_optimizer(optimizer: Optimizer, model: Module) -> None:
    if optimizer.steps:
        raise ValueError(
            f"the optimizer has already taken {optimizer.steps} steps: the script starts "
            "from a fresh optimizer, so create a new one for the model"
        )
    if [id(p) for p in optimizer.params] != [id(p) for p in model.parameters()]:
        raise ValueError(
            "the optimizer must update exactly model.parameters(), in that order: create it "
            "with nn.optim.<Name>(model.parameters(), ...)"
        )


def _targets(y: list[Any], nout: int, loss_name: str) -> list[Any]:
    """Targets already checked by `as_targets`, in the shape the script's loss expects."""
    if loss_name == "cross_entropy":
        for i, c in enumerate(y):
            if not isinstance(c, int) or not 0 <= c < nout:
                raise ValueError(
                    f"y[{i}] must be a class index from 0 to {nout - 1} for cross_entropy, "
                    f"got {c!r}"
                )
        return y
    targets = []
    for i, t in enumerate(y):
        cells = [t] if is_number(t) else t
        if not isinstance(cells, list) or len(cells) != nout or not all(map(is_number, cells)):
            raise ValueError(f"y[{i}] must be {nout} number(s), one per output of the model")
        targets.append([float(cell) for cell in cells])
    return targets
