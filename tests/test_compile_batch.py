"""Batch mode: one compiled graph over a whole batch with numpy, mean gradients."""

import sys

import numpy as np
import pytest

import engine
from engine import CompileError, Value


def linear_loss(weights):
    def loss(x1, x2, target):
        return (engine.dot(weights[:2], [x1, x2], weights[2]) - target) ** 2

    return loss


ROWS = [[0.5, -1.0, 0.2], [1.5, 0.3, -0.4], [-0.8, 0.9, 0.7], [0.1, 0.1, 0.1]]


def eager_mean(fn, rows, parameters):
    outputs, inputs, totals = [], [], [0.0] * len(parameters)
    for row in rows:
        xs = [Value(x) for x in row]
        out = fn(*xs)
        for p in parameters:
            p.grad = 0.0
        out.backward()
        outputs.append(out.data)
        inputs.append([x.grad for x in xs])
        totals = [t + p.grad for t, p in zip(totals, parameters)]
    return outputs, inputs, [t / len(rows) for t in totals]


def test_batch_gradients_are_the_mean_of_the_eager_per_sample_gradients():
    weights = [Value(0.5), Value(-1.0), Value(0.1)]
    compiled = engine.compile(linear_loss(weights), ROWS[0], weights)
    result = compiled.batch(np.array(ROWS))
    outputs, inputs, parameters = eager_mean(linear_loss(weights), ROWS, weights)
    np.testing.assert_allclose(result.outputs[:, 0], outputs, rtol=1e-12)
    np.testing.assert_allclose(result.inputs, inputs, rtol=1e-12)
    np.testing.assert_allclose(result.parameters, parameters, rtol=1e-12)


def test_batch_forward_gives_every_output_for_every_row():
    compiled = engine.compile(lambda a, b: [a * b, (a + b).sigmoid()], [1.0, 2.0])
    outputs = compiled.batch_forward([[1.0, 2.0], [-3.0, 0.5]])
    assert outputs.shape == (2, 2)
    np.testing.assert_allclose(outputs[1], [-1.5, Value(-2.5).sigmoid().data], rtol=1e-15)


def test_every_activation_has_a_vectorised_form():
    def activations(x):
        kinked = [x.relu(), x.leaky_relu(0.1), x.step(), abs(x)]
        smooth = [x.tanh(), x.sigmoid(), x.softplus(), x.exp(), x**3]
        positive = [(x * x + 1.0).log(), (x * x + 1.0).sqrt(), 1.0 / (x * x + 1.0)]
        return engine.sum([*kinked, *smooth, *positive])

    compiled = engine.compile(activations, [0.5])
    rows = [[-30.0], [-1.5], [-0.2], [0.3], [2.0], [30.0]]
    outputs, inputs, _ = eager_mean(activations, rows, [])
    result = compiled.batch(rows)
    np.testing.assert_allclose(result.outputs[:, 0], outputs, rtol=1e-12)
    np.testing.assert_allclose(result.inputs, inputs, rtol=1e-12)


def test_a_parameter_used_only_with_other_parameters_still_gets_its_batch_mean():
    w = Value(2.0)
    compiled = engine.compile(lambda x: x + w * w, [1.0], [w])
    assert compiled.batch([[1.0], [2.0], [3.0]]).parameters.tolist() == [4.0]


def test_batch_inputs_must_have_one_column_per_input():
    compiled = engine.compile(lambda a, b: a * b, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"shape \(samples, 2\).*got shape \(3, 3\)"):
        compiled.batch(np.ones((3, 3)))


def test_a_domain_error_in_a_batch_names_the_sample():
    compiled = engine.compile(lambda x: x.log(), [1.0])
    with pytest.raises(ValueError, match=r"sample 2 of the batch: log\(-1\.0\) is undefined"):
        compiled.batch([[1.0], [2.0], [-1.0]])


def test_an_op_without_a_vectorised_derivative_is_a_clear_error():
    compiled = engine.compile(lambda a, b: a**b, [2.0, 3.0])
    with pytest.raises(CompileError, match="'pow' has no vectorised derivative"):
        compiled.batch([[2.0, 3.0]])


def test_an_op_without_a_vectorised_forward_is_a_clear_error():
    from engine.ops import Op

    clipped = Op("clip", lambda x: min(x, 1.0), lambda out, x: (1.0,), "d clip/dx = 1")
    compiled = engine.compile(lambda x: clipped(x), [0.5])
    assert compiled(2.0).output == 1.0
    with pytest.raises(CompileError, match=r"'clip' has no vectorised form.*Op\.vectorized"):
        compiled.batch([[0.5]])


def test_batch_mode_without_numpy_says_what_to_install(monkeypatch):
    compiled = engine.compile(lambda x: x * x, [1.0])
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(ImportError, match=r"pip install 'chainrule\[fast\]'"):
        compiled.batch([[1.0]])
