"""The five real seed pages parse exactly as ../shared/seeds/expected.json says, every field."""

from __future__ import annotations

import json

import pytest

from discourse.parse import parse_path
from tests.expectations import page_mismatches

SEEDS = ["000_4c292e0e6da656a3.txt", "001_6d65a364a656ab7b.txt", "002_b3c6c4910d4dcb8c.txt", "003_4ef0a018f62ea767.txt", "004_62b5b88cc6bce123.txt"]


@pytest.fixture(scope="module")
def expected(shared_dir):
    return json.loads((shared_dir / "seeds" / "expected.json").read_text("utf-8"))["seeds"]


@pytest.mark.parametrize("name", SEEDS)
def test_seed_parses_as_expected(shared_dir, expected, name):
    [page] = parse_path(shared_dir / "seeds" / name)
    assert page_mismatches(page, expected[name]) == []


def test_every_seed_in_expected_is_tested(expected):
    assert sorted(expected) == SEEDS


def test_seed_003_quotes_point_at_their_sources(shared_dir):
    [page] = parse_path(shared_dir / "seeds" / "003_4ef0a018f62ea767.txt")
    by_author = {c.position: c for c in page.comments}
    pandiurin = by_author[9]
    assert [(q.source, q.ref) for q in pandiurin.quotes] == [("comment", page.comments[8].id)]
    assert {q.source for q in by_author[0].quotes} == {"article", "external"}
    assert all(c.lang == "en" for c in page.comments)
    assert page.furniture and "Photos Used" not in page.body_text
