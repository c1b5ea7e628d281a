"""engine.compiler.javascript: the op table written as JavaScript computes what Python does."""

from __future__ import annotations

import math

import pytest
from playground_support import Browser, browser

from engine import OPS
from engine.compiler.javascript import (
    KernelUse,
    NoJavaScriptForm,
    javascript_expression,
    javascript_kernels,
)

__all__ = ["browser"]

USES = [
    KernelUse("+", 2), KernelUse("-", 2), KernelUse("*", 2), KernelUse("/", 2),
    KernelUse("**", 1, (2.0,)), KernelUse("**", 1, (0.5,)), KernelUse("neg", 1),
    KernelUse("exp", 1), KernelUse("log", 1), KernelUse("sqrt", 1), KernelUse("tanh", 1),
    KernelUse("sigmoid", 1), KernelUse("softplus", 1), KernelUse("relu", 1),
    KernelUse("leaky_relu", 1, (0.01,)), KernelUse("step", 1), KernelUse("abs", 1),
    KernelUse("sum", 3), KernelUse("dot", 5), KernelUse("dot", 4),
]  # fmt: skip
POINTS = [0.7, -1.3, 2.5, -0.2, 1.1]


def python_values(use: KernelUse, point: list[float]) -> tuple[float, list[float]]:
    op = OPS[use.op]
    out = op.forward(*point, *use.params)
    return out, [float(d) for d in op.derivative(out, *point, *use.params)]


def inputs_for(use: KernelUse, shift: int) -> list[float]:
    values = [POINTS[(i + shift) % len(POINTS)] for i in range(use.count)]
    return [abs(v) for v in values] if use.op in ("log", "sqrt", "**") else values


def test_every_kernel_matches_the_op_tables_python(browser: Browser) -> None:
    cases = [(use, inputs_for(use, shift)) for use in USES for shift in range(len(POINTS))]
    script = (
        "(cases) => { const K = " + javascript_kernels(USES) + ";\n"
        "return cases.map(([key, v, out]) => [K[key].forward(v), K[key].derivative(out, v)]); }"
    )
    expected = [python_values(use, point) for use, point in cases]
    page = browser.context.new_page()
    computed = page.evaluate(script, [[u.key, p, e[0]] for (u, p), e in zip(cases, expected)])
    page.close()
    for (use, point), (out, derivatives), (js_out, js_derivatives) in zip(
        cases, expected, computed
    ):
        assert math.isclose(js_out, out, rel_tol=1e-15, abs_tol=1e-300), (use.key, point)
        assert len(js_derivatives) == use.count
        for js, py in zip(js_derivatives, derivatives):
            assert math.isclose(js, py, rel_tol=1e-15, abs_tol=1e-300), (use.key, point)


def test_kernels_name_their_op_and_formula() -> None:
    text = javascript_kernels([KernelUse("tanh", 1)])
    assert '"tanh/1": {op: "tanh", formula: "d tanh(x)/dx = 1 - tanh(x)**2"' in text
    assert "forward: (v) => Math.tanh(v[0])" in text


def test_python_conditionals_and_powers_become_javascript() -> None:
    assert javascript_expression("0.0 if x <= 0.0 else x") == "((x <= 0.0) ? 0.0 : x)"
    assert javascript_expression("-a ** 2.0") == "(-Math.pow(a, 2.0))"
    assert javascript_expression("np.where(x >= 0.0, 1.0, np.exp(x))") == (
        "((x >= 0.0) ? 1.0 : Math.exp(x))"
    )


def test_a_function_javascript_lacks_is_refused_by_name() -> None:
    with pytest.raises(NoJavaScriptForm, match=r"erf\(\) in 'erf\(x\)' has no JavaScript form"):
        javascript_expression("erf(x)")


def test_a_rule_that_reads_numbers_is_refused() -> None:
    with pytest.raises(NoJavaScriptForm, match="derivative rule of op 'pow' looks at the numbers"):
        javascript_kernels([KernelUse("pow", 2)])


@pytest.mark.parametrize(
    ("use", "message"),
    [
        (KernelUse("nope", 1), "unknown op 'nope'"),
        (KernelUse("tanh", 2), "op 'tanh' takes 1 inputs, not 2"),
        (KernelUse("leaky_relu", 1), r"takes the parameters \(slope\), got \(\)"),
    ],
)
def test_a_wrong_use_of_an_op_says_what_is_wrong(use: KernelUse, message: str) -> None:
    with pytest.raises(NoJavaScriptForm, match=message):
        javascript_kernels([use])
