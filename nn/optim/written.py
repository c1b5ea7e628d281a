"""Each optimizer's rule written out as straight-line code, once per set of hyperparameters.

The rule runs on symbols (`engine.symbolic.StepWriter`): the learning rate `lr`, the step
number `step`, the parameter `x`, its gradient `grad` and its state `s0`, `s1`, ... are
names, the hyperparameters numbers. What comes out is the rule's own arithmetic, one
operation a line, in its order: Python runs it in a loop over the parameters (no call per
parameter, as `engine.kernels` does for backward) and the playground prints it as JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from engine.symbolic import NotSymbolic, StepWriter

if TYPE_CHECKING:
    from nn.optim.optimizer import Optimizer

Update = Callable[["Optimizer", float, int], None]
"""`update(optimizer, lr, step)`: one step of `optimizer` over its parameters."""

INPUTS = ("lr", "step", "x", "grad")


@dataclass(frozen=True)
class WrittenRule:
    """An optimizer's rule as assignments: `prelude` per step, `body` per parameter."""

    prelude: list[tuple[str, str]]
    """(name, expression) computed from `lr` and `step` alone: once per step."""
    body: list[tuple[str, str]]
    """(name, expression) for one parameter `x` with gradient `grad` and state `s0`, ..."""
    results: list[str]
    """The new `x`, then each new state: names from the lines, inputs, or numbers."""
    namespace: dict[str, object]
    """The functions the expressions call (sqrt), by name."""

    @property
    def states(self) -> list[str]:
        """The names of the state values the rule reads and returns, `s0`, `s1`, ..."""
        return [f"s{j}" for j in range(len(self.results) - 1)]


def written_rule(optimizer: Optimizer, regularised: bool = True) -> WrittenRule:
    """`optimizer`'s rule on symbols. With `regularised`, `grad` first goes through the
    optimizer's `gradient` (adding its weight decay); without, `grad` is the rule's g."""
    writer = StepWriter("float")
    count = len(optimizer.state)
    states = [f"s{j}" for j in range(count)]
    writer.variables.update((*INPUTS, "optimizer", "params", "i", "p", *states))
    writer.variables.update(f"state{j}" for j in range(count))
    settings = optimizer.settings(writer.name("lr"), writer.name("step"))
    prelude = list(writer.steps)
    x, grad = writer.name("x"), writer.name("grad")
    g = optimizer.gradient(grad, x) if regularised else grad
    results = optimizer.rule(x, g, *map(writer.name, states), *settings)
    if len(results) != count + 1:
        raise TypeError(
            f"{type(optimizer).__name__}.rule returned {len(results)} values: "
            f"it must return the new parameter and its {count} state values"
        )
    texts = []
    for result in results:
        symbol = writer.operand(result)
        if symbol is None:
            raise TypeError(f"{type(optimizer).__name__}.rule returned {result!r}")
        texts.append(writer.step(symbol).text)
    return WrittenRule(prelude, writer.steps[len(prelude) :], texts, dict(writer.namespace))


_UPDATES: dict[tuple[type, object], Update | None] = {}
_READERS: dict[type, Callable[[object], object]] = {}


def written_update(optimizer: Optimizer) -> Update:
    """The update loop for `optimizer`'s type and hyperparameters, written on first use; a
    rule that looks at the numbers (`if g > 0`) cannot be written, and is called instead."""
    kind = type(optimizer)
    read = _READERS.get(kind)
    if read is None:
        names = kind.hyperparameters
        read = _READERS[kind] = attrgetter(*names) if names else (lambda _: ())
    key = (kind, read(optimizer))
    if key not in _UPDATES:
        try:
            rule = written_rule(optimizer)
        except NotSymbolic:
            _UPDATES[key] = None
        else:
            _UPDATES[key] = _python_update(rule, kind)
    return _UPDATES[key] or _calling_rule


def _calling_rule(optimizer: Optimizer, lr: float, step: int) -> None:
    """One step that calls `optimizer.rule` on each parameter's numbers."""
    rule, gradient = optimizer.rule, optimizer.gradient
    settings = optimizer.settings(lr, step)
    states: list[list[float]] = [getattr(optimizer, name) for name in optimizer.state]
    for i, p in enumerate(optimizer.params):
        x = p.data
        new = rule(x, gradient(p.grad, x), *[state[i] for state in states], *settings)
        p.data = new[0]
        for state, value in zip(states, new[1:]):
            state[i] = value


def _python_update(rule: WrittenRule, kind: type[Optimizer]) -> Update:
    states = rule.states
    attributes = [name for name in kind.state if name.isidentifier()]
    if len(attributes) != len(states):
        raise TypeError(f"{kind.__name__}.state must name its state attributes, got {kind.state}")
    outputs = [(f"state{j}[i]", new) for j, new in enumerate(rule.results[1:]) if new != f"s{j}"]
    outputs.append(("p.data", rule.results[0]))  # last: the lines above may read p.data
    reads = {"x": "p.data", "grad": "p.grad"}
    reads.update((state, f"state{j}[i]") for j, state in enumerate(states))
    body = _inlined(rule.body, outputs, reads)
    indexed = any("[i]" in f"{target} {expression}" for target, expression in body)
    lines = [
        "def update(optimizer, lr, step):",
        "    params = optimizer.params",
        *(f"    state{j} = optimizer.{name}" for j, name in enumerate(attributes) if indexed),
        *(f"    {name} = {expression}" for name, expression in rule.prelude),
        f"    for {'i, p in enumerate(params)' if indexed else 'p in params'}:",
        *(f"        {target} = {expression}" for target, expression in body),
    ]
    source = "\n".join(lines) + "\n"
    namespace = dict(rule.namespace)
    exec(compile(source, f"<update of {kind.__name__}>", "exec"), namespace)
    update: Update = namespace["update"]  # type: ignore[assignment]
    update.source = source  # type: ignore[attr-defined]
    return update


def _inlined(
    body: list[tuple[str, str]], outputs: list[tuple[str, str]], reads: dict[str, str]
) -> list[tuple[str, str]]:
    """The loop body's assignments, with each value used once written where it is used
    (in parentheses, so the same operations run in the same order) to save a local."""
    expressions = [expression for _, expression in [*body, *outputs]]
    uses: dict[str, int] = {}
    for word in re.findall(r"[A-Za-z_]\w*", " ".join(expressions)):
        uses[word] = uses.get(word, 0) + 1
    once: dict[str, str] = {}
    lines: list[tuple[str, str]] = []
    for name, read in reads.items():
        if uses.get(name, 0) == 1 and read.startswith("p."):  # state stays a local: it is
            once[name] = read  # overwritten before p.data is
        elif name in uses:
            lines.append((name, read))

    def substituted(expression: str) -> str:
        def replace(found: re.Match[str]) -> str:
            text = once.get(found[0])
            if text is None:
                return found[0]
            return text if re.fullmatch(r"[\w.\[\]]+", text) else f"({text})"

        return re.sub(r"[A-Za-z_]\w*", replace, expression)

    for name, expression in body:
        if uses.get(name, 0) == 1:
            once[name] = substituted(expression)
        else:
            lines.append((name, substituted(expression)))
    lines += [(target, substituted(expression)) for target, expression in outputs]
    return lines
