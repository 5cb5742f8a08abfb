"""The framing step: official quotes per page, frames per item, idempotent and resumable."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.nlp.frames import FrameScorer, load_codebook
from discourse.pipeline import frames, ingest
from discourse.store import open_store
from tests.fakes import HashingEncoder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def settings(tmp_path):
    settings = load_settings(None, db_path=str(tmp_path / "f.duckdb"), batch_size=16)
    ingest([ROOT / "data" / "sample" / "01_tass_en.html", ROOT / "data" / "sample" / "06_topwar_en.txt"], settings)
    return settings


def _scorer():
    _, codebook = load_codebook(ROOT / "models" / "codebooks" / "frames.v1.yaml")
    return FrameScorer(HashingEncoder(), codebook, thresholds={f.id: 0.05 for f in codebook})


def test_quotes_and_frames_are_stored_once(settings):
    first = frames(settings, scorer=_scorer())
    assert first.quotes > 0 and first.items_scored > 0
    with open_store(settings.db_path, read_only=True) as store:
        quotes = store.con.execute("SELECT speaker, kind FROM official_quotes").fetchall()
        scored = store.con.execute("SELECT count(DISTINCT item_id) FROM frame_hits").fetchall()[0][0]
    assert any("Rogozin" in speaker for speaker, _ in quotes)
    assert scored == first.items_scored
    again = frames(settings, scorer=_scorer())
    assert again.items_scored == 0 and again.quotes == first.quotes
