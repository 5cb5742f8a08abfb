"""Per-token activation scales: the rewritten graph computes exactly the per-token int8 formula, and a row's
result no longer depends on the rows batched with it."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from discourse.nlp.per_token_int8 import PerTokenRewriteError, per_token_activations  # noqa: E402

K, N = 16, 8


def _linear_graph(path, seed: int = 0):
    """y = x @ W + b over x [batch, seq, K] (the shape of one BERT projection)."""
    rng = np.random.default_rng(seed)
    weight = numpy_helper.from_array(rng.normal(size=(K, N)).astype(np.float32), "W")
    bias = numpy_helper.from_array(rng.normal(size=N).astype(np.float32), "b")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["xw"], name="proj/MatMul"), helper.make_node("Add", ["xw", "b"], ["y"], name="proj/Add")],
        "linear",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "seq", K])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "seq", N])],
        initializer=[weight, bias],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(path))
    return path


def _per_channel(tmp_path):
    """The linear graph after onnxruntime's dynamic quantisation (per-tensor activations)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    dynamic = tmp_path / "dynamic.onnx"
    quantize_dynamic(str(_linear_graph(tmp_path / "fp32.onnx")), str(dynamic), weight_type=QuantType.QInt8, per_channel=True)
    return onnx.load(str(dynamic))


def _run(model, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]


def _inputs() -> np.ndarray:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, K)).astype(np.float32)
    x[1, 2] *= 300.0  # one loud token: with one scale per tensor it would flatten every other token
    x[0, 1] = 0.0  # an all-zero token (padding-like) must stay finite
    return x


def test_rewrite_computes_the_per_token_formula(tmp_path):
    dynamic = _per_channel(tmp_path)
    rewritten = per_token_activations(dynamic)
    ops = [node.op_type for node in rewritten.graph.node]
    assert "DynamicQuantizeLinear" not in ops and "MatMulInteger" not in ops and ops.count("MatMulIntegerToFloat") == 1

    init = {t.name: numpy_helper.to_array(t) for t in dynamic.graph.initializer}
    w_q = init[next(n for n in init if n.endswith("_quantized"))].astype(np.int32)
    w_zero = init[next(n for n in init if n.endswith("_zero_point"))].astype(np.int32)
    w_scale = init[next(n for n in init if n.endswith("_scale"))]
    bias = init["b"]

    x = _inputs()
    scale = np.maximum(np.abs(x).max(axis=-1, keepdims=True) / 127, 1e-12)
    x_q = np.clip(np.round(x / scale), -127, 127).astype(np.int32)  # QuantizeLinear rounds half to even, like np.round
    expected = (x_q @ (w_q - w_zero)).astype(np.float32) * w_scale * scale + bias
    np.testing.assert_allclose(_run(rewritten, x), expected, rtol=1e-5, atol=1e-5)
    # and it is a good approximation of the float layer, the loud token included
    weight = numpy_helper.to_array(next(t for t in onnx.load(str(tmp_path / "fp32.onnx")).graph.initializer if t.name == "W"))
    float_y = x @ weight + bias
    assert np.abs(_run(rewritten, x) - float_y).max() / np.abs(float_y).max() < 0.02


def test_a_row_no_longer_depends_on_its_batch(tmp_path):
    dynamic = _per_channel(tmp_path)
    rewritten = per_token_activations(dynamic)
    x = _inputs()
    quiet = x[:1]  # row 0 alone, then batched beside the row holding the loud token
    np.testing.assert_array_equal(_run(rewritten, quiet)[0], _run(rewritten, x)[0])
    # the per-tensor graph it replaces does depend on the batch: that was the defect
    assert np.abs(_run(dynamic, quiet)[0] - _run(dynamic, x)[0]).max() > 1e-3


def test_unexpected_graph_is_refused(tmp_path):
    dynamic = _per_channel(tmp_path)
    cast = next(node for node in dynamic.graph.node if node.op_type == "Cast")
    dynamic.graph.node.append(helper.make_node("Identity", [cast.output[0]], ["extra"], name="second_reader"))
    with pytest.raises(PerTokenRewriteError, match=r"^\[E316\] .*not rescaled by one Mul"):
        per_token_activations(dynamic)
