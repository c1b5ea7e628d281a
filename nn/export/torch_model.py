"""chainrule models to torch.nn modules and back (imported only when torch is installed)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import torch

from nn.export.layers import DenseLayer, dense_layers
from nn.layers import MLP
from nn.module import Module

DEFAULT_LEAKY_SLOPE = 0.01
"""The slope of nn's named leaky_relu activation below 0."""


class StepFunction(torch.autograd.Function):
    """The unit step 1 if x > 0 else 0, with derivative 0: chainrule's step."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> torch.Tensor:
        return torch.zeros_like(grad)


class Step(torch.nn.Module):
    """The step activation as a module (PyTorch has none): 1 if x > 0 else 0, derivative 0."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = StepFunction.apply(x)
        return out


def activation_module(layer: DenseLayer) -> torch.nn.Module | None:
    """The torch module for the layer's activation; None for linear (nothing to apply)."""
    if layer.activation == "linear":
        return None
    if layer.activation == "leaky_relu":
        return torch.nn.LeakyReLU(layer.slope)
    modules: dict[str, type[torch.nn.Module]] = {
        "relu": torch.nn.ReLU,
        "tanh": torch.nn.Tanh,
        "sigmoid": torch.nn.Sigmoid,
        "step": Step,
    }
    return modules[layer.activation]()


def to_torch(model: Module) -> torch.nn.Sequential:
    """An equivalent float64 torch.nn.Sequential: Linear, activation, Linear, ..."""
    modules: list[torch.nn.Module] = []
    for layer in dense_layers(model):
        linear = torch.nn.Linear(
            layer.nin, layer.nout, bias=layer.biases is not None, dtype=torch.float64
        )
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(layer.weights, dtype=torch.float64))
            if layer.biases is not None:
                linear.bias.copy_(torch.tensor(layer.biases, dtype=torch.float64))
        modules.append(linear)
        activation = activation_module(layer)
        if activation is not None:
            modules.append(activation)
    return torch.nn.Sequential(*modules)


ACTIVATION_NAMES: dict[type[torch.nn.Module], str] = {
    torch.nn.ReLU: "relu",
    torch.nn.Tanh: "tanh",
    torch.nn.Sigmoid: "sigmoid",
    torch.nn.LeakyReLU: "leaky_relu",
    Step: "step",
}
"""The torch activations nn can express, by their nn name."""

EXPRESSIBLE = "nn.Linear layers, each optionally followed by ReLU, Tanh, Sigmoid, LeakyReLU(0.01)"


def from_torch(module: torch.nn.Module) -> MLP:
    """The nn.MLP computing what `module` computes (a Sequential of Linear and activations)."""
    if isinstance(module, torch.nn.Linear):
        module = torch.nn.Sequential(module)
    if not isinstance(module, torch.nn.Sequential):
        raise ValueError(
            f"nn.export.from_torch converts a torch.nn.Sequential of {EXPRESSIBLE} or "
            f"chainrule's Step, got {type(module).__name__}"
        )
    linears: list[torch.nn.Linear] = []
    activations: list[str] = []
    for position, child in enumerate(module):
        where = f"layer {position} ({child!r})"
        if isinstance(child, torch.nn.Identity):
            continue
        if isinstance(child, torch.nn.Linear):
            if len(activations) < len(linears):
                activations.append("linear")
            linears.append(child)
        elif type(child) in ACTIVATION_NAMES:
            if len(activations) == len(linears):
                raise ValueError(
                    f"cannot convert {where}: nn applies an activation only right after an "
                    "nn.Linear, once"
                )
            if isinstance(child, torch.nn.LeakyReLU) and child.negative_slope != (
                DEFAULT_LEAKY_SLOPE
            ):
                raise ValueError(
                    f"cannot convert {where}: nn's leaky_relu has slope {DEFAULT_LEAKY_SLOPE}"
                )
            activations.append(ACTIVATION_NAMES[type(child)])
        else:
            raise ValueError(
                f"cannot convert {where}: nn can express only {EXPRESSIBLE} or chainrule's Step"
            )
    if not linears:
        raise ValueError("cannot convert a module without an nn.Linear layer: nothing to copy")
    if len(activations) < len(linears):
        activations.append("linear")
    return _mlp(linears, activations)


def _mlp(linears: list[torch.nn.Linear], activations: list[str]) -> MLP:
    hidden = set(activations[:-1])
    if len(hidden) > 1:
        raise ValueError(
            f"cannot convert: the hidden layers use different activations ({', '.join(hidden)}); "
            "nn.MLP applies one activation to every hidden layer"
        )
    biased = {linear.bias is not None for linear in linears}
    if len(biased) > 1:
        raise ValueError(
            "cannot convert: some Linear layers have a bias and some do not; nn.MLP's layers "
            "all have one or none"
        )
    for previous, linear in pairwise(linears):
        if previous.out_features != linear.in_features:
            raise ValueError(
                f"cannot convert: a Linear layer gives {previous.out_features} outputs but the "
                f"next one takes {linear.in_features} inputs"
            )
    model = MLP(
        linears[0].in_features,
        [linear.out_features for linear in linears],
        activation=hidden.pop() if hidden else "relu",
        output_activation=activations[-1],
        bias=biased.pop(),
        seed=0,
    )
    for layer, linear in zip(model.layers, linears):
        weights = linear.weight.detach().double().tolist()
        biases = None if linear.bias is None else linear.bias.detach().double().tolist()
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                w.data = weights[j][i]
            if neuron.b is not None and biases is not None:
                neuron.b.data = biases[j]
    return model
