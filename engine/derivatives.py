"""`engine.grad` and `engine.backward_steps`: a graph's derivatives as a function call.

The functions users call with a root Value, each checking what it was given; the walks and
the chain rule themselves live in `engine.autodiff` and `engine.steps`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal, overload

from engine.autodiff import backward, backward_order, local_derivatives, topological_order
from engine.steps import BackwardStep, applied_steps
from engine.value import Value


def _recorded_gradients(root: Value) -> dict[Value, Value]:
    """d root / d node for every node root depends on, as Values recorded in the graph."""
    gradients = {root: Value(1.0)}
    for node in backward_order(root):
        upstream = gradients[node]
        for parent, local in zip(node.parents, local_derivatives(node, as_values=True)):
            contribution = upstream * local
            earlier = gradients.get(parent)
            gradients[parent] = contribution if earlier is None else earlier + contribution
    return gradients


@overload
def grad(
    out: Value, inputs: Iterable[Value], create_graph: Literal[False] = False
) -> list[float]: ...


@overload
def grad(out: Value, inputs: Iterable[Value], create_graph: Literal[True]) -> list[Value]: ...


def grad(
    out: Value, inputs: Iterable[Value], create_graph: bool = False
) -> list[float] | list[Value]:
    """d out / d x for each x in `inputs`, leaving every `.grad` untouched.

    With `create_graph=True` the derivatives are Values recorded in the graph, so they can
    be differentiated again: `engine.grad(engine.grad(y, [x], True)[0], [x])` is d2y/dx2.

    Examples:
        >>> import engine
        >>> from engine import Value
        >>> x = Value(3.0)
        >>> engine.grad(x**3, [x])  # 3 x**2
        [27.0]
        >>> x.grad  # untouched
        0.0
    """
    if not isinstance(out, Value):
        raise TypeError(f"grad differentiates a Value, got {type(out).__name__}")
    inputs = list(inputs)
    for position, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(
                f"grad needs Values as inputs, got {type(x).__name__} at position {position}"
            )
    if create_graph:
        recorded = _recorded_gradients(out)
        return [recorded[x] if x in recorded else Value(0.0) for x in inputs]
    # An ordinary backward pass, with every .grad of the graph put back as it was.
    nodes = topological_order(out)
    earlier = [node.grad for node in nodes]
    for node in nodes:
        node.grad = 0.0
    backward(out)
    reached = set(nodes)
    gradients = [x.grad if x in reached else 0.0 for x in inputs]
    for node, gradient in zip(nodes, earlier):
        node.grad = gradient
    return gradients


def backward_steps(root: Value) -> Iterator[BackwardStep]:
    """backward() one node per step: each step adds its contributions to the parents' `.grad`.

    Nothing changes before the first step is asked for; after the last, every `.grad` is
    what `backward()` leaves, accumulated onto earlier gradients in the same way.
    """
    if not isinstance(root, Value):
        raise TypeError(f"backward_steps walks the graph of a Value, got {type(root).__name__}")
    return applied_steps(root)
