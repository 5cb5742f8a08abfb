"""Small deterministic stand-ins for the heavy model parts, for pipeline tests (never for metrics)."""

from __future__ import annotations

import hashlib

import numpy as np

from discourse.nlp.classify import Classifier
from discourse.nlp.heads import SENTIMENT_LABELS, STANCE_LABELS, Head


class HashingEncoder:
    """Character-trigram hashing into 32 dimensions, L2-normalised; behaves like an Encoder."""

    name = "hashing-test"
    fingerprint = "test"
    max_length = 64
    dim = 32

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            if self.fail_on and self.fail_on in text:
                raise RuntimeError("simulated encoder failure")
            for i in range(max(1, len(text) - 2)):
                out[row, int(hashlib.md5(text[i:i + 3].encode()).hexdigest(), 16) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def fake_classifier(fail_on: str | None = None) -> Classifier:
    """A Classifier whose heads were fitted on random data over the hashing encoder."""
    rng = np.random.default_rng(0)
    sentiment = Head(SENTIMENT_LABELS, seed=0).fit(rng.normal(size=(90, 32)), np.arange(90) % 3)
    stance = Head(STANCE_LABELS, seed=0).fit(rng.normal(size=(90, 128)), np.arange(90) % 3)
    info = {"version": 1, "backbone": "hashing-test"}
    return Classifier(HashingEncoder(fail_on), sentiment, stance, {**info, "name": "sentiment.test"}, {**info, "name": "stance.test"}, 0.5)
