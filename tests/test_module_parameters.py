"""Module.parameters and zero_grad follow the model's structure, even after it changes."""

import pytest

import nn
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


class Holder:
    """A plain object keeping a user module's weights: no Module, no snapshot sees inside."""

    def __init__(self) -> None:
        self.weights = [Value(1.0)]


class HeldWeights(nn.Module):
    def __init__(self) -> None:
        self.held = Holder()

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [(f"w{i}", w) for i, w in enumerate(self.held.weights)]


def test_a_users_module_sees_a_parameter_added_anywhere():
    module = HeldWeights()
    assert len(module.parameters()) == 1
    module.held.weights.append(Value(2.0))
    assert len(module.parameters()) == 2
    module.held.weights[1].grad = 5.0
    module.zero_grad()
    assert module.held.weights[1].grad == 0.0


def test_a_numpy_attribute_on_a_module_does_not_break_parameters():
    np = pytest.importorskip("numpy")
    neuron = nn.Neuron(2, seed=0)
    neuron.mask = np.array([0.0, 1.0])  # type: ignore[attr-defined]
    first = neuron.parameters()
    neuron.mask = np.array([1.0, 1.0])  # type: ignore[attr-defined]
    assert neuron.parameters() == first
