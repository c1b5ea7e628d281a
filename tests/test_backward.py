"""backward(), grad(), zero_grad(), no_grad(): the chain rule over whole graphs."""

import random
import sys

import pytest
from hypothesis import given

import engine
from engine import Value
from engine.testing import chain_rule_magnitudes, expressions

EPSILON = sys.float_info.epsilon


def test_reused_node_gets_the_sum_of_its_paths():
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    assert a.grad == 4.0


def test_diamond_through_two_ops():
    a, b = Value(2.0), Value(5.0)
    x = a + b
    y = x * a  # dy/da = x + a = 9, dy/db = a = 2
    y.backward()
    assert (a.grad, b.grad, x.grad, y.grad) == (9.0, 2.0, 2.0, 1.0)


def test_backward_twice_accumulates():
    a, b = Value(2.0), Value(-3.0)
    out = (a * b).tanh() + a
    out.backward()
    once = [node.grad for node in engine.topological_order(out)]
    out.backward()
    twice = [node.grad for node in engine.topological_order(out)]
    assert twice == pytest.approx([2 * g for g in once], rel=1e-15)


def test_zero_grad_clears_every_node_of_the_graph():
    a = Value(2.0)
    out = (a * a).exp()
    out.backward()
    engine.zero_grad(out)
    assert all(node.grad == 0.0 for node in engine.topological_order(out))


def test_backward_of_a_leaf_sets_its_grad_to_one():
    a = Value(1.5)
    a.backward()
    assert a.grad == 1.0


def test_backward_never_changes_data():
    xs = [Value(random.Random(i).uniform(-2, 2)) for i in range(5)]
    out = engine.sum([x.tanh() * x for x in xs]) / engine.dot(xs, xs)
    before = [node.data for node in engine.topological_order(out)]
    out.backward()
    assert [node.data for node in engine.topological_order(out)] == before


def test_a_chain_100_times_deeper_than_the_recursion_limit_needs_no_recursion():
    # A million-deep chain is timed in the benchmark (python -m benchmarks.run, row E3).
    x = Value(1.0)
    out = x
    for _ in range(100 * sys.getrecursionlimit()):
        out = -out
    out.backward()
    assert x.grad == 1.0
    engine.zero_grad(out)
    assert engine.grad(out, [x]) == [1.0]


def test_topological_order_puts_parents_first_and_root_last():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = engine.topological_order(d)
    assert order[-1] is d
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        assert all(position[id(p)] < position[id(node)] for p in node.parents)
    assert len(order) == 4


def test_topological_order_is_the_same_for_the_same_graph():
    def build():
        x, y = Value(1.0, "x"), Value(2.0, "y")
        return (x * y + y.exp()).tanh() * x

    def names(root):
        return [(node.label, node.op, node.data) for node in engine.topological_order(root)]

    assert names(build()) == names(build())


def test_grad_returns_derivatives_and_leaves_grads_untouched():
    x, y = Value(2.0), Value(3.0)
    out = x * y + x
    x.grad = 0.25
    assert engine.grad(out, [x, y]) == [4.0, 2.0]
    assert (x.grad, y.grad, out.grad) == (0.25, 0.0, 0.0)


def test_grad_of_an_unrelated_input_is_zero():
    x, unrelated = Value(2.0), Value(5.0)
    assert engine.grad(x * x, [unrelated]) == [0.0]


def test_grad_needs_values():
    with pytest.raises(TypeError, match="float at position 1"):
        engine.grad(Value(1.0), [Value(1.0), 2.0])  # type: ignore[list-item]


def test_second_derivative_by_grad_of_grad():
    x = Value(0.7)
    y = x.tanh() * x**3
    (first,) = engine.grad(y, [x], create_graph=True)
    (second,) = engine.grad(first, [x])
    eps = 1e-5

    def first_at(at):
        v = Value(at)
        return engine.grad(v.tanh() * v**3, [v])[0]

    numeric = (first_at(0.7 + eps) - first_at(0.7 - eps)) / (2 * eps)
    assert second == pytest.approx(numeric, rel=1e-6)


def test_recorded_gradient_is_a_value_in_the_graph():
    x = Value(3.0)
    (first,) = engine.grad(x * x, [x], create_graph=True)
    assert isinstance(first, Value)
    assert first.data == 6.0
    assert x in engine.topological_order(first)


def test_no_grad_records_no_parents():
    x = Value(2.0)
    with engine.no_grad():
        assert not engine.is_grad_enabled()
        y = x * x + 1
    assert engine.is_grad_enabled()
    assert (y.data, y.op, y.parents) == (5.0, "", ())


def test_no_grad_restores_recording_after_an_error():
    with pytest.raises(ZeroDivisionError), engine.no_grad():
        Value(1.0) / 0
    assert engine.is_grad_enabled()


STEP = 1e-6
"""Central differences' step: small truncation error, rounding error ~ 1e-16 / STEP."""


def central_differences(expr, point):
    """d expr / d x_i by float64 central differences: an oracle sharing no code with backward."""
    numeric = []
    with engine.no_grad():
        for i in range(len(point)):
            above, below = list(point), list(point)
            above[i] += STEP
            below[i] -= STEP
            high, low = expr(*map(Value, above)).data, expr(*map(Value, below)).data
            numeric.append((high - low) / (2 * STEP))
    return numeric


@given(expressions(max_depth=5))
def test_backward_matches_central_differences_on_random_graphs(expr):
    xs = [Value(x) for x in expr.inputs]
    out = expr(*xs)
    out.backward()
    magnitudes = chain_rule_magnitudes(out)
    # Rounding of each node's value moves out by up to u |data| |d out/d node|; the
    # differences divide that by STEP. Gradients are compared relative to their terms' size.
    rounding = sum(abs(node.data) * magnitudes[node] for node in magnitudes) * EPSILON / STEP
    for x, numeric in zip(xs, central_differences(expr, expr.inputs)):
        assert abs(x.grad - numeric) <= 1e-6 * magnitudes.get(x, 0.0) + 10 * rounding, str(expr)


@given(expressions(max_depth=5))
def test_backward_twice_doubles_every_gradient_on_random_graphs(expr):
    xs = [Value(x) for x in expr.inputs]
    out = expr(*xs)
    out.backward()
    nodes = engine.topological_order(out)
    once = [node.grad for node in nodes]
    out.backward()
    magnitudes = chain_rule_magnitudes(out)
    for node, first in zip(nodes, once):
        if node.op:  # inner gradients are set aside and added back: doubling is exact
            assert node.grad == 2 * first
        else:  # a leaf adds the second pass's terms one by one onto its first gradient
            tolerance = 4 * len(nodes) * EPSILON * magnitudes.get(node, 0.0)
            assert abs(node.grad - 2 * first) <= tolerance


@given(expressions(max_depth=5))
def test_backward_leaves_data_and_inputs_unchanged_on_random_graphs(expr):
    xs = [Value(x) for x in expr.inputs]
    out = expr(*xs)
    before = [node.data for node in engine.topological_order(out)]
    out.backward()
    assert [node.data for node in engine.topological_order(out)] == before
    assert [x.data for x in xs] == list(expr.inputs)


def test_a_shared_node_is_not_a_cycle():
    x = Value(2.0)
    shared = x * x
    out = shared * shared + shared
    out.backward()
    assert x.grad == 4 * 2.0**3 + 2 * 2.0
