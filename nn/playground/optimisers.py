"""The page's optimiser updates as JavaScript, written from nn.optim's rules.

Each optimiser of `nn.optim.OPTIMIZERS` the page offers is made with its defaults, and its
rule run on symbols (`nn.optim.written.written_rule`): the same operations, in the same
order, printed as JavaScript. The page adds its own L2 (or L1) term to the gradient first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from engine import Value
from engine.compiler.javascript import NoJavaScriptForm, javascript_expression
from nn.optim import OPTIMIZERS
from nn.optim.written import WrittenRule, written_rule


def javascript_update(name: str) -> str:
    """`{state, update(vals, grads, state, P, lr, step, l2, l1)}` for optimiser `name`:
    `state` arrays of per-parameter values it keeps; `update` moves vals[0..P) one step."""
    if name not in OPTIMIZERS:
        raise NoJavaScriptForm(f"unknown optimizer {name!r}: choose one of {', '.join(OPTIMIZERS)}")
    rule = written_rule(OPTIMIZERS[name]([Value(0.0)], None), regularised=False)
    return "\n".join(_lines(rule))


def _lines(rule: WrittenRule) -> list[str]:
    states = rule.states
    arrays = [f"state{j}" for j in range(len(states))]
    writes = [
        f"{a}[i] = {javascript_expression(new)};"
        for a, s, new in zip(arrays, states, rule.results[1:])
        if new != s
    ]
    used = set(re.findall(r"[A-Za-z_]\w*", " ".join([*(e for _, e in rule.body), *rule.results])))
    return [
        f"{{state: {len(states)}, update(vals, grads, state, P, lr, step, l2, l1) {{",
        f"  const [{', '.join(arrays)}] = state;",
        *(
            f"  const {name} = {javascript_expression(expression)};"
            for name, expression in rule.prelude
        ),
        "  for (let i = 0; i < P; i++) {",
        "    const x = vals[i];",
        "    let grad = grads[i] + l2 * x;",
        "    if (l1) grad += l1 * Math.sign(x);",
        *(f"    const {s} = {a}[i];" for s, a in zip(states, arrays) if s in used),
        *(
            f"    const {name} = {javascript_expression(expression)};"
            for name, expression in rule.body
        ),
        *(f"    {write}" for write in writes),
        f"    vals[i] = {javascript_expression(rule.results[0])};",
        "  }",
        "}}",
    ]


def javascript_updates(names: Sequence[str]) -> str:
    """A JavaScript object literal: each optimiser's update, by its name."""
    entries = [
        f"  {json.dumps(name)}: " + javascript_update(name).replace("\n", "\n  ") for name in names
    ]
    text = "{\n" + ",\n".join(entries) + "\n}"
    if "</" in text or "<!--" in text:
        raise NoJavaScriptForm("generated JavaScript would end its script element")
    return text
