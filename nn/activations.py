"""Activation functions by name: each maps to one of the engine's Value ops (one node each)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine import Value
from nn.choices import by_name

Activation = Callable[[Value], Value]
"""A function from a neuron's pre-activation to its output, recorded in the graph."""

ACTIVATIONS: dict[str, Activation | None] = {
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "step": Value.step,
    "leaky_relu": Value.leaky_relu,
    "linear": None,  # the identity: no node at all
}
"""Every named activation; `None` is the identity, which records nothing."""


def resolve_activation(activation: str | Activation) -> tuple[str, Activation | None]:
    """The activation's name and function (None for linear), or a ValueError listing names.

    A callable keeps its `__name__` as its name; it cannot be saved to a model file.
    """
    if isinstance(activation, str):
        chosen = by_name(
            activation, ACTIVATIONS, "activation", "pass a function from Value to Value"
        )
        return activation, chosen
    if callable(activation):
        return getattr(activation, "__name__", type(activation).__name__), activation
    raise TypeError(
        f"an activation must be a name ({', '.join(ACTIVATIONS)}) or a function, "
        f"got {type(activation).__name__}"
    )


def is_named(name: str, function: Activation | None) -> bool:
    """True when `function` is the built-in activation called `name` (so it can be saved)."""
    return name in ACTIVATIONS and ACTIVATIONS[name] is function


def apply_activation(function: Activation | None, values: Sequence[Value]) -> list[Value]:
    """`function` applied to each value; the values themselves for the identity."""
    if function is None:
        return list(values)
    return [function(v) for v in values]
