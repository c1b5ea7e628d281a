"""Each tutorial as a Jupyter notebook runs in a real kernel and shows the outputs its page shows.

Needs the docs extra (nbformat, nbclient, ipykernel): without it these tests skip, saying what
to install; with CHAINRULE_REQUIRE_DOCS=1 (set by .ci/run) a missing package fails them.
"""

import doctest
import os
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))

import lessons  # noqa: E402
import optional_support  # noqa: E402

REQUIRE_DOCS = "CHAINRULE_REQUIRE_DOCS"


def need(package: str) -> ModuleType:
    """The package, or a skip (a failure when REQUIRE_DOCS is 1) naming what to install."""
    return optional_support.need(package, "docs", REQUIRE_DOCS)


def shown_text(cell: Any) -> str:
    """What a code cell printed and displayed, as the page's session would show it."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif output["output_type"] == "execute_result":
            parts.append(output["data"].get("text/plain", "") + "\n")
    return "".join(parts)


@pytest.mark.parametrize("page", lessons.pages(), ids=lambda page: page.stem)
def test_notebook_runs_and_shows_what_the_page_shows(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need("ipykernel")
    need("nbformat")
    nbclient = need("nbclient")
    book = lessons.notebook(page)
    # The kernel runs in tmp_path (where the pictures land) and imports demos from the checkout.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("MPLBACKEND", "agg")
    client = nbclient.NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    wanted = [cell.want for cell in lessons.notebook_cells(page.read_text()) if cell.kind == "code"]
    checker = doctest.OutputChecker()
    for cell, want in zip(code, wanted, strict=True):
        got = shown_text(cell)
        assert checker.check_output(want, got, lessons.FLAGS), (
            f"{page.name}: the cell\n{cell.source}\nshows\n{got}\nbut the page shows\n{want}"
        )
    shown = set(re.findall(r"!\[[^\]]*\]\(([^)]+)\)", page.read_text()))
    drawn = {path.name for path in tmp_path.iterdir()}
    assert shown <= drawn, f"the notebook of {page.name} did not draw {shown - drawn}"
