"""Looking up a choice by name (an activation, a loss, an initializer, an optimizer)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def by_name(name: str, table: Mapping[str, T], what: str, otherwise: str) -> T:
    """table[name], or a ValueError listing every name and what else may be passed instead."""
    if name not in table:
        raise ValueError(
            f"unknown {what} {name!r}: choose one of {', '.join(table)} or {otherwise}"
        )
    return table[name]
