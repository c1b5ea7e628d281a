"""The stepper as a teacher projects it: a 1024x768 window, read from the back of the room."""

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import launch

import engine
import nn
from engine import Value

WIDTH, HEIGHT = 1024, 768


def cancelling_graph() -> Value:
    """x's gradient is -1.235e-05 after one term and 0.0 after both: the widest text comes
    before the last step, so a box sized for the final gradient would overflow."""
    x = Value(0.5, "x")
    p, q = Value(-1.23456789e-05, "p"), Value(1.23456789e-05, "q")
    out = x * p + x * q
    out.label = "out"
    return out


def small_neuron() -> Value:
    neuron = nn.Neuron(2, "tanh", seed=1)
    return neuron([Value(2.0), Value(3.0)]) * 2


def squared_error() -> Value:
    """A neuron's squared error: a long chain of operations, wide on the screen."""
    neuron = nn.Neuron(2, "tanh", seed=1)
    return (neuron([Value(2.0), Value(-1.0)]) - 0.5) ** 2


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright, chromium)
        yield launched
        launched.close()


def open_page(browser: Any, root: Value, path: Path) -> Any:
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.goto(engine.stepper(root, path).resolve().as_uri())
    return page


def test_even_a_small_graph_fills_the_window(browser, tmp_path):
    page = open_page(browser, (Value(2.0, "x") * 3).tanh(), tmp_path / "s.html")
    graph = page.eval_on_selector("#graph svg g.graph", "g => g.getBoundingClientRect().toJSON()")
    box = page.eval_on_selector("#graph", "e => e.getBoundingClientRect().toJSON()")
    page.close()
    # Scaled up to meet the box's edges in one direction; the box takes the page's free height.
    assert graph["width"] >= 0.95 * box["width"] or graph["height"] >= 0.95 * box["height"]
    assert box["width"] >= 0.9 * WIDTH and box["height"] >= 0.4 * HEIGHT
    assert box["y"] + box["height"] <= HEIGHT  # no scrolling to reach the graph's bottom


def test_text_is_readable_at_1024x768(browser, tmp_path):
    page = open_page(browser, squared_error(), tmp_path / "s.html")
    heights = page.evaluate(
        """() => Array.from(document.querySelectorAll("#graph g.value text"),
                            t => t.getBoundingClientRect().height)"""
    )
    line_font = page.eval_on_selector("#line", "e => parseFloat(getComputedStyle(e).fontSize)")
    page.close()
    assert min(heights) >= 11  # pixels on screen, after the graph is scaled to the window
    assert line_font >= 15


def test_gradient_text_never_overflows_its_box_at_any_step(browser, tmp_path):
    page = open_page(browser, cancelling_graph(), tmp_path / "s.html")
    overflows = []
    while True:
        for box in page.evaluate(MEASURE_BOXES):
            for left, right, _, _, text in box["texts"]:
                if left < box["left"] - 0.5 or right > box["right"] + 0.5:
                    overflows.append(text)
            for one, other in itertools.combinations(box["texts"], 2):
                if overlap(one[0:2], other[0:2]) and overlap(one[2:4], other[2:4]):
                    overflows.append(f"{one[4]} runs into {other[4]}")
        if page.is_disabled("#next"):
            break
        page.click("#next")
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll("#graph g.value"),
            g => Array.from(g.querySelectorAll("text"), t => t.textContent).join(" "))"""
    )
    page.close()
    assert "x data 0.5 grad 0.0" in shown  # at the end; -1.235e-05 was shown before it
    assert overflows == []


def overlap(one: list[float], other: list[float]) -> bool:
    """True when two [start, end] ranges share more than half a pixel."""
    return min(one[1], other[1]) - max(one[0], other[0]) > 0.5


MEASURE_BOXES = """() => Array.from(document.querySelectorAll("#graph g.value"), g => {
    const outline = g.querySelector("polygon").getBoundingClientRect();
    return {id: g.id, left: outline.left, right: outline.right,
            texts: Array.from(g.querySelectorAll("text"), t => {
                const r = t.getBoundingClientRect();
                return [r.left, r.right, r.top, r.bottom, t.textContent];
            })};
})"""


def test_one_step_counter_on_the_page(browser, tmp_path):
    page = open_page(browser, small_neuron(), tmp_path / "s.html")
    counters = []
    while not page.is_disabled("#next"):
        page.click("#next")
        counters.append(page.evaluate(COUNT_COUNTERS))
    page.close()
    assert counters and all(count == 1 for count in counters), counters


COUNT_COUNTERS = """() => (document.body.innerText.match(/\\b\\d+ of \\d+\\b/g) || []).length"""


def test_the_key_explains_each_highlight_in_its_own_colour(browser, tmp_path):
    page = open_page(browser, small_neuron(), tmp_path / "s.html")
    while not page.is_disabled("#next"):
        page.click("#next")  # the last step: a node processed, its parents just given gradients
    styles = page.evaluate(
        """() => {
        const stroke = (selector) => getComputedStyle(document.querySelector(selector)).stroke;
        const items = Array.from(document.querySelectorAll("#key li"), li => ({
            text: li.textContent,
            colour: getComputedStyle(li.querySelector(".swatch")).borderTopColor,
        }));
        return {current: stroke(".node.current polygon, .node.current ellipse"),
                touched: stroke(".node.touched polygon"), items};
    }"""
    )
    page.close()
    by_text = {item["text"]: item["colour"] for item in styles["items"]}
    (processed,) = [text for text in by_text if "being processed" in text]
    (received,) = [text for text in by_text if "just received a gradient" in text]
    assert by_text[processed] == styles["current"]
    assert by_text[received] == styles["touched"]
    assert styles["current"] != styles["touched"]
    assert any(text.startswith("parameter") for text in by_text)  # roles too: w and b
