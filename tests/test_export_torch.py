"""nn.export.to_torch and from_torch: the same outputs and gradients, and clear refusals."""

import random

import pytest
from export_support import need
from hypothesis import given
from hypothesis import strategies as st

import nn
import nn.export
from engine import Value

torch = need("torch")

NAMED = ["relu", "tanh", "sigmoid", "leaky_relu", "step", "linear"]


def random_model(seed: int, activation: str, output: str, bias: bool) -> nn.MLP:
    """A small MLP with random weights and (unlike a fresh one) random biases."""
    rng = random.Random(seed)
    sizes = [rng.randint(1, 4) for _ in range(rng.randint(1, 3))]
    model = nn.MLP(rng.randint(1, 4), sizes, activation, output, bias=bias, seed=seed)
    for p in model.parameters():
        p.data = rng.uniform(-2.0, 2.0)
    return model


@given(
    seed=st.integers(0, 10_000),
    activation=st.sampled_from(NAMED),
    output=st.sampled_from(NAMED),
    bias=st.booleans(),
)
def test_to_torch_gives_the_same_outputs_and_gradients(seed, activation, output, bias) -> None:
    model = random_model(seed, activation, output, bias)
    rng = random.Random(seed + 1)
    x = [rng.uniform(-2.0, 2.0) for _ in range(model.nin)]
    outputs = model(x)
    outputs = [outputs] if isinstance(outputs, Value) else outputs
    weights_out = [rng.uniform(-1.0, 1.0) for _ in outputs]  # a random scalar to differentiate
    nn.export.dense_layers(model)  # raises for anything unexported
    sum(w * o for w, o in zip(weights_out, outputs)).backward()

    module = nn.export.to_torch(model)
    got = module(torch.tensor([x], dtype=torch.float64))[0]
    (got * torch.tensor(weights_out, dtype=torch.float64)).sum().backward()

    for o, g in zip(outputs, got.tolist()):
        assert g == pytest.approx(o.data, rel=1e-12, abs=1e-12)
    linears = [m for m in module if isinstance(m, torch.nn.Linear)]
    for layer, linear in zip(model.layers, linears):
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                assert linear.weight.grad[j, i].item() == pytest.approx(w.grad, abs=1e-12)
            if neuron.b is not None:
                assert linear.bias.grad[j].item() == pytest.approx(neuron.b.grad, abs=1e-12)


def test_to_torch_is_float64_with_the_same_weights() -> None:
    model = nn.MLP(3, [2, 1], seed=4)
    first = nn.export.to_torch(model)[0]
    assert first.weight.dtype == torch.float64
    assert first.weight[1, 2].item() == model.layers[0].neurons[1].w[2].data


def test_to_torch_step_has_derivative_zero_but_a_gradient() -> None:
    module = nn.export.to_torch(nn.MLP(2, [3, 1], activation="step", seed=0))
    module(torch.tensor([[0.5, -1.0]], dtype=torch.float64)).sum().backward()
    first = module[0]
    assert first.weight.grad is not None  # an optimiser updates it (weight decay, momentum)
    assert torch.all(first.weight.grad == 0.0)


def test_to_torch_keeps_the_leaky_slope() -> None:
    module = nn.export.to_torch(nn.MLP(1, [1], output_activation="leaky_relu", seed=0))
    assert module[1].negative_slope == 0.01


def test_to_torch_refuses_a_custom_activation_by_name() -> None:
    def swish(v: Value) -> Value:
        return v * v.sigmoid()

    with pytest.raises(ValueError, match=r"layer 0.*custom function 'swish'.*named activation"):
        nn.export.to_torch(nn.MLP(2, [3, 1], activation=swish, seed=0))


def test_from_torch_of_to_torch_is_the_same_model() -> None:
    model = nn.MLP(3, [4, 2, 1], "tanh", "sigmoid", seed=3)
    rng = random.Random(5)
    for p in model.parameters():
        p.data = rng.uniform(-2.0, 2.0)
    back = nn.export.from_torch(nn.export.to_torch(model))
    assert [p.data for p in back.parameters()] == [p.data for p in model.parameters()]
    assert back.activation == "tanh" and back.output_activation == "sigmoid"


def test_from_torch_reads_a_hand_written_sequential() -> None:
    module = torch.nn.Sequential(
        torch.nn.Linear(2, 3), torch.nn.LeakyReLU(), torch.nn.Linear(3, 2)
    ).double()
    model = nn.export.from_torch(module)
    x = [0.3, -0.7]
    expected = module(torch.tensor([x], dtype=torch.float64))[0].tolist()
    assert [v.data for v in model(x)] == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert model.layers[0].activation == "leaky_relu"


@pytest.mark.parametrize(
    ("layer", "name"),
    [
        (lambda: torch.nn.Conv2d(1, 1, 3), "Conv2d"),
        (lambda: torch.nn.Dropout(0.5), "Dropout"),
    ],
)
def test_from_torch_names_the_first_unsupported_layer(layer, name) -> None:
    module = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), layer())
    with pytest.raises(ValueError, match=rf"layer 2 \({name}.*can express only"):
        nn.export.from_torch(module)


def test_from_torch_refuses_mixed_hidden_activations() -> None:
    module = torch.nn.Sequential(
        torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2), torch.nn.Tanh(),
        torch.nn.Linear(2, 1),
    )  # fmt: skip
    with pytest.raises(ValueError, match="one activation to every hidden layer"):
        nn.export.from_torch(module)


def test_from_torch_refuses_another_leaky_slope() -> None:
    module = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.LeakyReLU(0.2))
    with pytest.raises(ValueError, match=r"slope 0\.01"):
        nn.export.from_torch(module)


@pytest.mark.parametrize(
    "model",
    [nn.Neuron(3, "tanh", seed=1), nn.Layer(3, 2, "step", bias=False, seed=1)],
    ids=["neuron", "layer"],
)
def test_to_torch_converts_a_neuron_or_a_layer_alone(model) -> None:
    x = [0.5, -1.0, 2.0]
    outputs = model(x)
    expected = [outputs.data] if isinstance(outputs, Value) else [v.data for v in outputs]
    got = nn.export.to_torch(model)(torch.tensor([x], dtype=torch.float64))[0].tolist()
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)
