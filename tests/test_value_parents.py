"""`.parents` and `.params`: read as tuples, assignable where the graph stays meaningful."""

import pytest

import engine
from engine import Value


def test_parents_and_params_read_as_tuples_for_every_shape_of_node():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    assert (a.parents, a.params) == ((), ())
    assert ((a * b).parents, (a * b).params) == ((a, b), ())
    assert ((a**3).parents, (a**3).params) == ((a,), (3.0,))
    assert (a.relu().parents, a.relu().params) == ((a,), ())
    assert engine.dot([a, b], [c, a]).parents == (a, b, c, a)
    assert engine.sum([a]).parents == (a,)


def test_a_leaf_given_parents_orders_them_like_a_root():
    a, b = Value(1.0), Value(2.0)
    outputs = [a * b, a + b]
    root = Value(0.0)
    root.parents = tuple(outputs)
    assert root.parents == tuple(outputs)
    assert engine.topological_order(root) == [a, b, outputs[0], outputs[1], root]


def test_assigning_a_wrong_number_of_parents_to_an_op_node_is_an_error():
    a, b = Value(1.0), Value(2.0)
    with pytest.raises(ValueError, match=r"op '\*' takes 2 inputs, got 1 parents"):
        (a * b).parents = (a,)


def test_assigning_parents_that_are_not_values_is_an_error():
    with pytest.raises(TypeError, match="parents must be Values, got float at position 1"):
        Value(1.0).parents = (Value(2.0), 3.0)


def test_reassigned_parents_are_what_backward_follows():
    a, b, c = Value(1.0), Value(2.0), Value(5.0)
    product = a * b
    product.parents = (a, c)
    product.backward()
    assert (a.grad, b.grad, c.grad) == (5.0, 0.0, 1.0)
