"""stepper(): one self-contained HTML page, stepped through in a real (headless) Chromium."""

import re

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
