"""Random and mutated input never raises anything but coded errors; pathological nesting is survivable."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discourse.errors import DiscourseError
from discourse.parse import parse_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
SEED_HTML = (SAMPLE / "08_wordpress_en.html").read_bytes()
SEED_TEXT = (SAMPLE / "06_topwar_en.txt").read_bytes()


def _parse_or_code(data: bytes, name: str) -> None:
    try:
        page = parse_bytes(data, name)
    except DiscourseError as exc:
        assert exc.code.startswith("E0")
        return
    for comment in page.comments:
        assert comment.parent_position is None or 0 <= comment.parent_position < len(page.comments)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    _parse_or_code(data, "random.html")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_random_text(text):
    _parse_or_code(text.encode("utf-8"), "random.txt")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SEED_HTML) - 1), st.integers(1, 4000), st.binary(max_size=200))
def test_mutated_html(start, length, junk):
    _parse_or_code(SEED_HTML[:start] + junk + SEED_HTML[start + length:], "mutated.html")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SEED_TEXT) - 1), st.integers(1, 2000), st.text(max_size=100))
def test_mutated_saved_text(start, length, junk):
    _parse_or_code(SEED_TEXT[:start] + junk.encode() + SEED_TEXT[start + length:], "mutated.txt")


def test_pathological_nesting_is_flattened_not_fatal():
    deep = b"<html><body><article>" + b"<div>" * 20000 + b"<p>Deep text about a lunar station.</p>" + b"</div>" * 20000 + b"</article></body></html>"
    page = parse_bytes(deep, "deep.html")
    # libxml2 gives up on 20,000 levels; the markup-stripped fallback keeps the words (here as the title).
    assert page.profile == "html-as-text.v1"
    assert "lunar station" in f"{page.title} {page.body_text}"


def test_deeply_nested_comment_replies():
    replies = "".join(f'<li class="comment depth-{i}" id="comment-{i}"><article class="comment-body"><b class="fn">u{i}</b><div class="comment-content"><p>reply number {i} here</p></div></article><ol class="children">' for i in range(1, 150))
    html = f"<html><body><article><h1>T</h1><p>Body paragraph long enough.</p></article><ol class='comment-list'>{replies}{'</ol></li>' * 149}</ol></body></html>"
    page = parse_bytes(html.encode(), "nested.html")
    assert len(page.comments) == 149 and page.comments[-1].depth == 148
