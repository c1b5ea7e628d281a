"""`Module`: what every model shares: its parameters by name, zero_grad, predict and save."""

from __future__ import annotations

import os
from collections.abc import Sequence

from engine import Value, no_grad

Output = Value | list[Value]
"""What a model returns for one sample: one Value, or a list of them."""


class Module:
    """A model built from Values: subclasses define `__call__`, `children` and `own_parameters`.

    Parameter names follow attributes and list positions, e.g. `layers.0.neurons.2.w.1`.
    """

    def __call__(self, x: Sequence[Value | float]) -> Output:
        raise NotImplementedError(f"{type(self).__name__} must define __call__")

    def children(self) -> list[tuple[str, Module]]:
        """The sub-modules, each with the name its parameters are prefixed by."""
        return []

    def own_parameters(self) -> list[tuple[str, Value]]:
        """The parameters this module holds directly (not through children)."""
        return []

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with its dotted name; the names are also set as the Values' labels,
        so graph pictures show them."""
        named = []
        pending: list[tuple[str, Module]] = [("", self)]
        while pending:  # depth first, children in order: the order parameters() promises
            prefix, module = pending.pop()
            for name, parameter in module.own_parameters():
                parameter.label = prefix + name
                named.append((prefix + name, parameter))
            pending.extend(
                (prefix + name + ".", child) for name, child in reversed(module.children())
            )
        return named

    def parameters(self) -> list[Value]:
        """Every parameter, in a fixed order: what an optimizer updates."""
        return [parameter for _, parameter in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's `.grad` to 0 (gradients accumulate across backward calls)."""
        for parameter in self.parameters():
            parameter.grad = 0.0

    @property
    def num_parameters(self) -> int:
        """How many scalar parameters the model has."""
        return len(self.parameters())

    def predict(self, X: Sequence[Sequence[Value | float]]) -> list[float] | list[list[float]]:
        """The outputs for many samples (a list of rows) as plain floats, recording no graph.

        For a one-input model a flat list of numbers is one number per sample.
        """
        from nn.samples import as_rows

        rows = as_rows(X, "predict's X", getattr(self, "nin", None), finite=False)
        with no_grad():
            outputs = [self(x) for x in rows]
        return [o.data if isinstance(o, Value) else [v.data for v in o] for o in outputs]  # type: ignore[return-value]

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the architecture and parameters to `path` as JSON (see `nn.load`)."""
        from nn.serialize import save

        save(self, path)


def as_input_values(x: Sequence[Value | float], expected: int, who: str) -> list[Value]:
    """One sample's inputs as Values (floats wrapped once), or a ValueError about its length."""
    if len(x) != expected:
        raise ValueError(f"{who} expects {expected} inputs, got {len(x)}")
    try:
        return [v if isinstance(v, Value) else Value(v) for v in x]
    except TypeError:
        for position, v in enumerate(x):
            if not isinstance(v, Value | int | float) or isinstance(v, bool):
                raise TypeError(
                    f"{who}'s inputs must be numbers or Values, got {type(v).__name__} "
                    f"at position {position}: {v!r}"
                ) from None
        raise
