"""Store -> classify -> store: every item once, resumable after an interruption, bad batches reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.pipeline import classify, ingest
from discourse.store import open_store
from tests.fakes import fake_classifier

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture
def settings(tmp_path):
    settings = load_settings(None, db_path=str(tmp_path / "c.duckdb"), batch_size=16)
    ingest([SAMPLE / "06_topwar_en.txt", SAMPLE / "01_tass_en.html"], settings)
    return settings


def _items(settings) -> int:
    with open_store(settings.db_path, read_only=True) as store:
        comments = store.con.execute("SELECT count(*) FROM comments WHERE length(trim(own_text)) > 0").fetchone()[0]
        paragraphs = store.con.execute("SELECT sum(len(body)) FROM pages").fetchone()[0]
    return comments + paragraphs


def test_every_item_gets_both_predictions_once(settings):
    report = classify(settings, classifier=fake_classifier())
    items = _items(settings)
    assert report.items == items and report.predictions == 2 * items
    with open_store(settings.db_path, read_only=True) as store:
        frame = store.predictions()
    assert set(frame["task"]) == {"sentiment", "stance", "reply"}
    assert set(frame[frame.task == "stance"]["target"]) == {"russia_china_cooperation"}
    assert frame[frame.item_kind != "page"].groupby(["item_id", "task"]).size().max() == 1
    frame = frame[frame.task != "reply"]
    assert (frame["item_kind"] == "page").sum() == 2 * 2  # two pages x two tasks, aggregated from paragraphs
    probs = frame[frame.task == "stance"][["p_favor", "p_against", "p_none"]].sum(axis=1)
    assert probs.round(6).eq(1.0).all()
    assert frame["run_id"].notna().all() and set(frame["backbone"]) == {"hashing-test"}


def test_interrupted_run_resumes_without_repeating(settings):
    calls = []

    def interrupt(done, total):
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    small = settings.with_overrides(batch_size=4, chunk_size=16)  # chunks of 16 items
    assert _items(settings) > 3 * 16  # the interruption falls before the last chunk
    with pytest.raises(KeyboardInterrupt):
        classify(small, classifier=fake_classifier(), on_batch=interrupt)
    with open_store(settings.db_path, read_only=True) as store:
        kept = store.con.execute("SELECT count(DISTINCT item_id) FROM predictions").fetchall()[0][0]
        assert store.runs().iloc[0]["status"] == "failed"
    assert kept == 32  # two committed chunks of 16
    second = classify(small, classifier=fake_classifier())
    assert second.items == _items(settings) - 32
    third = classify(settings, classifier=fake_classifier())
    assert third.items == 0


def test_new_target_classifies_again_and_keeps_the_old(settings):
    classify(settings, classifier=fake_classifier())
    report = classify(settings, classifier=fake_classifier(), target="NATO expansion")
    assert report.items == _items(settings)
    with open_store(settings.db_path, read_only=True) as store:
        targets = set(store.predictions("stance")["target"])
    assert targets == {"russia_china_cooperation", "NATO expansion"}


def test_failing_batch_is_reported_not_fatal(settings):
    report = classify(settings, classifier=fake_classifier(fail_on="trampoline"))
    assert report.failed_batches and "simulated encoder failure" in report.failed_batches[0]
    assert 0 < report.items < _items(settings)
    with open_store(settings.db_path, read_only=True) as store:
        run = store.runs().iloc[0]
    assert run["status"] == "ok" and run["batches_failed"] == len(report.failed_batches)


def test_a_classifier_that_mislabels_its_heads_cannot_loop_forever(settings):
    classifier = fake_classifier()
    original = classifier.predict

    def mislabelled(batch, target):
        out = original(batch, target)
        out["head"] = "something-else"
        return out

    classifier.predict = mislabelled
    report = classify(settings, classifier=classifier)
    assert report.failed_batches and "stayed unclassified" in report.failed_batches[-1]
    assert report.items == _items(settings)


def test_replies_get_a_stance_toward_their_parent(settings):
    report = classify(settings, classifier=fake_classifier())
    with open_store(settings.db_path, read_only=True) as store:
        replies = store.con.execute("SELECT count(*) FROM comments WHERE parent_position IS NOT NULL AND length(trim(own_text)) > 0").fetchall()[0][0]
        labels = {r[0] for r in store.con.execute("SELECT DISTINCT label FROM predictions WHERE task = 'reply'").fetchall()}
    assert report.replies == replies > 0 and labels <= {"agree", "disagree", "neutral"}
    assert classify(settings, classifier=fake_classifier()).replies == 0
