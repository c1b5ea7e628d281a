"""`engine.draw(root)`: the picture of a computation graph, built with the graphviz package.

Each value is a box (name, data, grad) coloured by its role; each op is a small ellipse
between its inputs and its result, as in micrograd's notebook. The DOT text depends only on
the graph, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from engine.autodiff import topological_order
from engine.formulas import input_variables
from engine.naming import ROLES, Role, format_number, node_names, node_roles, owner
from engine.value import Value
from engine.viz.render import Renderer, render

if TYPE_CHECKING:
    import graphviz

FIELDS = ("label", "data", "grad", "op")
"""What a picture can show: each value's label, data and grad, and the op nodes."""
RANKDIRS = ("LR", "RL", "TB", "BT")
Grouping = Literal["neuron", "layer"]
GROUPINGS: tuple[Grouping, ...] = ("neuron", "layer")
DEFAULT_MAX_NODES = 150
"""Past this many boxes a picture is a blob: group parameters or draw a part of the graph."""
DIGITS = 4
"""Significant digits of data and grad in a picture."""

ROLE_COLOURS: dict[Role, str] = {
    "input": "#cfe2ff",
    "parameter": "#ffe0b3",
    "constant": "#eeeeee",
    "intermediate": "#ffffff",
    "output": "#c8efc8",
}
ROLE_MEANINGS: dict[Role, str] = {
    "input": "a value you give",
    "parameter": "a weight or bias, learned",
    "constant": "a number in the expression, no gradient",
    "intermediate": "an operation's result",
    "output": "what is differentiated",
}
"""What each role means, for the keys that explain the colours."""
HIGHLIGHT = "#d62728"
_OUTLINE = {"color": HIGHLIGHT, "penwidth": "3"}
FONT = "Helvetica,Arial,sans-serif"


class GraphTooLargeError(ValueError):
    """The graph has more boxes than `max_nodes`; the message says how to draw it anyway."""


@dataclass(frozen=True)
class Layout:
    """A picture's DOT text and the DOT id of each value drawn as its own box."""

    source: str
    ids: dict[Value, str]
    values: int
    """How many Values the picture shows, grouped ones included."""


class Diagram:
    """A drawn graph: `.source` (DOT), `.save("graph.svg")`, and inline SVG in Jupyter."""

    def __init__(
        self, source: str, renderer: Renderer | None = None, values: int | None = None
    ) -> None:
        self.source = source
        self.renderer: Renderer | None = renderer
        self.values = _count_values(source) if values is None else values
        """How many Values the picture shows (those grouped into one box included)."""
        self._svg: str | None = None

    def svg(self) -> str:
        """The picture as SVG text (rendered once, then kept)."""
        if self._svg is None:
            self._svg = render(self.source, "svg", self.renderer).decode("utf-8")
        return self._svg

    def _repr_svg_(self) -> str:
        return self.svg()

    def save(self, path: str | Path) -> Path:
        """Write the picture; the suffix chooses the format: .svg, .png, .pdf or .dot."""
        path = Path(path)
        suffix = path.suffix.lower().lstrip(".")
        if suffix in ("dot", "gv"):
            path.write_text(self.source, encoding="utf-8")
        elif suffix == "svg":
            path.write_text(self.svg(), encoding="utf-8")
        elif suffix in ("png", "pdf"):
            path.write_bytes(render(self.source, suffix, self.renderer))
        else:
            raise ValueError(
                f"cannot save a picture as {path.name!r}: end the name with .svg, .png, .pdf "
                "or .dot"
            )
        return path

    def __repr__(self) -> str:
        return f"Diagram({self.values} values; .source, .save('graph.svg'))"


def _count_values(source: str) -> int:
    """The Values in DOT text `draw` wrote: one per value box, one per grouped row."""
    boxes = len(re.findall(r'class="value ', source))
    grouped = len(re.findall(r"<p\d+>", source))
    return boxes + grouped


def draw(
    root: Value,
    *,
    rankdir: str = "LR",
    show: Iterable[str] = FIELDS,
    title: str | None = None,
    highlight: Iterable[Value] = (),
    parameters: Iterable[Value] = (),
    group: Grouping | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    renderer: Renderer | None = None,
) -> Diagram:
    """The picture of `root`'s graph: `draw(loss).save("loss.svg")`, or inline in Jupyter.

    `rankdir` LR, RL, TB or BT; `show` some of label, data, grad, op; `highlight` values to
    outline; `parameters` leaves to colour as parameters (nn's dotted names are found alone);
    `group="neuron"` or `"layer"` draws each neuron's or layer's parameters as one box.
    """
    layout = graph_layout(
        root,
        rankdir=rankdir,
        show=show,
        title=title,
        highlight=highlight,
        parameters=parameters,
        group=group,
        max_nodes=max_nodes,
    )
    return Diagram(layout.source, renderer, layout.values)


def graph_layout(
    root: Value,
    *,
    rankdir: str = "LR",
    show: Iterable[str] = FIELDS,
    title: str | None = None,
    highlight: Iterable[Value] = (),
    parameters: Iterable[Value] = (),
    group: Grouping | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    grad_texts: Mapping[Value, str] | None = None,
    legend: bool = True,
    stacked: bool = False,
) -> Layout:
    """The DOT text of `draw`, with the id of each box.

    `grad_texts` replaces the grad cell of each value given (the stepper sizes boxes for its
    widest text); `legend=False` leaves out the key of role colours; `stacked=True` stacks
    each box's name, data and grad across the flow, for a narrower graph.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw pictures the graph of a Value, got {type(root).__name__}")
    fields = _checked_fields(show)
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir={rankdir!r} is not one of {', '.join(RANKDIRS)}")
    if group is not None and group not in GROUPINGS:
        raise ValueError(f"group={group!r} is not one of None, 'neuron', 'layer'")
    check_size(root, max_nodes, group)
    order = topological_order(root)
    names = node_names(order)
    roles = node_roles(order, parameters)
    groups = _groups(order, roles, group)
    boxes = len(order) - sum(len(members) for members in groups.values()) + len(groups)
    if boxes > max_nodes:
        raise GraphTooLargeError(_too_large(boxes, max_nodes, group, roles))
    graph = _new_digraph(rankdir, title)
    shown = {node: _grad_text(node.grad) for node in order}
    shown.update(grad_texts or {})
    ids = value_ids(order)
    grouped = {member: key for key, members in groups.items() for member in members}
    outlined = set(highlight)
    flows_right = rankdir in ("LR", "RL")
    for node in order:
        if node in grouped:
            continue
        own_fields = [f for f in fields if f != "grad"] if roles[node] == "constant" else fields
        cells = _cells(names[node], node.data, shown[node], own_fields)
        graph.node(
            ids[node],
            label=_record([cells], flows_right and not stacked),
            id=ids[node],
            shape="record",
            style="filled",
            fillcolor=ROLE_COLOURS[roles[node]],
            **{"class": f"value {roles[node]}"},
            **(_OUTLINE if node in outlined else {}),
        )
    joined: set[tuple[str, str]] = set()
    group_ids = _draw_groups(graph, groups, names, shown, fields, flows_right)
    for node in order:
        if node.is_leaf:
            continue
        target = ids[node]
        if "op" in fields:
            target = f"{ids[node]}_op"
            graph.node(
                target,
                label=_plain(_op_label(node)),
                id=target,
                shape="ellipse",
                style="filled",
                fillcolor="#f4f4f4",
                fontsize="11",
                **{"class": "op"},
            )
            graph.edge(target, ids[node])
        # a and b on the edges tell a - b from b - a; more inputs would crowd the op.
        operation = node.operation
        variables = None
        if operation is not None and len(node.parents) == 2:
            variables = input_variables(operation, 2)
        for position, parent in enumerate(node.parents):
            tail = group_ids.get(parent) or ids[parent]
            if tail in group_ids.values() and (tail, target) in joined:
                continue  # one edge from a group box to each op it feeds
            joined.add((tail, target))
            attributes = {}
            if variables is not None and "op" in fields:
                # Two arrow lengths back from the head, beside the line: off the arrowhead.
                attributes = {
                    "headlabel": variables[position],
                    "fontsize": "10",
                    "labeldistance": "2.2",
                    "labelangle": "30",
                    "labelfontcolor": "#333333",
                }
            graph.edge(tail, target, **attributes)
    if legend:
        listed = [role for role in ROLES if role in roles.values()]
        _draw_legend(graph, listed[::-1] if flows_right else listed, ids[root])
    drawn = {node: ids[node] for node in order if node not in grouped}
    return Layout(graph.source, drawn, len(order))


def picture_number(x: float) -> str:
    """A number as a picture shows it: DIGITS digits, but a fraction never looks whole."""
    return format_number(x, DIGITS, keep_fraction=True)


def value_ids(order: list[Value]) -> dict[Value, str]:
    """The DOT (and SVG) id of each value's box: `v0`, `v1`, ... in topological order."""
    return {node: f"v{index}" for index, node in enumerate(order)}


_HELVETICA_WIDTHS = {".": 0.278, ",": 0.278, "-": 0.333, " ": 0.278, "?": 0.556, "+": 0.584}
"""Widths of the narrow characters of numbers in Helvetica, in ems; other characters ~0.556."""


def text_width(text: str) -> float:
    """About how wide `text` is in Helvetica, in ems: enough to tell which number is wider."""
    return sum(_HELVETICA_WIDTHS.get(c, 0.556) for c in text)


def check_size(root: Value, max_nodes: int, group: Grouping | None = None) -> None:
    """Refuse a graph with more than `max_nodes` values before any other work on it.

    Grouping can shrink the boxes, so only ungrouped pictures are refused here; the walk
    stops as soon as it passes the limit, so a huge graph costs only `max_nodes` steps.
    """
    if group is not None:
        return
    seen = {root}
    stack = [root]
    while stack:
        for parent in stack.pop().parents:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
                if len(seen) > max_nodes:
                    raise GraphTooLargeError(
                        f"this graph has more than max_nodes={max_nodes} values: too many to "
                        "read. Draw a smaller part of the model (one neuron's output), group "
                        "its parameters with group='layer' or group='neuron', or raise max_nodes."
                    )


def _checked_fields(show: Iterable[str]) -> tuple[str, ...]:
    if isinstance(show, str):
        show = (show,)
    fields = tuple(show)
    unknown = [field for field in fields if field not in FIELDS]
    if unknown:
        raise ValueError(f"cannot show {unknown}: choose among {', '.join(FIELDS)}")
    if not {"label", "data", "grad"} & set(fields):
        raise ValueError("show needs at least one of label, data, grad for the value boxes")
    return fields


def _graphviz() -> type[graphviz.Digraph]:
    try:
        import graphviz
    except ImportError:
        raise ImportError(
            'drawing graphs needs the graphviz package: pip install "chainrule[draw]"'
        ) from None
    digraph: type[graphviz.Digraph] = graphviz.Digraph
    return digraph


def _new_digraph(rankdir: str, title: str | None) -> graphviz.Digraph:
    graph = _graphviz()("chainrule")
    graph.attr(rankdir=rankdir, fontname=FONT, nodesep="0.25", ranksep="0.35")
    graph.attr("node", fontname=FONT, fontsize="12")
    graph.attr("edge", fontname=FONT, color="#555555", arrowsize="0.7")
    if title is not None:
        graph.attr(label=_plain(title), labelloc="t", fontsize="16")
    return graph


def _groups(
    order: list[Value], roles: Mapping[Value, Role], group: Grouping | None
) -> dict[str, list[Value]]:
    """Parameters with nn's dotted names, by the neuron (or layer) that owns them."""
    groups: dict[str, list[Value]] = {}
    if group is None:
        return groups
    for node in order:
        label = node.label
        if roles[node] != "parameter" or label is None or "." not in label:
            continue
        key = owner(label) if group == "neuron" else owner(owner(label))
        groups.setdefault(key, []).append(node)
    return groups


def _too_large(
    boxes: int, max_nodes: int, group: Grouping | None, roles: Mapping[Value, Role]
) -> str:
    message = f"this graph has {boxes} boxes, more than max_nodes={max_nodes}: too many to read. "
    parameters = sum(role == "parameter" for role in roles.values())
    if group != "layer" and parameters:
        message += (
            f"Group its {parameters} parameters with draw(..., group='layer') or "
            "group='neuron', draw "
        )
    else:
        message += "Draw "
    return message + "a smaller part of the model (one neuron's output), or raise max_nodes."


def _cells(name: str, data: float, grad: str, fields: Collection[str]) -> list[str]:
    cells = []
    if "label" in fields:
        cells.append(_field(name))
    if "data" in fields:
        cells.append(f"data {picture_number(data)}")
    if "grad" in fields:
        cells.append(_field(grad))
    return cells


def _grad_text(grad: float) -> str:
    return f"grad {picture_number(grad)}"


def _record(rows: list[list[str]], flows_right: bool, ports: list[str] | None = None) -> str:
    """A record label: rows of fields stacked, each row read left to right whatever the rankdir.

    (Records lay their fields across the flow and each {} turns them.) With ports, a row's
    last field can be an edge's tail (`box:p0`).
    """
    written = []
    for index, row in enumerate(rows):
        port = "" if ports is None or not ports[index] else f"<{ports[index]}> "
        written.append(" | ".join([*row[:-1], port + row[-1]]))
    if len(written) == 1:
        return f"{{{written[0]}}}" if flows_right else written[0]
    stacked = " | ".join(f"{{{row}}}" for row in written)
    return stacked if flows_right else f"{{{stacked}}}"


def _draw_groups(
    graph: graphviz.Digraph,
    groups: Mapping[str, list[Value]],
    names: Mapping[Value, str],
    shown: Mapping[Value, str],
    fields: Collection[str],
    flows_right: bool,
) -> dict[Value, str]:
    """One box per group, a row per parameter; returns each member's `box:port` for edges."""
    tails: dict[Value, str] = {}
    for number, (key, members) in enumerate(groups.items()):
        box = f"g{number}"
        rows, ports = [[_field(key)]], [""]
        for index, member in enumerate(members):
            short = names[member][len(key) + 1 :]
            rows.append(_cells(short, member.data, shown[member], fields))
            ports.append(f"p{index}")
            # Across the flow, each row is a port on the box's edge; along it, rows are inside.
            tails[member] = f"{box}:p{index}:e" if flows_right else box
        graph.node(
            box,
            label=_record(rows, flows_right, ports),
            id=box,
            shape="record",
            style="filled",
            fillcolor=ROLE_COLOURS["parameter"],
            **{"class": "group parameter"},
        )
    return tails


def _draw_legend(graph: graphviz.Digraph, roles: list[Role], root_id: str) -> None:
    """The key of role colours, one rank past the root (beside it, one box wide)."""
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="roles", fontsize="10", color="#bbbbbb", style="rounded")
        for role in roles:
            legend.node(
                f"legend_{role}",
                label=role,
                id=f"legend_{role}",
                shape="box",
                style="filled",
                fillcolor=ROLE_COLOURS[role],
                fontsize="10",
                height="0.2",
            )
    for role in roles:
        graph.edge(root_id, f"legend_{role}", style="invis")


def _op_label(node: Value) -> str:
    operation = node.operation
    assert operation is not None  # only op nodes get here
    name = operation.name
    if not node.params:
        return name
    params = ", ".join(picture_number(p) for p in node.params)
    return f"{name} {params}" if not name.isidentifier() else f"{name}({params})"


def _field(text: str) -> str:
    """Text safe inside a record field: backslash, braces, bars, angles and quotes escaped."""
    escaped = "".join("\\" + c if c in '\\{}|<>"' else c for c in _visible(text))
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


def _plain(text: str) -> str:
    """Text safe as an ordinary label: backslashes and quotes escaped, newlines as breaks."""
    escaped = "".join("\\" + c if c in '\\"' else c for c in _visible(text))
    return _graphviz_nohtml(escaped.replace("\r\n", "\n").replace("\n", "\\n"))


def _visible(text: str) -> str:
    """Characters XML cannot hold (controls but tab and newlines, lone surrogates, U+FFFE and
    U+FFFF) written out as `\\x01`, `\\ud800`, so every label makes a valid SVG."""
    return "".join(c if _xml_allows(c) else _escape_code(c) for c in text)


def _xml_allows(character: str) -> bool:
    code = ord(character)
    if code < 0x20:
        return character in "\t\n\r"
    return not (0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF))


def _escape_code(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _graphviz_nohtml(text: str) -> str:
    import graphviz

    marked: str = graphviz.nohtml(text)
    return marked
