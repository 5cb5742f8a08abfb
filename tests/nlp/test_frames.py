"""Codebook loading and validation; frame scoring and thresholds; the framing step over a store."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from discourse.nlp.frames import FrameScorer, load_codebook
from tests.fakes import HashingEncoder

CODEBOOK = Path(__file__).resolve().parents[2] / "models" / "codebooks" / "frames.v1.yaml"


def test_shipped_codebook_is_valid():
    header, frames = load_codebook(CODEBOOK)
    ids = [f.id for f in frames]
    assert header["version"] == 1 and len(ids) == len(set(ids)) >= 23
    assert sum(f.kind == "generic" for f in frames) == 14
    assert {"strategic_partnership_friendship", "feasibility_doubt", "cost_and_who_pays"} <= set(ids)


@pytest.mark.parametrize("text, code", [
    ("frames:\n  - {id: a, kind: domain, label: {en: A}, description: {en: d}, cues: {en: [x]}, examples: {en: [e]}}\n", "E331"),
    ("frames: []\n", "E332"),
])
def test_invalid_codebooks_are_refused(tmp_path, text, code):
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(ValueError, match=code):
        load_codebook(path)


def test_duplicate_ids_are_refused(tmp_path):
    entry = "  - {id: a, kind: domain, label: {en: A, ru: A, zh: A}, description: {en: d, ru: d, zh: d}, cues: {en: [x], ru: [x], zh: [x]}, examples: {en: [e], ru: [e], zh: [e]}}\n"
    path = tmp_path / "dup.yaml"
    path.write_text("frames:\n" + entry + entry, "utf-8")
    with pytest.raises(ValueError, match="E330"):
        load_codebook(path)


def test_scores_thresholds_and_detection():
    _, frames = load_codebook(CODEBOOK)
    scorer = FrameScorer(HashingEncoder(), frames, cue_bonus=0.5)
    texts = ["The project will cost billions and taxpayers will pay for it.", "Friendship without limits between Moscow and Beijing."]
    scores = scorer.scores(texts)
    assert scores.shape == (2, len(frames))
    assert np.isfinite(scores).all()
    cost = [f.id for f in frames].index("cost_and_who_pays")
    assert scores[0, cost] > np.median(scores[0])  # cue words ("taxpayers", "cost") lift the frame
    gold = [{"cost_and_who_pays"}, {"strategic_partnership_friendship"}]
    scorer.fit_thresholds(texts, gold)
    hits = scorer.detect(texts)
    assert all(len(h) <= 3 for h in hits) and "cost_and_who_pays" in {f for f, _ in hits[0]}
