"""Names and roles of a graph's nodes: what the pictures, the stepper and the text call them."""

import math

import engine
import nn
from engine import Value
from engine.naming import format_number, node_names, node_roles


def names_and_roles(root: Value) -> tuple[dict[Value, str], dict[Value, str]]:
    order = engine.topological_order(root)
    return node_names(order), dict(node_roles(order))


def test_a_number_written_in_an_expression_is_a_constant_named_by_its_value():
    x = Value(3.0, "x")
    out = 2 * x
    (two,) = [parent for parent in out.parents if parent is not x]
    names, roles = names_and_roles(out)
    assert names[two] == "2.0" and roles[two] == "constant"


def test_an_unlabelled_value_is_an_input_with_a_generated_name():
    given = Value(2.0)
    out = given * Value(3.0, "w")
    names, roles = names_and_roles(out)
    assert names[given] == "x1" and roles[given] == "input"


def test_generated_input_names_skip_labels_already_taken():
    taken, given = Value(1.0, "x1"), Value(2.0)
    names, _ = names_and_roles(taken * given)
    assert names[given] == "x2"


def test_a_neurons_bias_is_a_parameter_whatever_its_label():
    neuron = nn.Neuron(2, "tanh", seed=0)
    assert neuron.b is not None
    neuron.b.label = "bias"  # no dotted name to recognise
    _, roles = names_and_roles(neuron([1.0, 2.0]))
    assert roles[neuron.b] == "parameter"
    assert all(roles[w] == "parameter" for w in neuron.w)


def test_in_pictures_a_fraction_never_rounds_to_look_whole():
    assert format_number(math.tanh(-7.0), 4, keep_fraction=True) == "-0.999998"
    assert format_number(2.99996, 4, keep_fraction=True) == "2.99996"
    assert format_number(-1.0, 4, keep_fraction=True) == "-1.0"
    assert format_number(0.30000000000000004, 4, keep_fraction=True) == "0.3"


def test_a_saturated_tanh_box_shows_its_fraction():
    out = (Value(-3.5, "x") * 2).tanh()  # tanh(-7) = -0.9999983...
    assert "data -0.999998" in engine.draw(out).source


def test_a_number_in_a_sum_or_dot_is_a_constant_too():
    x = Value(1.0, "x")
    out = engine.dot([x, 2.0], [3.0, x])
    _, roles = names_and_roles(out)
    numbers = [parent for parent in out.parents if parent is not x]
    assert len(numbers) == 2 and all(roles[number] == "constant" for number in numbers)
