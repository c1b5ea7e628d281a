"""Every public name has a docstring: the API reference is built from them.

Public means listed in a module's `__all__`; for a class, also its methods and properties
whose names do not start with an underscore. Constants and type aliases are documented by
the string literal written right below them (the form the reference generator reads).
"""

import ast
import dataclasses
import importlib
import inspect
import itertools
import re
import types
from pathlib import Path

import pytest

EMPHASIS = re.compile(r"\*\S|\S\*")
"""A `*` touching a character: Markdown may read it as emphasis and eat the maths."""

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_MODULES = [
    "engine",
    "engine.testing",
    "nn",
    "nn.data",
    "nn.losses",
    "nn.metrics",
    "nn.optim",
]


def documented_constants() -> set[str]:
    """Names assigned at the top of a module in engine/ or nn/ with a docstring below them."""
    names: set[str] = set()
    for package in ("engine", "nn"):
        for path in (ROOT / package).rglob("*.py"):
            body = ast.parse(path.read_text(encoding="utf-8")).body
            for statement, following in itertools.pairwise(body):
                documented = (
                    isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                    and following.value.value.strip()
                )
                if not documented:
                    continue
                if isinstance(statement, ast.Assign):
                    targets = statement.targets
                elif isinstance(statement, ast.AnnAssign):
                    targets = [statement.target]
                else:
                    continue
                names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def own_docstring(obj: object) -> str:
    """obj's docstring, ignoring the signature a dataclass writes when it has none."""
    doc = inspect.getdoc(obj) or ""
    if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and doc.startswith(obj.__name__):
        return ""
    return doc


def public_members(cls: type) -> list[str]:
    """The methods and properties a user of cls calls (its own and those it inherits from
    chainrule's classes)."""
    names = []
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] not in ("engine", "nn"):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_") or name in names:
                continue
            if isinstance(member, staticmethod | classmethod | property | types.FunctionType):
                names.append(name)
    return names


def public_names() -> list[tuple[str, str]]:
    return [
        (module, name)
        for module in PUBLIC_MODULES
        for name in importlib.import_module(module).__all__
    ]


@pytest.mark.parametrize(("module_name", "name"), public_names())
def test_public_name_has_a_docstring(module_name: str, name: str) -> None:
    obj = getattr(importlib.import_module(module_name), name)
    where = f"{module_name}.{name}"
    if inspect.ismodule(obj) or inspect.isclass(obj) or inspect.isroutine(obj):
        assert own_docstring(obj).strip(), f"{where} has no docstring"
    else:
        assert name in documented_constants(), (
            f"{where} has no docstring: write a string literal on the line below its assignment"
        )
    if inspect.isclass(obj):
        missing = [
            member
            for member in public_members(obj)
            if not (inspect.getdoc(getattr(obj, member)) or "").strip()
        ]
        assert not missing, f"{where} has members without a docstring: {', '.join(missing)}"


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_module_lists_its_names_in_all(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__, f"{module_name} has no docstring"
    listed = getattr(module, "__all__", None)
    assert listed, f"{module_name} has no __all__: list its public names there"
    assert all(hasattr(module, name) for name in listed)


def markdown_hazards(doc: str) -> list[str]:
    """Stars outside `code` spans and indented code, which the reference would render as
    emphasis: write formulas as code, `1 - tanh(x)**2`."""
    prose = re.sub(r"`[^`]*`", "", doc)
    prose = re.sub(r"^ {4}.*$", "", prose, flags=re.MULTILINE)
    return [line.strip() for line in prose.splitlines() if EMPHASIS.search(line)]


@pytest.mark.parametrize(("module_name", "name"), public_names())
def test_public_docstring_writes_formulas_as_code(module_name: str, name: str) -> None:
    obj = getattr(importlib.import_module(module_name), name)
    if not (inspect.ismodule(obj) or inspect.isclass(obj) or inspect.isroutine(obj)):
        return
    docs = {name: inspect.getdoc(obj) or ""}
    if inspect.isclass(obj):
        docs |= {m: inspect.getdoc(getattr(obj, m)) or "" for m in public_members(obj)}
    hazards = {member: markdown_hazards(doc) for member, doc in docs.items()}
    assert not any(hazards.values()), f"{module_name}.{name}: put maths in backticks: {hazards}"


def test_markdown_hazards_finds_unquoted_powers() -> None:
    assert markdown_hazards("d/dx tanh(x) = 1 - tanh(x)**2") == ["d/dx tanh(x) = 1 - tanh(x)**2"]
    assert markdown_hazards("`1 - tanh(x)**2`, and w * x spaced out") == []
