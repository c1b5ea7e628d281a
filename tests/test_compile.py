"""engine.compile: a traced function replayed as generated Python, equal to eager Values."""

import math
import random

import pytest

import engine
import nn
from engine import CompileError, Value
from engine.ops import Op


def neuron_and_loss(weights):
    """A loss over one sample (x1, x2, target): (tanh(w1 x1 + w2 x2 + b) - target) ** 2."""

    def loss(x1, x2, target):
        return (engine.dot(weights[:2], [x1, x2], weights[2]).tanh() - target) ** 2

    return loss


def eager(fn, inputs, parameters):
    """Outputs, input gradients and parameter gradients from ordinary Values."""
    xs = [Value(x) for x in inputs]
    out = fn(*xs)
    for p in parameters:
        p.grad = 0.0
    out.backward()
    gradients = [x.grad for x in xs], [p.grad for p in parameters]
    for p in parameters:
        p.grad = 0.0
    return out.data, *gradients


def test_compiled_outputs_and_gradients_equal_eager_values():
    weights = [Value(0.5), Value(-1.0), Value(0.1)]
    loss = neuron_and_loss(weights)
    compiled = engine.compile(loss, [1.0, 2.0, 0.3], weights)
    for point in ([1.0, 2.0, 0.3], [-0.7, 0.2, 1.5]):
        result = compiled(*point)
        assert (result.output, list(result.inputs), list(result.parameters)) == eager(
            loss, point, weights
        )


def test_compiled_function_reads_the_parameters_current_data_at_each_call():
    weights = [Value(0.5), Value(-1.0), Value(0.1)]
    compiled = engine.compile(neuron_and_loss(weights), [1.0, 2.0, 0.3], weights)
    weights[0].data = 3.0
    assert compiled(1.0, 2.0, 0.3).output == eager(neuron_and_loss(weights), [1.0, 2.0, 0.3], [])[0]


def test_calling_leaves_every_grad_untouched():
    weights = [Value(0.5), Value(-1.0), Value(0.1)]
    compiled = engine.compile(neuron_and_loss(weights), [1.0, 2.0, 0.3], weights)
    compiled(1.0, 2.0, 0.3)
    assert [w.grad for w in weights] == [0.0, 0.0, 0.0]


def test_backward_accumulates_parameter_gradients_into_grad():
    weights = [Value(0.5), Value(-1.0), Value(0.1)]
    compiled = engine.compile(neuron_and_loss(weights), [1.0, 2.0, 0.3], weights)
    once = compiled.backward(1.0, 2.0, 0.3).parameters
    compiled.backward(1.0, 2.0, 0.3)
    assert [w.grad for w in weights] == [2 * g for g in once]


def test_source_shows_the_forward_and_backward_pass_as_plain_python():
    w = Value(3.0)
    compiled = engine.compile(lambda x: (w * x).tanh(), [1.0], [w])
    assert "v0 = p0 * x0  # *" in compiled.source
    assert "v1 = tanh(v0)  # tanh" in compiled.source
    assert "g_v0 = 1.0 - v1 * v1" in compiled.source
    assert "g_p0 = g_v0 * x0" in compiled.source


def test_labelled_parameters_keep_their_names_in_the_source():
    w, b = Value(0.5, label="w"), Value(0.1, label="b")
    compiled = engine.compile(lambda x: (w * x + b).tanh(), [1.0], [w, b])
    assert "(w, b,) = parameters" in compiled.source
    assert "g_w = g_v1 * x0" in compiled.source


def test_labels_that_are_not_plain_names_become_numbered():
    weights = [Value(0.5, label="layers.0.w.0"), Value(0.1, label="tanh")]
    compiled = engine.compile(lambda x: weights[0] * x + weights[1], [1.0], weights)
    assert "(p0, p1,) = parameters" in compiled.source


def test_source_comments_carry_value_labels():
    def labelled(x):
        hidden = x * 2.0
        hidden.label = "hidden"
        return hidden.relu()

    assert "# * 'hidden'" in engine.compile(labelled, [1.0]).source


def test_relu_and_abs_branch_inside_the_op_so_any_input_is_exact():
    compiled = engine.compile(lambda x: x.relu() * 3.0 + abs(x), [2.0])
    for x in (2.0, -2.0, 0.0):
        out, ins, _ = eager(lambda v: v.relu() * 3.0 + abs(v), [x], [])
        result = compiled(x)
        assert (result.output, list(result.inputs)) == (out, ins)


def test_constants_are_folded_into_the_code():
    compiled = engine.compile(lambda x: x * (Value(2.0) * 3.0).exp(), [1.0])
    assert "exp" not in compiled.source
    assert compiled(1.0).output == pytest.approx(math.exp(6.0))


def test_several_outputs_need_weights_for_their_gradients():
    compiled = engine.compile(lambda a, b: [a * b, a + b], [2.0, 3.0])
    assert compiled.forward(2.0, 3.0) == (6.0, 5.0)
    with pytest.raises(ValueError, match="2 outputs: pass output_grads"):
        compiled(2.0, 3.0)
    result = compiled(2.0, 3.0, output_grads=[1.0, 10.0])
    assert result.outputs == (6.0, 5.0)
    assert result.inputs == (3.0 + 10.0, 2.0 + 10.0)


def test_output_grads_need_one_weight_per_output():
    compiled = engine.compile(lambda a, b: [a * b, a + b], [2.0, 3.0])
    with pytest.raises(ValueError, match=r"one number per output \(2\), got 1"):
        compiled(2.0, 3.0, output_grads=[1.0])


def test_input_gradients_can_be_skipped_for_training():
    w = Value(2.0)
    compiled = engine.compile(lambda x: w * x, [1.0], [w], differentiate_inputs=False)
    assert compiled(5.0).inputs == ()
    assert compiled(5.0).parameters == (5.0,)


def test_an_op_added_to_the_table_compiles_with_no_compiler_change():
    cube = Op("cube", lambda x: x * x * x, lambda out, x: (3.0 * x * x,), "d x**3/dx = 3x**2")
    compiled = engine.compile(lambda x: cube(x).tanh(), [0.5])
    assert "v0 = x0 * x0 * x0  # cube" in compiled.source
    assert compiled(0.7).inputs == tuple(eager(lambda x: cube(x).tanh(), [0.7], [])[1])


def test_ops_that_cannot_be_written_inline_are_called_from_the_table():
    compiled = engine.compile(lambda a, b: a.sigmoid() * a**b, [0.5, 2.0])
    assert "sigmoid_forward(x0)" in compiled.source
    result = compiled(1.5, 0.5)
    out, ins, _ = eager(lambda a, b: a.sigmoid() * a**b, [1.5, 0.5], [])
    assert (result.output, list(result.inputs)) == (out, ins)


def test_compiling_inside_no_grad_still_records_the_trace():
    with engine.no_grad():
        compiled = engine.compile(lambda x: x * x, [3.0])
    assert compiled(3.0).inputs == (6.0,)


# Refusing what would be silently wrong.


def test_branching_on_data_while_tracing_is_refused_with_its_location():
    def branchy(x):
        return x * 2.0 if x.data > 0 else x * 3.0

    with pytest.raises(CompileError, match=r"reads \.data at .*test_compile\.py:\d+"):
        engine.compile(branchy, [1.0])


def test_converting_a_value_to_float_while_tracing_is_refused():
    with pytest.raises(CompileError, match="silently wrong"):
        engine.compile(lambda x: x * math.cos(float(x)), [1.0])


def test_a_value_from_outside_fn_must_be_listed_in_parameters():
    scale = Value(2.0, label="scale")
    with pytest.raises(CompileError, match=r"label='scale'.*not in parameters"):
        engine.compile(lambda x: x * scale, [1.0])


def test_tracing_leaves_value_data_working_afterwards():
    with pytest.raises(CompileError):
        engine.compile(lambda x: x * x.data, [1.0])
    assert Value(2.5).data == 2.5


def test_parameters_must_be_distinct_leaf_values():
    w = Value(1.0)
    with pytest.raises(TypeError, match="parameters must be Values, got float at position 1"):
        engine.compile(lambda x: x * w, [1.0], [w, 2.0])
    with pytest.raises(CompileError, match="listed twice"):
        engine.compile(lambda x: x * w, [1.0], [w, w])
    with pytest.raises(CompileError, match="computed by '\\*': parameters must be leaves"):
        engine.compile(lambda x: x * w, [1.0], [w * 2])


def test_fn_must_return_values():
    with pytest.raises(CompileError, match="must return a Value or a non-empty list"):
        engine.compile(lambda x: 3.0, [1.0])


def test_example_inputs_must_be_a_list_of_numbers():
    with pytest.raises(TypeError, match="example_inputs must be a list of numbers"):
        engine.compile(lambda x: x, 3)  # type: ignore[arg-type]


# Errors at call time are the engine's own.


def test_wrong_number_of_inputs_is_a_type_error():
    compiled = engine.compile(lambda a, b: a * b, [1.0, 2.0])
    with pytest.raises(TypeError, match="takes 2 inputs \\(as traced\\), got 3"):
        compiled(1.0, 2.0, 3.0)


def test_an_input_that_is_not_a_number_is_named():
    compiled = engine.compile(lambda a, b: a * b, [1.0, 2.0])
    with pytest.raises(
        TypeError, match=r"input 1 must be a real number \(int or float\), got str: .2."
    ):
        compiled(1.0, "2")


def test_a_domain_error_reads_as_the_eager_one():
    compiled = engine.compile(lambda x: (x * 2.0).log(), [1.0])
    with pytest.raises(ValueError, match=r"log\(-2\.0\) is undefined: log needs a positive input"):
        compiled(-1.0)


def test_an_undefined_derivative_reads_as_the_eager_one():
    compiled = engine.compile(lambda x: x.sqrt(), [1.0])
    with pytest.raises(ZeroDivisionError, match=r"cannot differentiate sqrt at \(0\.0\)"):
        compiled(0.0)


# Per-sample gradient descent with the update fused in.


def test_sgd_takes_the_same_steps_as_eager_backward_and_update():
    def model():
        return [Value(0.3), Value(-0.2), Value(0.05)]

    samples = [(0.5, -1.0, 0.2), (1.5, 0.3, -0.4), (-0.8, 0.9, 0.7)] * 3
    fused = model()
    losses = nn.compiled_sgd(
        engine.compile(neuron_and_loss(fused), [0.0, 0.0, 0.0], fused), samples, 0.1
    )
    plain = model()
    loss = neuron_and_loss(plain)
    expected = []
    for sample in samples:
        out = loss(*[Value(x) for x in sample])
        out.backward()
        expected.append(out.data)
        for p in plain:
            p.data -= 0.1 * p.grad
            p.grad = 0.0
    assert losses == expected
    assert [p.data for p in fused] == [p.data for p in plain]


def test_sgd_keeps_the_steps_before_a_failing_sample_and_names_it():
    w = Value(1.0)
    compiled = engine.compile(lambda x: (w * x).log(), [1.0], [w])
    with pytest.raises(ValueError, match=r"sample 1: log\(-1\.8\) is undefined"):
        nn.compiled_sgd(compiled, [(2.0,), (-2.0,)], 0.1)
    assert w.data == 1.0 - 0.1 * 1.0  # d log(w x)/dw = 1/w at the first sample
    assert "learning_rate" in compiled.sgd_source


def test_sgd_on_a_relu_network_with_neurons_off_takes_the_eager_steps():
    def model():
        rng = random.Random(7)
        return [[Value(rng.uniform(-1, 1)) for _ in range(5)] for _ in range(6)]

    def loss_of(neurons):
        def loss(x1, x2, x3, x4, target):
            hidden = [engine.dot(n[:4], [x1, x2, x3, x4], n[4]).relu() for n in neurons[:5]]
            return (engine.dot(neurons[5], hidden) - target) ** 2

        return loss

    samples = [(0.5, -1.0, 0.2, 0.9, 1.0), (-1.5, 0.3, -0.4, 0.1, -0.5)] * 4
    fused, plain = model(), model()
    flat = [p for n in fused for p in n]
    compiled = engine.compile(loss_of(fused), samples[0], flat)
    nn.compiled_sgd(compiled, samples, 0.05)
    assert "if g_v" in compiled.sgd_source  # a neuron that is off skips its weight updates
    for sample in samples:
        out = loss_of(plain)(*[Value(x) for x in sample])
        out.backward()
        for p in (p for n in plain for p in n):
            p.data -= 0.05 * p.grad
            p.grad = 0.0
    assert [p.data for p in flat] == [p.data for n in plain for p in n]


# Refused at trace time: what a replay could not reproduce.


def test_no_grad_inside_the_traced_function_is_refused_with_its_location():
    def frozen(x):
        with engine.no_grad():
            square = x * x  # eager: a constant for backward, but recomputed at every x
        return square + 3.0 * x

    with pytest.raises(CompileError, match=r"inside no_grad\) at .*test_compile\.py:\d+.*Remove"):
        engine.compile(frozen, [1.0])


def test_no_grad_around_the_compile_call_still_traces_the_graph():
    with engine.no_grad():
        compiled = engine.compile(lambda x: x * x + 3.0 * x, [1.0])
    assert compiled.forward(3.0) == (18.0,)


def test_a_graph_over_the_node_limit_is_refused_before_generating_code(monkeypatch):
    def generating_is_too_late(*args, **kwargs):
        raise AssertionError("code was generated for an oversize graph")

    monkeypatch.setattr(engine.compiler.compiled, "generate", generating_is_too_late)

    def chain(x):
        for _ in range(engine.compiler.tracing.MAX_NODES + 1):
            x = x * 1.0
        return x

    limit = f"{engine.compiler.tracing.MAX_NODES:,}"
    with pytest.raises(
        CompileError, match=rf"has more than {limit} nodes; .* at most {limit} .*eagerly"
    ):
        engine.compile(chain, [1.0])


def test_a_digits_sized_mlp_and_its_sgd_step_fit_under_the_node_limit():
    import nn

    model = nn.MLP(64, [32, 10], seed=0)
    loss = nn.losses.resolve_loss("cross_entropy")
    compiled = engine.compile(lambda *x: loss(model(list(x)), 3), [0.5] * 64, model.parameters())
    assert math.isfinite(nn.compiled_sgd(compiled, [[0.25] * 64], 0.01)[0])


# Calls with what eager Values refuse.

NOT_NUMBERS = ["2", 2j, [2.0], True]
CALLS = {
    "call": lambda c, x: c(1.0, x),
    "forward": lambda c, x: c.forward(1.0, x),
    "backward": lambda c, x: c.backward(1.0, x),
    "sgd": lambda c, x: nn.compiled_sgd(c, [[1.0, 2.0], [1.0, x]], 0.1),
    "batch": lambda c, x: c.batch([[1.0, 2.0], [1.0, x]]),
    "batch_forward": lambda c, x: c.batch_forward([[1.0, 2.0], [1.0, x]]),
}


@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_a_non_number_input_is_a_type_error_naming_its_position(call, bad):
    w = Value(2.0)
    compiled = engine.compile(lambda a, b: a * w + b, [1.0, 2.0], [w])
    with pytest.raises(
        TypeError, match=rf"input 1 must be a real number.*got {type(bad).__name__}"
    ):
        call(compiled, bad)
    with pytest.raises(TypeError, match="Value needs a real number"):  # as eager Values do
        Value(bad)


def test_a_batch_names_the_sample_holding_a_non_number():
    compiled = engine.compile(lambda a, b: a * b, [1.0, 2.0])
    with pytest.raises(TypeError, match=r"sample 1 of the batch: input 0 .*got str: 'x'"):
        compiled.batch_forward([[1.0, 2.0], ["x", 2.0]])


def test_ints_and_numpy_scalars_are_numbers_and_give_float_results():
    np = pytest.importorskip("numpy")
    w = Value(2.0)
    compiled = engine.compile(lambda a, b: a * w + b, [1.0, 2.0], [w])
    result = compiled(np.float32(3.0), 4)
    assert result == ((10.0,), (2.0, 1.0), (3.0,))
    assert all(type(x) is float for x in (*result.outputs, *result.parameters))
    assert compiled.batch_forward(np.array([[3, 4]])).tolist() == [[10.0]]


# sgd's learning rate.


@pytest.mark.parametrize("rate", [-0.1, 0.0, math.nan, math.inf, "0.1", None, True])
def test_sgd_refuses_a_learning_rate_that_is_not_a_positive_number(rate):
    w = Value(2.0)
    compiled = engine.compile(lambda x: (x * w) ** 2, [1.0], [w])
    with pytest.raises(ValueError, match=r"learning_rate must be a positive finite number"):
        nn.compiled_sgd(compiled, [[1.0]], rate)
    assert w.data == 2.0


@pytest.mark.parametrize(
    "reduce",
    [
        lambda x: engine.sum([x, x]),
        lambda x: engine.dot([x], [x]),
        lambda x: nn.Neuron(1, seed=0)([x]),
    ],
    ids=["sum", "dot", "neuron"],
)
def test_no_grad_inside_the_traced_function_is_refused_for_n_ary_ops_too(reduce):
    def frozen(x):
        with engine.no_grad():
            z = reduce(x)
        return x * z

    with pytest.raises(CompileError, match=r"gradients off \(inside no_grad\) at .*\.py:\d+"):
        engine.compile(frozen, [0.5])


def test_a_sum_chain_over_the_node_limit_stops_the_trace_early():
    built = []

    def chain(x):
        for _ in range(engine.compiler.tracing.MAX_NODES + 10):
            x = engine.sum([x, 1.0])
            built.append(1)
        return x

    with pytest.raises(CompileError, match="has more than"):
        engine.compile(chain, [1.0])
    assert len(built) <= engine.compiler.tracing.MAX_NODES
