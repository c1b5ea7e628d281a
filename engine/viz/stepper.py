"""`engine.stepper(root, "backprop.html")`: one HTML file to step through forward and backward.

The file holds the graph's SVG, the steps as JSON and a little script: no network, so it
opens from `file://` anywhere. It shows a backward pass from zero gradients (d root / d
node) and changes nothing in the graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from engine.autodiff import topological_order
from engine.naming import (
    ROLES,
    expression,
    expression_with_numbers,
    format_number,
    node_names,
    node_roles,
)
from engine.steps import BackwardStep, chain_rule_steps
from engine.value import Value
from engine.viz.draw import (
    DEFAULT_MAX_NODES,
    ROLE_COLOURS,
    ROLE_MEANINGS,
    GraphTooLargeError,
    check_size,
    graph_layout,
    picture_number,
    text_width,
    value_ids,
)
from engine.viz.render import Renderer, render

PLAY_INTERVAL_MS = 900
_DATA_MARKER = "__STEPPER_DATA__"


def stepper(
    root: Value,
    path: str | Path = "backprop.html",
    *,
    title: str | None = None,
    rankdir: str = "LR",
    parameters: Iterable[Value] = (),
    max_nodes: int = DEFAULT_MAX_NODES,
    renderer: Renderer | None = None,
) -> Path:
    """Write the stepper page for `root`'s graph to `path` and return that path.

    Previous / Next / Play / Reset walk the forward pass (each node's data), then the backward
    pass (each node's gradient and the chain-rule line that produced it).
    """
    if not isinstance(root, Value):
        raise TypeError(f"stepper steps through the graph of a Value, got {type(root).__name__}")
    try:
        check_size(root, max_nodes)
    except GraphTooLargeError:
        raise GraphTooLargeError(
            f"this graph has more than max_nodes={max_nodes} values: too many steps to follow. "
            "Step through a smaller part of the model (one neuron's output), or raise "
            "max_nodes."
        ) from None
    order = topological_order(root)
    names = node_names(order)
    ids = value_ids(order)
    steps = list(chain_rule_steps(root, names))
    frames = _frames(root, order, names, ids, steps)
    layout = graph_layout(
        root,
        rankdir=rankdir,
        title=None,
        parameters=parameters,
        max_nodes=max_nodes,
        grad_texts=_widest_grads(order, ids, frames),
        legend=False,
        stacked=True,  # narrow boxes: a long graph still fills the window with readable text
    )
    svg = render(layout.source, "svg", renderer).decode("utf-8")
    roles = node_roles(order, parameters)
    title = title if title is not None else f"Backpropagation through {names[root]}"
    plan = {
        "nodes": [ids[node] for node in order],
        "initial_data": {ids[node]: _data(node) if node.is_leaf else "data ?" for node in order},
        "interval_ms": PLAY_INTERVAL_MS,
        "frames": frames,
        "roles": [
            {"role": role, "colour": ROLE_COLOURS[role], "meaning": ROLE_MEANINGS[role]}
            for role in ROLES
            if role in roles.values()
        ],
    }
    page = _page({"title": title, "svg": _inline(svg), "plan": plan})
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


def _frames(
    root: Value,
    order: list[Value],
    names: dict[Value, str],
    ids: dict[Value, str],
    steps: list[BackwardStep],
) -> list[dict[str, object]]:
    """The page's frames: the start, one per forward op, one per backward step.

    A frame's `data` and `grad` hold the texts that change at it; the backward gradients
    are the running totals `chain_rule_steps` sums, never summed again here.
    """
    inner = [node for node in order if not node.is_leaf]
    frames: list[dict[str, object]] = [
        {
            "phase": "before the forward pass",
            "node": None,
            "text": (
                f"{names[root]} depends on {len(order) - len(inner)} leaves through "
                f"{len(inner)} operations. Next runs the forward pass: each operation "
                "computes its data from its inputs."
            ),
            "data": {},
            "grad": {},
        }
    ]
    for node in inner:
        frames.append(
            {
                "phase": "forward pass",
                "node": ids[node],
                "text": (
                    f"{names[node]} = {expression(node, names)}"
                    f" = {expression_with_numbers(node)} = {format_number(node.data)}"
                ),
                "data": {ids[node]: _data(node)},
                "grad": {},
            }
        )
    for step in steps:
        changed = {ids[step.node]: _grad(step.upstream)}
        for term in step.terms:
            changed[ids[term.parent]] = _grad(term.running_total)
        frames.append(
            {
                "phase": "backward pass",
                "node": ids[step.node],
                "text": "\n".join([step.summary, *(f"  {term}" for term in step.terms)]),
                "data": {},
                "grad": changed,
            }
        )
    return frames


def _widest_grads(
    order: list[Value], ids: dict[Value, str], frames: list[dict[str, object]]
) -> dict[Value, str]:
    """For each value, the widest grad text any frame shows: its box is drawn that wide."""
    widest: dict[Value, str] = {}
    for node in order:
        shown = [_grad_pending()]
        for frame in frames:
            texts = frame["grad"]
            assert isinstance(texts, dict)  # built by _frames
            if ids[node] in texts:
                shown.append(texts[ids[node]])
        widest[node] = max(shown, key=text_width)
    return widest


def _data(node: Value) -> str:
    return f"data {picture_number(node.data)}"


def _grad(gradient: float) -> str:
    return f"grad {picture_number(gradient)}"


def _grad_pending() -> str:
    return "grad ?"


def _page(data: dict[str, object]) -> str:
    """The template with `data` as the one JSON block its script reads; nothing else varies.

    `<`, `>` and `&` are escaped inside the JSON, so no string can end the script element.
    """
    template = resources.files("engine.viz").joinpath("templates/stepper.html").read_text("utf-8")
    before, marker, after = template.partition(_DATA_MARKER)
    if not marker or _DATA_MARKER in after:
        raise RuntimeError("the stepper template must hold its data marker exactly once")
    text = json.dumps(data, ensure_ascii=True)  # also escapes U+2028 and U+2029
    for character in "<>&":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return before + text + after


def _inline(svg: str) -> str:
    """The SVG element alone: no XML prolog or doctype inside an HTML page."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
