"""The DuckDB store: migrations, idempotent versioned writes, run records."""

from __future__ import annotations

import duckdb
import pytest

from discourse.errors import DiscourseError
from discourse.store import SCHEMA_VERSION, open_store
from discourse.types import Comment, Page, Quote


def _page(page_id: str, body: str = "Body text.", comments: int = 2) -> Page:
    items = tuple(
        Comment(id=f"{page_id}-{i}", page_id=page_id, position=i, text=f"c{i}", own_text=f"c{i}",
                parent_id=f"{page_id}-0" if i else None, parent_position=0 if i else None, depth=1 if i else 0,
                quotes=(Quote("Body", "article", "p0"),) if i else (), published="2021-02-03T13:03")
        for i in range(comments)
    )
    return Page(id=page_id, path="/x/page.html", body=(body,), format="html", profile="test", title="T", comments=items)


def test_new_store_is_migrated(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.counts() == {"pages": 0, "page_versions": 0, "comments": 0, "runs": 0}


def test_same_page_twice_is_stored_once(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        run = store.start_run("ingest", {}, "test")
        assert store.save_page(_page("aaa"), "doc", run) == "new"
        assert store.save_page(_page("aaa"), "doc", run) == "unchanged"
        assert store.counts()["comments"] == 2


def test_changed_page_becomes_a_new_current_version(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        run = store.start_run("ingest", {}, "test")
        store.save_page(_page("v1", comments=2), "doc", run)
        assert store.save_page(_page("v2", body="Edited", comments=3), "doc", run) == "version"
        assert store.counts() == {"pages": 1, "page_versions": 2, "comments": 3, "runs": 1}
        assert store.page_ids() == ["v2"]
        assert store.page("v1")["version"] == 1 and not store.page("v1")["is_current"]


def test_comments_round_trip_with_quotes_and_parents(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        store.save_page(_page("abc", comments=3), "doc", store.start_run("ingest", {}, "t"))
        rows = store.comments("abc")
    assert list(rows["position"]) == [0, 1, 2]
    assert list(rows["parent_position"].fillna(-1)) == [-1, 0, 0]
    assert '"source": "article"' in rows["quotes"][1]


def test_run_is_recorded_with_skips(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        run = store.start_run("ingest", {"paths": ["x"]}, "t")
        store.finish_run(run, "ok", files_seen=3, skipped=[{"path": "bad.pdf", "code": "E003"}])
        row = store.runs().iloc[0]
    assert row["status"] == "ok" and row["files_seen"] == 3 and "E003" in row["skipped"]


def test_page_prefix_lookup_and_unknown_id(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        store.save_page(_page("abcdef"), "doc", store.start_run("ingest", {}, "t"))
        assert store.page("abc")["page_id"] == "abcdef"
        with pytest.raises(DiscourseError) as info:
            store.page("zzz")
    assert info.value.code == "E104"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(DiscourseError) as info:
        open_store(path)
    assert info.value.code == "E102"


def test_missing_store_is_a_coded_error(tmp_path):
    with pytest.raises(DiscourseError) as info:
        open_store(tmp_path / "none.duckdb", create=False)
    assert info.value.code == "E106"
