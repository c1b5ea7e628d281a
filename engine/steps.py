"""The backward pass one node at a time, each step with its chain rule written out.

`for step in loss.backward_steps(): print(step)` visits nodes in the order `backward()` does
and leaves the same gradients, accumulated the same way, once the last step is taken.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.autodiff import backward_order, local_derivatives, topological_order
from engine.formulas import local_formula
from engine.naming import expression, format_number, node_names

if TYPE_CHECKING:
    from engine.value import Value

ADDS_ONTO_EARLIER = (
    "note: this graph's gradients were not zero, so each grad below adds onto its earlier "
    "value, as backward() does (call zero_grad() first to see this pass alone)"
)
"""The first line of backward_steps when `.grad` already held something."""


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
    running_total: float = 0.0
    """The parent's gradient once this contribution is added: its `.grad` after this step."""

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
    """One per parent that is not a number written in the expression, in the op's order."""
    heading: str
    """`step 2 of 4: n1 = w1 * x1, d out/d n1 = 0.5`"""
    constants: tuple[ChainRuleTerm, ...] = ()
    """What reaches the numbers written in the expression (the 2.0 of `x * 2`): added to
    their `.grad` as backward() does, but no line of text: a constant needs no gradient."""
    root_total: float = 1.0
    """The root's gradient once its step is taken: 1.0 plus any earlier `.grad`."""
    summary: str = ""
    """The heading without its counter: `n1 = w1 * x1, d out/d n1 = 0.5`."""

    def __str__(self) -> str:
        return "\n".join([self.heading, *(f"  {term}" for term in self.terms)])


def chain_rule_steps(
    root: Value,
    names: dict[Value, str] | None = None,
    earlier: Mapping[Value, float] | None = None,
) -> Iterator[BackwardStep]:
    """The steps of a backward pass, touching no `.grad`; the one place gradients are summed.

    Each term's `running_total` starts from `earlier` (zero when None, as in pictures) and adds
    up as backward() does: an inner node's contributions are summed, then its earlier gradient
    added; a leaf adds each contribution to its gradient as it comes.
    """
    if names is None:
        names = node_names(topological_order(root))
    before = earlier or {}
    order = backward_order(root)
    root_name = names[root]
    fresh: dict[Value, float] = {root: 1.0}  # d root / d node from this pass, inner nodes
    totals: dict[Value, float] = {}  # leaves: their gradient so far
    root_total = before.get(root, 0.0) + 1.0
    for number, node in enumerate(order, start=1):
        upstream = fresh[node]
        name = names[node]
        op = node.operation
        known = f"d {root_name}/d {name} = {format_number(upstream)}"
        if number == 1 and root_total != upstream:
            known += f", grad now {format_number(root_total)}"
        if op is None:
            summary = f"{name} is a leaf, {known}"
        else:
            summary = f"{name} = {expression(node, names)}, {known}"
        heading = f"step {number} of {len(order)}: {summary}"
        if number == 1 and any(gradient != 0.0 for gradient in before.values()):
            heading = f"{ADDS_ONTO_EARLIER}\n{heading}"
        terms: list[ChainRuleTerm] = []
        constants: list[ChainRuleTerm] = []
        parent_names = [names[parent] for parent in node.parents]
        for position, (parent, derivative) in enumerate(zip(node.parents, local_derivatives(node))):
            local = float(derivative)
            contribution = upstream * local
            if not parent.is_leaf:
                sent = fresh.get(parent)
                fresh[parent] = contribution if sent is None else sent + contribution
                total = before.get(parent, 0.0) + fresh[parent]
            else:
                total = totals.get(parent, before.get(parent, 0.0)) + contribution
                totals[parent] = total
            formula = local_formula(op, position, parent_names, node.params, local)  # type: ignore[arg-type]
            so_far = "" if total == contribution else f", grad now {format_number(total)}"
            text = (
                f"d {root_name}/d {names[parent]} += {format_number(upstream)} x "
                f"{format_number(local)} = {format_number(contribution)}{so_far}   [{formula}]"
            )
            term = ChainRuleTerm(parent, local, contribution, text, total)
            (constants if parent.is_constant else terms).append(term)
        yield BackwardStep(
            number,
            len(order),
            node,
            name,
            upstream,
            tuple(terms),
            heading,
            tuple(constants),
            root_total,
            summary,
        )


def applied_steps(root: Value) -> Iterator[BackwardStep]:
    """backward() one node per step, each step adding its contributions to `.grad`.

    When the gradients were not zero, the first line says so and every total shown is the
    `.grad` that step leaves.
    """
    order = topological_order(root)
    earlier = {node: node.grad for node in order}
    for step in chain_rule_steps(root, node_names(order), earlier):
        if step.number == 1:
            root.grad = step.root_total
        for term in (*step.terms, *step.constants):
            term.parent.grad = term.running_total
        yield step
