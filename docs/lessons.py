"""The tutorials in docs/tutorials/ are one source for three things: the site's pages, their
doctests and Jupyter notebooks. This module runs a page's code and turns a page into a notebook.

A page is Markdown whose ```pycon blocks are Python sessions (`>>>` prompts, the output
below). Running the page runs its blocks in order in one namespace, in a folder of its own:
the pictures the page's code saves land there, and the site shows them beside the page.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TUTORIALS = Path(__file__).resolve().parent / "tutorials"
SESSION = re.compile(r"^```pycon\n(.*?)^```\n", flags=re.DOTALL | re.MULTILINE)
DIRECTIVE = re.compile(r"\s*# doctest:.*$", flags=re.MULTILINE)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
WHERE_TO_RUN = (
    "*A lesson of chainrule's tutorials.* Run it from the top folder of a chainrule checkout "
    "(beside `demos/`, where the lessons' data sets are), after "
    '`pip install ".[demos]"`; the pictures it draws are saved beside it.'
)


def pages() -> list[Path]:
    """Every tutorial, in the order a learner reads them (their names start with a number)."""
    return sorted(TUTORIALS.glob("[0-9][0-9]-*.md"))


@dataclass
class Run:
    """What running a page left: failure reports (empty when every output matched), the
    namespace its code built (for tests that check the numbers a picture shows), how many
    examples ran, and the folder holding the files it wrote."""

    failures: str
    namespace: dict[str, Any]
    examples: int
    folder: Path


@contextlib.contextmanager
def working_directory(folder: Path) -> Iterator[None]:
    """Run inside `folder` (where a page's pictures are saved), then go back."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def sessions(text: str) -> list[tuple[int, str]]:
    """(line number, session text) of every ```pycon block of a page."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in SESSION.finditer(text)]


def run_page(page: Path, folder: Path) -> Run:
    """Run every session of `page` in order, in one namespace, inside `folder`, checking each
    output against the one written on the page."""
    text = page.read_text(encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": page.stem}
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    parser = doctest.DocTestParser()
    with working_directory(folder):
        for line, session in sessions(text):
            test = parser.get_doctest(session, namespace, page.stem, str(page), line - 1)
            runner.run(test, out=report.write, clear_globs=False)
            namespace.update(test.globs)  # get_doctest copies the namespace: carry it on
    return Run(report.getvalue(), namespace, runner.tries, folder)


@dataclass
class Cell:
    """One notebook cell: Markdown prose, or code with the output the page shows for it."""

    kind: str
    source: str
    want: str = ""


def notebook_cells(text: str) -> list[Cell]:
    """A page as notebook cells: its prose as Markdown cells, its sessions as code cells
    without prompts. A session is cut after every statement whose output the page shows, so the
    notebook shows the same outputs (a cell displays only its last expression)."""
    cells: list[Cell] = []
    end = 0
    for match in SESSION.finditer(text):
        prose = text[end : match.start()].strip()
        if prose:
            cells.append(Cell("markdown", _link_notebooks(prose)))
        code: list[str] = []
        for example in doctest.DocTestParser().get_examples(match.group(1)):
            code.append(DIRECTIVE.sub("", example.source.rstrip("\n")))
            if example.want:
                cells.append(Cell("code", "\n".join(code), example.want))
                code = []
        if code:
            cells.append(Cell("code", "\n".join(code)))
        end = match.end()
    prose = text[end:].strip()
    if prose:
        cells.append(Cell("markdown", _link_notebooks(prose)))
    return cells


def _link_notebooks(markdown: str) -> str:
    """Links between tutorial pages point at the notebooks instead."""
    return re.sub(r"\((\d\d-[\w-]+)\.md(#[\w-]*)?\)", r"(\1.ipynb\2)", markdown)


def notebook(page: Path) -> Any:
    """The page as an nbformat notebook (needs the docs extra: pip install ".[docs]")."""
    import nbformat

    made = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    cells = [Cell("markdown", WHERE_TO_RUN), *notebook_cells(page.read_text(encoding="utf-8"))]
    book = nbformat.v4.new_notebook(cells=[made[cell.kind](cell.source) for cell in cells])
    book.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    book.metadata["language_info"] = {"name": "python"}
    for number, cell in enumerate(book.cells):
        cell["id"] = f"{page.stem}-{number}"  # stable ids: the same page gives the same file
    return book
