"""Whether operations record themselves into the graph: per thread, off inside `no_grad()`.

Every op asks, so the common case is one check of a module-level count: how many threads
have recording switched off right now. Only when that is nonzero is the thread's own state read.
"""

from __future__ import annotations

import threading
from types import TracebackType

_threads_off = 0
"""How many threads currently record nothing (inside `no_grad`); 0 almost always."""
_count_lock = threading.Lock()
_state = threading.local()
"""Per thread: `off` (bool) and `saved` (the states to restore, innermost last)."""


def is_grad_enabled() -> bool:
    """True when new operations in this thread are recorded for backward (the default)."""
    return not _threads_off or not getattr(_state, "off", False)


def _switch(off: bool) -> None:
    """Set this thread's recording, saving the previous state for `_restore`."""
    previous = getattr(_state, "off", False)
    saved: list[bool] | None = getattr(_state, "saved", None)
    if saved is None:
        saved = _state.saved = []
    saved.append(previous)
    _set(previous, off)


def _restore() -> None:
    """Undo the innermost `_switch` of this thread."""
    _set(getattr(_state, "off", False), _state.saved.pop())


def _set(previous: bool, off: bool) -> None:
    global _threads_off
    if previous != off:
        with _count_lock:
            _state.off = off
            _threads_off += 1 if off else -1


class _GradModeBlock:
    """A `with` block that sets this thread's recording and restores it on the way out.

    A class, not a generator-based context manager: optimizers enter it on every step.
    The saved state lives with the thread, so one instance can be nested or shared.
    """

    __slots__ = ()
    _off = True

    def __enter__(self) -> None:
        _switch(self._off)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _restore()


class no_grad(_GradModeBlock):
    """Record no graph inside the block (in this thread): for optimizer updates and evaluation.

    Values made inside are leaves with no parents, so nothing is kept alive for backward.

    Examples:
        >>> import engine
        >>> from engine import Value
        >>> w = Value(1.0)
        >>> with engine.no_grad():
        ...     w.data -= 0.1 * 2.0  # an update: nothing to differentiate
        ...     twice = w * 2
        >>> twice.op  # a leaf: no graph was recorded
        ''
    """

    __slots__ = ()
    _off = True


class enable_grad(_GradModeBlock):
    """Record the graph inside the block (in this thread), even within `no_grad`."""

    __slots__ = ()
    _off = False
