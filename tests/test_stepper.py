"""stepper(): one self-contained HTML page, stepped through in a real (headless) Chromium."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import launch

import engine
from engine import Value


def neuron() -> tuple[Value, list[Value]]:
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2, b = Value(-3.0, "w1"), Value(1.0, "w2"), Value(6.8813735870195432, "b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    out = n.tanh() * 2.0
    out.label = "out"
    return out, [x1, x2, w1, w2, b, n, out]


def test_stepper_page_is_self_contained(tmp_path):
    out, _ = neuron()
    page = engine.stepper(out, tmp_path / "backprop.html")
    text = page.read_text(encoding="utf-8")
    assert "\\u003csvg" in text and "?xml" not in text  # the SVG travels in the JSON
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
    assert "<link" not in text and "@import" not in text


def test_stepper_changes_no_grad(tmp_path):
    out, nodes = neuron()
    engine.stepper(out, tmp_path / "backprop.html")
    assert all(node.grad == 0.0 for node in nodes)


def test_stepper_of_something_else_is_a_type_error(tmp_path):
    with pytest.raises(TypeError, match="stepper steps through the graph of a Value, got str"):
        engine.stepper("loss", tmp_path / "x.html")  # type: ignore[arg-type]


def test_clicking_next_to_the_end_shows_the_engines_gradients(tmp_path, chromium):
    from playwright.sync_api import sync_playwright

    out, nodes = neuron()
    page_path = engine.stepper(out, tmp_path / "backprop.html")
    out.backward()
    expected = {node.label: node.grad for node in nodes}
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright, chromium, tmp_path / "profile")
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_path.resolve().as_uri())
            assert page.inner_text("#status").startswith("step 0 of")
            clicks = 0
            while not page.is_disabled("#next"):
                page.click("#next")
                clicks += 1
            shown = page.evaluate(
                """() => Object.fromEntries(Array.from(document.querySelectorAll("g.value"))
                    .map(g => Array.from(g.querySelectorAll("text"), t => t.textContent))
                    .map(texts => [texts[0], texts.find(t => t.startsWith("grad "))]))"""
            )
            line = page.inner_text("#line")
        finally:
            browser.close()
    assert clicks == 6 + 6  # six operations: forward then backward, one step each
    for label, grad in expected.items():
        assert shown[label] == f"grad {engine.naming.format_number(grad, 4)}", label
    assert "d out/d x1 +=" in line
    assert errors == []


HOSTILE = [
    "__FRAMES__<img src=x onerror=alert(1)>",
    "<!--<script>",
    "</script><script>alert(2)</script>",
    "__TITLE__ __SVG__ __STEPPER_DATA__ & \u2028\u2029",
]


def hostile_graph() -> Value:
    a, b = Value(2.0, HOSTILE[0]), Value(3.0, HOSTILE[1])
    out = a * b + Value(1.0, HOSTILE[3])
    out.label = HOSTILE[2]
    return out


def test_hostile_labels_and_title_never_become_markup_in_the_page(tmp_path):
    title = "<img src=x onerror=alert(3)> <!--<script> __STEPPER_DATA__"
    text = engine.stepper(hostile_graph(), tmp_path / "b.html", title=title).read_text("utf-8")
    after_template = text.split('id="page-data">', 1)[1]
    data, rest = after_template.split("</script>", 1)
    for marker in ("<", ">", "&", "\u2028", "\u2029"):
        assert marker not in data
    assert "<img" not in text and "<!--<" not in text and "alert(2)" not in rest
    assert text.count("<script") == 2  # the data block and the page's own script


def test_hostile_labels_and_title_show_literally_in_the_browser(tmp_path, chromium):
    from playwright.sync_api import sync_playwright

    title = "<img src=x onerror=alert(3)> <!--<script>"
    page_path = engine.stepper(hostile_graph(), tmp_path / "b.html", title=title)
    errors: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(
            playwright, chromium, tmp_path / "profile", viewport={"width": 1024, "height": 768}
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(page_path.resolve().as_uri())
            while not page.is_disabled("#next"):
                page.click("#next")
            heading = page.inner_text("h1")
            document_title = page.title()
            shown = page.evaluate(
                """() => Array.from(document.querySelectorAll("#graph text"), t => t.textContent)"""
            )
            images = page.evaluate("""() => document.querySelectorAll("img, script").length""")
            if os.environ.get("CHAINRULE_SCREENSHOT"):
                page.screenshot(path=os.environ["CHAINRULE_SCREENSHOT"])
        finally:
            browser.close()
    assert dialogs == [] and errors == []
    assert heading == title and document_title == title
    for label in HOSTILE:
        assert label in shown, label
    assert images == 2  # the page's two script elements, nothing from a label


def test_a_graph_just_over_max_nodes_is_refused_before_any_steps(tmp_path, monkeypatch):
    chain = Value(1.0, "x")
    for _ in range(10):
        chain = chain + 1.0  # 21 values in all
    module = sys.modules["engine.viz.stepper"]
    monkeypatch.setattr(module, "topological_order", _no_work)
    with pytest.raises(
        engine.GraphTooLargeError, match=r"more than max_nodes=20 .*raise max_nodes"
    ):
        engine.stepper(chain, tmp_path / "big.html", max_nodes=20)
    assert not (tmp_path / "big.html").exists()


def _no_work(root: Value) -> list[Value]:
    raise AssertionError("the whole graph was walked before the size check")


BROWSER_TEST = "tests/test_stepper.py::test_clicking_next_to_the_end_shows_the_engines_gradients"


def _run_browser_test(**settings: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **settings}
    return subprocess.run(
        [sys.executable, "-m", "pytest", BROWSER_TEST, "-rs", "-p", "no:cacheprovider"],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_browser_tests_skip_with_a_reason_when_there_is_no_browser(tmp_path):
    finished = _run_browser_test(
        CHAINRULE_BROWSER=str(tmp_path / "no-chromium"), CHAINRULE_REQUIRE_BROWSER=""
    )
    assert finished.returncode == 0, finished.stdout
    assert "1 skipped" in finished.stdout
    assert "CHAINRULE_BROWSER=" in finished.stdout and "is not a file" in finished.stdout


def test_browser_tests_fail_without_a_browser_when_one_is_required(tmp_path):
    finished = _run_browser_test(
        CHAINRULE_BROWSER=str(tmp_path / "no-chromium"), CHAINRULE_REQUIRE_BROWSER="1"
    )
    assert finished.returncode != 0
    assert "1 error" in finished.stdout or "1 failed" in finished.stdout
    assert "CHAINRULE_REQUIRE_BROWSER is set" in finished.stdout
