"""Ready-made transformers classifiers plugged into discourse: a sentiment model used directly, and an
NLI model used zero-shot for stance (a hypothesis per stance, phrased in the text's language).

Models load from a local folder or the local Hugging Face cache only (never the network).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from discourse.nlp.targets import Target

# "I am in favour of X." / "I am against X." — the hypotheses NLI zero-shot stance is scored on.
HYPOTHESES = {
    "en": ("I am in favor of {target}.", "I am against {target}."),
    "ru": ("Я за: {target}.", "Я против: {target}."),
    "zh": ("我支持{target}。", "我反对{target}。"),
}
_NEGATIVE = re.compile(r"^(neg|negative|bad|1 star|1 stars|2 stars|label_0)$", re.I)
_NEUTRAL = re.compile(r"^(neu|neutral|3 stars|mixed)$", re.I)
_POSITIVE = re.compile(r"^(pos|positive|good|4 stars|5 stars)$", re.I)


def _load(path_or_id: str | Path):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from discourse.nlp.encoders import quiet_loading

    try:
        with quiet_loading():
            tokenizer = AutoTokenizer.from_pretrained(str(path_or_id), local_files_only=True)
            model = AutoModelForSequenceClassification.from_pretrained(str(path_or_id), local_files_only=True, dtype=torch.float32)
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"[E312] cannot load classifier {path_or_id!r} from disk or the HF cache: {exc}") from exc
    return tokenizer, model.eval()


def model_kind(path_or_id: str | Path) -> str:
    """"nli", "sentiment" or "encoder", from the model's config (no weights loaded)."""
    from transformers import AutoConfig

    try:
        config = AutoConfig.from_pretrained(str(path_or_id), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"[E312] cannot read model config {path_or_id!r}: {exc}") from exc
    if not any(a.endswith("ForSequenceClassification") for a in (config.architectures or [])):
        return "encoder"
    labels = {str(v).lower() for v in (config.id2label or {}).values()}
    return "nli" if {"entailment", "contradiction"} <= labels else "sentiment"


def sentiment_columns(id2label: dict[int, str]) -> list[int | None]:
    """For negative/neutral/positive, which model output columns add up to each (None: none)."""
    names = {int(i): str(label).strip() for i, label in id2label.items()}
    buckets: list[list[int]] = [[], [], []]
    for index, label in names.items():
        for bucket, pattern in enumerate((_NEGATIVE, _NEUTRAL, _POSITIVE)):
            if pattern.match(label):
                buckets[bucket].append(index)
    if not buckets[0] or not buckets[2]:
        if len(names) == 3:  # LABEL_0/1/2 with no names: the usual negative/neutral/positive order
            return [[0], [1], [2]]
        if len(names) == 2:
            return [[0], [], [1]]
        raise RuntimeError(f"[E314] cannot map the model's labels {sorted(names.values())} to negative/neutral/positive")
    return buckets


@dataclass
class SequenceModel:
    """A transformers sequence classifier with softmax outputs over its own labels."""

    path: str
    max_length: int = 256
    batch_size: int = 16
    tokenizer: object = None
    model: object = None
    id2label: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tokenizer, self.model = _load(self.path)
        self.id2label = {int(k): v for k, v in self.model.config.id2label.items()}

    def probabilities(self, first: list[str], second: list[str] | None = None) -> np.ndarray:
        """Softmax over the model's labels, for single texts or (premise, hypothesis) pairs."""
        import torch

        out = []
        with torch.inference_mode():
            for i in range(0, len(first), self.batch_size):
                args = [first[i:i + self.batch_size]] + ([second[i:i + self.batch_size]] if second is not None else [])
                batch = self.tokenizer(*args, truncation=True, max_length=self.max_length, padding=True, return_tensors="pt")
                out.append(torch.softmax(self.model(**batch).logits.float(), dim=-1).numpy())
        return np.concatenate(out) if out else np.zeros((0, len(self.id2label)))


def sentiment_probabilities(model: SequenceModel, texts: list[str]) -> np.ndarray:
    """negative/neutral/positive probabilities from any sentiment classifier's own labels."""
    raw = model.probabilities(texts)
    columns = sentiment_columns(model.id2label)
    mapped = np.stack([raw[:, c].sum(axis=1) if c else np.zeros(len(raw)) for c in columns], axis=1)
    return mapped / np.clip(mapped.sum(axis=1, keepdims=True), 1e-9, None)


def zero_shot_stance(model: SequenceModel, texts: list[str], langs: list[str], target: Target) -> np.ndarray:
    """favor/against/none probabilities: entailment of "I am in favor of T" and "I am against T"."""
    labels = {v.lower(): k for k, v in model.id2label.items()}
    entail = labels["entailment"]
    favor_h = [HYPOTHESES.get(lang, HYPOTHESES["en"])[0].format(target=target.phrase(lang)) for lang in langs]
    against_h = [HYPOTHESES.get(lang, HYPOTHESES["en"])[1].format(target=target.phrase(lang)) for lang in langs]
    favor = model.probabilities(texts, favor_h)[:, entail]
    against = model.probabilities(texts, against_h)[:, entail]
    none = np.clip(1.0 - np.maximum(favor, against), 0.0, 1.0)
    stacked = np.stack([favor, against, none], axis=1)
    return stacked / np.clip(stacked.sum(axis=1, keepdims=True), 1e-9, None)


@dataclass
class PluggedClassifier:
    """The `Classifier.predict` contract, with a plugged-in sentiment model and/or NLI stance model
    replacing the shipped heads (the other task keeps the shipped head when given one)."""

    fallback: object | None
    sentiment_model: SequenceModel | None = None
    nli_model: SequenceModel | None = None
    abstain_below: float = 0.5

    @property
    def head_names(self) -> tuple[str, str]:
        """(sentiment head, stance head) as recorded with every prediction."""
        base = self.fallback.head_names if self.fallback is not None else ("", "")
        return (_head_name(self.sentiment_model, "direct") if self.sentiment_model else base[0],
                _head_name(self.nli_model, "nli-zero-shot") if self.nli_model else base[1])

    def predict(self, batch: pd.DataFrame, target: Target) -> pd.DataFrame:
        """Same output as `Classifier.predict`: two rows per item, one per task."""
        langs = [lang if isinstance(lang, str) and lang else "en" for lang in batch["lang"]]
        texts = batch["text"].tolist()
        base = self.fallback.predict(batch, target) if self.fallback is not None else None
        parts = []
        for task, model, columns in (("sentiment", self.sentiment_model, ["p_negative", "p_neutral", "p_positive"]),
                                     ("stance", self.nli_model, ["p_favor", "p_against", "p_none"])):
            if model is None:
                if base is None:
                    raise RuntimeError(f"[E315] no model for {task}: give a {task} model or keep the shipped heads")
                parts.append(base[base["task"] == task])
                continue
            probs = sentiment_probabilities(model, texts) if task == "sentiment" else zero_shot_stance(model, texts, langs, target)
            frame = batch.drop(columns=["text", "lang"]).reset_index(drop=True).copy()
            frame["task"], frame["target"] = task, ("" if task == "sentiment" else target.key)
            for i, column in enumerate(columns):
                frame[column] = probs[:, i].astype(float)
            frame["label"] = [columns[i][2:] for i in probs.argmax(axis=1)]
            frame["confidence"] = probs.max(axis=1).astype(float)
            frame["abstain"] = frame["confidence"] < self.abstain_below
            frame["backbone"], frame["backbone_fingerprint"] = model.path, _fingerprint(model.path)
            frame["head"], frame["head_version"] = _head_name(model, "nli-zero-shot" if task == "stance" else "direct"), 1
            parts.append(frame)
        return pd.concat(parts, ignore_index=True)


def _head_name(model: SequenceModel, use: str) -> str:
    return f"hf:{Path(model.path).name}:{use}"


def _fingerprint(path: str) -> str:
    from discourse.nlp.encoders import file_fingerprint

    folder = Path(path)
    return file_fingerprint(folder / "model.safetensors") if folder.is_dir() else path
