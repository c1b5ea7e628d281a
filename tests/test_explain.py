"""explain(): the graph as a table in topological order."""

import io

import pytest

import engine
from engine import Value


def test_explain_prints_one_row_per_node_inputs_first():
    x1, w1 = Value(2.0, "x1"), Value(-3.0, "w1")
    out = (x1 * w1 + 1).tanh()
    out.backward()
    buffer = io.StringIO()
    engine.explain(out, file=buffer)
    lines = buffer.getvalue().splitlines()
    assert lines[0].split() == ["name", "role", "op", "inputs", "data", "grad"]
    assert [line.split()[0] for line in lines[2:]] == ["x1", "w1", "n1", "1.0", "n2", "out"]
    assert lines[4].split() == ["n1", "intermediate", "*", "x1", "*", "w1", "-6.0", "0.000181583"]
    assert lines[5].split()[1] == "constant"
    assert lines[-1].split()[:4] == ["out", "output", "tanh", "tanh(n2)"]


def test_explain_changes_nothing():
    x = Value(2.0, "x")
    out = x * x
    engine.explain(out, file=io.StringIO())
    assert (x.grad, out.grad) == (0.0, 0.0)


def test_explain_of_something_else_is_a_type_error():
    with pytest.raises(TypeError, match="explain describes the graph of a Value, got list"):
        engine.explain([1.0])  # type: ignore[arg-type]


def test_explain_of_a_wide_sum_grows_linearly_with_its_nodes():
    width = 2000
    total = engine.sum(Value(float(i), f"x{i}") for i in range(width))
    buffer = io.StringIO()
    engine.explain(total, file=buffer)
    text = buffer.getvalue()
    rows = text.splitlines()
    assert len(rows) == width + 3  # header, rule, the inputs, the sum
    assert max(len(row) for row in rows) <= 200
    assert "\u2026" in rows[-1]
