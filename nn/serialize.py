"""Save and load models as JSON: format version, architecture, activations, parameter values.

Writing goes to a temporary file in the same directory, renamed over the target only when
complete, so a crash never leaves a half-written model. Loading parses JSON only (never
pickle: a model file cannot run code) and checks every field before building the model.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nn.module import Module

FORMAT = "chainrule-model"
VERSION = 1

SAVEABLE: dict[str, type[Module]] = {}
"""The Module classes a file may name, by class name: each class that defines
`architecture()` adds itself when it is created (see `Module.__init_subclass__`)."""


class ModelFileError(ValueError):
    """A model file is unreadable: corrupt, truncated, from another format, or inconsistent."""


def save(model: Module, path: str | os.PathLike[str]) -> None:
    """Write `model` to `path` as JSON, atomically (a temporary file, then a rename).

    A model that `load` could not rebuild is refused before anything is written. Saving over
    a file keeps its permissions; saving through a symlink writes the file it points to.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"save needs a file path (str or pathlib.Path), got {type(path).__name__}")
    architecture = _architecture(model)
    parameters = {}
    for name, parameter in model.named_parameters():
        if not math.isfinite(parameter.data):
            raise ValueError(f"cannot save: parameter {name} is {parameter.data!r}")
        parameters[name] = parameter.data
    _check_loadable(model, architecture)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": architecture,
        "parameters": parameters,
    }
    target = Path(os.path.realpath(path))  # through a symlink: replace the file, keep the link
    mode = _mode_for(target)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(document, file, indent=1, allow_nan=False)
            file.write("\n")
            file.flush()
            os.fchmod(file.fileno(), mode)
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The permissions to give the saved file: the old file's, or the umask's for a new one."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _check_loadable(model: Module, architecture: dict[str, Any]) -> None:
    """Refuse a model whose layers no longer match what its architecture would build."""
    rebuilt = _build(architecture, "the saved model")
    have = [name for name, _ in model.named_parameters()]
    expected = [name for name, _ in rebuilt.named_parameters()]
    if have != expected:
        raise changed_error(model)


def changed_error(model: Module) -> ValueError:
    """The error for a model whose layers no longer match the architecture it was made with."""
    return ValueError(
        f"cannot save this {type(model).__name__}: its layers were changed after it was made "
        f"(it has {len(model.named_parameters())} parameters, not what its architecture "
        "describes), so nn.load could not rebuild it; build a new model with the sizes you "
        "want instead"
    )


def _architecture(model: Module) -> dict[str, Any]:
    """`model.architecture()` with its class's name, which `load` looks up in SAVEABLE."""
    kind = type(model).__name__
    architecture = model.architecture()  # Module's own explains how to make a class saveable
    if SAVEABLE.get(kind) is not type(model):
        raise TypeError(
            f"nn.save cannot save a {kind}: define architecture() on the class {kind} itself "
            "(the constructor's keyword arguments as JSON values) to make it saveable"
        )
    return {"type": kind, **architecture}


MAX_FILE_BYTES = 256 * 1024 * 1024
"""A model file larger than this is refused before it is read (about 10 million parameters)."""
MAX_NUMBER_DIGITS = 30
"""An integer in a model file longer than this is refused: no size or parameter needs more."""


def load(path: str | os.PathLike[str]) -> Module:
    """The model saved at `path`, after checking format, version, architecture and every
    parameter (names, count, finite numbers); ModelFileError says what is wrong.

    Nothing is built until the declared sizes agree with the parameters the file holds, so a
    small file cannot make this allocate a large model.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"load needs a file path (str or pathlib.Path), got {type(path).__name__}")
    where = os.fspath(path)
    document = _parse(_read(Path(path), where), where)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ModelFileError(f'{where} is not a chainrule model file (no "format": "{FORMAT}")')
    version = document.get("version")
    if version != VERSION:
        raise ModelFileError(
            f"{where} has format version {version!r}; this chainrule reads version {VERSION}"
        )
    architecture, values = document.get("architecture"), document.get("parameters")
    if not isinstance(values, dict):
        raise ModelFileError(f'{where} has no "parameters" object')
    declared = _declared_parameters(architecture, where)
    if declared is not None and declared != len(values):
        raise ModelFileError(
            f"{where}: the parameters do not match the architecture: it declares {declared} "
            f"parameters but the file holds {len(values)}; the file is corrupt or was edited"
        )
    model = _build(architecture, where)
    _set_parameters(model, values, where)
    return model


def _read(path: Path, where: str) -> str:
    """The file's text, refusing a file too large to be a model or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ModelFileError(
                f"{where} is {size:,} bytes, more than the {MAX_FILE_BYTES:,} a model file may "
                "have: it is not a chainrule model"
            )
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ModelFileError(
            f"{where} is not a model file: byte {error.start} is not UTF-8 text"
        ) from None
    except IsADirectoryError:
        raise ModelFileError(f"{where} is a directory, not a model file") from None


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(
            text, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=_small_int
        )
    except RecursionError:
        raise ModelFileError(
            f"{where} is not a model file: its JSON is nested too deeply"
        ) from None
    except ValueError as error:  # JSONDecodeError included
        raise ModelFileError(
            f"{where} is not a valid model file: the JSON is truncated or corrupt ({error})"
        ) from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a finite number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large for a float")
    return value


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits is too large for a model file")
    return int(text)


def _saved_class(architecture: Any, where: str) -> tuple[type[Module], dict[str, Any]]:
    """The class a file's architecture names, and the fields it gives that class."""
    if not isinstance(architecture, dict):
        raise ModelFileError(f'{where} has no "architecture" object')
    kind = architecture.get("type")
    cls = SAVEABLE.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ModelFileError(
            f"{where}: unknown model type {kind!r} (expected one of {', '.join(SAVEABLE)}; "
            "a model class of your own must be defined before nn.load is called)"
        )
    return cls, {key: value for key, value in architecture.items() if key != "type"}


def _declared_parameters(architecture: Any, where: str) -> int | None:
    """How many parameters the architecture describes, from its sizes alone (nothing built)."""
    cls, fields = _saved_class(architecture, where)
    try:
        return cls.declared_parameters(fields)
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{where}: {error}") from None


def _build(architecture: Any, where: str) -> Module:
    cls, fields = _saved_class(architecture, where)
    try:
        return cls.from_architecture(fields)
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{where}: invalid {cls.__name__} architecture: {error}") from None


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
