"""One HTML fixture per site family (plus JSONL), each against a hand-made expected JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.parse import parse_path
from tests.expectations import norm, page_mismatches

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML_CASES = sorted(p.name.removesuffix(".expected.json") for p in (FIXTURES / "html").glob("*.expected.json"))


@pytest.mark.parametrize("name", HTML_CASES)
def test_html_fixture(name):
    [page] = parse_path(FIXTURES / "html" / f"{name}.html")
    expected = json.loads((FIXTURES / "html" / f"{name}.expected.json").read_text("utf-8"))
    assert page_mismatches(page, expected) == []


def test_every_profile_family_has_a_fixture():
    assert len(HTML_CASES) >= 10


def test_jsonl_fixture():
    pages = parse_path(FIXTURES / "jsonl" / "comments_sample.jsonl")
    expected = json.loads((FIXTURES / "jsonl" / "comments_sample.expected.json").read_text("utf-8"))
    by_title = {norm(p.title): p for p in pages}
    assert sorted(by_title) == sorted(norm(e["title"]) for e in expected)
    for want in expected:
        assert page_mismatches(by_title[norm(want["title"])], want) == []
