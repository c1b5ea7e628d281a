"""backward_steps(): the backward pass one node at a time, with the chain rule written out."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine import Value
from engine.testing import expressions


def neuron() -> tuple[Value, dict[str, Value]]:
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2, b = Value(-3.0, "w1"), Value(1.0, "w2"), Value(6.8813735870195432, "b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    out = n.tanh()
    out.label = "out"
    return out, {v.label: v for v in (x1, x2, w1, w2, b, n, out) if v.label}


def test_steps_change_no_grad_until_iterated():
    out, _ = neuron()
    steps = out.backward_steps()
    assert all(node.grad == 0.0 for node in engine.topological_order(out))
    next(steps)
    assert out.grad == 1.0


def test_one_step_per_operation_in_backward_order_root_first():
    out, nodes = neuron()
    steps = list(out.backward_steps())
    assert [step.number for step in steps] == [1, 2, 3, 4, 5]
    assert steps[0].node is out and steps[0].upstream == 1.0
    assert steps[1].node is nodes["n"]
    assert all(step.total == 5 for step in steps)


def test_step_text_writes_the_chain_rule_with_the_ops_own_formula():
    a, b = Value(3.0, "x1"), Value(2.0, "w1")
    loss = a * b
    loss.label = "loss"
    (step,) = loss.backward_steps()
    assert str(step).splitlines() == [
        "step 1 of 1: loss = x1 * w1, d loss/d loss = 1.0",
        "  d loss/d x1 += 1.0 x 2.0 = 2.0   [d(x1*w1)/d x1 = w1 = 2.0]",
        "  d loss/d w1 += 1.0 x 3.0 = 3.0   [d(x1*w1)/d w1 = x1 = 3.0]",
    ]


def test_a_term_holds_the_local_derivative_and_the_contribution():
    x = Value(0.5, "x")
    y = x.tanh()
    y.label = "y"
    z = y * 4.0
    steps = list(z.backward_steps())
    (term,) = steps[1].terms
    assert term.parent is x
    assert term.local_derivative == pytest.approx(1 - math.tanh(0.5) ** 2)
    assert term.contribution == pytest.approx(4.0 * (1 - math.tanh(0.5) ** 2))
    assert "[d tanh(x)/d x = 1 - tanh(x)**2 = 0.786448]" in str(term)


def test_constants_and_parameters_appear_in_the_formula():
    h = Value(1.5, "h")
    out = (h**2).leaky_relu(0.1)
    lines = "\n".join(str(step) for step in out.backward_steps())
    assert "[d(h**2.0)/d h = 2.0 * h**(2.0-1) = 3.0]" in lines
    assert "else 0.1" in lines


def test_dot_steps_name_each_weight_input_and_bias():
    w = [Value(0.5, "w1"), Value(-1.0, "w2")]
    x = [Value(2.0, "x1"), Value(3.0, "x2")]
    out = engine.dot(w, x, Value(0.1, "b"))
    (step,) = out.backward_steps()
    texts = [term.text for term in step.terms]
    assert texts[1].endswith("[d(w.x + b)/d w2 = x2 = 3.0]")
    assert texts[2].endswith("[d(w.x + b)/d x1 = w1 = 0.5]")
    assert texts[4].endswith("[d(w.x + b)/d b = 1]")


def test_a_leaf_root_has_one_step_that_seeds_its_gradient():
    x = Value(2.0, "x")
    (step,) = x.backward_steps()
    assert step.terms == ()
    assert x.grad == 1.0


def test_backward_steps_of_something_else_is_a_type_error():
    with pytest.raises(TypeError, match="backward_steps walks the graph of a Value, got float"):
        engine.backward_steps(2.0)  # type: ignore[arg-type]


@given(expressions(max_depth=4))
def test_after_the_last_step_every_grad_equals_backward(expr):
    stepped = expr(*[Value(x) for x in expr.inputs])
    reference = expr(*[Value(x) for x in expr.inputs])
    for _ in stepped.backward_steps():
        pass
    reference.backward()
    assert [n.grad for n in engine.topological_order(stepped)] == [
        n.grad for n in engine.topological_order(reference)
    ]


@given(expressions(max_depth=3), st.floats(-2.0, 2.0))
def test_steps_accumulate_onto_earlier_gradients_like_backward(expr, earlier):
    stepped = expr(*[Value(x) for x in expr.inputs])
    reference = expr(*[Value(x) for x in expr.inputs])
    for node in engine.topological_order(stepped) + engine.topological_order(reference):
        node.grad = earlier
    for _ in stepped.backward_steps():
        pass
    reference.backward()
    assert [n.grad for n in engine.topological_order(stepped)] == [
        n.grad for n in engine.topological_order(reference)
    ]


def test_a_number_written_in_the_expression_gets_no_gradient_line():
    x = Value(3.0, "x")
    out = x * 2
    out.label = "out"
    (step,) = out.backward_steps()
    assert str(step).splitlines() == [
        "step 1 of 1: out = x * 2.0, d out/d out = 1.0",
        "  d out/d x += 1.0 x 2.0 = 2.0   [d(x*2.0)/d x = 2.0]",
    ]


def test_an_unlabelled_value_is_an_input_with_a_generated_name_and_a_line():
    x = Value(3.0)
    out = x * Value(2.0, "w")
    out.label = "out"
    (step,) = out.backward_steps()
    assert "d out/d x1 += 1.0 x 2.0 = 2.0" in str(step)


def test_a_second_contribution_shows_the_running_total():
    x = Value(3.0, "x")
    out = x * x
    out.label = "out"
    (step,) = out.backward_steps()
    assert [line.split("   [")[0] for line in str(step).splitlines()[1:]] == [
        "  d out/d x += 1.0 x 3.0 = 3.0",
        "  d out/d x += 1.0 x 3.0 = 3.0, grad now 6.0",
    ]


def test_steps_onto_nonzero_grads_say_so_first_and_end_on_the_true_grad():
    x, w = Value(3.0, "x"), Value(2.0, "w")
    out = (x * w).tanh()
    out.label = "out"
    out.backward()
    text = "\n".join(str(step) for step in out.backward_steps())
    assert text.splitlines()[0].startswith("note: this graph's gradients were not zero")
    last = text.splitlines()[-1]
    assert last.startswith("  d out/d w += ")
    expected_w = 2 * 3.0 * (1 - math.tanh(6.0) ** 2)  # two passes of d tanh(x*w)/dw
    assert f"grad now {engine.naming.format_number(expected_w)}" in last
    assert w.grad == pytest.approx(expected_w)


def test_steps_from_zero_grads_carry_no_note():
    out, _ = neuron()
    first = str(next(out.backward_steps())).splitlines()[0]
    assert first.startswith("step 1 of 5:")
