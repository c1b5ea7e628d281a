"""What the export tests share: importing the optional packages, which CI requires.

Without torch, onnx or onnxruntime the export tests skip, saying why; with
CHAINRULE_REQUIRE_EXPORT=1 (set by .ci/run) a missing package fails them instead.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

REQUIRE_EXPORT = "CHAINRULE_REQUIRE_EXPORT"


def need(package: str) -> ModuleType:
    """The package, or a skip (a failure when REQUIRE_EXPORT is 1) naming what to install."""
    try:
        return importlib.import_module(package)
    except ImportError as error:
        reason = f'{package} is not installed ({error}): pip install "chainrule[export]"'
        if os.environ.get(REQUIRE_EXPORT) == "1":
            pytest.fail(f"{reason}; {REQUIRE_EXPORT}=1 forbids skipping the export tests")
        pytest.skip(reason, allow_module_level=True)  # a module may need it at import
