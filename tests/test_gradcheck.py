"""gradcheck and the strategies users put in their own CI."""

import math

import pytest
from hypothesis import given

from engine import GradcheckError, Op, Value, gradcheck
from engine.testing import assert_gradients_match, expressions

# Deliberately wrong ops. sin's forward with a constant derivative:
WRONG_SIN = Op("wrong_sin", math.sin, lambda out, x: (-1.0,), "")
# x**3 with the right first derivative, recorded as a constant: its second derivative is lost.
FROZEN_CUBE = Op("frozen_cube", lambda x: x**3, lambda out, x: (3.0 * float(x) ** 2,), "")


def wrong_sin(x: Value) -> Value:
    return WRONG_SIN(x)


def frozen_cube(x: Value) -> Value:
    return FROZEN_CUBE(x)


def test_gradcheck_passes_on_a_correct_function():
    assert gradcheck(lambda x, y: (x * y).tanh() + y.exp(), [0.3, -0.7])


def test_gradcheck_raises_a_table_on_a_wrong_derivative():
    with pytest.raises(GradcheckError) as failure:
        gradcheck(wrong_sin, [0.5])
    message = str(failure.value)
    assert "1 of 1 derivatives disagree" in message
    assert "analytic" in message and "numeric" in message and "<- mismatch" in message


def test_gradcheck_second_order_catches_a_wrong_second_derivative():
    assert gradcheck(frozen_cube, [0.5])
    with pytest.raises(GradcheckError, match=r"d2 f/d x0 d x0 .*<- mismatch"):
        gradcheck(frozen_cube, [0.5], order=2)


def test_gradcheck_rejects_bad_settings():
    with pytest.raises(ValueError, match="order must be 1 or 2"):
        gradcheck(lambda x: x, [1.0], order=3)
    with pytest.raises(ValueError, match="eps must be positive"):
        gradcheck(lambda x: x, [1.0], eps=0.0)


def test_gradcheck_needs_f_to_return_a_value():
    with pytest.raises(TypeError, match="must return a Value, got float"):
        gradcheck(lambda x: 2.0, [1.0])


@given(expressions(max_depth=6))
def test_random_expressions_backward_matches_central_differences(expr):
    assert_gradients_match(expr, expr.inputs)


@given(expressions(max_depth=3, max_inputs=2))
def test_random_expressions_second_derivatives_match(expr):
    assert_gradients_match(expr, expr.inputs, order=2)


@given(expressions(max_depth=4, ops=["add", "mul", "tanh"]))
def test_expressions_use_only_the_ops_asked_for(expr):
    out = expr(*[Value(x) for x in expr.inputs])
    from engine import topological_order

    assert {node.op for node in topological_order(out)} <= {"", "+", "*", "tanh"}


def test_expressions_reject_unknown_op_names():
    @given(expressions(ops=["nope"]))
    def draw_one(expr):
        pass

    with pytest.raises(ValueError, match="unknown op cases"):
        draw_one()


def test_gradcheck_accepts_values_as_inputs_and_checks_at_their_data():
    assert gradcheck(lambda x, y: (x * y).tanh(), [Value(0.3), 2.0])


def test_gradcheck_of_a_single_value_not_in_a_list_says_to_wrap_it():
    with pytest.raises(TypeError, match=r"one number or Value per argument of f.*write \["):
        gradcheck(lambda x: x.tanh(), Value(0.3))  # type: ignore[arg-type]


def test_gradcheck_names_an_input_that_is_neither_number_nor_value():
    with pytest.raises(TypeError, match=r"numbers or Values.*str at position 1"):
        gradcheck(lambda x, y: x * y, [0.3, "2"])  # type: ignore[list-item]


def test_assert_gradients_match_allows_the_rounding_noise_of_big_cancelling_terms():
    # d/dx is exactly 1, but x + 1e8 rounds to 1.5e-8: central differences are off by ~1e-2
    assert_gradients_match(lambda x: (x + 1e8) - 1e8, [0.3])


def test_assert_gradients_match_still_catches_a_wrong_derivative_of_small_terms():
    with pytest.raises(GradcheckError, match="<- mismatch"):
        assert_gradients_match(wrong_sin, [0.5])


def test_gradcheck_accepts_a_numpy_array_as_the_point():
    np = pytest.importorskip("numpy")
    assert gradcheck(lambda x, y: (x * y).tanh(), np.array([0.3, 2.0]))
