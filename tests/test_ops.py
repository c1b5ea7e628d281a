"""Every op: its forward value, its domain errors, its kinks, and its derivatives."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine import OPS, Op, Value
from engine.testing import OP_CASES, assert_gradients_match, finite_floats


def points_where_smooth(case_name: str) -> st.SearchStrategy[tuple[float, ...]]:
    case = OP_CASES[case_name]
    return st.tuples(*[finite_floats()] * case.arity).filter(lambda xs: case.smooth_at(*xs))


def test_every_op_in_the_table_has_a_test_case():
    assert {case.op for case in OP_CASES.values()} == set(OPS)


@pytest.mark.parametrize("case_name", sorted(OP_CASES))
def test_each_case_records_the_op_it_names(case_name):
    case = OP_CASES[case_name]
    out = case.apply(*[Value(0.5) for _ in range(case.arity)])
    assert out.op == case.op


@pytest.mark.parametrize("case_name", sorted(OP_CASES))
@given(data=st.data())
def test_gradient_matches_central_differences(case_name, data):
    point = data.draw(points_where_smooth(case_name))
    assert_gradients_match(OP_CASES[case_name].apply, point)


@pytest.mark.parametrize("case_name", sorted(OP_CASES))
@given(data=st.data())
def test_second_derivatives_match_central_differences(case_name, data):
    point = data.draw(points_where_smooth(case_name))
    assert_gradients_match(OP_CASES[case_name].apply, point, order=2)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: Value(2.0) + 3, 5.0),
        (lambda: Value(2.0) - 3, -1.0),
        (lambda: Value(2.0) * 3, 6.0),
        (lambda: Value(3.0) / 2, 1.5),
        (lambda: Value(2.0) ** 3, 8.0),
        (lambda: Value(-2.0) ** 3, -8.0),
        (lambda: Value(2.0) ** Value(3.0), 8.0),
        (lambda: -Value(2.0), -2.0),
        (lambda: Value(1.0).exp(), math.e),
        (lambda: Value(math.e).log(), 1.0),
        (lambda: Value(9.0).sqrt(), 3.0),
        (lambda: Value(0.5).tanh(), math.tanh(0.5)),
        (lambda: Value(0.0).sigmoid(), 0.5),
        (lambda: Value(0.0).softplus(), math.log(2.0)),
        (lambda: Value(-2.0).relu(), 0.0),
        (lambda: Value(2.0).relu(), 2.0),
        (lambda: Value(-2.0).leaky_relu(0.1), -0.2),
        (lambda: Value(0.3).step(), 1.0),
        (lambda: Value(-0.3).step(), 0.0),
        (lambda: abs(Value(-2.5)), 2.5),
        (lambda: engine.sum([1.0, Value(2.0), 3]), 6.0),
        (lambda: engine.dot([1.0, 2.0], [3.0, 4.0]), 11.0),
        (lambda: engine.dot([1.0, 2.0], [3.0, 4.0], bias=0.5), 11.5),
    ],
)
def test_forward_value(make, expected):
    assert make().data == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("op", ["tanh", "sigmoid", "softplus"])
@pytest.mark.parametrize("x", [1000.0, -1000.0])
def test_saturating_ops_are_stable_at_extreme_inputs(op, x):
    out = getattr(Value(x), op)()
    out.backward()
    assert math.isfinite(out.data)
    assert math.isfinite(out.parents[0].grad)


def test_extreme_values_are_exact_where_float_can_say_so():
    assert Value(1000.0).sigmoid().data == 1.0
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).softplus().data == 1000.0
    assert Value(-1000.0).softplus().data == 0.0
    assert Value(-1000.0).tanh().data == -1.0


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Value(0.0).log(), ValueError, r"log\(0\.0\) is undefined: log needs a positive"),
        (lambda: Value(-2.0).log(), ValueError, r"log\(-2\.0\) is undefined"),
        (lambda: Value(-4.0).sqrt(), ValueError, r"sqrt\(-4\.0\) is undefined"),
        (lambda: Value(1.0) / 0, ZeroDivisionError, r"division by zero: 1\.0 / 0\.0"),
        (lambda: 1 / Value(0.0), ZeroDivisionError, r"division by zero"),
        (lambda: Value(-2.0) ** 0.5, ValueError, r"negative base needs an integer exponent"),
        (lambda: Value(-2.0) ** Value(0.5), ValueError, r"negative base needs an integer"),
        (lambda: Value(0.0) ** -1, ZeroDivisionError, r"zero cannot be raised to a negative"),
        (lambda: Value(1000.0).exp(), OverflowError, r"exp\(1000\.0\) overflows a float"),
        (lambda: Value(1e200) ** 2, OverflowError, r"overflows a float"),
    ],
)
def test_undefined_maths_names_the_op_and_operand(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize(
    ("op", "expected"),
    [("relu", 0.0), ("abs", 0.0), ("step", 0.0), ("leaky_relu", 0.05)],
)
def test_derivative_at_the_kink_follows_pytorch(op, expected):
    x = Value(0.0)
    out = x.leaky_relu(0.05) if op == "leaky_relu" else getattr(x, op)()
    out.backward()
    assert x.grad == expected


def test_step_has_zero_derivative_everywhere():
    for data in (-1.0, 1.0):
        x = Value(data)
        x.step().backward()
        assert x.grad == 0.0


def test_infinite_derivative_is_an_error_naming_the_op():
    x = Value(0.0)
    with pytest.raises(ZeroDivisionError, match=r"cannot differentiate sqrt at \(0\.0\)"):
        x.sqrt().backward()


def test_exponent_gradient_with_negative_base_is_an_error_suggesting_a_number_exponent():
    out = Value(-2.0) ** Value(2.0)
    assert out.data == 4.0
    with pytest.raises(ValueError, match="write x \\*\\* 3 with a number"):
        out.backward()


def test_zero_base_has_zero_gradient_with_respect_to_the_exponent():
    base, exponent = Value(0.0), Value(2.0)
    (base**exponent).backward()
    assert (base.grad, exponent.grad) == (0.0, 0.0)


def test_x_to_the_zero_has_zero_derivative_even_at_zero():
    x = Value(0.0)
    (x**0).backward()
    assert x.grad == 0.0


def test_dot_needs_equal_lengths():
    with pytest.raises(ValueError, match="2 weights and 3 inputs"):
        engine.dot([1.0, 2.0], [1.0, 2.0, 3.0])


def test_dot_and_sum_reject_non_numbers_naming_the_position():
    with pytest.raises(TypeError, match="str at position 1"):
        engine.sum([1.0, "2"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="NoneType at position 3"):
        engine.dot([1.0, 2.0], [3.0, None])  # type: ignore[list-item]


def test_dot_is_one_node_however_many_inputs():
    ws = [Value(float(i)) for i in range(10)]
    xs = [Value(1.0) for _ in range(10)]
    out = engine.dot(ws, xs)
    assert out.op == "dot"
    assert all(p.op == "" for p in out.parents)


def test_leaky_relu_slope_is_a_parameter_not_a_parent():
    x = Value(-1.0)
    out = x.leaky_relu(0.2)
    assert (out.parents, out.params) == ((x,), (0.2,))


# NaN propagates through every activation, as in PyTorch: a NaN input is never turned into 0.
NAN_OPS = ["relu", "step", "abs", "leaky_relu", "tanh", "sigmoid", "softplus"]


@pytest.mark.parametrize("name", NAN_OPS)
def test_nan_propagates_through_the_op_and_its_gradient(name):
    x = Value(math.nan)
    out = getattr(x, name)()
    out.backward()
    assert math.isnan(out.data), f"{name}(nan) = {out.data}"
    assert math.isnan(x.grad), f"d {name}/dx at nan = {x.grad}"


@pytest.mark.parametrize("name", NAN_OPS)
def test_compiled_op_propagates_nan_as_eager_does(name):
    step = engine.compile(lambda x: getattr(x, name)(), [1.0])
    outputs, inputs, _ = step(math.nan)
    assert math.isnan(outputs[0]) and math.isnan(inputs[0])


@pytest.mark.parametrize("name", NAN_OPS)
def test_batch_op_propagates_nan_as_eager_does(name):
    pytest.importorskip("numpy")
    step = engine.compile(lambda x: getattr(x, name)(), [1.0])
    batch = step.batch([[math.nan], [2.0], [-2.0]])
    eager = [getattr(Value(x), name)().data for x in (2.0, -2.0)]
    assert math.isnan(batch.outputs[0][0])
    assert [row[0] for row in batch.outputs[1:]] == eager


def test_step_gradient_stays_zero_away_from_nan():
    for data in (-math.inf, -2.0, -0.0, 0.0, 3.0, math.inf):
        x = Value(data)
        x.step().backward()
        assert x.grad == 0.0


def test_an_op_defined_outside_the_table_runs_its_rule_at_every_backward():
    settings = {"scale": 2.0}
    scaled = Op(
        "scaled",
        lambda x: settings["scale"] * x,
        lambda out, x: (settings["scale"] + 0.0 * x,),
        "d(scale * x)/dx = scale",
    )
    x = Value(1.0)
    scaled(x).backward()
    settings["scale"] = 3.0
    scaled(x).backward()
    assert x.grad == 5.0
