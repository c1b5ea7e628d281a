"""What the export tests share: importing the optional packages, which CI requires.

Without torch, onnx or onnxruntime the export tests skip, saying why; with
CHAINRULE_REQUIRE_EXPORT=1 (set by .ci/run) a missing package fails them instead.
"""

from __future__ import annotations

from types import ModuleType

import optional_support

REQUIRE_EXPORT = "CHAINRULE_REQUIRE_EXPORT"


def need(package: str) -> ModuleType:
    """The package, or a skip (a failure when REQUIRE_EXPORT is 1) naming what to install."""
    return optional_support.need(package, "export", REQUIRE_EXPORT)
