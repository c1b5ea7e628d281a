"""Importing a package an extra installs: a skip that says what to install, or a failure
where CI sets the extra's variable (a missing install must not pass silently there)."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def need(package: str, extra: str, required_by: str) -> ModuleType:
    """`package`, or a skip naming `pip install "chainrule[extra]"` (a failure when the
    environment variable `required_by` is 1)."""
    try:
        return importlib.import_module(package)
    except ImportError as error:
        reason = f'{package} is not installed ({error}): pip install "chainrule[{extra}]"'
        if os.environ.get(required_by) == "1":
            pytest.fail(f"{reason}; {required_by}=1 forbids skipping these tests")
        pytest.skip(reason, allow_module_level=True)  # a module may need it at import
