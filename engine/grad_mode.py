"""Whether operations record themselves into the graph (off inside `no_grad()`)."""

from __future__ import annotations

from types import TracebackType

_recording = True


def is_grad_enabled() -> bool:
    """True when new operations are recorded for backward (the default)."""
    return _recording


class no_grad:
    """Record no graph inside the block: for optimizer updates and evaluation.

    Values made inside are leaves with no parents, so nothing is kept alive for backward.
    A class, not a generator-based context manager: optimizers enter it on every step.
    """

    __slots__ = ("_previous",)

    def __enter__(self) -> None:
        global _recording
        self._previous = _recording
        _recording = False

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        global _recording
        _recording = self._previous
