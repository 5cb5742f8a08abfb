"""The bundled sample corpus parses to the comment counts and thread depths its manifest states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.parse import parse_path

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
MANIFEST = json.loads((SAMPLE / "MANIFEST.json").read_text("utf-8"))


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_page_matches_manifest(entry):
    [page] = parse_path(SAMPLE / entry["file"])
    assert len(page.comments) == entry["n_comments"]
    assert page.lang == entry["lang"]
    assert page.title and page.body
    assert page.published and page.published[:10] == entry["published"][:10]
    # The manifest counts a top-level comment as depth 1 (as WordPress does); discourse as 0.
    depth = max((c.depth for c in page.comments), default=-1) + 1
    assert depth == entry["max_depth"]


def test_every_comment_has_author_time_and_words():
    for entry in MANIFEST:
        [page] = parse_path(SAMPLE / entry["file"])
        for comment in page.comments:
            assert comment.author, (entry["file"], comment.position)
            assert comment.own_text or comment.quotes, (entry["file"], comment.position)
            assert comment.parent_position is None or comment.parent_position != comment.position


def test_quote_titles_never_stay_in_own_words():
    """A quote box's title ("Цитата", "Цитата: X", "引用 @X：", "引用原文：") goes with the quote, not the commenter's words."""
    from discourse.parse.selectors import QUOTE_MARKER

    quoted = 0
    for entry in MANIFEST:
        [page] = parse_path(SAMPLE / entry["file"])
        for comment in page.comments:
            first = comment.own_text.split("\n\n")[0]
            assert not QUOTE_MARKER.match(first) and not first.startswith("引用"), (entry["file"], comment.author, first[:60])
            quoted += bool(comment.quotes)
    assert quoted >= 10  # the corpus does quote: the check above is not vacuous


def test_a_quote_of_the_article_titled_as_such_points_at_the_article():
    [page] = parse_path(SAMPLE / "11_guancha_zh.html")
    sources = {q.source for c in page.comments for q in c.quotes if "谁更着急" in q.text}
    assert sources == {"article"}
