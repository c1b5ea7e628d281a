"""mkdocs hooks: run every tutorial while building, so that its pictures come from its own code
and a tutorial whose output no longer matches the library fails the build.

Each tutorial runs in a fresh folder; the files its code writes there (its pictures) are
added to the site beside the page, and the page is added as a notebook under notebooks/.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS))
import lessons  # noqa: E402

log = logging.getLogger("mkdocs.hooks.tutorials")


def on_files(files: Files, config: Any) -> Files:
    """Run each tutorial; add the pictures it wrote and its notebook to the site."""
    started = time.perf_counter()
    if str(DOCS.parent) not in sys.path:  # the tutorials import demos from the checkout
        sys.path.insert(0, str(DOCS.parent))
    for page in lessons.pages():
        with tempfile.TemporaryDirectory(prefix=f"chainrule-{page.stem}-") as folder:
            run = lessons.run_page(page, Path(folder))
            if run.failures:
                raise PluginError(f"tutorial {page.name} does not run as written:\n{run.failures}")
            for made in sorted(Path(folder).iterdir()):
                if made.is_file():
                    uri = f"tutorials/{made.name}"
                    files.append(File.generated(config, uri, content=made.read_bytes()))
        book = json.dumps(lessons.notebook(page), indent=1, sort_keys=True, ensure_ascii=False)
        uri = f"tutorials/notebooks/{page.stem}.ipynb"
        files.append(File.generated(config, uri, content=book + "\n"))
    log.info("ran %d tutorials in %.1f s", len(lessons.pages()), time.perf_counter() - started)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """End every tutorial with a link to the same lesson as a notebook."""
    path = Path(page.file.src_uri)
    if path.parent.name != "tutorials" or not path.stem[:2].isdigit():
        return markdown
    return (
        f"{markdown}\n\n---\n\nThis lesson as a Jupyter notebook, to run cell by cell: "
        f"[{path.stem}.ipynb](notebooks/{path.stem}.ipynb) (run it from a chainrule checkout, "
        'after `pip install ".[demos]"`).\n'
    )
