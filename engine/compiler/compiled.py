"""`engine.compile`: trace a function once, then replay it as generated Python, fast.

Building a graph of Values for every sample costs far more than the arithmetic itself.
When the graph's structure does not depend on the numbers (an MLP, a loss), it can be
traced once and replayed as straight-line code: no Values, the same results.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from engine import autodiff, grad_mode
from engine.compiler.codegen import Generated, generate, generate_sgd_step
from engine.compiler.tracing import Trace, trace
from engine.symbolic import CompileError, numpy_module
from engine.value import Value, as_float, record

SgdStep = Callable[[Sequence[float], list[float], float], tuple[tuple[float, ...], list[float]]]
"""`step(inputs, parameter_values, learning_rate) -> (outputs, new parameter values)`."""


class Gradients(NamedTuple):
    """The outputs at one input point, and the gradients of the output there."""

    outputs: tuple[float, ...]
    inputs: tuple[float, ...]
    """d output / d input, one per input (empty with `differentiate_inputs=False`)."""
    parameters: tuple[float, ...]
    """d output / d parameter, in the order of `parameters`."""

    @property
    def output(self) -> float:
        """The only output (fn returned one Value)."""
        if len(self.outputs) != 1:
            raise ValueError(f"fn has {len(self.outputs)} outputs: read .outputs instead")
        return self.outputs[0]


class BatchGradients(NamedTuple):
    """Outputs for every sample of a batch, and gradients averaged over the batch."""

    outputs: Any
    """numpy array (samples, outputs)."""
    inputs: Any
    """numpy array (samples, inputs): d output / d input for each sample."""
    parameters: Any
    """numpy array (parameters,): the mean over the batch of d output / d parameter."""


class Compiled:
    """`fn` traced once and generated as Python: call it on numbers, no Values made.

    `compiled(*inputs)` returns `Gradients` (outputs, d/d inputs, d/d parameters) and leaves
    every `.grad` untouched; `compiled.backward(*inputs)` adds the parameter gradients to
    `.grad` instead, as `Value.backward` does. The parameters' `.data` is read at every
    call, so an optimizer that updates them needs nothing else. `.source` is the code.
    """

    def __init__(self, traced: Trace, differentiate_inputs: bool) -> None:
        self._trace = traced
        self._differentiate_inputs = differentiate_inputs
        self._float = generate(traced, "float", differentiate_inputs)
        self._numpy: Generated | None = None
        self._sgd_step: SgdStep | None = None
        self.sgd_source = ""
        """The generated code that `sgd_step` returns (empty until its first call)."""
        self.parameters: tuple[Value, ...] = tuple(traced.parameters)
        self.n_inputs = len(traced.inputs)
        self.n_outputs = len(traced.outputs)
        self.forward_backward: Callable[..., Any] = self._float.forward_backward
        """The generated function itself, for tight loops: `forward_backward(inputs,
        parameter_values[, output_grads])` -> (outputs, input grads, parameter grads)."""

    @property
    def source(self) -> str:
        """The generated Python: `forward`, then `forward_backward` (the chain rule)."""
        return self._float.source

    @property
    def batch_source(self) -> str:
        """The generated numpy code that `batch` runs (each name an array over samples)."""
        return self._batch_code().source

    def __repr__(self) -> str:
        return (
            f"<compiled {self.n_inputs} inputs -> {self.n_outputs} outputs, "
            f"{len(self.parameters)} parameters, {len(self._trace.forward_order)} nodes>"
        )

    def forward(self, *inputs: float) -> tuple[float, ...]:
        """The outputs at `inputs`, without gradients (for predictions)."""
        numbers = self.checked_inputs(inputs)
        values = [p.data for p in self.parameters]
        try:
            outputs: tuple[float, ...] = self._float.forward(numbers, values)
        except (ArithmeticError, ValueError, TypeError) as error:
            raise self._explained(error, numbers, values, None) from None
        return outputs

    def __call__(self, *inputs: float, output_grads: Sequence[float] | None = None) -> Gradients:
        """Outputs and gradients at `inputs`; with several outputs, `output_grads` weighs
        them: the gradients are those of sum_k output_grads[k] * output_k."""
        numbers = self.checked_inputs(inputs)
        seeds = self._seeds(output_grads)
        values = [p.data for p in self.parameters]
        try:
            if self.n_outputs > 1:
                result = self._float.forward_backward(numbers, values, seeds)
            else:
                result = self._float.forward_backward(numbers, values)
        except (ArithmeticError, ValueError, TypeError) as error:
            raise self._explained(error, numbers, values, seeds) from None
        if self.n_outputs == 1 and seeds is not None and seeds[0] != 1.0:
            return Gradients(result[0], *(tuple(seeds[0] * g for g in gs) for gs in result[1:]))
        return Gradients(*result)

    def backward(self, *inputs: float, output_grads: Sequence[float] | None = None) -> Gradients:
        """`compiled(*inputs)`, and each parameter's gradient added to its `.grad`."""
        result = self(*inputs, output_grads=output_grads)
        for parameter, gradient in zip(self.parameters, result.parameters):
            parameter.grad += gradient
        return result

    def sgd_step(self) -> SgdStep:
        """The generated step of per-sample gradient descent, written on first call.

        `step(inputs, parameter_values, learning_rate) -> (outputs, new_values)`: one
        backward pass with `p - learning_rate * d output/dp` fused into the code (its text is
        `sgd_source`). `nn.compiled_sgd` runs it over a data set.
        """
        if self.n_outputs != 1:
            raise ValueError(f"sgd minimizes one output; fn has {self.n_outputs}")
        if self._sgd_step is None:
            self.sgd_source, self._sgd_step = generate_sgd_step(self._trace)
        return self._sgd_step

    def checked_inputs(self, inputs: Sequence[float]) -> Sequence[float]:
        """One sample's inputs as floats (ints and numpy scalars converted), or the TypeError
        eager Values raise naming the first that is not a number."""
        self._check_count(inputs)
        if _FLOATS.issuperset(map(type, inputs)):
            return inputs
        return _as_numbers(inputs, "input")

    def explained(
        self, error: Exception, inputs: Sequence[float], parameter_values: Sequence[float]
    ) -> Exception:
        """What generated code raised at these numbers, explained as the eager graph would."""
        return self._explained(error, inputs, list(parameter_values), None)

    def batch(self, inputs: Any, output_grads: Sequence[float] | None = None) -> BatchGradients:
        """The compiled graph over a whole batch with numpy: `inputs` has one row a sample.

        Parameter gradients are the mean over the batch (the gradient of the mean output),
        the gradient batch and mini-batch gradient descent need.
        """
        np = numpy_module()
        rows = self._batch_rows(inputs)
        n = rows.shape[0]
        columns = list(np.ascontiguousarray(rows.T))
        seeds = self._seeds(output_grads)
        values = [p.data for p in self.parameters]
        code = self._batch_code()
        arguments = (columns, values, seeds) if self.n_outputs > 1 else (columns, values)
        try:
            with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
                outputs, input_grads, parameter_grads = code.forward_backward(*arguments, n)
        except (ArithmeticError, ValueError) as error:
            raise self._explained_batch(error, rows, seeds) from None
        scale = 1.0 if self.n_outputs > 1 or seeds is None else seeds[0]
        return BatchGradients(
            _by_sample(np, outputs, n),
            _by_sample(np, input_grads, n) * scale,
            np.array(parameter_grads, dtype=float) * (scale / n),
        )

    def batch_forward(self, inputs: Any) -> Any:
        """The outputs for every row of `inputs`, as a numpy array (samples, outputs)."""
        np = numpy_module()
        rows = self._batch_rows(inputs)
        columns = list(np.ascontiguousarray(rows.T))
        values = [p.data for p in self.parameters]
        try:
            with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
                outputs = self._batch_code().forward(columns, values)
        except (ArithmeticError, ValueError) as error:
            raise self._explained_batch(error, rows, None) from None
        return _by_sample(np, outputs, rows.shape[0])

    # Checks and explanations.

    def _check_count(self, inputs: Sequence[float]) -> None:
        if len(inputs) != self.n_inputs:
            raise TypeError(
                f"this compiled function takes {self.n_inputs} inputs (as traced), "
                f"got {len(inputs)}"
            )

    def _seeds(self, output_grads: Sequence[float] | None) -> list[float] | None:
        if output_grads is None:
            if self.n_outputs == 1:
                return None
            raise ValueError(
                f"fn has {self.n_outputs} outputs: pass output_grads=[...] (one weight per "
                "output; the gradients are those of their weighted sum), or call .forward() "
                "for the outputs alone"
            )
        seeds = [as_float(g) for g in output_grads]
        if len(seeds) != self.n_outputs:
            raise ValueError(
                f"output_grads needs one number per output ({self.n_outputs}), got {len(seeds)}"
            )
        return seeds

    def _batch_code(self) -> Generated:
        if self._numpy is None:
            self._numpy = generate(self._trace, "numpy", self._differentiate_inputs)
        return self._numpy

    def _batch_rows(self, inputs: Any) -> Any:
        np = numpy_module()
        try:
            raw = np.asarray(inputs)
            if not isinstance(inputs, np.ndarray):  # numpy reads True and "2" as numbers
                _check_batch_numbers(inputs)
            elif raw.dtype.kind not in "iuf":
                _check_batch_numbers(raw.tolist())
            rows = raw.astype(float, copy=False)
        except (TypeError, ValueError) as error:
            _check_batch_numbers(inputs)  # names the sample when one holds a non-number
            raise TypeError(f"batch inputs must be numbers in rows ({error})") from None
        if rows.ndim != 2 or rows.shape[1] != self.n_inputs or rows.shape[0] == 0:
            raise ValueError(
                f"batch inputs must have shape (samples, {self.n_inputs}): one row per sample "
                f"and one column per input, got shape {rows.shape}"
            )
        return rows

    def _explained(
        self,
        error: Exception,
        inputs: Sequence[float],
        values: list[float],
        seeds: list[float] | None,
    ) -> Exception:
        """The error eager Values raise at these numbers, which names the op and operands."""
        for position, x in enumerate(inputs):
            try:
                as_float(x)
            except TypeError:
                return TypeError(
                    f"input {position} must be a real number, got {type(x).__name__}: {x!r}"
                )
        try:
            self._replay(inputs, values, seeds)
        except (ArithmeticError, ValueError) as eager:
            return eager
        return error

    def _explained_batch(self, error: Exception, rows: Any, seeds: list[float] | None) -> Exception:
        for index, row in enumerate(rows.tolist()):
            try:
                self._replay(row, [p.data for p in self.parameters], seeds)
            except (ArithmeticError, ValueError) as eager:
                return type(eager)(f"sample {index} of the batch: {eager}")
        return error

    def _replay(
        self, inputs: Sequence[float], values: list[float], seeds: list[float] | None
    ) -> None:
        """Run the traced graph eagerly on new Values at these numbers (raising as it does)."""
        traced = self._trace
        made = {id(leaf): Value(x) for leaf, x in zip(traced.inputs, inputs)}
        made.update((id(p), Value(x)) for p, x in zip(traced.parameters, values))
        with grad_mode.enable_grad():
            for node in traced.forward_order:
                operation = node.operation
                if operation is not None:
                    parents = tuple(made.get(id(p)) or Value(p.data) for p in node.parents)
                    made[id(node)] = record(operation, parents, node.params)
            outputs = [made.get(id(out)) or Value(out.data) for out in traced.outputs]
            weights = seeds if seeds is not None else [1.0] * len(outputs)
            for out, weight in zip(outputs, weights):
                root = out * weight
                autodiff.backward(root)


_FLOATS = frozenset((float,))
"""Input types that need no check or conversion: the fast path of every call."""


def _as_numbers(inputs: Iterable[object], what: str) -> tuple[float, ...]:
    """`inputs` as floats (ints and numpy scalars are fine), or the TypeError eager Values
    raise (`Value("a")`) naming the first position holding a bool, string, complex or list."""
    converted: list[float] = []
    for position, x in enumerate(inputs):
        try:
            converted.append(as_float(x))
        except TypeError:
            raise TypeError(
                f"{what} {position} must be a real number (int or float), got "
                f"{type(x).__name__}: {x!r}"
            ) from None
    return tuple(converted)


def _check_batch_numbers(rows: Any) -> None:
    """The TypeError of `_as_numbers` for the first sample holding a non-number, if any."""
    if isinstance(rows, Iterable) and not isinstance(rows, (str, bytes)):
        for index, row in enumerate(rows):
            if isinstance(row, list | tuple) and _FLOATS.issuperset(map(type, row)):
                continue
            if isinstance(row, Iterable) and not isinstance(row, (str, bytes)):
                _as_numbers(row, f"sample {index} of the batch: input")


def _by_sample(np: Any, columns: Sequence[Any], n: int) -> Any:
    """Columns (arrays, or one number shared by every sample) as an array (n, columns)."""
    if not columns:
        return np.empty((n, 0))
    return np.column_stack([np.broadcast_to(np.asarray(c, dtype=float), (n,)) for c in columns])


def compile(  # noqa: A001 - engine.compile reads best; the builtin is rarely needed beside it
    fn: Callable[..., Value | Sequence[Value]],
    example_inputs: Sequence[float],
    parameters: Sequence[Value] = (),
    *,
    differentiate_inputs: bool = True,
) -> Compiled:
    """Trace `fn(*inputs)` once at `example_inputs` and generate its forward and backward pass.

    `fn` takes one Value per example input and returns a Value (or a list of Values);
    `parameters` are the Values it uses from outside (weights), read afresh at every call.
    The compiled function is exact for every input when the graph's structure does not
    depend on the numbers: ops that branch inside (relu, abs) are fine, but a read of
    `.data` or a `no_grad` block in fn while it is traced is refused with a CompileError,
    and so are a Value from outside fn not listed in `parameters` and a graph over
    `tracing.MAX_NODES` nodes. `differentiate_inputs=False`
    skips the input gradients (training needs only the parameters').
    """
    if not callable(fn):
        raise TypeError(f"compile needs a function to trace, got {type(fn).__name__}")
    if isinstance(example_inputs, (str, bytes)) or not isinstance(example_inputs, Sequence):
        raise TypeError(
            "example_inputs must be a list of numbers, one per input of fn (the point fn is "
            f"traced at), got {type(example_inputs).__name__}"
        )
    point = [as_float(x) for x in example_inputs]
    if not all(math.isfinite(x) for x in point):
        raise ValueError(f"example_inputs must be finite numbers, got {point}")
    parameters = _checked_parameters(parameters)
    return Compiled(trace(fn, point, parameters), differentiate_inputs)


def _checked_parameters(parameters: Sequence[Value]) -> list[Value]:
    checked: list[Value] = []
    seen: set[int] = set()
    for position, p in enumerate(parameters):
        if not isinstance(p, Value):
            raise TypeError(
                f"parameters must be Values, got {type(p).__name__} at position {position}"
            )
        if not p.is_leaf:
            raise CompileError(
                f"parameter {position} ({p!r}) is computed by {p.op!r}: parameters must be "
                "leaves (Values you made, such as weights)"
            )
        if id(p) in seen:
            raise CompileError(f"parameter {position} ({p!r}) is listed twice")
        seen.add(id(p))
        checked.append(p)
    return checked
