"""Acceptance on the real seed thread (003, VO): the article favours the cooperation, most commenters
who take a stance are against it, and the framing gap shows it. Runs the shipped heads for real."""

from __future__ import annotations

import pytest

from discourse.config import load_settings
from discourse.pipeline import classify, frames, ingest
from discourse.stats import GapQuery, stance_gap

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_store(shared_dir, tmp_path_factory):
    settings = load_settings(None, db_path=str(tmp_path_factory.mktemp("seed") / "s.duckdb"))
    ingest([shared_dir / "seeds" / "003_4ef0a018f62ea767.txt"], settings)
    frames(settings)
    classify(settings)
    return settings.db_path


def test_article_favours_and_commenters_oppose(seed_store):
    gap = stance_gap(seed_store, GapQuery(bootstrap=500, seed=0))
    shares = gap[gap.measure == "share"].pivot_table(index="who", columns="class", values="value")
    official, public = shares.loc["official"], shares.loc["public"]
    assert official["favor"] > official["against"]
    assert public["against"] > public["favor"]  # among comments that take a stance, most are against
    jsd = gap[gap.measure == "js_divergence"].iloc[0]
    assert jsd["value"] > 0.1  # a clear departure from the official line


def test_reply_stance_beats_chance_on_labelled_pairs():
    from pathlib import Path

    from discourse.evaluation import evaluate_replies
    from discourse.pipeline import default_classifier

    settings = load_settings(None)
    classifier = default_classifier(settings)
    report = evaluate_replies(Path(__file__).resolve().parents[1] / "data" / "threads" / "reply_pairs.csv", classifier)
    assert report["n"] == 480
    assert report["accuracy"] > 0.40  # three balanced-ish classes: chance is about 0.36
    assert set(report["per_language"]) == {"en", "ru", "zh"}
