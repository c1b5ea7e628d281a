"""`to_onnx`: the model as an ONNX graph in double precision (imported only with onnx)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import onnx
from onnx import TensorProto, helper

from nn.export.layers import DenseLayer, dense_layers
from nn.module import Module

OPSET = 17
"""An opset every current onnxruntime runs; all ops used exist there for double."""

IR_VERSION = 8
"""The IR version that goes with opset 17, so older runtimes load the file too."""


def to_onnx(model: Module, path: str | os.PathLike[str]) -> None:
    """Write `model` to `path`: input "x" (batch, nin), output "y" (batch, nout), float64."""
    layers = dense_layers(model)
    nodes: list[onnx.NodeProto] = []
    initializers: list[onnx.TensorProto] = []
    current = "x"
    for index, layer in enumerate(layers):
        current = _layer(layer, index, current, nodes, initializers)
    nodes.append(helper.make_node("Identity", [current], ["y"], name="output"))
    graph = helper.make_graph(
        nodes,
        "chainrule_model",
        [helper.make_tensor_value_info("x", TensorProto.DOUBLE, ["batch", layers[0].nin])],
        [helper.make_tensor_value_info("y", TensorProto.DOUBLE, ["batch", layers[-1].nout])],
        initializers,
    )
    document = helper.make_model(
        graph,
        producer_name="chainrule",
        opset_imports=[helper.make_opsetid("", OPSET)],
        ir_version=IR_VERSION,
    )
    onnx.checker.check_model(document, full_check=True)
    _write_atomically(Path(path), document.SerializeToString())


def _write_atomically(target: Path, content: bytes) -> None:
    """A temporary file beside `target`, renamed over it once complete: a failed write never
    leaves half a model where a whole one was."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _layer(
    layer: DenseLayer,
    index: int,
    inputs: str,
    nodes: list[onnx.NodeProto],
    initializers: list[onnx.TensorProto],
) -> str:
    """Append the nodes of one layer: Gemm (x W^T + b), then its activation; its output name."""
    prefix = f"layers.{index}"
    weight = f"{prefix}.weight"
    initializers.append(_tensor(weight, layer.weights, [layer.nout, layer.nin]))
    gemm_inputs = [inputs, weight]
    if layer.biases is not None:
        initializers.append(_tensor(f"{prefix}.bias", [layer.biases], [layer.nout]))
        gemm_inputs.append(f"{prefix}.bias")
    linear = f"{prefix}.linear"
    nodes.append(helper.make_node("Gemm", gemm_inputs, [linear], name=linear, transB=1))
    out = f"{prefix}.out"
    activation = layer.activation
    if activation == "linear":
        return linear
    if activation in ("relu", "tanh", "sigmoid"):
        op = {"relu": "Relu", "tanh": "Tanh", "sigmoid": "Sigmoid"}[activation]
        nodes.append(helper.make_node(op, [linear], [out], name=f"{prefix}.{activation}"))
    elif activation == "leaky_relu":  # PRelu: its slope is a double tensor; LeakyRelu's
        slope = f"{prefix}.slope"  # alpha attribute is a float32, which would round 0.01
        initializers.append(_tensor(slope, [[layer.slope]], []))
        nodes.append(helper.make_node("PRelu", [linear, slope], [out], name=f"{prefix}.leaky_relu"))
    else:  # step: 1.0 where x > 0 else 0.0, as Greater then a Cast to double
        zero = f"{prefix}.zero"
        initializers.append(_tensor(zero, [[0.0]], []))
        above = f"{prefix}.above_zero"
        nodes.append(helper.make_node("Greater", [linear, zero], [above], name=above))
        nodes.append(
            helper.make_node("Cast", [above], [out], name=f"{prefix}.step", to=TensorProto.DOUBLE)
        )
    return out


def _tensor(name: str, rows: list[list[float]], shape: list[int]) -> onnx.TensorProto:
    flat = [value for row in rows for value in row]
    return helper.make_tensor(name, TensorProto.DOUBLE, shape, flat)
