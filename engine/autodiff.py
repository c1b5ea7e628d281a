"""The backward pass: order a graph topologically and apply the chain rule over it.

Everything here is iterative (explicit stacks, no recursion), so a chain of a million nodes
works, and deterministic: ties are broken by the order of each node's parents.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from engine.kernels import Loop, backward_loop
from engine.ops import OPS, Scalar

if TYPE_CHECKING:
    from engine.value import Value

_walking = threading.RLock()
"""Held while a walk or a backward pass runs: walks mark nodes, and backward adds to
`.grad`, so two threads on one graph take turns instead of corrupting each other."""


def topological_order(root: Value) -> list[Value]:
    """Every node of `root`'s graph, each after all of its parents: inputs first, root last.

    Examples:
        >>> import engine
        >>> from engine import Value
        >>> x = Value(2.0, label="x")
        >>> y = x * 3.0
        >>> y.label = "y"
        >>> [node.label or node.data for node in engine.topological_order(y)]
        ['x', 3.0, 'y']
    """
    with _walking:
        return _parents_first(root, skip_leaves=False)


def backward_order(root: Value) -> list[Value]:
    """The nodes made by ops, in the order backward() visits them: root first, leaves never."""
    with _walking:
        order = _parents_first(root, skip_leaves=True)
    order.reverse()
    return order


def _parents_first(root: Value, skip_leaves: bool) -> list[Value]:
    """root's graph in topological order, by an iterative depth-first search.

    Deterministic: parents are visited in the order the op was given them. With
    `skip_leaves`, only nodes made by an op (what backward has to visit) are listed.
    A node's state lives in its `_mark`: this walk's `entered` or `placed` token, or
    anything else (unvisited). Fresh tokens per walk mean no marks to reset afterwards.
    The stack holds bare nodes; a node met on top of it a second time is placed (at once
    when it has no parent left to visit).
    """
    entered, placed = object(), object()
    keep_leaves = not skip_leaves
    order: list[Value] = []
    place = order.append
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = stack[-1]
        mark = node._mark
        if mark is entered:  # its parents are all placed
            pop()
            node._mark = placed
            place(node)
            continue
        if mark is placed:  # reached again through another path before its turn
            pop()
            continue
        node._mark = entered
        waiting = False  # for a parent pushed above it
        a = node._a
        if type(a) is tuple:
            for parent in reversed(a):  # pushed last, visited first: the op's order
                if parent._op is not None or keep_leaves:
                    mark = parent._mark
                    if mark is not placed:
                        if mark is entered:
                            raise cycle_error(parent)
                        push(parent)
                        waiting = True
        elif a is not None:  # one or two parents, unrolled: the common case
            b = node._b
            if b is not None and type(b) is not tuple and (b._op is not None or keep_leaves):
                mark = b._mark
                if mark is not placed:
                    if mark is entered:
                        raise cycle_error(b)
                    push(b)
                    waiting = True
            if a._op is not None or keep_leaves:
                mark = a._mark
                if mark is not placed:
                    if mark is entered:
                        raise cycle_error(a)
                    push(a)
                    waiting = True
        if not waiting:  # nothing to wait for: place it now
            pop()
            node._mark = placed
            place(node)
    return order


def cycle_error(node: Value) -> ValueError:
    """The error for a graph that reaches `node` again from itself."""
    return ValueError(
        f"the graph has a cycle through {node!r}: some node's .parents was changed to "
        "include a node computed from it, so no order satisfies the chain rule; build the "
        "expression again with Value ops instead of assigning .parents"
    )


def local_derivatives(node: Value, as_values: bool = False) -> tuple[Scalar, ...]:
    """`d node / d parent` for each parent, as floats (or as recorded Values)."""
    op = node._op
    if op is None:
        return ()
    if as_values:
        out: Scalar = node
        inputs: Sequence[Scalar] = node.parents
    else:
        out = node.data
        inputs = [parent.data for parent in node.parents]
    try:
        return op.derivative(out, *inputs, *node.params)
    except (ArithmeticError, ValueError) as error:
        raise undifferentiable(node, error) from None


def undifferentiable(node: Value, error: Exception) -> Exception:
    """The error for a derivative rule that failed at node's inputs, naming op and inputs."""
    op = node._op
    assert op is not None  # only nodes made by an op have a derivative rule
    at = "(" + ", ".join(repr(parent.data) for parent in node.parents) + ")"
    if isinstance(error, ArithmeticError):
        return type(error)(
            f"cannot differentiate {op.name} at {at}: {op.formula_text} is infinite there"
        )
    return type(error)(f"cannot differentiate {op.name} at {at}: {error}")


def backward(root: Value) -> None:
    """Add d root / d node to `.grad` of every node of root's graph (root's own grad += 1).

    The engine's hot path, so leaves are never ordered: only the inner nodes are sorted, then
    each node's op kernel (its derivative rule, written out once) sends the node's gradient
    to its parents. Inner nodes' earlier gradients are set aside and added back at the end,
    so repeated calls accumulate exactly as one call does.
    """
    if root._op is None:
        root.grad += 1.0
        return
    with _walking:
        inner = _parents_first(root, skip_leaves=True)
        accumulating = any(map(_grad_of, inner))  # usually not: a fresh graph's are all 0
        if accumulating:
            earlier = [node.grad for node in inner]
            for node in inner:
                node.grad = 0.0
        root.grad = 1.0
        (_loop or _first_loop())(reversed(inner), undifferentiable)
        if accumulating:
            for node, gradient in zip(inner, earlier):
                node.grad += gradient


_grad_of = operator.attrgetter("grad")

_loop: Loop | None = None
"""backward's loop over the nodes, written once with the commonest ops' kernels inline."""


def _first_loop() -> Loop:
    global _loop
    _loop = backward_loop([OPS[name] for name in ("+", "*", "relu", "-")])
    return _loop


def zero_grad(root: Value) -> None:
    """Set `.grad` to 0 on every node of root's graph."""
    for node in topological_order(root):
        node.grad = 0.0
