"""Property: compiled code equals eager Values on random expressions of every op."""

import sys

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

import engine
from engine import Value
from engine.testing import OP_CASES, chain_rule_magnitudes, expressions

# Compiled code may round differently (another order of sums, numpy's exp): each derivative
# is compared within a few thousand roundings of the size of the terms it adds up.
ROUNDINGS = 4096 * sys.float_info.epsilon

# pow with a Value exponent branches on the base in its derivative: no batch form.
VECTORISED = [name for name, case in OP_CASES.items() if case.op != "pow"]


def eager(expr, point):
    """Output and input gradients by Values, with tolerances scaled to the terms of each."""
    xs = [Value(x) for x in point]
    out = expr(*xs)
    out.backward()
    magnitudes = chain_rule_magnitudes(out)
    out_size = sum(abs(node.data) * size for node, size in magnitudes.items())
    gradient_sizes = [magnitudes.get(x, 0.0) for x in xs]
    return out.data, [x.grad for x in xs], out_size, gradient_sizes


def assert_close(actual, expected, sizes):
    """Each actual within ROUNDINGS of its size of expected: near-zero results of big terms too."""
    for a, e, size in zip(actual, expected, sizes, strict=True):
        assert abs(a - e) <= ROUNDINGS * size, (a, e, size)


@given(expressions(max_depth=4))
def test_compiled_equals_eager_at_the_traced_point(expr):
    result = engine.compile(expr, expr.inputs)(*expr.inputs)
    out, gradients, out_size, gradient_sizes = eager(expr, expr.inputs)
    assert_close([result.output], [out], [out_size])
    assert_close(list(result.inputs), gradients, gradient_sizes)


@given(expressions(max_depth=4), st.floats(-0.5, 0.5))
def test_compiled_equals_eager_away_from_the_traced_point(expr, shift):
    compiled = engine.compile(expr, expr.inputs)
    point = [x + shift for x in expr.inputs]
    try:
        out, gradients, out_size, gradient_sizes = eager(expr, point)
    except (ArithmeticError, ValueError):
        assume(False)
    result = compiled(*point)
    assert_close([result.output], [out], [out_size])
    assert_close(list(result.inputs), gradients, gradient_sizes)


@given(expressions(max_depth=4, ops=VECTORISED), st.lists(st.floats(-0.3, 0.3), max_size=4))
def test_batch_equals_eager_per_sample_with_the_first_input_as_a_parameter(expr, shifts):
    parameter = Value(expr.inputs[0])
    compiled = engine.compile(lambda *xs: expr(parameter, *xs), expr.inputs[1:], [parameter])
    candidates = [list(expr.inputs[1:])]
    candidates += [[x + shift for x in expr.inputs[1:]] for shift in shifts]
    rows, outputs, input_grads, parameter_grads = [], [], [], []
    out_sizes, input_sizes, parameter_sizes = [], [], []
    for row in candidates:
        try:
            out, gradients, out_size, gradient_sizes = eager(expr, [parameter.data, *row])
        except (ArithmeticError, ValueError):
            continue  # outside a domain there: batch mode would rightly refuse the batch
        rows.append(row)
        outputs.append(out)
        input_grads += gradients[1:]
        parameter_grads.append(gradients[0])
        out_sizes.append(out_size)
        input_sizes += gradient_sizes[1:]
        parameter_sizes.append(gradient_sizes[0])
    result = compiled.batch(np.array(rows).reshape(len(rows), len(expr.inputs) - 1))
    assert_close(result.outputs[:, 0], outputs, out_sizes)
    assert_close(result.inputs.ravel(), input_grads, input_sizes)
    assert_close(result.parameters, [np.mean(parameter_grads)], [np.mean(parameter_sizes)])
