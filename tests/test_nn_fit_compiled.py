"""nn.fit's compiled path: the same training as Values, to the last bit, only faster."""

import random

import pytest

import engine
import nn
import nn.compiled_step
from engine import Value
from nn import optim


def regression_data(samples=20, seed=5):
    rng = random.Random(seed)
    X = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(samples)]
    return X, [0.5 * a * b - 0.3 * a + 0.1 for a, b in X]


def train_twice(make_model, X, y, make_optimizer=lambda model: "sgd", **settings):
    """The same training with compiled=True and compiled=False: both models and histories."""
    runs = []
    for compiled in (True, False):
        model = make_model()
        history = nn.fit(
            model,
            X,
            y,
            optimizer=make_optimizer(model),
            progress=False,
            seed=0,
            compiled=compiled,
            **settings,
        )
        runs.append((model, history))
    return runs


def assert_same_training(runs):
    (compiled, compiled_history), (eager, eager_history) = runs
    for a, b in zip(compiled.parameters(), eager.parameters()):
        assert a.data == pytest.approx(b.data, rel=1e-12, abs=1e-15)
    assert compiled_history.train_loss == pytest.approx(eager_history.train_loss, rel=1e-12)


def test_per_sample_sgd_is_the_same_compiled_and_eager():
    X, y = regression_data()
    runs = train_twice(lambda: nn.MLP(2, [8, 8, 1], seed=0), X, y, epochs=5, batch_size=1)
    assert_same_training(runs)


def test_mini_batches_with_a_short_last_batch_are_the_same_compiled_and_eager():
    X, y = regression_data(samples=10)
    runs = train_twice(
        lambda: nn.MLP(2, [4, 1], activation="tanh", seed=1),
        X,
        y,
        epochs=4,
        batch_size=4,
        make_optimizer=lambda model: optim.Adam(model.parameters(), lr=0.01),
    )
    assert_same_training(runs)


def test_full_batch_is_the_same_compiled_and_eager():
    X, y = regression_data()
    runs = train_twice(lambda: nn.MLP(2, [3, 1], seed=2), X, y, epochs=6, loss="mae")
    assert_same_training(runs)


def test_several_outputs_with_list_targets_are_the_same_compiled_and_eager():
    X, y = regression_data(samples=8)
    targets = [[t, -t] for t in y]
    runs = train_twice(lambda: nn.MLP(2, [4, 2], seed=3), X, targets, epochs=3, batch_size=2)
    assert_same_training(runs)


def test_class_index_targets_are_the_same_compiled_and_eager():
    X, y = regression_data(samples=12)
    labels = [int(t > 0.0) for t in y]
    runs = train_twice(
        lambda: nn.MLP(2, [4, 1], seed=4),
        X,
        labels,
        epochs=3,
        batch_size=1,
        loss="binary_cross_entropy_with_logits",
    )
    assert_same_training(runs)


def test_a_float_target_loss_is_traced_once_for_every_sample(monkeypatch):
    traced = []
    compile_for_real = engine.compile

    def counting(*arguments, **settings):
        traced.append(arguments)
        return compile_for_real(*arguments, **settings)

    monkeypatch.setattr(nn.compiled_step.engine, "compile", counting)
    X, y = regression_data()
    nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=3, batch_size=1, progress=False)
    assert len(traced) == 1


class DataReadingModel(nn.Module):
    """A model whose forward pass branches on .data: it cannot be compiled."""

    def __init__(self):
        self.w = Value(0.5)

    def __call__(self, x):
        scaled = self.w * x[0]
        return scaled * 2.0 if scaled.data > 0 else scaled * -1.0

    def own_parameters(self):
        return [("w", self.w)]


def test_a_model_that_reads_data_trains_through_values_with_the_same_result():
    X, y = regression_data(samples=10)
    runs = train_twice(DataReadingModel, [[row[0]] for row in X], y, epochs=3, batch_size=1)
    assert_same_training(runs)


def test_cross_entropy_compiles_and_trains_the_same_as_eager():
    # softmax's shift by the maximum is built from Value ops, so tracing accepts it
    engine.compile(lambda a, b, c: nn.losses.cross_entropy([a, b, c], 2), [0.3, -1.2, 2.0])
    X, y = regression_data(samples=12)
    labels = [0 if t < -0.3 else 1 if t < 0.3 else 2 for t in y]
    runs = train_twice(
        lambda: nn.MLP(2, [4, 3], seed=5), X, labels, epochs=3, batch_size=4, loss="cross_entropy"
    )
    assert_same_training(runs)


def test_a_custom_per_sample_loss_trains_the_same_compiled_and_eager():
    X, y = regression_data(samples=8)
    runs = train_twice(
        lambda: nn.MLP(2, [4, 1], seed=4),
        X,
        y,
        epochs=3,
        batch_size=1,
        loss=lambda p, t: (p - t) ** 2,
    )
    assert_same_training(runs)


def test_a_loss_using_no_grad_trains_the_same_compiled_and_eager():
    def weighted(predictions, targets):
        errors = [(p - t) ** 2 for p, t in zip(predictions, targets)]
        with engine.no_grad():
            weights = [1.0 + e for e in errors]  # constants to backward, as eager has them
        return sum((e * w for e, w in zip(errors, weights)), Value(0.0))

    X, y = regression_data(samples=8)
    runs = train_twice(
        lambda: nn.MLP(2, [4, 1], seed=5), X, y, epochs=3, batch_size=4, loss=weighted
    )
    assert_same_training(runs)


def test_a_loss_reading_data_trains_the_same_compiled_and_eager():
    def scaled(predictions, targets):
        errors = [(p - t) ** 2 for p, t in zip(predictions, targets)]
        largest = max(e.data for e in errors) + 1.0
        return sum(errors, Value(0.0)) / largest

    X, y = regression_data(samples=8)
    runs = train_twice(lambda: nn.MLP(2, [4, 1], seed=6), X, y, epochs=3, batch_size=4, loss=scaled)
    assert_same_training(runs)
