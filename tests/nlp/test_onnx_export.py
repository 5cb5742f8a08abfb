"""int8 export details on a tiny local model: which projections stay fp32, and in what order they are chosen."""

from __future__ import annotations

import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from discourse.nlp.onnx_export import (  # noqa: E402
    QUANTIZATION,
    export_onnx_fp32,
    onnx_problem,
    outlier_ranked_ffn_outputs,
    quantize_int8,
    reference_encoder,
)


def _ops(path) -> dict[str, str]:
    return {node.name: node.op_type for node in onnx.load(str(path)).graph.node}


@pytest.mark.parametrize("planted", [0, 1])
def test_ffn_outputs_are_ranked_by_their_input_outliers(tiny_bert, tmp_path, planted):
    import shutil

    import torch
    from transformers import AutoModel

    # One hidden unit of the planted layer's feed-forward block fires 200x louder: its output
    # projection now has the most extreme inputs and must come first.
    model = AutoModel.from_pretrained(str(tiny_bert))
    with torch.no_grad():
        dense = model.encoder.layer[planted].intermediate.dense
        dense.weight[0] *= 200.0
        dense.bias[0] = 200.0
    model.save_pretrained(tmp_path)
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (tiny_bert / name).is_file():
            shutil.copy(tiny_bert / name, tmp_path / name)
    ranked = outlier_ranked_ffn_outputs(reference_encoder(tmp_path), ["russia china trade", "космос", "中 俄 cooperation news"])
    assert ranked[0] == f"/encoder/encoder/layer.{planted}/output/dense/MatMul"
    assert sorted(ranked) == [f"/encoder/encoder/layer.{i}/output/dense/MatMul" for i in range(2)]


def test_kept_projections_stay_fp32_and_the_rest_is_int8(tiny_bert, tmp_path):
    fp32 = export_onnx_fp32(tiny_bert, tmp_path / "fp32.onnx")
    names = _ops(fp32)
    keep = "/encoder/encoder/layer.1/output/dense/MatMul"
    assert names[keep] == "MatMul"  # the ranked names are the exported graph's node names

    ops = _ops(quantize_int8(fp32, tmp_path / "int8.onnx", keep_fp32=[keep]))
    fp32_ffn_outputs = [n for n, op in ops.items() if op == "MatMul" and "/output/dense/" in n and "attention" not in n]
    assert fp32_ffn_outputs == [keep]  # layer 0's projection was quantised, layer 1's kept
    assert "MatMulIntegerToFloat" in ops.values() and "DynamicQuantizeLinear" not in ops.values()  # per-token scales


def test_an_export_by_an_older_quantisation_scheme_is_redone(tmp_path):
    import json

    onnx_path = tmp_path / "model.int8.onnx"
    onnx_path.write_bytes(b"not read")
    record = {"source_safetensors_sha256": None, "quantization": "onnxruntime quantize_dynamic QInt8 per-channel"}
    onnx_path.with_suffix(".json").write_text(json.dumps(record))
    assert onnx_problem(tmp_path, onnx_path).startswith("quantised by an older scheme")
    onnx_path.with_suffix(".json").write_text(json.dumps({**record, "quantization": QUANTIZATION}))
    assert onnx_problem(tmp_path, onnx_path) is None
