"""n-ary ops recorded as one node each: a neuron with n inputs is one `dot`, not 2n nodes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from engine.ops import DOT, SUM, Op
from engine.value import READS_DATA, Value, node_of, record

Forward = Callable[[tuple[Value, ...]], float]

MAX_WRITTEN_INPUTS = 64
"""Forwards for more inputs than this call the op's own function: their code would be long."""


def _as_values(items: Iterable[Value | float], what: str) -> list[Value]:
    values = []
    for position, item in enumerate(items):
        if isinstance(item, Value):
            values.append(item)
        else:
            try:
                values.append(Value(item))
            except TypeError:
                raise TypeError(
                    f"{what} must hold Values or numbers, got {type(item).__name__} "
                    f"at position {position}"
                ) from None
    return values


def sum(values: Iterable[Value | float]) -> Value:  # noqa: A001 - engine.sum mirrors builtins
    """v_1 + v_2 + ... + v_n as a single node (d sum / d v_i = 1).

    Examples:
        >>> import engine
        >>> from engine import Value
        >>> total = engine.sum([Value(1.0), Value(2.0), Value(3.0)])
        >>> total.data, total.op
        (6.0, 'sum')
    """
    parents = tuple(_as_values(values, "sum's values"))
    forward = _forward(SUM, _sum_forwards, len(parents))
    if forward is None:
        return record(SUM, parents)
    return node_of(forward(parents), SUM, parents, ())


def dot(
    weights: Sequence[Value | float],
    inputs: Sequence[Value | float],
    bias: Value | float | None = None,
) -> Value:
    """w_1 x_1 + ... + w_n x_n (+ b) as a single node: a whole neuron before its activation.

    d/dw_i = x_i, d/dx_i = w_i, d/db = 1.

    Examples:
        >>> import engine
        >>> from engine import Value
        >>> w, x = [Value(2.0), Value(-1.0)], [Value(3.0), Value(4.0)]
        >>> out = engine.dot(w, x, Value(0.5))  # 2*3 - 1*4 + 0.5
        >>> out.data, out.op, len(out.parents)
        (2.5, 'dot', 5)
    """
    if len(weights) != len(inputs):
        raise ValueError(
            f"dot needs as many weights as inputs, got {len(weights)} weights and "
            f"{len(inputs)} inputs"
        )
    parents = (*weights, *inputs) if bias is None else (*weights, *inputs, bias)
    forward = _forward(DOT, _dot_forwards, len(parents))
    try:
        if forward is not None:
            return node_of(forward(parents), DOT, parents, ())  # type: ignore[arg-type]
        return record(DOT, parents)  # type: ignore[arg-type]
    except AttributeError:  # some were plain numbers: make them Values and record again
        return record(DOT, tuple(_as_values(parents, "dot's weights, inputs and bias")))


_dot_forwards: dict[int, Forward | None] = {}
_sum_forwards: dict[int, Forward | None] = {}


def _forward(op: Op, written: dict[int, Forward | None], count: int) -> Forward | None:
    """The op's forward on `count` Values, written out once per count (None: call op's)."""
    try:
        return written[count]
    except KeyError:
        forward = None
        if 0 < count <= MAX_WRITTEN_INPUTS:  # they add left to right, as ops.add_in_order
            forward = _written_forward(op, count)
        written[count] = forward
        return forward


def _written_forward(op: Op, count: int) -> Forward:
    names = [f"v{i}" for i in range(count)]
    if op is DOT:
        n = count // 2
        terms = [f"{w}.data * {x}.data" for w, x in zip(names[:n], names[n : 2 * n])]
        if count % 2:
            terms.append(f"{names[-1]}.data")
    else:
        terms = [f"{v}.data" for v in names]
    source = (
        f"def {op.name}_of_{count}(parents):\n"
        f"    {', '.join(names)}, = parents\n"
        f"    return 0.0 + {' + '.join(terms)}\n"
    )
    namespace: dict[str, object] = {}
    exec(compile(source, f"<{op.name} of {count} inputs>", "exec"), namespace)
    forward: Forward = namespace[f"{op.name}_of_{count}"]  # type: ignore[assignment]
    READS_DATA.add(forward.__code__)  # tracing: this is the engine reading inputs
    return forward
