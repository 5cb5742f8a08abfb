"""The Hugging Face plug-in paths, with tiny random models built here (never the network)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.nlp.hf_models import PluggedClassifier, SequenceModel, model_kind, sentiment_columns, zero_shot_stance
from discourse.nlp.targets import Target

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "i", "am", "in", "favor", "of", "against", "russia", "china",
         "cooperation", "good", "bad", "я", "за", "против", "我", "支持", "反对"]


def _tiny(folder, id2label):
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
                                                       special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]",
                            mask_token="[MASK]", model_max_length=64).save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(WORDS), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                        max_position_embeddings=64, num_labels=len(id2label), id2label=id2label, label2id={v: k for k, v in id2label.items()})
    BertForSequenceClassification(config).eval().save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    root = tmp_path_factory.mktemp("hf")
    return {
        "sentiment": _tiny(root / "sentiment", {0: "NEGATIVE", 1: "NEUTRAL", 2: "POSITIVE"}),
        "nli": _tiny(root / "nli", {0: "entailment", 1: "neutral", 2: "contradiction"}),
        "stars": _tiny(root / "stars", {i: f"{i + 1} stars" for i in range(5)}),
    }


def test_kinds_are_read_from_the_config(tiny_models, tiny_bert):
    assert model_kind(tiny_models["sentiment"]) == "sentiment"
    assert model_kind(tiny_models["nli"]) == "nli"
    assert model_kind(tiny_bert) == "encoder"


def test_label_mapping():
    assert sentiment_columns({0: "NEGATIVE", 1: "NEUTRAL", 2: "POSITIVE"}) == [[0], [1], [2]]
    assert sentiment_columns({i: f"{i + 1} stars" for i in range(5)}) == [[0, 1], [2], [3, 4]]
    assert sentiment_columns({0: "LABEL_0", 1: "LABEL_1"}) == [[0], [], [1]]
    with pytest.raises(RuntimeError, match="E314"):
        sentiment_columns({0: "joy", 1: "anger", 2: "fear", 3: "sadness"})


def test_zero_shot_stance_is_a_distribution(tiny_models):
    model = SequenceModel(str(tiny_models["nli"]))
    target = Target("rcc", {"en": "russia china cooperation", "ru": "сотрудничество", "zh": "中俄合作"})
    probs = zero_shot_stance(model, ["good cooperation", "bad", "我 支持"], ["en", "ru", "zh"], target)
    assert probs.shape == (3, 3) and np.allclose(probs.sum(axis=1), 1.0) and (probs >= 0).all()


def test_plugged_models_replace_only_their_task(tiny_models):
    from tests.fakes import fake_classifier

    plugged = PluggedClassifier(fake_classifier(), sentiment_model=SequenceModel(str(tiny_models["stars"])),
                                nli_model=SequenceModel(str(tiny_models["nli"])))
    batch = pd.DataFrame({"item_id": ["a", "b"], "text": ["good", "bad russia"], "lang": ["en", "ru"]})
    out = plugged.predict(batch, Target("rcc", {"en": "cooperation"}))
    assert len(out) == 4 and set(out["task"]) == {"sentiment", "stance"}
    assert out[out.task == "stance"]["head"].iloc[0].endswith("nli-zero-shot")
    assert out[out.task == "sentiment"][["p_negative", "p_neutral", "p_positive"]].sum(axis=1).round(6).eq(1).all()
    only_sentiment = PluggedClassifier(fake_classifier(), sentiment_model=SequenceModel(str(tiny_models["sentiment"]))).predict(batch, Target("rcc"))
    assert set(only_sentiment[only_sentiment.task == "stance"]["head"]) == {"stance.test"}


def test_missing_model_is_a_coded_error(tmp_path):
    with pytest.raises(RuntimeError, match="E312"):
        model_kind(tmp_path / "nothing-here")
