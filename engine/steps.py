"""The backward pass one node at a time, each step with its chain rule written out.

`for step in loss.backward_steps(): print(step)` visits nodes in the order `backward()` does
and leaves the same gradients, accumulated the same way, once the last step is taken.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.autodiff import backward_order, local_derivatives, topological_order
from engine.formulas import local_formula
from engine.naming import expression, format_number, node_names

if TYPE_CHECKING:
    from engine.value import Value


@dataclass(frozen=True)
class ChainRuleTerm:
    """What one step sends to one parent: d root/d parent += upstream x local derivative."""

    parent: Value
    local_derivative: float
    """d node / d parent, from the op's own derivative rule."""
    contribution: float
    """upstream x local_derivative: what is added to the parent's gradient."""
    text: str
    """`d loss/d w1 += 1.0 x 3.0 = 3.0   [d(w1*x1)/d w1 = x1 = 3.0]`"""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class BackwardStep:
    """One node's turn in the backward pass: its complete gradient, sent on to its parents."""

    number: int
    """1 for the root, counting up to `total`."""
    total: int
    node: Value
    name: str
    upstream: float
    """d root / d node from this backward pass, complete when the step is taken."""
    terms: tuple[ChainRuleTerm, ...]
    """One per parent, in the order the op takes its inputs."""
    heading: str
    """`step 2 of 4: n1 = w1 * x1, d out/d n1 = 0.5`"""

    def __str__(self) -> str:
        return "\n".join([self.heading, *(f"  {term}" for term in self.terms)])


def fresh_steps(root: Value, names: dict[Value, str] | None = None) -> Iterator[BackwardStep]:
    """The steps of a backward pass from zero gradients, touching no `.grad` (for pictures)."""
    if names is None:
        names = node_names(topological_order(root))
    order = backward_order(root)
    root_name = names[root]
    gradients: dict[Value, float] = {root: 1.0}
    for number, node in enumerate(order, start=1):
        upstream = gradients[node]
        name = names[node]
        op = node.operation
        known = f"d {root_name}/d {name} = {format_number(upstream)}"
        if op is None:
            heading = f"step {number} of {len(order)}: {name} is a leaf, {known}"
        else:
            heading = f"step {number} of {len(order)}: {name} = {expression(node, names)}, {known}"
        terms = []
        parent_names = [names[parent] for parent in node.parents]
        for position, (parent, derivative) in enumerate(zip(node.parents, local_derivatives(node))):
            local = float(derivative)
            contribution = upstream * local
            earlier = gradients.get(parent)
            gradients[parent] = contribution if earlier is None else earlier + contribution
            formula = local_formula(op, position, parent_names, node.params, local)  # type: ignore[arg-type]
            text = (
                f"d {root_name}/d {names[parent]} += {format_number(upstream)} x "
                f"{format_number(local)} = {format_number(contribution)}   [{formula}]"
            )
            terms.append(ChainRuleTerm(parent, local, contribution, text))
        yield BackwardStep(number, len(order), node, name, upstream, tuple(terms), heading)


def applied_steps(root: Value) -> Iterator[BackwardStep]:
    """backward() one node per step, each step adding its contributions to `.grad`."""
    # As backward(): an inner node shows its earlier gradient plus what this pass sent so far,
    # a leaf adds each contribution as it comes.
    earlier = {node: node.grad for node in backward_order(root)}
    fresh: dict[Value, float] = {}
    for step in fresh_steps(root):
        if step.number == 1:
            if root in earlier:
                fresh[root] = 1.0
                root.grad = earlier[root] + 1.0
            else:
                root.grad += 1.0
        for term in step.terms:
            parent = term.parent
            if parent in earlier:
                sent = fresh.get(parent)
                fresh[parent] = term.contribution if sent is None else sent + term.contribution
                parent.grad = earlier[parent] + fresh[parent]
            else:
                parent.grad += term.contribution
        yield step
