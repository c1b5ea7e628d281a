"""engine.dot and engine.sum: one node each, the same numbers however they are built."""

import pytest

import engine
from engine import Value


def test_dot_adds_the_products_left_to_right_then_the_bias():
    w = [Value(0.1), Value(0.2), Value(0.3)]
    x = [Value(3.0), Value(-1.5), Value(7.0)]
    expected = ((0.1 * 3.0 + 0.2 * -1.5) + 0.3 * 7.0) + 0.25
    assert engine.dot(w, x, Value(0.25)).data == expected


def test_dot_and_sum_take_plain_numbers_as_constants():
    a = Value(2.0)
    out = engine.dot([a, 3.0], [4.0, a], 1.0) + engine.sum([a, 0.5])
    out.backward()
    assert (out.data, a.grad) == (2.0 * 4.0 + 3.0 * 2.0 + 1.0 + 2.5, 4.0 + 3.0 + 1.0)


def test_sum_names_what_is_not_a_number():
    with pytest.raises(TypeError, match="sum's values must hold Values or numbers, got str"):
        engine.sum([Value(1.0), "2"])


def test_many_inputs_beyond_the_written_forwards_give_the_same_value():
    xs = [Value(float(i) / 7.0) for i in range(200)]
    total = 0.0
    for x in xs:
        total += x.data
    assert engine.sum(xs).data == total


def test_a_traced_function_may_use_dot_sum_and_number_constants():
    def f(a: Value, b: Value) -> Value:
        return engine.dot([a, b], [b, 2.0], 1.0) * engine.sum([a, b, 3.0]) ** 2

    compiled = engine.compile(f, [1.0, 2.0])
    a, b = Value(0.5), Value(-1.5)
    eager = f(a, b)
    eager.backward()
    result = compiled(0.5, -1.5)
    assert result.output == eager.data and result.inputs == (a.grad, b.grad)
