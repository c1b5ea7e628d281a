"""Backward kernels: each op's derivative rule written out once as straight-line Python.

`backward_kernel(op)` runs the op's own rule on symbols (as the graph compiler does) and
writes a function that reads each parent once and adds `upstream * local derivative` to
each parent's `.grad`, in the parents' order: the same arithmetic as calling the rule, so
the same bits. Rules that look at the numbers, or divide (where `upstream * (1 / x)` can
overflow and `ops.times_upstream` recovers it), keep calling the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from engine.ops import Op, times_upstream

if TYPE_CHECKING:
    from engine.value import Value

Kernel = Callable[["Value"], None]

MAX_WRITTEN_INPUTS = 64
"""n-ary nodes with more inputs than this call the rule: their code would be long."""


def backward_kernel(op: Op) -> Kernel:
    """The function backward calls on each node made by `op`."""
    if op.arity is None:
        return _by_input_count(op)
    if op.arity == 2 and op.params:  # such nodes keep their parents in a tuple
        return _calling_rule(op)
    return _written(op, op.arity) or _calling_rule(op)


def _by_input_count(op: Op) -> Kernel:
    """For n-ary ops: one written kernel per number of inputs, made on first use."""
    kernels: dict[int, Kernel] = {}

    def kernel(node: Value) -> None:
        count = len(node._a)
        written = kernels.get(count)
        if written is None:
            found = _written(op, count) if count <= MAX_WRITTEN_INPUTS else None
            written = kernels[count] = found or _calling_rule(op)
        written(node)

    return kernel


def _calling_rule(op: Op) -> Kernel:
    """A kernel that calls the op's rule on the node's numbers, as backward always did."""
    derivative = op.derivative

    def kernel(node: Value) -> None:
        upstream = node.grad
        parents = node.parents
        local = derivative(node.data, *[parent.data for parent in parents], *node.params)
        for parent, local_derivative in zip(parents, local):
            parent.grad += times_upstream(upstream, local_derivative)  # type: ignore[arg-type]

    return kernel


def _written(op: Op, count: int) -> Kernel | None:
    """The rule as straight-line code for nodes with `count` parents, or None if it cannot
    be written (it looks at numbers, divides, or returns something unexpected)."""
    from engine.symbolic import NotSymbolic, SourceWriter

    writer = SourceWriter("float")
    parents = [f"p{i}" for i in range(count)]
    inputs = [f"x{i}" for i in range(count)]
    params = [f"k{j}" for j in range(len(op.params))]
    writer.variables.update(("node", "g", "out", *parents, *inputs, *params))
    try:
        local = op.derivative(
            writer.name("out"), *map(writer.name, inputs), *map(writer.name, params)
        )
        updates = []
        for parent, derivative in zip(parents, local, strict=True):
            factor = writer.operand(derivative)
            if factor is None:
                return None
            text = writer.binary("*", writer.name("g"), factor).text
            if "/" in text or "**" in text:
                return None
            updates.append(f"{parent}.grad += {text}")
    except (NotSymbolic, ArithmeticError, ValueError, TypeError):
        return None
    used = set(re.findall(r"[A-Za-z_]\w*", " ".join(updates)))
    if op.arity is None:
        lines = [f"{', '.join(parents)}, = node._a"]
    elif count == 1:
        lines = ["p0 = node._a"]
    else:
        lines = ["p0 = node._a", "p1 = node._b"]
    if params:
        lines.append(f"{', '.join(params)}, = node._b")
    if "out" in used:
        lines.append("out = node.data")
    lines += [f"{x} = {p}.data" for p, x in zip(parents, inputs) if x in used]
    name = f"{op.name}_backward" if op.name.isidentifier() else "op_backward"
    body = ["g = node.grad", *lines, *updates]
    source = f"def {name}(node):\n" + "".join(f"    {line}\n" for line in body)
    namespace = dict(writer.namespace)
    exec(compile(source, f"<backward kernel of {op.name}>", "exec"), namespace)
    kernel: Kernel = namespace[name]  # type: ignore[assignment]
    kernel.source = source  # type: ignore[attr-defined]
    return kernel
