"""The optional packages an export needs, with the command that installs them."""

from __future__ import annotations

import importlib

INSTALL = 'pip install "chainrule[export]"'


class ExportUnavailable(ImportError):
    """An export needs torch, onnx or onnxruntime, which are not installed."""


def require(package: str) -> None:
    """Import `package` or raise ExportUnavailable saying how to install it."""
    try:
        importlib.import_module(package)
    except ImportError as error:
        raise ExportUnavailable(
            f"this export needs {package}, which is not installed ({error}): {INSTALL}"
        ) from error
