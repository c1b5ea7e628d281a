"""nn.export.to_onnx: onnxruntime predicts what chainrule predicts, in float64."""

import random

import pytest
from export_support import need

import nn
import nn.export

TOLERANCE = 1e-12
"""Every op runs in float64 in onnxruntime (Gemm, Relu, Tanh, Sigmoid, PRelu, Greater, Cast)."""


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu", "step", "linear"])
@pytest.mark.parametrize("bias", [True, False])
def test_onnxruntime_predicts_what_chainrule_predicts(activation, bias, tmp_path) -> None:
    need("onnx")
    runtime, numpy = need("onnxruntime"), need("numpy")
    rng = random.Random(3)
    model = nn.MLP(3, [6, 4, 2], activation, activation, bias=bias, seed=2)
    for p in model.parameters():
        p.data = rng.uniform(-2.0, 2.0)
    X = [[rng.uniform(-3.0, 3.0) for _ in range(3)] for _ in range(50)] + [[0.0, 0.0, 0.0]]
    path = tmp_path / "model.onnx"
    nn.export.to_onnx(model, path)
    session = runtime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (predicted,) = session.run(None, {"x": numpy.array(X, dtype=numpy.float64)})
    assert predicted.dtype == numpy.float64
    expected = model.predict(X)
    largest = max(
        abs(p - e) for row, want in zip(predicted.tolist(), expected) for p, e in zip(row, want)
    )
    assert largest < TOLERANCE


def test_onnx_file_passes_the_onnx_checker(tmp_path) -> None:
    onnx = need("onnx")
    path = tmp_path / "model.onnx"
    nn.export.to_onnx(nn.MLP(2, [3, 1], activation="step", seed=0), path)
    onnx.checker.check_model(onnx.load(str(path)), full_check=True)


def test_to_onnx_refuses_a_custom_activation(tmp_path) -> None:
    need("onnx")
    model = nn.MLP(2, [3, 1], activation=lambda v: v.exp(), seed=0)
    with pytest.raises(ValueError, match="custom function"):
        nn.export.to_onnx(model, tmp_path / "model.onnx")
    assert not (tmp_path / "model.onnx").exists()


def test_to_onnx_replaces_an_existing_file_whole(tmp_path) -> None:
    onnx = need("onnx")
    path = tmp_path / "model.onnx"
    path.write_bytes(b"an older model")
    nn.export.to_onnx(nn.MLP(2, [3, 1], seed=0), path)
    assert len(onnx.load(str(path)).graph.initializer) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["model.onnx"]
