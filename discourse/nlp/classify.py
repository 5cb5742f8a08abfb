"""Classification as a pure function over batches: a DataFrame of texts in, predictions out.

A `Classifier` loads the encoder and both heads once (per worker); `predict` has no side effects,
so an engine such as Ray Data or Dask can map it over a sharded corpus; writing is the caller's step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse.nlp.heads import Head, stance_features
from discourse.nlp.targets import Target

SENTIMENT_COLUMNS = ["p_negative", "p_neutral", "p_positive"]
STANCE_COLUMNS = ["p_favor", "p_against", "p_none"]
REPLY_LABELS = {"favor": "agree", "against": "disagree", "none": "neutral"}


@dataclass
class Classifier:
    """Encoder + sentiment head + stance head; one encoder pass per text serves both heads."""

    encoder: Any
    sentiment: Head
    stance: Head
    sentiment_info: dict[str, Any]
    stance_info: dict[str, Any]
    abstain_below: float = 0.5
    _target_vectors: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)

    @property
    def head_names(self) -> tuple[str, str]:
        """(sentiment head, stance head) as recorded with every prediction."""
        return self.sentiment_info["name"], self.stance_info["name"]

    @classmethod
    def load(cls, models_dir: Path, home: Path, *, sentiment: str = "sentiment.e5.v1", stance: str = "stance.e5.v1",
             backbone: str | None = None, max_length: int = 256, batch_size: int = 32, threads: int = 0, abstain_below: float = 0.5) -> "Classifier":
        """Heads from `models_dir`, and the backbone they were trained on (or an explicit one of the same kind)."""
        from discourse.nlp.encoders import load_encoder

        sentiment_head, sentiment_info = Head.load(Path(models_dir) / sentiment)
        stance_head, stance_info = Head.load(Path(models_dir) / stance)
        name = backbone or sentiment_info["backbone"]
        if sentiment_info["backbone"].rsplit(".", 1)[0] != name.rsplit(".", 1)[0] or stance_info["backbone"].rsplit(".", 1)[0] != name.rsplit(".", 1)[0]:
            raise ValueError(f"[E320] heads were trained on {sentiment_info['backbone']}/{stance_info['backbone']}, not {name}; train heads for this backbone first")
        encoder = load_encoder(name, home, max_length=max_length, batch_size=batch_size, threads=threads, models_dir=Path(models_dir))
        return cls(encoder, sentiment_head, stance_head, sentiment_info, stance_info, abstain_below)

    def target_vectors(self, target: Target, langs: list[str]) -> np.ndarray:
        """The target phrase's embedding in each row's language (cached per target and language)."""
        for lang in set(langs):
            key = (target.key, lang)
            if key not in self._target_vectors:
                self._target_vectors[key] = self.encoder.encode([target.phrase(lang)])[0]
        return np.stack([self._target_vectors[(target.key, lang)] for lang in langs])

    def predict(self, batch: pd.DataFrame, target: Target) -> pd.DataFrame:
        """Rows with `item_id`, `text`, `lang` (and any pass-through columns) -> two rows per item,
        one per task, with label, calibrated probabilities, confidence and an abstain flag."""
        langs = [lang if isinstance(lang, str) and lang else "en" for lang in batch["lang"]]
        vectors = self.encoder.encode(batch["text"].tolist())
        sentiment = self.sentiment.predict_proba(vectors)
        stance = self.stance.predict_proba(stance_features(vectors, self.target_vectors(target, langs)))
        keep = [c for c in batch.columns if c not in ("text", "lang")]
        return pd.concat([
            self._rows(batch[keep], "sentiment", "", sentiment, SENTIMENT_COLUMNS, self.sentiment, self.sentiment_info),
            self._rows(batch[keep], "stance", target.key, stance, STANCE_COLUMNS, self.stance, self.stance_info),
        ], ignore_index=True)

    def predict_replies(self, batch: pd.DataFrame) -> pd.DataFrame:
        """Reply stance toward the parent: the stance head with the parent's own words as the target
        (favor -> agree, against -> disagree, none -> neutral). Rows need `text` and `parent_text`."""
        vectors = self.encoder.encode(batch["text"].tolist())
        parents = self.encoder.encode(batch["parent_text"].tolist())
        probs = self.stance.predict_proba(stance_features(vectors, parents))
        frame = self._rows(batch.drop(columns=["text", "lang", "parent_text"]), "reply", "", probs, STANCE_COLUMNS, self.stance, self.stance_info)
        frame["label"] = frame["label"].map(REPLY_LABELS)
        return frame

    def _rows(self, base: pd.DataFrame, task: str, target: str, probs: np.ndarray, columns: list[str], head: Head, info: dict) -> pd.DataFrame:
        frame = base.reset_index(drop=True).copy()
        frame["task"], frame["target"] = task, target
        order = [f"p_{label}" for label in head.labels]
        for i, column in enumerate(order):
            frame[column] = probs[:, i].astype(float)
        frame["label"] = [head.labels[i] for i in probs.argmax(axis=1)]
        frame["confidence"] = probs.max(axis=1).astype(float)
        frame["abstain"] = frame["confidence"] < self.abstain_below
        frame["backbone"], frame["backbone_fingerprint"] = self.encoder.name, self.encoder.fingerprint
        frame["head"], frame["head_version"] = info["name"], int(info.get("version", 1))
        return frame
