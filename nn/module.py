"""`Module`: what every model shares: its parameters by name, zero_grad, predict and save."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from engine import Value, no_grad
from nn import serialize
from nn.samples import as_rows

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
        return list(self._parameter_list())

    def zero_grad(self) -> None:
        """Set every parameter's `.grad` to 0 (gradients accumulate across backward calls)."""
        overridden = type(self).parameters is not Module.parameters
        for parameter in self.parameters() if overridden else self._parameter_list():
            parameter.grad = 0.0

    def _parameter_list(self) -> list[Value]:
        """`parameters()`, kept between calls while the model's structure is unchanged.

        Naming every parameter costs more than a training step's update, so the list is
        cached with a snapshot of every sub-module's attributes (lists and dicts copied):
        replacing a layer, a list entry or a Value anywhere makes it rebuild.
        """
        attributes = getattr(self, "__dict__", None)
        cache: _ParameterCache | None = (
            None if attributes is None else attributes.get("_parameter_cache")
        )
        if cache is not None and _unchanged(cache):
            return cache.parameters
        parameters = [parameter for _, parameter in self.named_parameters()]
        modules = self._modules()
        if attributes is None or not all(_structure_in_attributes(m) for m in modules):
            return parameters  # a structure this cache cannot watch: build it every time
        watched = [vars(module) for module in modules]
        if cache is None:
            cache = attributes["_parameter_cache"] = _ParameterCache()
        cache.watched = watched
        cache.snapshot = [_copied(module_attributes) for module_attributes in watched]
        cache.parameters = parameters
        return parameters

    def _modules(self) -> list[Module]:
        """This module and every sub-module, depth first."""
        modules: list[Module] = []
        pending: list[Module] = [self]
        while pending:
            module = pending.pop()
            modules.append(module)
            pending.extend(child for _, child in reversed(module.children()))
        return modules

    @property
    def num_parameters(self) -> int:
        """How many scalar parameters the model has."""
        return len(self.parameters())

    def predict(self, X: Sequence[Sequence[Value | float]]) -> list[float] | list[list[float]]:
        """The outputs for many samples (a list of rows) as plain floats, recording no graph.

        For a one-input model a flat list of numbers is one number per sample.
        """
        rows = as_rows(X, "predict's X", getattr(self, "nin", None), finite=False)
        with no_grad():
            outputs = [self(x) for x in rows]
        numbers = [o.data for o in outputs if isinstance(o, Value)]
        if len(numbers) == len(outputs):
            return numbers
        return [[v.data for v in ([o] if isinstance(o, Value) else o)] for o in outputs]

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the architecture and parameters to `path` as JSON (see `nn.load`)."""
        serialize.save(self, path)

    # Saving: a class that defines `architecture` can be saved, and loaded by its name.

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "architecture" in cls.__dict__:
            serialize.SAVEABLE[cls.__name__] = cls

    def architecture(self) -> dict[str, Any]:
        """What rebuilds this model's shape, as JSON values: `from_architecture` takes it.

        Define it (and, when the constructor does not take these as keywords,
        `from_architecture`) to make your own Module saveable with `nn.save`.
        """
        raise TypeError(
            f"nn.save cannot save a {type(self).__name__}: define its architecture() "
            "(the constructor's keyword arguments as JSON values) to make it saveable"
        )

    @classmethod
    def from_architecture(cls, architecture: dict[str, Any]) -> Module:
        """A fresh model of the shape `architecture()` described: `cls(**architecture)`."""
        return cls(**architecture)

    @classmethod
    def declared_parameters(cls, architecture: dict[str, Any]) -> int | None:
        """How many parameters `architecture` describes, computed without building the model,
        so that `nn.load` refuses a file that does not hold them; None when unknown."""
        return None


def _structure_in_attributes(module: Module) -> bool:
    """True for nn's own classes, whose parameters are exactly what their attributes hold.

    Only the class that declares it counts, not a subclass: a user's module may keep
    parameters anywhere (an object, a generator), where no snapshot would see them change.
    """
    return type(module).__dict__.get("STRUCTURE_IN_ATTRIBUTES", False) is True


def _unchanged(cache: _ParameterCache) -> bool:
    try:
        return bool(cache.watched == cache.snapshot)
    except (TypeError, ValueError):  # an attribute whose == is not a truth value (numpy)
        return False


class _ParameterCache:
    """A module's parameter list and the state of its structure when the list was made."""

    __slots__ = ("parameters", "snapshot", "watched")

    def __init__(self) -> None:
        self.parameters: list[Value] = []
        self.watched: list[dict[str, object]] = []
        self.snapshot: list[object] = [None]  # never equal to `watched`: nothing cached yet


def _copied(x: object, depth: int = 0) -> object:
    """`x` with every list, tuple, dict and set inside it copied, the rest shared: compared
    with `==` to the live attributes later, it differs if any entry was replaced."""
    if depth > 8:  # a structure this deep (or circular) is never trusted: never equal
        return _Unequal()
    kind = type(x)
    if kind is list or kind is tuple:
        return kind(_copied(item, depth + 1) for item in x)  # type: ignore[attr-defined]
    if kind is dict:
        return {key: _copied(item, depth + 1) for key, item in x.items()}  # type: ignore[attr-defined]
    if kind is set:
        return set(x)  # type: ignore[call-overload]
    return x


class _Unequal:
    """Equal to nothing, itself included: a snapshot holding it always means "rebuild"."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return False


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
