"""Write a trace out as straight-line Python: the forward pass, then the chain rule backwards.

Each inner node becomes one line `v7 = v3 * v5`, each edge one gradient line
`g_v3 += g_v7 * v5`, in exactly the order `Value.backward` would add them, so the sums are
the same to the last bit. Nodes that depend on no input or parameter are folded into
constants. The text comes from the op table (see `engine.symbolic`), never from a list of
ops kept here.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from engine.compiler.tracing import Trace
from engine.symbolic import (
    ATOM,
    Dialect,
    NotSymbolic,
    NoVectorizedForm,
    SourceWriter,
    Symbol,
    numpy_module,
)
from engine.value import Value


@dataclass(frozen=True)
class Generated:
    """The generated module's text and its two functions."""

    source: str
    forward: Callable[..., Any]
    """`forward(inputs, parameters) -> outputs`."""
    forward_backward: Callable[..., Any]
    """`forward_backward(inputs, parameters[, output_grads][, n]) -> (outputs, d inputs,
    d parameters)`; in numpy, `n` is the batch size and parameter gradients are batch sums."""


def generate(trace: Trace, dialect: Dialect, differentiate_inputs: bool = True) -> Generated:
    """Write `trace` as Python source in `dialect` and `exec` it once."""
    writer = SourceWriter(dialect)
    forward = _Forward(trace, writer)
    arguments = "inputs, parameters"
    head = [
        *_unpack(forward.input_names, "inputs"),
        *_unpack(forward.parameter_names, "parameters"),
    ]
    outputs = [forward.symbol(out) for out in trace.outputs]
    lines = ["def forward(inputs, parameters):", *_indent(head), *_indent(forward.lines)]
    lines += _indent(_wrapped("return (", [o.text for o in outputs], ")"))
    lines.append("")
    lines.append("")
    backward = _Backward(trace, writer, forward, differentiate_inputs)
    extra = (", output_grads" if len(outputs) > 1 else "") + (", n" if dialect == "numpy" else "")
    lines.append(f"def forward_backward({arguments}{extra}):")
    lines += _indent([*head, *forward.lines, "# backward: the chain rule, output first"])
    lines += _indent(backward.lines)
    input_grads = [backward.gradient(x).text for x in trace.inputs] if differentiate_inputs else []
    parameter_grads = [backward.gradient(p).text for p in trace.parameters]
    results = [[o.text for o in outputs], input_grads, parameter_grads]
    returned = [line for items in results for line in _indent(_wrapped("(", items, "),"))]
    lines += _indent(["return (", *returned, ")"])
    namespace = _run(lines, writer, dialect)
    return Generated(namespace["source"], namespace["forward"], namespace["forward_backward"])


def generate_sgd_step(trace: Trace) -> tuple[str, Callable[..., Any]]:
    """`sgd_step(inputs, parameters, learning_rate) -> (outputs, new parameters)` on floats.

    One step of stochastic gradient descent, p - learning_rate * d output/dp for every
    parameter, with each gradient written into its update instead of stored: the same
    arithmetic as `p.data -= learning_rate * p.grad` after a backward pass.
    """
    writer = SourceWriter("float")
    forward = _Forward(trace, writer)
    backward = _Backward(trace, writer, forward, differentiate_inputs=False, inline_parameters=True)
    rate = writer.name("learning_rate")
    names = forward.parameter_names
    updates = [
        writer.binary("-", writer.name(name), writer.binary("*", rate, backward.gradient(p))).text
        for name, p in zip(names, trace.parameters)
    ]
    body = _unpack(forward.input_names, "inputs") + _unpack(names, "parameters")
    body += [*forward.lines, "# backward, each gradient written into its parameter's update"]
    body += backward.lines
    outputs = _wrapped("(", [forward.symbol(out).text for out in trace.outputs], "),")
    if any(set(re.findall(r"\w+", u)) & set(names) - {n} for n, u in zip(names, updates)):
        # an update reads another parameter: compute all of them before binding any
        body += ["return (", *_indent(outputs), *_indent(_wrapped("[", updates, "],")), ")"]
    else:
        body += _updates_skipping_zero_upstreams(trace, backward, names, updates)
        body += ["return (", *_indent(outputs), *_indent(_wrapped("[", names, "],")), ")"]
    lines = ["def sgd_step(inputs, parameters, learning_rate):", *_indent(body)]
    namespace = _run(lines, writer, "float")
    return namespace["source"], namespace["sgd_step"]


def _updates_skipping_zero_upstreams(
    trace: Trace, backward: _Backward, names: list[str], updates: list[str]
) -> list[str]:
    """`p = p - learning_rate * (g * x)` lines, those sharing one upstream gradient g under
    `if g:`. A ReLU that is off sends g = 0, and p - lr * (0 * x) is p for finite x: a
    neuron that is off for this sample skips all of its weight updates."""
    groups: dict[str, list[str]] = {}
    lines = []
    for name, update, p in zip(names, updates, trace.parameters):
        line = f"{name} = {update}"
        upstreams = backward.upstreams.get(id(p), [])
        if len(upstreams) == 1 and upstreams[0].startswith("g_"):
            groups.setdefault(upstreams[0], []).append(line)
        else:
            lines.append(line)
    for upstream, group in groups.items():
        if len(group) < 4:
            lines += group
        else:
            lines += [f"if {upstream}:", *_indent(group)]
    return lines


def _run(lines: list[str], writer: SourceWriter, dialect: Dialect) -> dict[str, Any]:
    """`exec` the generated lines once, in a namespace holding the names they use."""
    source = "\n".join(lines) + "\n"
    namespace: dict[str, Any] = dict(writer.namespace)
    exec(compile(source, f"<compiled {dialect}>", "exec"), namespace)
    namespace["source"] = source
    return namespace


class _Forward:
    """One line per inner node that depends on an input or a parameter."""

    def __init__(self, trace: Trace, writer: SourceWriter) -> None:
        self.writer = writer
        self.symbols: dict[int, Symbol] = {}
        self.live: set[int] = set()
        self.input_names = [f"x{i}" for i in range(len(trace.inputs))]
        self.parameter_names = _parameter_names(trace.parameters, writer)
        for leaf, name in [
            *zip(trace.inputs, self.input_names),
            *zip(trace.parameters, self.parameter_names),
        ]:
            self.symbols[id(leaf)] = writer.name(name)
            self.live.add(id(leaf))
        self.by_sample = set(self.input_names)
        """Names of values that differ from sample to sample (in a batch)."""
        self.names: dict[int, str] = {}
        self.lines: list[str] = []
        for k, node in enumerate(trace.forward_order):
            self.names[id(node)] = f"v{k}"
            if not any(id(parent) in self.live for parent in node.parents):
                continue  # a constant: symbol() reads its value from the trace
            op = node.operation
            if op is None:  # forward_order holds inner nodes only
                continue
            parents = [self.symbol(parent) for parent in node.parents]
            expression = writer.apply(op, parents, node.params)
            self.lines.append(f"v{k} = {expression.text}  # {_describe(node)}")
            self.symbols[id(node)] = writer.name(f"v{k}")
            self.live.add(id(node))
            if any(p.text in self.by_sample for p in parents):
                self.by_sample.add(f"v{k}")

    def symbol(self, node: Value) -> Symbol:
        known = self.symbols.get(id(node))
        return self.writer.literal(node.data) if known is None else known


class _Backward:
    """The chain rule as lines: each node's gradient times each local derivative."""

    def __init__(
        self,
        trace: Trace,
        writer: SourceWriter,
        forward: _Forward,
        differentiate_inputs: bool,
        inline_parameters: bool = False,
    ) -> None:
        self.writer = writer
        self.inline_parameters = inline_parameters
        self.forward = forward
        wanted = [*trace.parameters, *(trace.inputs if differentiate_inputs else [])]
        self.needed = {id(leaf) for leaf in wanted}
        """The nodes whose gradient is needed: the wanted leaves and what depends on them."""
        for node in trace.forward_order:
            if id(node) in forward.live and any(id(p) in self.needed for p in node.parents):
                self.needed.add(id(node))
        self.lines: list[str] = []
        self.gradients: dict[int, Symbol] = {}
        self.upstreams: dict[int, list[str]] = {}
        """For each node, the upstream gradient of each contribution to its own gradient."""
        self.names = {key: f"g_{symbol.text}" for key, symbol in forward.symbols.items()}
        self.names.update((key, f"g_{name}") for key, name in forward.names.items())
        self.parameters = {id(p) for p in trace.parameters}
        self.by_sample = set(forward.by_sample)
        self.n = writer.name("n")
        if writer.dialect == "numpy":
            writer.namespace["np"] = numpy_module()
        if len(trace.outputs) == 1:
            seeds = [writer.literal(1.0)]
        else:
            names = [f"s{i}" for i in range(len(trace.outputs))]
            self.lines += _unpack(names, "output_grads")
            seeds = [writer.name(name) for name in names]
        for out, seed in zip(trace.outputs, seeds):
            if id(out) in self.needed:
                self.add(out, seed)
        for node in trace.backward_order:
            if id(node) in self.needed:
                self.chain_rule(node)

    def chain_rule(self, node: Value) -> None:
        op = node.operation
        if op is None:  # backward_order holds inner nodes only
            return
        upstream = self.gradients[id(node)]
        parents = [self.forward.symbol(parent) for parent in node.parents]
        out = self.writer.name(self.forward.names[id(node)])
        try:
            local: Sequence[object] = op.derivative(out, *parents, *node.params)
        except NotSymbolic:
            if self.writer.dialect == "numpy":
                raise NoVectorizedForm(
                    f"op {op.name!r} has no vectorised derivative for batch mode: its rule "
                    "looks at the numbers (a comparison or .data)"
                ) from None
            function = self.writer.bind(op.derivative, op.name, prefix="d_")
            arguments = [out, *parents, *(self.writer.literal(p) for p in node.params)]
            local_name = f"d_{out.text}"
            self.lines.append(f"{local_name} = {self.writer.call(function, arguments).text}")
            local = [self.writer.name(f"{local_name}[{i}]") for i in range(len(parents))]
        for parent, derivative in zip(node.parents, local):
            if id(parent) not in self.needed:
                continue
            factor = self.writer.operand(derivative)
            if factor is None:
                raise TypeError(f"{op.name}'s derivative rule returned {derivative!r}")
            if self.writer.dialect == "numpy" and id(parent) in self.parameters:
                self.add(parent, self.batch_total(upstream, factor))
            else:
                self.upstreams.setdefault(id(parent), []).append(upstream.text)
                self.add(parent, self.writer.binary("*", upstream, factor))

    def batch_total(self, upstream: Symbol, local: Symbol) -> Symbol:
        """The sum over the batch of upstream * local: a parameter is one number for all
        samples. Either factor may be an array (one entry a sample) or one shared number."""
        by_sample = self.varies(upstream), self.varies(local)
        if by_sample == (True, True):
            return self.writer.call("np.dot", [upstream, local])
        if by_sample == (False, False):
            return self.writer.binary("*", self.writer.binary("*", upstream, local), self.n)
        rows, shared = (upstream, local) if by_sample[0] else (local, upstream)
        return self.writer.binary("*", self.writer.call("np.sum", [rows]), shared)

    def varies(self, symbol: Symbol) -> bool:
        """Whether `symbol` differs from sample to sample: it names an input-dependent value."""
        return any(name in self.by_sample for name in re.findall(r"[A-Za-z_]\w*", symbol.text))

    def add(self, node: Value, contribution: Symbol) -> None:
        """node's gradient += contribution, as eager backward adds it."""
        name = self.names[id(node)]
        if self.varies(contribution):
            self.by_sample.add(name)
        earlier = self.gradients.get(id(node))
        if earlier is None:
            if contribution.precedence == ATOM or (
                self.inline_parameters and id(node) in self.parameters
            ):  # a name or a number, or an expression the caller writes where it is used
                self.gradients[id(node)] = contribution
                return
            self.lines.append(f"{name} = {contribution.text}")
        elif earlier.text == name and self.writer.dialect == "float":
            self.lines.append(f"{name} += {contribution.text}")
        else:  # never += on an array: the name may alias another node's gradient
            total = self.writer.binary("+", earlier, contribution)
            self.lines.append(f"{name} = {total.text}")
        self.gradients[id(node)] = self.writer.name(name)

    def gradient(self, leaf: Value) -> Symbol:
        known = self.gradients.get(id(leaf))
        return self.writer.literal(0.0) if known is None else known


def _parameter_names(parameters: list[Value], writer: SourceWriter) -> list[str]:
    """Each parameter's label where it is a plain, unused Python name (w, bias), else p{i}."""
    generated = re.compile(r"(x|p|v|s|g|d|g_\w*|d_\w*)\d*|n|inputs|parameters|output_grads")
    labels = [p.label for p in parameters]
    names = []
    for i, label in enumerate(labels):
        usable = (
            label is not None
            and label.isidentifier()
            and not keyword.iskeyword(label)
            and not generated.fullmatch(label)
            and label not in writer.reserved
            and labels.count(label) == 1
        )
        names.append(label if usable and label is not None else f"p{i}")
    writer.variables.update(names)
    return names


def _describe(node: Value) -> str:
    return node.op if node.label is None else f"{node.op} {node.label!r}"


def _unpack(names: list[str], source: str) -> list[str]:
    return _wrapped("(", names, f") = {source}") if names else []


def _wrapped(opening: str, items: list[str], closing: str, width: int = 96) -> list[str]:
    """`opening item, item, ..., closing`, broken into lines of about `width` characters."""
    lines, line = [], opening
    for item in items:
        if len(line) + len(item) > width and line != opening:
            lines.append(line.rstrip())
            line = "    "
        line += f"{item}, "
    lines.append(line.rstrip() + closing)
    return lines


def _indent(lines: list[str]) -> list[str]:
    return [f"    {line}" for line in lines]
