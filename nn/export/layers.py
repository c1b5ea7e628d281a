"""A chainrule model as plain dense layers (weights, biases, activation): what exports read."""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine import Value
from nn.activations import ACTIVATIONS, Activation, is_named
from nn.layers import MLP, Layer, Neuron
from nn.module import Module

LEAKY_SLOPE_PROBE = -1.0
"""An input below 0, where leaky_relu's output is slope * input: how the slope is read."""


@dataclass(frozen=True)
class DenseLayer:
    """activation(W x + b): `weights[j][i]` is neuron j's weight on input i."""

    weights: list[list[float]]
    biases: list[float] | None
    activation: str
    """A name from nn.ACTIVATIONS ('linear' for none)."""
    slope: float = 0.0
    """leaky_relu's slope below 0 (unused by other activations)."""

    @property
    def nin(self) -> int:
        return len(self.weights[0])

    @property
    def nout(self) -> int:
        return len(self.weights)


def dense_layers(model: Module) -> list[DenseLayer]:
    """The model's layers in order, or an error naming what cannot be exported and why."""
    if isinstance(model, MLP):
        return [_dense(layer, f"layer {i}") for i, layer in enumerate(model.layers)]
    if isinstance(model, Layer):
        return [_dense(model, "the layer")]
    if isinstance(model, Neuron):
        return [_layer_of([model], model.activation, model._activation, "the neuron")]
    raise TypeError(
        f"nn.export handles Neuron, Layer and MLP models, got {type(model).__name__}: "
        "build the model from nn.MLP, or copy its weights by hand"
    )


def _dense(layer: Layer, where: str) -> DenseLayer:
    return _layer_of(layer.neurons, layer.activation, layer._activation, where)


def _layer_of(
    neurons: list[Neuron], name: str, function: Activation | None, where: str
) -> DenseLayer:
    if not is_named(name, function):
        raise ValueError(
            f"cannot export {where}: its activation is the custom function {name!r}, which "
            f"PyTorch and ONNX do not know; use a named activation ({', '.join(ACTIVATIONS)})"
        )
    weights = [[_finite(w, where) for w in neuron.w] for neuron in neurons]
    has_bias = neurons[0].b is not None
    biases = [_finite(n.b, where) for n in neurons if n.b is not None] if has_bias else None
    slope = 0.0
    if name == "leaky_relu" and function is not None:
        slope = function(Value(LEAKY_SLOPE_PROBE)).data / LEAKY_SLOPE_PROBE
    return DenseLayer(weights, biases, name, slope)


def _finite(parameter: Value, where: str) -> float:
    if not math.isfinite(parameter.data):
        raise ValueError(
            f"cannot export {where}: parameter {parameter.label or '?'} is {parameter.data!r}; "
            "retrain or reinitialise the model"
        )
    return parameter.data
