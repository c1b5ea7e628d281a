"""Neuron, Layer and MLP: a neuron is one `engine.dot` node (w . x + b) and an activation."""

from __future__ import annotations

import itertools
import numbers
import random
from collections.abc import Sequence
from typing import Any

from engine import Parameter, Value, dot
from nn.activations import ACTIVATIONS, Activation, is_named, resolve_activation
from nn.init import Initializer, make_rng, resolve_initializer
from nn.module import Module, as_input_values
from nn.samples import plain, positive_int
from nn.serialize import changed_error


class Neuron(Module):
    """activation(w_1 x_1 + ... + w_n x_n + b): weights `w`, bias `b` (None without bias).

    Examples:
        >>> import nn
        >>> neuron = nn.Neuron(2, activation="relu", seed=0)
        >>> len(neuron.w), neuron.b.data
        (2, 0.0)
        >>> neuron([1.0, -1.0]).op
        'relu'
    """

    STRUCTURE_IN_ATTRIBUTES = True  # its parameters are its attributes' (see Module)

    def __init__(
        self,
        nin: int,
        activation: str | Activation = "linear",
        bias: bool = True,
        init: str | Initializer = "uniform",
        seed: int | random.Random | None = None,
        nout: int = 1,
    ) -> None:
        """`nout` is the width of the layer the neuron belongs to (xavier's fan-out)."""
        self.nin = positive_int(nin, "nin")
        self.activation, self._activation = resolve_activation(activation)
        draw, rng = resolve_initializer(init), make_rng(seed)
        self.w: list[Value] = [Parameter(draw(nin, nout, rng)) for _ in range(nin)]
        self.b: Value | None = Parameter(0.0) if bias else None
        self.named_parameters()  # labels: w.0, w.1, ..., b

    def __call__(self, x: Sequence[Value | float]) -> Value:
        out = dot(self.w, as_input_values(x, self.nin, "this Neuron"), self.b)
        return out if self._activation is None else self._activation(out)

    def own_parameters(self) -> list[tuple[str, Value]]:
        named = [(f"w.{i}", w) for i, w in enumerate(self.w)]
        return named if self.b is None else [*named, ("b", self.b)]

    def architecture(self) -> dict[str, Any]:
        _check_saveable(self._activation, self.activation, "activation")
        return {"nin": self.nin, "activation": self.activation, "bias": self.b is not None}

    @classmethod
    def from_architecture(cls, architecture: dict[str, Any]) -> Neuron:
        fields = _fields(architecture, "Neuron", ("nin", "activation", "bias"))
        return cls(fields["nin"], _name(fields["activation"]), _flag(fields["bias"]), seed=0)

    @classmethod
    def declared_parameters(cls, architecture: dict[str, Any]) -> int:
        return _dense_parameters([_size(architecture.get("nin"), "nin"), 1], architecture)

    def __repr__(self) -> str:
        bias = "" if self.b is not None else ", no bias"
        return f"Neuron({self.nin} inputs, {self.activation}{bias})"


class Layer(Module):
    """`nout` neurons reading the same inputs; always returns a list of `nout` Values."""

    STRUCTURE_IN_ATTRIBUTES = True  # its parameters are its attributes' (see Module)

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str | Activation = "linear",
        bias: bool = True,
        init: str | Initializer = "uniform",
        seed: int | random.Random | None = None,
    ) -> None:
        self.nin = positive_int(nin, "nin")
        self.nout = positive_int(nout, "nout")
        self.activation, self._activation = resolve_activation(activation)
        rng = make_rng(seed)
        self.neurons = [
            Neuron(nin, activation, bias=bias, init=init, seed=rng, nout=nout) for _ in range(nout)
        ]
        self.named_parameters()

    def __call__(self, x: Sequence[Value | float]) -> list[Value]:
        return self.forward(as_input_values(x, self.nin, "this Layer"))

    def forward(self, inputs: list[Value]) -> list[Value]:
        """The layer on inputs already checked and wrapped as Values: the hot path."""
        activation = self._activation
        if activation is None:
            return [dot(n.w, inputs, n.b) for n in self.neurons]
        return [activation(dot(n.w, inputs, n.b)) for n in self.neurons]

    def children(self) -> list[tuple[str, Module]]:
        return [(f"neurons.{i}", n) for i, n in enumerate(self.neurons)]

    @property
    def bias(self) -> bool:
        """True when the layer's neurons have a bias b."""
        return self.neurons[0].b is not None

    def architecture(self) -> dict[str, Any]:
        _check_saveable(self._activation, self.activation, "activation")
        return {
            "nin": self.nin,
            "nout": self.nout,
            "activation": self.activation,
            "bias": self.bias,
        }

    @classmethod
    def from_architecture(cls, architecture: dict[str, Any]) -> Layer:
        fields = _fields(architecture, "Layer", ("nin", "nout", "activation", "bias"))
        return cls(
            fields["nin"],
            fields["nout"],
            _name(fields["activation"]),
            _flag(fields["bias"]),
            seed=0,
        )

    @classmethod
    def declared_parameters(cls, architecture: dict[str, Any]) -> int:
        widths = [_size(architecture.get(key), key) for key in ("nin", "nout")]
        return _dense_parameters(widths, architecture)

    def __repr__(self) -> str:
        bias = "" if self.bias else ", no bias"
        return f"Layer({self.nin} -> {self.nout}, {self.activation}{bias})"


class MLP(Module):
    """A multi-layer perceptron: layers of `sizes` neurons, `activation` between them.

    `MLP(2, [8, 8, 1])` has layers 2 -> 8 -> 8 -> 1. It returns a list of Values, or a single
    Value when the last layer has one neuron (so `(model(x) - y) ** 2` just works).

    Examples:
        >>> import nn
        >>> model = nn.MLP(2, [8, 1], activation="tanh", seed=0)
        >>> model.num_parameters  # (2*8 + 8) + (8*1 + 1)
        33
        >>> model([1.0, 2.0]).op  # one Value: the last layer has one neuron
        'dot'
    """

    STRUCTURE_IN_ATTRIBUTES = True  # its parameters are its attributes' (see Module)

    def __init__(
        self,
        nin: int,
        sizes: Sequence[int],
        activation: str | Activation = "relu",
        output_activation: str | Activation = "linear",
        bias: bool = True,
        init: str | Initializer = "uniform",
        seed: int | random.Random | None = None,
    ) -> None:
        self.nin = positive_int(nin, "nin")
        sizes = plain(sizes)
        if isinstance(sizes, numbers.Integral) or not sizes:
            raise ValueError(
                f"MLP needs a non-empty list of layer sizes, e.g. MLP(2, [8, 8, 1]), got {sizes!r}"
            )
        self.sizes = [positive_int(size, "each layer size") for size in sizes]
        self.activation = resolve_activation(activation)[0]
        self.output_activation = resolve_activation(output_activation)[0]
        rng = make_rng(seed)
        widths = [self.nin, *self.sizes]
        last = len(self.sizes) - 1
        self.layers = [
            Layer(
                widths[i],
                widths[i + 1],
                output_activation if i == last else activation,
                bias=bias,
                init=init,
                seed=rng,
            )
            for i in range(len(self.sizes))
        ]
        self.named_parameters()

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        h = as_input_values(x, self.nin, "this MLP")
        for layer in self.layers:
            h = layer.forward(h)
        return h[0] if len(h) == 1 else h

    def children(self) -> list[tuple[str, Module]]:
        return [(f"layers.{i}", layer) for i, layer in enumerate(self.layers)]

    @property
    def nout(self) -> int:
        """How many outputs the model has: the size of its last layer."""
        return self.sizes[-1]

    def architecture(self) -> dict[str, Any]:
        layers = self.layers
        if [layer.nout for layer in layers] != list(self.sizes):
            raise changed_error(self)
        if len(layers) > 1:  # a one-layer MLP has only its output layer
            _check_saveable(layers[0]._activation, self.activation, "activation")
        _check_saveable(layers[-1]._activation, self.output_activation, "output_activation")
        return {
            "nin": self.nin,
            "sizes": self.sizes,
            "activation": self.activation,
            "output_activation": self.output_activation,
            "bias": layers[0].bias,
        }

    @classmethod
    def from_architecture(cls, architecture: dict[str, Any]) -> MLP:
        names = ("nin", "sizes", "activation", "output_activation", "bias")
        fields = _fields(architecture, "MLP", names)
        if not isinstance(fields["sizes"], list):
            raise ValueError(f"sizes must be a list of ints, got {fields['sizes']!r}")
        return cls(
            fields["nin"],
            fields["sizes"],
            _name(fields["activation"]),
            _name(fields["output_activation"]),
            bias=_flag(fields["bias"]),
            seed=0,
        )

    @classmethod
    def declared_parameters(cls, architecture: dict[str, Any]) -> int:
        sizes = architecture.get("sizes")
        if not isinstance(sizes, list) or not sizes:
            raise ValueError("sizes must be a non-empty list of positive ints")
        widths = [_size(architecture.get("nin"), "nin"), *(_size(s, "sizes") for s in sizes)]
        return _dense_parameters(widths, architecture)

    def __repr__(self) -> str:
        shape = " -> ".join(str(w) for w in (self.nin, *self.sizes))
        lines = [f"MLP({shape}, {self.num_parameters} parameters"]
        lines += [f"  (layers.{i}): {layer!r}" for i, layer in enumerate(self.layers)]
        return "\n".join([*lines, ")"])


# Saving (see Module.architecture): checks shared by the three classes.


def _check_saveable(function: Activation | None, name: str, what: str) -> None:
    if not is_named(name, function):
        raise ValueError(
            f"cannot save a model whose {what} is the function {name!r}: a model file holds "
            f"only named activations ({', '.join(ACTIVATIONS)})"
        )


def _fields(architecture: dict[str, Any], kind: str, names: tuple[str, ...]) -> dict[str, Any]:
    missing = [name for name in names if name not in architecture]
    if missing:
        raise ValueError(f"the {kind} architecture lacks {', '.join(missing)}")
    return architecture


def _name(activation: Any) -> str:
    if not isinstance(activation, str):
        raise ValueError(f"an activation must be a name, got {activation!r}")
    return activation


def _flag(bias: Any) -> bool:
    if not isinstance(bias, bool):
        raise ValueError(f"bias must be true or false, got {bias!r}")
    return bias


def _size(value: Any, what: str) -> int:
    """A size read from a model file: `positive_int`'s check, worded for the file's fields."""
    try:
        return positive_int(value, what)
    except ValueError:
        raise ValueError(f"{what} must hold positive ints, got {value!r}") from None


def _dense_parameters(widths: list[int], architecture: dict[str, Any]) -> int:
    """Weights and biases of dense layers of these widths: sum of n_in * n_out (+ n_out)."""
    bias = architecture.get("bias") is True
    return sum(n_in * n_out + (n_out if bias else 0) for n_in, n_out in itertools.pairwise(widths))
