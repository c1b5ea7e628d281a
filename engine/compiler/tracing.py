"""Trace a function once on Values, refusing anything that would make a replay wrong.

A trace is exact for every input only when the graph's structure does not depend on the
numbers flowing through it. Branches inside an op (relu, abs) are fine; a branch in user
code on `.data` (or `float(v)`) is not, so tracing watches for those reads and refuses.

Why the watch swaps `Value.data` on the class for the length of one trace, rather than
something that touches no class:
- The read to catch may be of any Value, not only of the nodes the trace makes: a weight
  captured from outside fn (`x * w.data` bakes today's weight into the compiled code), a
  setting kept in a Value. Only the class sees reads of every instance; a subclass for
  traced nodes, or a flag the node constructor consults, would miss exactly those.
- `data` is a slot, so its reads cannot be observed by any cheaper hook, and making it a
  property for good would slow every eager op (issue 10's speed) to serve the compiler.
- The engine's own reads (an op computing its forward value) are told apart from the
  user's by the code object of the calling frame, a set lookup; frames are walked further
  only to name the user's file and line in the error.
What keeps the swap safe: one trace at a time (a lock), the slot put back in `finally`,
other threads passing straight through, and no user code running with the class patched
outside `trace` itself.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import CodeType
from typing import Any

from engine import autodiff, grad_mode, value
from engine.symbolic import CompileError
from engine.value import Value


@dataclass(frozen=True)
class Trace:
    """One recorded run of `fn`: its leaves by role, and its inner nodes in order."""

    inputs: list[Value]
    parameters: list[Value]
    outputs: list[Value]
    forward_order: list[Value]
    """Every inner node (a node with an op), each after its parents."""
    backward_order: list[Value]
    """The same nodes in the order `Value.backward` visits them: outputs first."""


MAX_NODES = 100_000
"""The most inner nodes a trace may have: generating code for this many takes ~10 s."""

_RECORDERS: set[CodeType] = value.READS_DATA
"""The engine code that may read `.data` while tracing: computing an op's forward value."""
_MAKERS: set[CodeType] = value.WRITES_DATA
"""The engine code that sets `.data` on a new Value."""

_NODE_MAKERS: set[CodeType] = _MAKERS - {Value.__init__.__code__, value.leaf.__code__}
"""The engine code that makes an op's node (a bare leaf when recording is off)."""
_ENGINE_DIR = os.path.dirname(value.__file__) + os.sep

_DATA_SLOT: Any = Value.__dict__["data"]


@dataclass
class _Watch:
    thread: int
    made: set[int]
    """ids of the Values made while tracing (kept alive by `keep`)."""
    keep: list[Value]
    reads: list[str]
    unrecorded: list[str]
    """Where fn computed with recording off (inside `no_grad`): a node frozen to a number."""
    operations: int = 0
    """Op nodes made so far: past MAX_NODES the trace stops before building the rest."""


class _WatchedData:
    """Stands in for `Value.data` while tracing: the same slot, with reads noted."""

    def __init__(self, watch: _Watch) -> None:
        self.watch = watch

    def __get__(self, node: Value | None, owner: type | None = None) -> Any:
        if node is None:
            return self
        if threading.get_ident() == self.watch.thread:
            caller = sys._getframe(1)
            if caller.f_code.co_name == "<listcomp>" and caller.f_back is not None:
                caller = caller.f_back  # Python < 3.12 runs a comprehension as its own frame
            if caller.f_code not in _RECORDERS:
                self.watch.reads.append("reads .data at " + _user_location())
        return _DATA_SLOT.__get__(node, owner)

    def __set__(self, node: Value, data: float) -> None:
        if threading.get_ident() == self.watch.thread:
            maker = sys._getframe(1).f_code
            if maker in _MAKERS:
                if maker in _NODE_MAKERS:
                    self.watch.operations += 1
                    if self.watch.operations > MAX_NODES:
                        raise _oversize(f"more than {MAX_NODES:,}")
                    if not grad_mode.is_grad_enabled():
                        self.watch.unrecorded.append(_user_location())
                self.watch.made.add(id(node))
                self.watch.keep.append(node)
            else:
                self.watch.reads.append("changes .data at " + _user_location())
        _DATA_SLOT.__set__(node, data)


def _user_location() -> str:
    """`file:line` of the first frame outside the engine package (the user's code)."""
    frame = sys._getframe(2)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_ENGINE_DIR):
        frame = frame.f_back
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


_tracing = threading.Lock()


@contextmanager
def _watching() -> Iterator[_Watch]:
    """Swap `Value.data` for the watching descriptor, and make sure the graph is recorded."""
    if not _tracing.acquire(blocking=False):
        raise CompileError("engine.compile was called while another function is being traced")
    watch = _Watch(threading.get_ident(), set(), [], [], [])
    type.__setattr__(Value, "data", _WatchedData(watch))
    try:
        with grad_mode.enable_grad():
            yield watch
    finally:
        type.__setattr__(Value, "data", _DATA_SLOT)
        _tracing.release()


def trace(
    fn: Callable[..., Value | Sequence[Value]],
    example_inputs: Sequence[float],
    parameters: Sequence[Value],
) -> Trace:
    """Run `fn` once on Values made from `example_inputs` and keep the graph it records."""
    with _watching() as watch:
        inputs = [Value(x) for x in example_inputs]
        returned = fn(*inputs)
    outputs = _as_outputs(returned)
    if watch.unrecorded:
        where = ", ".join(dict.fromkeys(watch.unrecorded))
        raise CompileError(
            f"fn computes with gradients off (inside no_grad) at {where} while it was "
            "traced: such a result is recorded as a constant, so a compiled graph would "
            "replay the number it had at the example inputs, silently wrong for other inputs. "
            "Remove no_grad from fn (compute that part with Value ops), or run fn eagerly"
        )
    if watch.reads:
        where = "; ".join(dict.fromkeys(watch.reads))
        raise CompileError(
            f"fn {where} while it was traced: a compiled graph replays whatever that read "
            "decided at the example inputs, so it would be silently wrong for other inputs. "
            "Compute with Value ops instead (relu, abs, step and leaky_relu branch inside the "
            "op), or run fn eagerly"
        )
    root = Value(0.0)  # a stand-in root over every output, so one walk orders them all
    root.parents = tuple(outputs)
    backward_order = autodiff.backward_order(root)[1:]
    if len(backward_order) > MAX_NODES or watch.operations > MAX_NODES:
        raise _oversize(f"{max(len(backward_order), watch.operations):,}")
    forward_order = backward_order[::-1]
    _check_leaves(forward_order, outputs, inputs, parameters, watch.made)
    return Trace(inputs, list(parameters), outputs, forward_order, backward_order)


def _oversize(count: str) -> CompileError:
    return CompileError(
        f"the traced graph has {count} nodes; engine.compile handles at most {MAX_NODES:,} "
        "(generating code for more takes minutes and gigabytes): run fn eagerly on Values, "
        "or compile a smaller piece (one sample, one layer) and call it several times"
    )


def _as_outputs(returned: object) -> list[Value]:
    if isinstance(returned, Value):
        return [returned]
    if isinstance(returned, (list, tuple)) and returned:
        for position, item in enumerate(returned):
            if not isinstance(item, Value):
                raise CompileError(
                    f"fn must return a Value or a list of Values, got {type(item).__name__} "
                    f"at position {position} of what it returned"
                )
        return list(returned)
    raise CompileError(
        f"fn must return a Value or a non-empty list of Values, got {type(returned).__name__}"
    )


def _check_leaves(
    nodes: list[Value],
    outputs: list[Value],
    inputs: list[Value],
    parameters: Sequence[Value],
    made: set[int],
) -> None:
    """Every leaf is an input, a parameter, or a constant made inside fn; else refuse."""
    known = {id(v) for v in (*inputs, *parameters)}
    leaves = [p for node in nodes for p in node.parents if p.is_leaf]
    leaves += [out for out in outputs if out.is_leaf]
    for leaf in leaves:
        if id(leaf) not in known and id(leaf) not in made:
            raise CompileError(
                f"fn uses {leaf!r}, a Value made outside fn that is not in parameters: list "
                "it in parameters=[...] (its current .data is read at every call and its "
                "gradient returned), or make it inside fn to use it as a constant"
            )
