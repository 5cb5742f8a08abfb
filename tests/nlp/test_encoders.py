"""Encoders: pure pre/post-processing, the HF plug-in path (tiny local BERT), ONNX vs torch, e5 backbones."""

from __future__ import annotations

import numpy as np
import pytest

from discourse.nlp.encoders import BACKBONES, Encoder, OnnxEncoder, TorchEncoder, load_encoder

TEXTS = [
    "Russia and China trade",
    "space",
    "китай и россия торговля космос news cooperation",
    "中 俄",
    "the news of trade",
]


def test_postprocess_mean_pools_and_normalises():
    hidden = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]], [[0.0, 2.0], [0.0, 0.0], [0.0, 0.0]]], np.float32)
    mask = np.array([[1, 1, 0], [1, 0, 0]])
    out = Encoder.postprocess(hidden, mask)
    np.testing.assert_allclose(out[0], np.array([2.0, 2.0]) / np.sqrt(8), rtol=1e-6)  # pad row ignored
    np.testing.assert_allclose(out[1], [0.0, 1.0])
    assert out.dtype == np.float32


def test_postprocess_handles_zero_vectors():
    out = Encoder.postprocess(np.zeros((2, 4), np.float32), np.ones((2, 1)))
    assert np.isfinite(out).all() and not out.any()


def test_registry_names():
    assert set(BACKBONES) == {"e5-small.int8", "e5-small.fp32"}


def test_hf_plugin_encodes_unit_vectors(tiny_bert):
    enc = TorchEncoder.from_pretrained(tiny_bert, batch_size=2)
    out = enc.encode(TEXTS)
    assert out.shape == (len(TEXTS), 32) and out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, rtol=1e-5)
    assert enc.encode([]).shape == (0, 32)


def test_length_sorting_restores_order(tiny_bert):
    """Batching by length must not change any row: each equals the text encoded alone."""
    enc = TorchEncoder.from_pretrained(tiny_bert, batch_size=2)
    together = enc.encode(TEXTS)
    alone = np.stack([enc.encode([t])[0] for t in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(enc.encode(TEXTS[::-1])[::-1], together, atol=1e-5)


def test_preprocess_is_pure_prefixed_and_truncated(tiny_bert):
    enc = TorchEncoder.from_pretrained(tiny_bert, prefix="news ", max_length=4)
    first = enc.preprocess(["russia china trade space", "中"])
    second = enc.preprocess(["russia china trade space", "中"])
    for key in ("input_ids", "attention_mask"):
        np.testing.assert_array_equal(first[key], second[key])
    assert first["input_ids"].dtype == np.int64 and first["input_ids"].shape == (2, 4)
    assert first["input_ids"][0].tolist() == [2, 19, 5, 3]  # [CLS] news russia [SEP]
    assert first["attention_mask"][1].tolist() == [1, 1, 1, 1] and first["input_ids"][1, 2] == 16
    with pytest.raises(TypeError):
        enc.preprocess("a single string")


def test_load_encoder_falls_back_to_hf_path(tiny_bert, tmp_path):
    enc = load_encoder(str(tiny_bert), tmp_path)
    assert isinstance(enc, TorchEncoder) and enc.dim == 32
    with pytest.raises(RuntimeError, match=r"^\[E312\]"):
        load_encoder(str(tmp_path / "no-such-model"), tmp_path)


def test_bad_settings_rejected(tiny_bert):
    with pytest.raises(ValueError, match=r"^\[E311\]"):
        TorchEncoder.from_pretrained(tiny_bert, batch_size=0)


def test_onnx_path_matches_torch_on_tiny_model(tiny_bert, tmp_path):
    """Export + int8 quantisation run on any BERT folder; fp32 ONNX equals torch."""
    from discourse.nlp.onnx_export import export_onnx_fp32, quantize_int8

    fp32 = export_onnx_fp32(tiny_bert, tmp_path / "tiny.onnx")
    int8 = quantize_int8(fp32, tmp_path / "tiny.int8.onnx")
    ref = TorchEncoder.from_pretrained(tiny_bert).encode(TEXTS)
    onnx = OnnxEncoder(fp32, tiny_bert / "tokenizer.json", prefix="", threads=1, batch_size=2)
    assert onnx.pad_id == 0 and onnx.dim == 32
    np.testing.assert_allclose(onnx.encode(TEXTS), ref, atol=1e-4)
    quant = OnnxEncoder(int8, tiny_bert / "tokenizer.json", prefix="")
    batched = quant.encode(TEXTS)
    assert batched.shape == ref.shape and np.isfinite(batched).all()
    assert float(np.sum(batched * ref, axis=1).min()) > 0.95
    # per-token activation scales: a text's int8 vector is the same alone and padded into a batch
    alone = np.stack([quant.encode([text])[0] for text in TEXTS])
    np.testing.assert_allclose(batched, alone, atol=1e-6)


@pytest.fixture(scope="module")
def e5_pair(backbone, discourse_home):
    """Both registered e5-small encoders, loaded once for this module."""
    return load_encoder("e5-small.int8", discourse_home), load_encoder("e5-small.fp32", discourse_home)


@pytest.mark.slow
def test_e5_backends_agree(e5_pair):
    from discourse.nlp.onnx_export import load_sentences

    int8, fp32 = e5_pair
    assert isinstance(int8, OnnxEncoder) and isinstance(fp32, TorchEncoder)
    assert int8.prefix == fp32.prefix == "query: " and int8.max_length == fp32.max_length == 256
    sentences = load_sentences()[::6][:20]
    a, b = int8.encode(sentences), fp32.encode(sentences)
    assert a.shape == b.shape == (20, 384)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-5)
    assert float(np.sum(a * b, axis=1).mean()) >= 0.99


@pytest.mark.slow
def test_e5_fp32_batching_is_exact(e5_pair):
    _, fp32 = e5_pair
    texts = ["Россия и Китай", "A much longer English sentence about the lunar research station.", "中俄"]
    alone = np.stack([fp32.encode([t])[0] for t in texts])
    np.testing.assert_allclose(fp32.encode(texts), alone, atol=1e-5)


@pytest.mark.slow
def test_e5_int8_vector_does_not_depend_on_the_batch(e5_pair):
    int8, _ = e5_pair
    texts = ["Россия и Китай", "A much longer English sentence about the lunar research station and who pays for it.", "中俄", "ok"]
    alone = np.stack([int8.encode([t])[0] for t in texts])
    assert float(np.sum(int8.encode(texts) * alone, axis=1).min()) >= 0.9999


@pytest.mark.slow
def test_e5_is_multilingual(e5_pair):
    """Translations sit closer together than unrelated sentences (a sanity check on the weights)."""
    int8, _ = e5_pair
    ru, en, zh, other = int8.encode([
        "Россия и Китай подписали торговое соглашение.",
        "Russia and China signed a trade agreement.",
        "中俄签署了贸易协定。",
        "My cat likes to sleep on the warm sofa.",
    ])
    assert ru @ en > ru @ other + 0.1 and zh @ en > zh @ other + 0.1


@pytest.mark.slow
def test_e5_truncates_long_text(e5_pair):
    int8, _ = e5_pair
    batch = int8.preprocess(["слово " * 2000])
    assert batch["input_ids"].shape == (1, 256) and batch["input_ids"][0, -1] == 2  # ends with </s>
    assert int8.encode(["слово " * 2000]).shape == (1, 384)
