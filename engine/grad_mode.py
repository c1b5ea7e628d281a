"""Whether operations record themselves into the graph (off inside `no_grad()`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_recording = True


def is_grad_enabled() -> bool:
    """True when new operations are recorded for backward (the default)."""
    return _recording


@contextmanager
def no_grad() -> Iterator[None]:
    """Record no graph inside the block: for optimizer updates and evaluation.

    Values made inside are leaves with no parents, so nothing is kept alive for backward.
    """
    global _recording
    previous = _recording
    _recording = False
    try:
        yield
    finally:
        _recording = previous
