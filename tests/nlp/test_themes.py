"""Themes are deterministic, keyworded in each language, and stored per run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from discourse.config import load_settings
from discourse.nlp.themes import class_tfidf, find_themes, tokens
from discourse.pipeline import ingest, themes
from discourse.store import open_store
from tests.fakes import HashingEncoder

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_tokens_per_language():
    assert "газопровод" in tokens("Газопровода опять не будет, партнёры тянут", "ru")
    assert "天然气" in tokens("中俄天然气管道建成了", "zh")
    assert tokens("The pipeline and the prices", "en") == ["pipeline", "prices"]


def test_class_tfidf_prefers_distinctive_words():
    docs = [["gas", "pipeline", "price"], ["gas", "pipeline"], ["moon", "station", "rocket"], ["moon", "rocket"]]
    keywords = class_tfidf(docs, np.array([0, 0, 1, 1]), 2, 2)
    assert set(keywords[0]) == {"gas", "pipeline"} and set(keywords[1]) == {"moon", "rocket"}


def test_same_input_same_themes():
    texts = [f"comment about {'gas pipeline prices' if i % 2 else 'lunar station rockets'} number {i}" for i in range(40)]
    vectors = HashingEncoder().encode(texts)
    first, themes_a = find_themes(vectors, texts, ["en"] * 40, k=3, seed=0)
    second, themes_b = find_themes(vectors, texts, ["en"] * 40, k=3, seed=0)
    assert np.array_equal(first, second) and themes_a == themes_b
    assert [t.size for t in themes_a] == sorted((t.size for t in themes_a), reverse=True)  # 0 = largest


def test_themes_run_is_stored_and_repeatable(tmp_path):
    settings = load_settings(None, db_path=str(tmp_path / "t.duckdb"))
    ingest([SAMPLE / "06_topwar_en.txt", SAMPLE / "08_wordpress_en.html"], settings)
    first = themes(settings, encoder=HashingEncoder(), k=4)
    second = themes(settings, encoder=HashingEncoder(), k=4)
    with open_store(settings.db_path, read_only=True) as store:
        runs = store.con.execute("SELECT run_id, comment_id, theme FROM comment_themes ORDER BY comment_id, run_id").df()
        latest_themes, latest_assignment = store.latest_themes()
    a = runs[runs.run_id == first.run_id].set_index("comment_id")["theme"]
    b = runs[runs.run_id == second.run_id].set_index("comment_id")["theme"]
    assert len(a) == first.comments > 0 and a.equals(b)
    assert len(latest_themes) == 4 and set(latest_assignment["run_id"]) == {second.run_id}
