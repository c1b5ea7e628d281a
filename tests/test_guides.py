"""The guides in docs/guide/ and the site's home page run as written, like the README."""

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = [DOCS / "index.md", *sorted((DOCS / "guide").glob("*.md"))]


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_every_guide_is_checked() -> None:
    names = {page.stem for page in PAGES}
    assert {"engine", "graphs", "nn", "demos", "compiled", "export"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_guide_examples_run_as_shown(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # whatever an example saves lands here
    for number, block in enumerate(python_blocks(page)):
        if block.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(block, {}, page.stem, str(page), 0)
            assert doctest.DocTestRunner().run(test).failed == 0, f"{page.name}, block {number}"
        else:
            namespace: dict[str, object] = {}
            exec(compile(block, f"<{page.name}>", "exec"), namespace)  # an example, not a file
            for name, test in namespace.items():
                if name.startswith("test_") and callable(test):
                    test()  # a test the guide shows for a user's own suite
