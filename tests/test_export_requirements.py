"""Export needs torch/onnx only when called: `import nn` never imports them, and the tests
skip (or fail under CHAINRULE_REQUIRE_EXPORT=1) when they are missing."""

import subprocess
import sys
from pathlib import Path

import pytest
from export_support import REQUIRE_EXPORT, need

import nn
import nn.export

ROOT = Path(__file__).resolve().parent.parent


def test_import_nn_and_nn_export_import_neither_torch_nor_onnx() -> None:
    code = "import sys, nn, nn.export; print(sorted({'torch', 'onnx'} & set(sys.modules)))"
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert shown.stdout.strip() == "[]"


def test_to_torch_without_torch_says_which_extra_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(ImportError, match=r'pip install "chainrule\[export\]"'):
        nn.export.to_torch(nn.MLP(2, [1], seed=0))


def test_to_onnx_without_onnx_says_which_extra_to_install(monkeypatch, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(ImportError, match=r"needs onnx.*chainrule\[export\]"):
        nn.export.to_onnx(nn.MLP(2, [1], seed=0), tmp_path / "model.onnx")


def test_export_test_skips_with_a_reason_when_torch_is_missing(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.delenv(REQUIRE_EXPORT, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"torch is not installed.*\[export\]"):
        need("torch")


def test_export_test_fails_instead_of_skipping_when_required(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.setenv(REQUIRE_EXPORT, "1")
    with pytest.raises(pytest.fail.Exception, match="forbids skipping"):
        need("torch")
