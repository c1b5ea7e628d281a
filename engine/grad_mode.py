"""Whether operations record themselves into the graph: per thread, off inside `no_grad()`.

Recording is a property of each thread, so one thread's `no_grad()` (an optimizer step,
an evaluation) never silently stops another thread's graph from being recorded.
"""

from __future__ import annotations

import threading
from types import TracebackType

_state = threading.local()
"""This thread's `recording` flag (True when unset) and its stack of earlier flags."""

_threads_not_recording = 0
"""How many threads have recording off: while 0, every thread records, which the hot path
of every op checks with one global read before it asks for this thread's flag."""

_count_lock = threading.Lock()


def is_grad_enabled() -> bool:
    """True when new operations in this thread are recorded for backward (the default)."""
    return not _threads_not_recording or getattr(_state, "recording", True)


def _set_recording(recording: bool) -> None:
    """Turn this thread's recording on or off, remembering the flag it had."""
    global _threads_not_recording
    earlier: bool = getattr(_state, "recording", True)
    stack: list[bool] | None = getattr(_state, "earlier", None)
    if stack is None:
        stack = _state.earlier = []
    stack.append(earlier)
    _state.recording = recording
    if earlier != recording:
        with _count_lock:
            _threads_not_recording += -1 if recording else 1


def _restore_recording() -> None:
    """Put back this thread's flag from before the matching `_set_recording`."""
    global _threads_not_recording
    current: bool = _state.recording
    restored = _state.earlier.pop()
    _state.recording = restored
    if restored != current:
        with _count_lock:
            _threads_not_recording += -1 if restored else 1


class _GradMode:
    """A context manager that sets this thread's recording flag; instances may be reused
    and nested, since the flag each entry replaced is kept per thread, not on the instance."""

    __slots__ = ()
    _recording: bool

    def __enter__(self) -> None:
        _set_recording(self._recording)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _restore_recording()


class no_grad(_GradMode):
    """Record no graph inside the block (in this thread): for optimizer updates and evaluation.

    Values made inside are leaves with no parents, so nothing is kept alive for backward.
    A class, not a generator-based context manager: optimizers enter it on every step.
    """

    __slots__ = ()
    _recording = False


class enable_grad(_GradMode):
    """Record the graph inside the block (in this thread), even within `no_grad()`."""

    __slots__ = ()
    _recording = True
