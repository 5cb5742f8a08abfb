"""Ingest: accounting, idempotency, versions, and bad files that never stop a run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.errors import DiscourseError
from discourse.pipeline import ingest
from discourse.store import open_store

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture
def settings(tmp_path):
    return load_settings(None, db_path=str(tmp_path / "t.duckdb"))


def test_sample_corpus_accounting(settings):
    report = ingest([SAMPLE], settings)
    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text("utf-8"))
    assert report.pages_new == len(manifest)
    assert report.comments_found == report.comments_stored == sum(e["n_comments"] for e in manifest)
    with open_store(settings.db_path, read_only=True) as store:
        stored = store.con.execute("SELECT p.path, count(c.comment_id) FROM pages p LEFT JOIN comments c USING (page_id) GROUP BY p.path").fetchall()
    by_file = {Path(path).name: n for path, n in stored}
    assert by_file == {e["file"]: e["n_comments"] for e in manifest}
    # MANIFEST.json itself is not a comments file: skipped with a code, never a crash.
    assert [s.code for s in report.skipped] == ["E013"]


def test_second_ingest_changes_nothing(settings):
    first = ingest([SAMPLE], settings)
    second = ingest([SAMPLE], settings)
    assert second.pages_new == 0 and second.pages_unchanged == first.pages_new and second.comments_stored == 0
    with open_store(settings.db_path, read_only=True) as store:
        assert store.counts()["runs"] == 2


def test_edited_page_is_a_new_version(settings, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Title of the page\n\nFirst paragraph of the article, long enough to count as text.\n", "utf-8")
    ingest([page], settings)
    page.write_text("Title of the page\n\nFirst paragraph of the article, edited after publication.\n", "utf-8")
    report = ingest([page], settings)
    assert report.pages_versioned == 1
    with open_store(settings.db_path, read_only=True) as store:
        assert store.counts()["pages"] == 1 and store.counts()["page_versions"] == 2


def test_bad_files_are_skipped_with_codes_and_the_rest_goes_on(settings, tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    (tmp_path / "broken.jsonl").write_text('{"text": "fine comment", "page_title": "P"}\n{not json\n', "utf-8")
    (tmp_path / "truncated.html").write_text("<html><body><article><p>Cut off in the mid", "utf-8")
    big = tmp_path / "huge.html"
    with big.open("wb") as handle:
        handle.truncate(int(settings.max_file_mb * 1024 * 1024) + 1)
    good = tmp_path / "good.txt"
    good.write_text("A headline\n\nThe body of a perfectly fine article about a lunar station.\n", "utf-8")
    report = ingest([tmp_path / "missing.html", tmp_path], settings)
    codes = sorted(s.code for s in report.skipped)
    assert codes == ["E002", "E003", "E004", "E007", "E012"]
    assert all(s.path and s.message for s in report.skipped)
    assert report.pages_new == 3  # good.txt, truncated.html, broken.jsonl's valid line


def test_nothing_to_ingest(settings, tmp_path):
    with pytest.raises(DiscourseError) as info:
        ingest([tmp_path], settings)
    assert info.value.code == "E202"


def test_stored_data_survives_a_failing_file(settings, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A headline\n\nThe body of an article about trade settled in yuan.\n", "utf-8")
    ingest([good], settings)
    (tmp_path / "bad.html").write_bytes(b"%PDF-1.7")
    report = ingest([tmp_path / "bad.html"], settings)
    assert report.nothing_ingested
    with open_store(settings.db_path, read_only=True) as store:
        assert store.counts()["pages"] == 1


def test_folders_take_compressed_and_mhtml_pages_and_say_what_they_left_out(settings, tmp_path):
    import gzip

    from discourse.pipeline import discover

    page = (SAMPLE / "08_wordpress_en.html").read_bytes()
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(page))
    (tmp_path / "b.mht").write_bytes(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n"
                                     b"Content-Type: text/html\r\n\r\n<html><head><title>Saved</title></head><body><p>"
                                     b"A saved single-file page about the lunar station.</p></body></html>\r\n--x--\r\n")
    for name in ("logo.png", "style.css", "script.js", "notes.tar.gz"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "inner.html").write_text("<p>a saved page's resources folder</p>")
    assert [p.name for p in discover([tmp_path], recursive=True)] == ["a.html.gz", "b.mht"]

    report = ingest([tmp_path], settings, recursive=True)
    assert report.pages_new == 2 and not report.skipped
    assert report.ignored == {".png": 1, ".css": 1, ".js": 1, ".tar.gz": 1}
