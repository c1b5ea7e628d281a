"""Value: what it accepts, what it holds, how it prints."""

import math

import pytest

from engine import Value


def test_data_becomes_a_python_float():
    assert type(Value(3).data) is float
    assert Value(3).data == 3.0


def test_numpy_scalars_are_accepted():
    numpy = pytest.importorskip("numpy")
    assert Value(numpy.float32(1.5)).data == 1.5
    assert type(Value(numpy.int64(2)).data) is float


@pytest.mark.parametrize("bad", ["2.0", None, 1j, [1.0], True])
def test_non_real_data_is_a_type_error_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)


def test_a_new_value_is_a_leaf_with_zero_grad():
    a = Value(2.0, label="a")
    assert (a.grad, a.label, a.op, a.parents) == (0.0, "a", "", ())


def test_label_must_be_a_string():
    with pytest.raises(TypeError, match="label must be a str"):
        Value(1.0, label=3)  # type: ignore[arg-type]


def test_repr_of_a_leaf_shows_data_grad_and_label():
    assert repr(Value(2.0, label="a")) == "Value(data=2.0, grad=0.0, label='a')"


def test_repr_of_an_op_result_shows_the_op():
    out = Value(2.0) * Value(-3.0)
    out.backward()
    assert repr(out) == "Value(data=-6.0, grad=1.0, op='*')"


def test_parents_are_kept_in_the_order_written():
    a, b = Value(1.0), Value(2.0)
    assert (a - b).parents == (a, b)
    assert (b - a).parents == (b, a)


def test_numbers_on_either_side_become_constant_leaves():
    a = Value(3.0)
    assert (2 - a).data == -1.0
    assert (a - 2).data == 1.0
    assert (6 / a).data == 2.0
    assert (2**a).data == 8.0
    assert [p.data for p in (2 * a).parents] == [2.0, 3.0]


def test_unsupported_operand_is_a_type_error():
    with pytest.raises(TypeError, match="unsupported operand"):
        Value(1.0) + "x"  # type: ignore[operator]


def test_float_of_a_value_is_its_data():
    assert float(Value(2.5)) == 2.5


def test_detach_makes_a_leaf_with_the_same_data():
    x = Value(2.0, label="x")
    y = (x * x).detach()
    assert (y.data, y.op, y.parents) == (4.0, "", ())


def test_nan_data_is_kept_as_given():
    assert math.isnan(Value(float("nan")).data)
