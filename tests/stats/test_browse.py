"""The browse layer: store states, filter choices, corpus counts, the thread's order, filter and
pagination, the framing summary."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from discourse import stats
from discourse.store import open_store
from discourse.types import Comment, Page


@pytest.fixture
def thread_store(tmp_path) -> str:
    """One page whose 7 comments form two threads: 0 <- 1 <- 2, 0 <- 3, and 4 <- 5, 4 <- 6."""
    path = str(tmp_path / "t.duckdb")
    parents = {1: 0, 2: 1, 3: 0, 5: 4, 6: 4}
    depth = {0: 0, 1: 1, 2: 2, 3: 1, 4: 0, 5: 1, 6: 1}
    comments = tuple(Comment(id=f"c{i}", page_id="p", position=i, text=f"comment {i}" + (" moon" if i in (2, 6) else ""),
                             own_text=f"comment {i}" + (" moon" if i in (2, 6) else ""), parent_position=parents.get(i),
                             parent_id=f"c{parents[i]}" if i in parents else None, depth=depth[i], author=f"a{i}", likes=i,
                             published=f"2021-03-0{i + 1}T10:00", lang="en") for i in range(7))
    with open_store(path) as store:
        run = store.start_run("test", {}, "t")
        store.save_page(Page(id="p", path="/p", body=("official text",), format="html", profile="t", source="S", lang="en",
                             published="2021-03-01T09:00", comments=comments), "p", run)
    return path


def test_store_states_are_told_apart(tmp_path, tiny_store):
    assert stats.store_status(str(tmp_path / "none.duckdb")).state == "missing"
    empty = tmp_path / "empty.duckdb"
    open_store(empty).close()
    assert stats.store_status(str(empty)).state == "empty"
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '2')")
    status = stats.store_status(str(old))
    assert status.state == "old_schema" and "discourse migrate" in status.message and not status.ok
    assert stats.store_status(tiny_store).state == "ok"


def test_filter_choices_and_counts_follow_the_store(tiny_store):
    choices = stats.filter_choices(tiny_store)
    assert [s["value"] for s in choices["sources"]] == ["TASS", "VO"]  # TASS has 6 comments, VO 4
    assert choices["date_min"] == "2021-02-01" and choices["targets"] == ["russia_china_cooperation"]
    by_source = stats.corpus_counts(tiny_store, "source").set_index("key")
    assert by_source.loc["TASS", "pages"] == 2 and by_source.loc["TASS", "comments"] == 6 and by_source.loc["VO", "comments"] == 4
    march = stats.corpus_counts(tiny_store, "source", stats.CorpusFilter(date_from="2021-03-01")).set_index("key")
    assert march.loc["TASS", "pages"] == 1 and march.loc["TASS", "comments"] == 2


def test_thread_keeps_replies_under_their_parents_and_paginates_by_thread(thread_store):
    first = stats.thread(thread_store, "p", "russia_china_cooperation", size=1)
    assert first["threads"] == 2 and first["pages"] == 2
    assert first["rows"]["position"].tolist() == [0, 1, 2, 3]
    assert first["rows"]["shown_depth"].tolist() == [0, 1, 2, 1]
    second = stats.thread(thread_store, "p", "russia_china_cooperation", size=1, page=2)
    assert second["rows"]["position"].tolist() == [4, 5, 6]
    liked = stats.thread(thread_store, "p", "russia_china_cooperation", sort="likes", size=5)
    assert liked["rows"]["position"].tolist()[0] == 4  # the root with more likes leads
    newest = stats.thread(thread_store, "p", "russia_china_cooperation", sort="newest", size=5)
    assert newest["rows"]["position"].tolist() == [4, 5, 6, 0, 1, 2, 3]


def test_a_thread_filter_keeps_matches_and_what_they_reply_to(thread_store):
    found = stats.thread(thread_store, "p", "russia_china_cooperation", search="moon")
    rows = found["rows"]
    assert rows["position"].tolist() == [0, 1, 2, 4, 6]
    assert rows.set_index("position")["matches"].to_dict() == {0: False, 1: False, 2: True, 4: False, 6: True}


def test_framing_summary_compares_the_two_sides():
    official = pd.DataFrame({"stance": ["favor", "favor", "none"], "sentiment": ["positive"] * 3, "frames": ["economic", "economic,security", ""]})
    public = pd.DataFrame({"stance": ["against", "against", "favor", "none"], "sentiment": ["negative"] * 4,
                           "frames": ["cost", "cost", "economic", ""]})
    summary = stats.framing_summary(official, pd.DataFrame(), public)
    assert summary["official"]["stance"]["favor"] == pytest.approx(2 / 3)
    assert summary["public"]["stance"]["against"] == pytest.approx(0.5)
    assert summary["frames_public_only"] == ["cost"] and summary["frames_official_only"] == ["security"]
    assert summary["frames_shared"] == ["economic"]
    assert 0 < summary["js_divergence"] < 1


def test_author_stances_take_each_authors_most_frequent_stance(tiny_store):
    found = stats.author_stances(tiny_store, "russia_china_cooperation").set_index("author")
    # a0: favor, against, against; a3: none, favor (a tie goes to the first label alphabetically)
    assert found["stance"].to_dict() == {"a0": "against", "a1": "against", "a2": "against", "a3": "favor"}
    assert found["comments"].to_dict() == {"a0": 3, "a1": 3, "a2": 2, "a3": 2}
    only_vo = stats.author_stances(tiny_store, "russia_china_cooperation", stats.CorpusFilter(sources=("VO",)))
    assert only_vo.set_index("author")["comments"].sum() == 4
