"""The same model in the tools a learner moves on to: PyTorch (a module or a whole training
script) and ONNX (for deployment).

torch, onnx and onnxruntime are optional (`pip install "chainrule[export]"`): they are
imported only when an export function is called, never by `import nn`.
"""

from __future__ import annotations

import os
from typing import Any

from nn.export.layers import DenseLayer, dense_layers
from nn.export.requirements import ExportUnavailable, require
from nn.export.script import torch_source
from nn.module import Module


def to_torch(model: Module) -> Any:
    """An equivalent `torch.nn.Sequential` in float64: nn.Linear layers with the same weights
    and biases, then the same activations (step as a module with derivative 0)."""
    require("torch")
    from nn.export.torch_model import to_torch as convert

    return convert(model)


def from_torch(module: Any) -> Module:
    """The `nn.MLP` equivalent to a torch.nn.Sequential of Linear layers and activations,
    or a ValueError naming the first layer nn cannot express."""
    require("torch")
    from nn.export.torch_model import from_torch as convert

    return convert(module)


def to_onnx(model: Module, path: str | os.PathLike[str]) -> None:
    """Write the model as an ONNX graph in double precision to `path` (checked by onnx)."""
    require("onnx")
    from nn.export.onnx_graph import to_onnx as write

    write(model, path)


__all__ = [
    "DenseLayer",
    "ExportUnavailable",
    "dense_layers",
    "from_torch",
    "to_onnx",
    "to_torch",
    "torch_source",
]
