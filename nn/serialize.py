"""Save and load models as JSON: format version, architecture, activations, parameter values.

Writing goes to a temporary file in the same directory, renamed over the target only when
complete, so a crash never leaves a half-written model. Loading parses JSON only (never
pickle: a model file cannot run code) and checks every field before building the model.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from nn.activations import ACTIVATIONS, is_named
from nn.layers import MLP, Layer, Neuron
from nn.module import Module

FORMAT = "chainrule-model"
VERSION = 1


class ModelFileError(ValueError):
    """A model file is unreadable: corrupt, truncated, from another format, or inconsistent."""


def save(model: Module, path: str | os.PathLike[str]) -> None:
    """Write `model` to `path` as JSON, atomically (a temporary file, then a rename)."""
    architecture = _architecture(model)
    parameters = {}
    for name, parameter in model.named_parameters():
        if not math.isfinite(parameter.data):
            raise ValueError(f"cannot save: parameter {name} is {parameter.data!r}")
        parameters[name] = parameter.data
    document = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": architecture,
        "parameters": parameters,
    }
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(document, file, indent=1, allow_nan=False)
            file.write("\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _architecture(model: Module) -> dict[str, Any]:
    if isinstance(model, MLP):
        layers = model.layers
        _check_saveable(layers[0]._activation, model.activation, "activation")
        _check_saveable(layers[-1]._activation, model.output_activation, "output_activation")
        return {
            "type": "MLP",
            "nin": model.nin,
            "sizes": model.sizes,
            "activation": model.activation,
            "output_activation": model.output_activation,
            "bias": layers[0].bias,
        }
    if isinstance(model, Layer):
        _check_saveable(model._activation, model.activation, "activation")
        return {
            "type": "Layer",
            "nin": model.nin,
            "nout": model.nout,
            "activation": model.activation,
            "bias": model.bias,
        }
    if isinstance(model, Neuron):
        _check_saveable(model._activation, model.activation, "activation")
        return {
            "type": "Neuron",
            "nin": model.nin,
            "activation": model.activation,
            "bias": model.b is not None,
        }
    raise TypeError(f"nn.save handles Neuron, Layer and MLP models, got {type(model).__name__}")


def _check_saveable(function: Any, name: str, what: str) -> None:
    if not is_named(name, function):
        raise ValueError(
            f"cannot save a model whose {what} is the function {name!r}: a model file holds "
            f"only named activations ({', '.join(ACTIVATIONS)})"
        )


def load(path: str | os.PathLike[str]) -> Module:
    """The model saved at `path`, after checking format, version, architecture and every
    parameter (names, count, finite numbers); ModelFileError says what is wrong."""
    where = os.fspath(path)
    text = Path(path).read_text(encoding="utf-8")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as error:
        raise ModelFileError(
            f"{where} is not a valid model file: the JSON is truncated or corrupt ({error})"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ModelFileError(f'{where} is not a chainrule model file (no "format": "{FORMAT}")')
    version = document.get("version")
    if version != VERSION:
        raise ModelFileError(
            f"{where} has format version {version!r}; this chainrule reads version {VERSION}"
        )
    model = _build(document.get("architecture"), where)
    _set_parameters(model, document.get("parameters"), where)
    return model


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a finite number")


def _build(architecture: Any, where: str) -> Module:
    if not isinstance(architecture, dict):
        raise ModelFileError(f'{where} has no "architecture" object')
    kind = architecture.get("type")
    fields = {
        "MLP": ("nin", "sizes", "activation", "output_activation", "bias"),
        "Layer": ("nin", "nout", "activation", "bias"),
        "Neuron": ("nin", "activation", "bias"),
    }
    if kind not in fields:
        raise ModelFileError(
            f"{where}: unknown model type {kind!r} (expected MLP, Layer or Neuron)"
        )
    missing = [name for name in fields[kind] if name not in architecture]
    if missing:
        raise ModelFileError(f"{where}: the {kind} architecture lacks {', '.join(missing)}")
    if not isinstance(architecture["bias"], bool):
        raise ModelFileError(f"{where}: bias must be true or false, got {architecture['bias']!r}")
    try:
        if kind == "MLP":
            return MLP(
                architecture["nin"],
                _sizes(architecture["sizes"]),
                _activation(architecture["activation"]),
                _activation(architecture["output_activation"]),
                bias=architecture["bias"],
                seed=0,
            )
        if kind == "Layer":
            return Layer(
                architecture["nin"],
                architecture["nout"],
                _activation(architecture["activation"]),
                architecture["bias"],
                seed=0,
            )
        return Neuron(
            architecture["nin"],
            _activation(architecture["activation"]),
            architecture["bias"],
            seed=0,
        )
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{where}: invalid {kind} architecture: {error}") from None


def _sizes(sizes: Any) -> list[int]:
    if not isinstance(sizes, list):
        raise ValueError(f"sizes must be a list of ints, got {sizes!r}")
    return sizes


def _activation(name: Any) -> str:
    if not isinstance(name, str):
        raise ValueError(f"an activation must be a name, got {name!r}")
    return name


def _set_parameters(model: Module, values: Any, where: str) -> None:
    if not isinstance(values, dict):
        raise ModelFileError(f'{where} has no "parameters" object')
    named = model.named_parameters()
    expected = {name for name, _ in named}
    missing = [name for name, _ in named if name not in values]
    unexpected = [name for name in values if name not in expected]
    if missing or unexpected:
        details = []
        if missing:
            details.append(f"missing {len(missing)} (first: {missing[0]})")
        if unexpected:
            details.append(f"{len(unexpected)} unexpected (first: {unexpected[0]})")
        raise ModelFileError(
            f"{where}: the parameters do not match the architecture ({len(expected)} expected): "
            + "; ".join(details)
        )
    for name, parameter in named:
        value = values[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ModelFileError(
                f"{where}: parameter {name} must be a finite number, got {value!r}"
            )
        parameter.data = float(value)
