"""nn.playground.optimisers: the page's optimiser updates are nn.optim's rules, as JavaScript."""

from __future__ import annotations

import random

import pytest
from playground_support import Browser, browser

from engine import Value
from engine.compiler.javascript import NoJavaScriptForm
from nn import optim
from nn.playground.optimisers import javascript_update, javascript_updates
from nn.playground.page import OPTIMIZERS as PAGE_OPTIMIZERS

__all__ = ["browser"]

LR, L2, STEPS = 0.05, 0.01, 6


def python_steps(name: str, start: list[float], grads: list[list[float]]) -> list[float]:
    """nn.optim's optimizer of that name (with weight decay L2) after the steps."""
    params = [Value(x) for x in start]
    optimizer = optim.OPTIMIZERS[name](params, LR)
    optimizer.weight_decay = L2
    for grad in grads:
        for p, g in zip(params, grad):
            p.grad = g
        optimizer.step()
    return [p.data for p in params]


def test_every_page_update_steps_as_nn_optim_does(browser: Browser) -> None:
    rng = random.Random(3)
    start = [rng.uniform(-2.0, 2.0) for _ in range(12)]
    grads = [[rng.gauss(0.0, 1.0) for _ in start] for _ in range(STEPS)]
    script = (
        "([start, grads, lr, l2]) => { const U = " + javascript_updates(PAGE_OPTIMIZERS) + ";\n"
        "return Object.keys(U).map((name) => {\n"
        "  const vals = Float64Array.from(start), P = start.length;\n"
        "  const state = Array.from({ length: U[name].state }, () => new Float64Array(P));\n"
        "  grads.forEach((g, t) => U[name].update(vals, g, state, P, lr, t + 1, l2, 0.0));\n"
        "  return [name, Array.from(vals)]; }); }"
    )
    page = browser.context.new_page()
    computed = page.evaluate(script, [start, grads, LR, L2])
    page.close()
    assert [name for name, _ in computed] == list(PAGE_OPTIMIZERS)
    for name, trained in computed:
        expected = python_steps(name, start, grads)
        assert max(abs(a - b) for a, b in zip(start, expected)) > 1e-3  # it moved
        assert trained == expected, name  # bit for bit: the same IEEE operations in order


def test_the_javascript_is_written_from_the_python_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "Math.sqrt" in javascript_update("rmsprop")

    def rule_without_root(
        p: float, g: float, s: float, lr: float, alpha: float, eps: float
    ) -> tuple[float, float]:
        return p - lr * g / (s + eps), alpha * s + g * g

    monkeypatch.setattr(optim.RMSProp, "rule", staticmethod(rule_without_root))
    written = javascript_update("rmsprop")
    assert "Math.sqrt" not in written
    assert "(0.99 * s0)" in written  # alpha, from nn.optim's default


def test_a_name_nn_optim_lacks_is_refused() -> None:
    with pytest.raises(NoJavaScriptForm, match="unknown optimizer 'lion': choose one of sgd"):
        javascript_update("lion")
