"""The layering docs/architecture.md describes, read from the source's import statements.

Every import counts, including those inside functions (they run too); only imports under
`if TYPE_CHECKING:` are left out, since they never run.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("engine", "nn")
SUBPACKAGES = ("engine.viz", "engine.compiler")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
}


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Import statements that run: everything outside `if TYPE_CHECKING:` blocks."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def imports_of(module: str) -> set[str]:
    """The project modules `module` imports (`from engine import value` is engine.value)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    for statement in _runtime_imports(ast.parse(path.read_text("utf-8"))):
        if isinstance(statement, ast.Import):
            names = [alias.name for alias in statement.names]
        else:
            base = statement.module or ""
            if statement.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - statement.level + 1])
                base = f"{base}.{statement.module}" if statement.module else base
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in statement.names
            ]
        targets.update(name for name in names if name in MODULES)
    targets.discard(module)
    return targets


GRAPH = {module: imports_of(module) for module in MODULES}


def is_core(module: str) -> bool:
    return module.startswith("engine") and not module.startswith(SUBPACKAGES)


def find_cycle() -> list[str] | None:
    """One import cycle among engine's and nn's modules, as a list of names, or None."""
    state: dict[str, str] = {}
    for start in sorted(GRAPH):
        if start in state:
            continue
        path = [start]
        iterators = [iter(sorted(GRAPH[start]))]
        state[start] = "open"
        while iterators:
            following = next(iterators[-1], None)
            if following is None:
                state[path.pop()] = "done"
                iterators.pop()
            elif state.get(following) == "open":
                return [*path[path.index(following) :], following]
            elif following not in state:
                state[following] = "open"
                path.append(following)
                iterators.append(iter(sorted(GRAPH[following])))
    return None


def test_the_module_graph_has_no_cycles():
    assert find_cycle() is None


def test_the_cycle_finder_finds_a_cycle():
    GRAPH["engine.ops"].add("engine.value")  # value imports ops: a cycle, made up
    try:
        cycle = find_cycle()
    finally:
        GRAPH["engine.ops"].discard("engine.value")
    assert cycle is not None and cycle[0] == cycle[-1]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if is_core(m) and m != "engine"))
def test_the_core_imports_no_subpackage(module):
    assert not {m for m in GRAPH[module] if not is_core(m)}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("engine")))
def test_the_engine_never_imports_nn(module):
    assert not {m for m in GRAPH[module] if m.startswith("nn")}


@pytest.mark.parametrize("name", ["draw", "explain", "stepper", "compile", "grad"])
def test_engine_functions_are_not_shadowed_by_modules(name):
    assert callable(getattr(importlib.import_module("engine"), name))
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(f"engine.{name}")


def test_the_import_reader_sees_imports_inside_functions():
    assert "engine.autodiff" in GRAPH["engine.value"]  # Value.backward's
    assert "engine.viz.stepper" in GRAPH["engine"]


@pytest.mark.parametrize(
    "name", ["engine", "engine.testing", "nn", "nn.losses", "nn.data", "nn.metrics"]
)
def test_a_public_namespace_lists_only_its_own_names(name):
    module = importlib.import_module(name)
    assert all(hasattr(module, public) for public in module.__all__)
    shown = {entry for entry in dir(module) if not entry.startswith("_")}
    assert not shown & {"math", "st", "dataclass", "annotations", "Sequence", "Any"}
