"""`engine.explain(root)`: the graph as a table, inputs first, one row per node."""

from __future__ import annotations

import sys
from typing import TextIO

from engine.autodiff import topological_order
from engine.naming import expression, format_number, node_names, node_roles
from engine.value import Value

COLUMNS = ("name", "role", "op", "inputs", "data", "grad")
MAX_CELL = 60
"""Longer cells end in an ellipsis, so one wide node (a sum of 10,000) cannot widen every row."""


def explain(root: Value, file: TextIO | None = None) -> None:
    """Print every node of root's graph in topological order: name, role, op, inputs, data, grad.

    Reading it top to bottom is the forward pass; bottom to top is the order backward needs.
    """
    print(explanation(root), file=sys.stdout if file is None else file)


def explanation(root: Value) -> str:
    """The table `explain` prints, as text."""
    if not isinstance(root, Value):
        raise TypeError(f"explain describes the graph of a Value, got {type(root).__name__}")
    order = topological_order(root)
    names = node_names(order)
    roles = node_roles(order)
    rows = [list(COLUMNS)]
    for node in order:
        cells = [
            names[node],
            roles[node],
            node.op,
            expression(node, names) if not node.is_leaf else "",
            format_number(node.data),
            format_number(node.grad),
        ]
        rows.append([_shortened(cell) for cell in cells])
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    numeric = {COLUMNS.index("data"), COLUMNS.index("grad")}
    lines = [
        "  ".join(
            cell.rjust(width) if column in numeric else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _shortened(cell: str) -> str:
    return cell if len(cell) <= MAX_CELL else cell[: MAX_CELL - 1] + "\u2026"
