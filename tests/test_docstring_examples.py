"""The examples in public docstrings (the API reference shows them) run as written."""

import doctest
import importlib
import inspect

import pytest
from test_docstrings import PUBLIC_MODULES, public_members


def examples() -> dict[str, doctest.DocTest]:
    """Every docstring example of a public name or of its public members, by dotted name."""
    finder = doctest.DocTestFinder(recurse=False)
    found: dict[str, doctest.DocTest] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isroutine(obj)):
                continue
            members = [(name, obj)]
            if inspect.isclass(obj):
                members += [(f"{name}.{m}", getattr(obj, m)) for m in public_members(obj)]
            for where, member in members:
                for test in finder.find(member, f"{module_name}.{where}", module=False, globs={}):
                    if test.examples:
                        found.setdefault(test.name, test)
    return found


EXAMPLES = examples()


def test_the_reference_has_examples() -> None:
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize("name", EXAMPLES)
def test_docstring_example_runs_as_written(name: str) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(EXAMPLES[name])
    assert result.failed == 0, f"the example in {name}'s docstring does not run as written"
