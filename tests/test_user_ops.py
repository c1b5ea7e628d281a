"""An op defined by a user with `engine.Op` works everywhere a built-in op does."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine import Formula, Op, Value
from engine.testing import assert_gradients_match

# sin, which the op table does not have: forward, derivative, formula.
SIN = Op(
    "sin",
    math.sin,
    lambda out, x: (COS(x) if isinstance(x, Value) else math.cos(x),),
    Formula("sin({x})", ("x",), ("cos({x})",)),
)
# cos, so that sin's derivative can itself be recorded and differentiated (grad of grad).
COS = Op(
    "cos",
    math.cos,
    lambda out, x: (-SIN(x) if isinstance(x, Value) else -math.sin(x),),
    Formula("cos({x})", ("x",), ("-sin({x})",)),
)
# A parameterised op: x clipped to [-limit, limit].
CLIP = Op(
    "clip",
    lambda x, limit: max(-limit, min(limit, x)),
    lambda out, x, limit: (1.0 if abs(float(x)) < limit else 0.0,),
    Formula("clip({x})", ("x",), ("1 if |{x}| < {limit} else 0",)),
    params=("limit",),
)


def test_calling_an_op_records_a_node_with_its_inputs():
    x = Value(0.5, "x")
    y = SIN(x)
    assert y.data == math.sin(0.5)
    assert y.operation is SIN and y.op == "sin" and y.parents == (x,) and not y.is_leaf


def test_backward_through_a_user_op_uses_its_derivative():
    x = Value(0.5)
    (SIN(x) * 3.0).backward()
    assert x.grad == 3.0 * math.cos(0.5)


def test_a_number_is_a_constant_input_of_a_user_op():
    assert SIN(0.5).data == math.sin(0.5)


def test_parameters_are_passed_by_name():
    x = Value(5.0)
    y = CLIP(x, limit=2.0)
    y.backward()
    assert (y.data, y.params, x.grad) == (2.0, (2.0,), 0.0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: SIN(Value(1.0), Value(2.0)), "op 'sin' takes 1 inputs, got 2"),
        (lambda: CLIP(Value(1.0)), r"takes the parameters \(limit\), got \(none\)"),
        (lambda: SIN(Value(1.0), limit=1.0), "op 'sin' takes no parameters, got limit"),
        (lambda: SIN("1.0"), "op 'sin' takes Values or numbers, got str at position 0"),
    ],
    ids=["arity", "missing-param", "unknown-param", "wrong-type"],
)
def test_a_wrong_call_says_what_the_op_takes(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_a_formula_needs_one_derivative_per_input():
    with pytest.raises(ValueError, match="one derivative per input: 2 inputs"):
        Formula("({a}+{b})", ("a", "b"), ("1",))


@given(st.floats(-3.0, 3.0))
def test_gradients_of_a_user_op_match_finite_differences(x):
    assert_gradients_match(lambda v: SIN(v * v) + COS(v), [x])


def test_second_derivative_through_a_user_op():
    x = Value(0.7)
    (first,) = engine.grad(SIN(x), [x], create_graph=True)
    (second,) = engine.grad(first, [x])
    assert second == pytest.approx(-math.sin(0.7), abs=1e-15)


def test_gradcheck_accepts_a_correct_user_op():
    assert engine.gradcheck(lambda v: SIN(v) * v, [0.3])


def test_backward_steps_write_the_user_ops_formula():
    x = Value(0.5, "x")
    y = SIN(x)
    y.label = "y"
    (step,) = y.backward_steps()
    assert str(step.terms[0]).endswith(f"[d sin(x)/d x = cos(x) = {math.cos(0.5):.6g}]")


def test_a_picture_shows_the_user_op(tmp_path):
    x = Value(0.5, "x")
    source = engine.draw(SIN(x)).source
    assert "sin" in source


def test_the_stepper_page_holds_the_user_ops_step(tmp_path):
    x = Value(0.5, "x")
    page = engine.stepper(SIN(x), tmp_path / "sin.html").read_text("utf-8")
    assert "cos(x)" in page


def test_a_compiled_graph_of_a_user_op_equals_eager():
    compiled = engine.compile(lambda v: SIN(v) * CLIP(v, limit=0.5), [0.2])
    x = Value(0.9)
    eager = SIN(x) * CLIP(x, limit=0.5)
    eager.backward()
    result = compiled(0.9)
    assert result.outputs == (eager.data,) and result.inputs == (x.grad,)
