"""stepper(): one self-contained HTML page, stepped through in a real (headless) Chromium."""

import json
import re
import sys
from html.parser import HTMLParser

import pytest

import engine
from engine import Value

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


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
    assert "<svg" in text and "<?xml" not in text
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
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "profile",  # a fresh --user-data-dir
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_FLAGS,
        )
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


HOSTILE_TITLE = "__FRAMES__ __SVG__ <img src=x onerror=alert(1)> </script>"
HOSTILE_LABELS = ["<img src=x onerror=alert(2)>", "<!--<script>", "</script><script>alert(3)"]


def hostile_graph() -> Value:
    a, b, c = (Value(float(i + 1), label) for i, label in enumerate(HOSTILE_LABELS))
    out = (a * b + c).tanh()
    out.label = "__TITLE__ & <b>out</b>"
    return out


class PageStructure(HTMLParser):
    """The tags of a page and the text of its <title> and <h1>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.texts: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._open = tag if tag not in self.texts else None  # the first <title>, not the SVG's

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open in ("title", "h1"):
            self.texts[self._open] = self.texts.get(self._open, "") + data


def test_hostile_titles_and_labels_stay_text_in_the_page(tmp_path):
    page = engine.stepper(hostile_graph(), tmp_path / "page.html", title=HOSTILE_TITLE)
    text = page.read_text(encoding="utf-8")
    structure = PageStructure()
    structure.feed(text)
    assert structure.texts["title"] == HOSTILE_TITLE
    assert structure.texts["h1"] == HOSTILE_TITLE
    assert "img" not in structure.tags and "b" not in structure.tags
    assert structure.tags.count("script") == 2  # the JSON data and the page's own script
    frames = text.split('<script type="application/json" id="frames">')[1].split("</script>")[0]
    assert "<" not in frames and ">" not in frames and "&" not in frames
    assert any(HOSTILE_LABELS[1] in frame["text"] for frame in json.loads(frames)["frames"])


def test_stepper_refuses_an_oversize_graph_before_stepping_it(tmp_path):
    x = Value(1.0)
    for _ in range(200):
        x = x * 1.0001
    with pytest.raises(
        engine.GraphTooLargeError, match=r"more than max_nodes=150 nodes: too many to step"
    ):
        engine.stepper(x, tmp_path / "big.html")
    assert not (tmp_path / "big.html").exists()


def test_stepper_refuses_a_deep_chain_before_computing_any_step(tmp_path, monkeypatch):
    x = Value(1.0)
    for _ in range(50_000):
        x = x * 0.9999 + 0.001
    stepped = []
    monkeypatch.setattr(sys.modules["engine.stepper"], "fresh_steps", lambda *a: stepped.append(a))
    with pytest.raises(engine.GraphTooLargeError):
        engine.stepper(x, tmp_path / "big.html")
    assert stepped == []


def test_hostile_labels_run_no_script_in_the_browser(tmp_path, chromium):
    from playwright.sync_api import sync_playwright

    page_path = engine.stepper(hostile_graph(), tmp_path / "page.html", title=HOSTILE_TITLE)
    errors: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "profile", executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
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
            images = page.evaluate("() => document.querySelectorAll('img, b').length")
            line = page.inner_text("#line")
        finally:
            browser.close()
    assert dialogs == [] and errors == []
    assert heading == HOSTILE_TITLE
    assert images == 0
    assert "__TITLE__ & <b>out</b>" in line or HOSTILE_LABELS[0] in line
