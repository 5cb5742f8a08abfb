"""One HTML fixture per site family (plus JSONL), each against a hand-made expected JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.parse import parse_path
from tests.expectations import norm, page_mismatches

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML_CASES = sorted(p.name.removesuffix(".expected.json") for p in (FIXTURES / "html").glob("*.expected.json"))
TEXT_DIRS = ("text", "text_heldout", "text_blind2")
TEXT_CASES = sorted(f"{d}/{p.name.removesuffix('.expected.json')}" for d in TEXT_DIRS for p in (FIXTURES / d).glob("*.expected.json"))
# What the text parser does not get right yet, by the start of the mismatch line; each is checked
# everywhere else, and test_text_fixture_known_gap fails once a gap closes (then drop it here).
KNOWN_GAPS = {
    # A link post has no body: the sidebar's rule text becomes the "body" and its title is not found.
    "reddit_en": ("title:", "author:", "furniture in body:"),
    # An expanded reply thread under "2 replies" has no reply marker in the copied text.
    "youtube_en": ("comment 2 (mingzhao_sh) parent", "comment 2 (mingzhao_sh) depth", "comment 3 (igor.v.kazan) depth"),
    # A related-story card and a promo inside the body look like a subhead and a paragraph.
    "facebook_plugin_en": ("body ends", "furniture in body:"),
    # Held-out pages (text_heldout/README.md), measured blind first, then partly fixed:
    # Yahoo: the partner's name over the headline (its logo's alt text) is not taken for the source.
    "yahoo_news_en": ("source:",),
    # Six more layouts written blind (text_blind2/README.md), measured at c5337ae and not yet mended:
    # own text 24 of 51 comments, author 21, reply/top 21, time 22 of 22.
    "dzen_ru": ("",), "forum_en": ("",), "guancha_zh": ("",), "sina_zh": ("",), "vcru_ru": ("",), "x_thread_en": ("",),
}


@pytest.mark.parametrize("name", HTML_CASES)
def test_html_fixture(name):
    [page] = parse_path(FIXTURES / "html" / f"{name}.html")
    expected = json.loads((FIXTURES / "html" / f"{name}.expected.json").read_text("utf-8"))
    assert page_mismatches(page, expected) == []


def _text_problems(case: str) -> list[str]:
    [page] = parse_path(FIXTURES / f"{case}.txt")
    assert page.format == "text"
    return page_mismatches(page, json.loads((FIXTURES / f"{case}.expected.json").read_text("utf-8")))


@pytest.mark.parametrize("case", TEXT_CASES)
def test_text_fixture(case):
    gaps = KNOWN_GAPS.get(case.split("/")[1], ())
    assert [p for p in _text_problems(case) if not p.startswith(gaps)] == []


@pytest.mark.xfail(strict=True, reason="known gap, see KNOWN_GAPS")
@pytest.mark.parametrize("case", [c for c in TEXT_CASES if c.split("/")[1] in KNOWN_GAPS])
def test_text_fixture_known_gap(case):
    assert _text_problems(case) == []


def test_every_profile_family_has_a_fixture():
    assert len(HTML_CASES) >= 10


def test_jsonl_fixture():
    pages = parse_path(FIXTURES / "jsonl" / "comments_sample.jsonl")
    expected = json.loads((FIXTURES / "jsonl" / "comments_sample.expected.json").read_text("utf-8"))
    by_title = {norm(p.title): p for p in pages}
    assert sorted(by_title) == sorted(norm(e["title"]) for e in expected)
    for want in expected:
        assert page_mismatches(by_title[norm(want["title"])], want) == []
