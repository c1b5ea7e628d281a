"""Neuron, Layer and MLP: a neuron is one `engine.dot` node (w . x + b) and an activation."""

from __future__ import annotations

import numbers
import random
from collections.abc import Sequence

from engine import Value, dot
from nn.activations import Activation, resolve_activation
from nn.init import Initializer, make_rng, resolve_initializer
from nn.module import Module, as_input_values
from nn.samples import plain


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
        self.nin = _positive_size(nin, "nin")
        self.activation, self._activation = resolve_activation(activation)
        draw, rng = resolve_initializer(init), make_rng(seed)
        self.w = [Value(draw(nin, nout, rng)) for _ in range(nin)]
        self.b: Value | None = Value(0.0) if bias else None
        self.named_parameters()  # labels: w.0, w.1, ..., b

    def __call__(self, x: Sequence[Value | float]) -> Value:
        out = dot(self.w, as_input_values(x, self.nin, "this Neuron"), self.b)
        return out if self._activation is None else self._activation(out)

    def own_parameters(self) -> list[tuple[str, Value]]:
        named = [(f"w.{i}", w) for i, w in enumerate(self.w)]
        return named if self.b is None else [*named, ("b", self.b)]

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
        self.nin = _positive_size(nin, "nin")
        self.nout = _positive_size(nout, "nout")
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
        self.nin = _positive_size(nin, "nin")
        sizes = plain(sizes)
        if isinstance(sizes, numbers.Integral) or not sizes:
            raise ValueError(
                f"MLP needs a non-empty list of layer sizes, e.g. MLP(2, [8, 8, 1]), got {sizes!r}"
            )
        self.sizes = [_positive_size(size, "each layer size") for size in sizes]
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

    def __repr__(self) -> str:
        shape = " -> ".join(str(w) for w in (self.nin, *self.sizes))
        lines = [f"MLP({shape}, {self.num_parameters} parameters"]
        lines += [f"  (layers.{i}): {layer!r}" for i, layer in enumerate(self.layers)]
        return "\n".join([*lines, ")"])


def _positive_size(size: object, what: str) -> int:
    if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
        raise ValueError(f"{what} must be a positive int, got {size!r}")
    return int(size)
