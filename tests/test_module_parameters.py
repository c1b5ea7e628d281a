"""Module.parameters and zero_grad follow the model's structure, even after it changes."""

from engine import Value
from nn import MLP


def test_zero_grad_clears_a_parameter_replaced_inside_a_neuron():
    model = MLP(2, [3, 1], seed=0)
    model.zero_grad()
    replacement = Value(0.5)
    replacement.grad = 7.0
    model.layers[0].neurons[1].w[0] = replacement
    model.zero_grad()
    assert replacement.grad == 0.0
    assert replacement in model.parameters()


def test_parameters_follow_a_replaced_layer():
    model = MLP(2, [3, 1], seed=0)
    before = model.parameters()
    model.layers[1] = MLP(3, [1], seed=1).layers[0]
    after = model.parameters()
    assert after[:9] == before[:9] and after[9:] != before[9:]
    assert len(after) == model.num_parameters == 13


def test_parameters_returns_a_new_list_each_call():
    model = MLP(2, [1], seed=0)
    first = model.parameters()
    first.clear()
    assert len(model.parameters()) == 3


def test_zero_grad_after_training_steps_clears_every_parameter():
    model = MLP(2, [4, 1], seed=0)
    for _ in range(3):
        loss = (model([0.3, -0.2]) - 1.0) ** 2
        loss.backward()
        model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
