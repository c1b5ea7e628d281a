"""Neuron, Layer, MLP and the Module base: the model-building API."""

import math
import random

import pytest

import nn
from engine import Value, topological_order
from nn.init import he, uniform, xavier


def test_neuron_pre_activation_is_one_dot_node():
    neuron = nn.Neuron(3, activation="tanh", seed=0)
    out = neuron([1.0, 2.0, 3.0])
    assert out.op == "tanh"
    assert out.parents[0].op == "dot"
    ops = [node.op for node in topological_order(out) if node.op]
    assert ops == ["dot", "tanh"]


def test_neuron_computes_activation_of_weighted_sum_plus_bias():
    neuron = nn.Neuron(2, activation="sigmoid", seed=0)
    neuron.w[0].data, neuron.w[1].data, neuron.b.data = 0.5, -1.0, 0.25
    expected = 1.0 / (1.0 + math.exp(-(0.5 * 2.0 - 1.0 * 3.0 + 0.25)))
    assert neuron([2.0, 3.0]).data == pytest.approx(expected, rel=1e-15)


def test_neuron_without_bias_has_only_weights():
    neuron = nn.Neuron(4, bias=False, seed=0)
    assert neuron.b is None
    assert [name for name, _ in neuron.named_parameters()] == ["w.0", "w.1", "w.2", "w.3"]


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "step", "leaky_relu"])
def test_named_activation_records_the_engine_op(name):
    out = nn.Neuron(2, activation=name, seed=0)([0.3, -0.7])
    assert out.op == name


def test_linear_activation_adds_no_node():
    assert nn.Neuron(2, activation="linear", seed=0)([0.3, -0.7]).op == "dot"


def test_callable_activation_is_applied():
    out = nn.Neuron(2, activation=lambda v: v * v, seed=0)([0.3, -0.7])
    assert out.op == "*"


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'swish': choose one of relu, tanh"):
        nn.Neuron(2, activation="swish")


def test_layer_always_returns_a_list():
    out = nn.Layer(3, 1, seed=0)([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 1


def test_mlp_returns_a_value_when_its_last_layer_has_one_neuron():
    assert isinstance(nn.MLP(2, [4, 1], seed=0)([1.0, 2.0]), Value)


def test_mlp_returns_a_list_for_several_outputs():
    out = nn.MLP(2, [4, 3], seed=0)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 3


def test_mlp_uses_activation_between_layers_and_output_activation_last():
    model = nn.MLP(2, [3, 3, 2], activation="tanh", output_activation="sigmoid", seed=0)
    assert [layer.activation for layer in model.layers] == ["tanh", "tanh", "sigmoid"]
    assert [v.op for v in model([1.0, 2.0])] == ["sigmoid", "sigmoid"]


def test_wrong_input_length_names_expected_and_received_sizes():
    with pytest.raises(ValueError, match="this MLP expects 2 inputs, got 3"):
        nn.MLP(2, [4, 1], seed=0)([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="this Layer expects 3 inputs, got 1"):
        nn.Layer(3, 2, seed=0)([1.0])
    with pytest.raises(ValueError, match="this Neuron expects 2 inputs, got 0"):
        nn.Neuron(2, seed=0)([])


def test_non_numeric_input_names_its_position():
    with pytest.raises(TypeError, match="got str at position 1"):
        nn.MLP(2, [1], seed=0)([1.0, "x"])


def test_bad_sizes_are_rejected_with_an_example():
    with pytest.raises(ValueError, match=r"e.g. MLP\(2, \[8, 8, 1\]\)"):
        nn.MLP(2, [])
    with pytest.raises(ValueError, match="each layer size must be a positive int, got 0"):
        nn.MLP(2, [4, 0])


def test_named_parameters_use_dotted_paths_and_set_labels():
    model = nn.MLP(2, [3, 1], seed=0)
    named = dict(model.named_parameters())
    parameter = named["layers.0.neurons.2.w.1"]
    assert parameter is model.layers[0].neurons[2].w[1]
    assert parameter.label == "layers.0.neurons.2.w.1"
    assert named["layers.1.neurons.0.b"].label == "layers.1.neurons.0.b"


def test_parameters_follow_the_order_of_named_parameters():
    model = nn.MLP(2, [3, 2], seed=0)
    assert model.parameters() == [p for _, p in model.named_parameters()]


def test_num_parameters_counts_weights_and_biases():
    assert nn.MLP(2, [8, 8, 1], seed=0).num_parameters == (2 * 8 + 8) + (8 * 8 + 8) + (8 + 1)


def test_zero_grad_clears_every_parameter_gradient():
    model = nn.MLP(2, [3, 1], seed=0)
    model([1.0, 2.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_repr_shows_the_architecture():
    assert repr(nn.MLP(2, [8, 1], seed=0)) == (
        "MLP(2 -> 8 -> 1, 33 parameters\n"
        "  (layers.0): Layer(2 -> 8, relu)\n"
        "  (layers.1): Layer(8 -> 1, linear)\n"
        ")"
    )
    assert repr(nn.Neuron(3, "tanh", bias=False, seed=0)) == "Neuron(3 inputs, tanh, no bias)"


def test_same_seed_gives_the_same_model():
    first = [p.data for p in nn.MLP(2, [4, 1], seed=7).parameters()]
    second = [p.data for p in nn.MLP(2, [4, 1], seed=7, init="uniform").parameters()]
    assert first == second
    assert first != [p.data for p in nn.MLP(2, [4, 1], seed=8).parameters()]


def test_a_random_generator_works_as_seed():
    a = nn.MLP(2, [4, 1], seed=random.Random(3)).parameters()
    b = nn.MLP(2, [4, 1], seed=random.Random(3)).parameters()
    assert [p.data for p in a] == [p.data for p in b]


def test_default_init_is_uniform_within_one_over_sqrt_nin_and_biases_start_at_zero():
    layer = nn.Layer(16, 50, seed=0)
    weights = [w.data for n in layer.neurons for w in n.w]
    assert max(abs(w) for w in weights) <= 1 / math.sqrt(16)
    assert max(abs(w) for w in weights) > 0.9 / math.sqrt(16)
    assert all(n.b.data == 0.0 for n in layer.neurons)


def test_xavier_and_he_follow_their_scales():
    rng = random.Random(0)
    xs = [xavier(10, 30, rng) for _ in range(20000)]
    assert max(abs(x) for x in xs) <= math.sqrt(6 / 40)
    hs = [he(8, 8, rng) for _ in range(20000)]
    std = math.sqrt(sum(h * h for h in hs) / len(hs))
    assert std == pytest.approx(math.sqrt(2 / 8), rel=0.03)
    assert abs(uniform(4, 1, rng)) <= 0.5


def test_init_by_name_is_used_by_layers():
    layer = nn.Layer(10, 30, init="xavier", seed=0)
    assert max(abs(w.data) for n in layer.neurons for w in n.w) <= math.sqrt(6 / 40)
    with pytest.raises(
        ValueError, match="unknown init 'glorot': choose one of uniform, xavier, he"
    ):
        nn.Layer(2, 2, init="glorot")


def test_predict_returns_floats_and_records_no_graph():
    model = nn.MLP(2, [3, 2], seed=0)
    outputs = model.predict([[1.0, 2.0], [0.0, 1.0]])
    assert all(isinstance(v, float) for row in outputs for v in row)
    assert all(p.grad == 0.0 for p in model.parameters())
