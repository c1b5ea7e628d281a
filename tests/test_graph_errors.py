"""Graphs backward cannot use: cycles made by assigning `.parents`, undefined derivatives."""

import pytest

import engine
from engine import Value

CYCLE = r"cycle .*\.parents was changed"


def cyclic_graph() -> Value:
    x = Value(1.0)
    a = x * 2.0
    b = a + 1.0
    a.parents = (b, a.parents[1])  # a now depends on b, which depends on a
    return b


def test_backward_on_a_graph_with_a_cycle_is_an_error():
    with pytest.raises(ValueError, match=CYCLE):
        cyclic_graph().backward()


def test_topological_order_of_a_graph_with_a_cycle_is_an_error():
    with pytest.raises(ValueError, match=CYCLE):
        engine.topological_order(cyclic_graph())


def test_grad_of_a_graph_with_a_cycle_is_an_error():
    out = cyclic_graph()
    for create_graph in (False, True):
        with pytest.raises(ValueError, match=CYCLE):
            engine.grad(out, [Value(1.0)], create_graph=create_graph)


def test_a_node_used_twice_is_not_a_cycle():
    x = Value(3.0)
    y = x * x
    (y + y).backward()
    assert x.grad == 12.0


def test_infinite_derivative_is_one_error_naming_op_operand_and_rule():
    with pytest.raises(ZeroDivisionError) as caught:
        Value(0.0).sqrt().backward()
    assert str(caught.value) == (
        "cannot differentiate sqrt at (0.0): d sqrt(x)/dx = 1 / (2 sqrt(x)) is infinite there"
    )
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_undefined_derivative_by_grad_is_one_error_too():
    x = Value(0.0)
    with pytest.raises(ZeroDivisionError, match="cannot differentiate sqrt") as caught:
        engine.grad(x.sqrt(), [x], create_graph=True)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
