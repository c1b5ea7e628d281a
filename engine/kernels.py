"""Backward kernels: each op's derivative rule written out once as straight-line Python.

`backward_kernel(op)` runs the op's own rule on symbols (as the graph compiler does) and
writes a function that reads each parent once and adds `upstream * local derivative` to
each parent's `.grad`, in the parents' order: the same arithmetic as calling the rule, so
the same bits. Rules that look at the numbers, or divide (where `upstream * (1 / x)` can
overflow and `ops.times_upstream` recovers it), keep calling the rule; so do ops defined
outside the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from engine.ops import OPS, Op, times_upstream
from engine.symbolic import SourceWriter

if TYPE_CHECKING:
    from engine.value import Value

Kernel = Callable[["Value"], None]

MAX_WRITTEN_INPUTS = 64
"""n-ary nodes with more inputs than this call the rule: their code would be long."""


def kernel_of(op: Op) -> Kernel:
    """`op.kernel`, written on first use and kept on the op."""
    kernel = op.kernel
    if kernel is None:
        kernel = backward_kernel(op)
        object.__setattr__(op, "kernel", kernel)
    return kernel


def backward_kernel(op: Op) -> Kernel:
    """The function backward calls on each node made by `op`."""
    if OPS.get(op.name) is not op:
        # An op made elsewhere: its rule may read numbers that change later, which a
        # written kernel would have frozen at the values it saw when it was written.
        return _calling_rule(op)
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
    written = _written_body(op, count)
    if written is None:
        return None
    body, namespace = written
    name = f"{op.name}_backward" if op.name.isidentifier() else "op_backward"
    source = f"def {name}(node):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, f"<backward kernel of {op.name}>", "exec"), namespace)
    kernel: Kernel = namespace[name]  # type: ignore[assignment]
    kernel.source = source  # type: ignore[attr-defined]
    return kernel


def _written_body(op: Op, count: int) -> tuple[list[str], dict[str, object]] | None:
    """The lines of a written kernel (reading `node`) and the names they use."""
    writer = SourceWriter("float")
    parents = [f"p{i}" for i in range(count)]
    inputs = [f"x{i}" for i in range(count)]
    params = [f"k{j}" for j in range(len(op.params))]
    writer.variables.update(("node", "nodes", "op", "g", "out", *parents, *inputs, *params))
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
    except Exception:  # NotSymbolic, or any other failure to run on symbols
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
    return ["g = node.grad", *lines, *updates], dict(writer.namespace)


Loop = Callable[[Iterable["Value"], Callable[["Value", Exception], Exception]], None]


def backward_loop(ops: Sequence[Op]) -> Loop:
    """`loop(nodes, undifferentiable)`: every node's kernel, in turn, with the kernels of
    `ops` (the commonest) written inline to save a call each; an ArithmeticError or
    ValueError comes out as `undifferentiable(node, error)`."""
    namespace: dict[str, object] = {}
    branches: list[str] = []
    for position, op in enumerate(ops):
        written = _written_body(op, op.arity) if op.arity in (1, 2) and not op.params else None
        if written is None:
            continue
        body, names = written
        if any(namespace.get(key, value) is not value for key, value in names.items()):
            continue  # a name meaning something else in another op's code
        namespace.update(names)
        namespace[f"op_{position}"] = op
        test = "if" if not branches else "elif"
        branches += [f"{test} op is op_{position}:", *(f"    {line}" for line in body)]
    namespace["kernel_of"] = kernel_of
    call = "(op.kernel or kernel_of(op))(node)"
    branches += ["else:", f"    {call}"] if branches else [call]
    lines = [
        "def backward_loop(nodes, undifferentiable):",
        "    node = None",
        "    try:",
        "        for node in nodes:",
        "            op = node._op",
        *(f"            {line}" for line in branches),
        "    except (ArithmeticError, ValueError) as error:",
        "        raise undifferentiable(node, error) from None",
    ]
    source = "\n".join(lines) + "\n"
    exec(compile(source, "<backward loop>", "exec"), namespace)
    loop: Loop = namespace["backward_loop"]  # type: ignore[assignment]
    loop.source = source  # type: ignore[attr-defined]
    return loop
