"""Compare a parsed Page with a hand-written expectation (seeds' expected.json schema)."""

from __future__ import annotations

import unicodedata

from discourse.types import Page


def norm(text: str | None) -> str | None:
    """NFKC + collapsed white space, as expected.json prescribes."""
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFKC", text).split())


def page_mismatches(page: Page, expected: dict) -> list[str]:
    """Every field of `expected` that `page` gets wrong, as readable lines."""
    problems: list[str] = []
    for key in ("title", "lead", "source", "dateline", "published", "section", "author"):
        if key in expected and norm(getattr(page, key)) != norm(expected[key]):
            problems.append(f"{key}: got {getattr(page, key)!r}, want {expected[key]!r}")
    if "lang" in expected and page.lang != expected["lang"]:
        problems.append(f"lang: got {page.lang!r}, want {expected['lang']!r}")
    body = norm(page.body_text) or ""
    if expected.get("body_starts") and not body.startswith(norm(expected["body_starts"])):
        problems.append(f"body starts {body[:80]!r}, want {expected['body_starts']!r}")
    if expected.get("body_ends") and not body.endswith(norm(expected["body_ends"])):
        problems.append(f"body ends {body[-80:]!r}, want {expected['body_ends']!r}")
    for junk in expected.get("not_in_body", []):
        if norm(junk) in body:
            problems.append(f"furniture in body: {junk!r}")
    if "comments_section_present" in expected and page.comments_section_present != expected["comments_section_present"]:
        problems.append(f"comments_section_present: got {page.comments_section_present}")
    problems += comment_mismatches(page, expected.get("comments"))
    return problems


def comment_mismatches(page: Page, expected: list[dict] | None) -> list[str]:
    """Field-by-field comparison of the comment list."""
    if expected is None:
        return []
    problems: list[str] = []
    if len(page.comments) != len(expected):
        problems.append(f"{len(page.comments)} comments, want {len(expected)}")
    for i, (got, want) in enumerate(zip(page.comments, expected)):
        where = f"comment {i} ({want.get('author')})"
        for key, attr in (("author", "author"), ("display_name", "display_name"), ("published", "published"), ("parent", "parent_position"), ("depth", "depth"), ("likes", "likes")):
            if key in want and norm_value(getattr(got, attr)) != norm_value(want[key]):
                problems.append(f"{where} {key}: got {getattr(got, attr)!r}, want {want[key]!r}")
        if "quotes" in want:
            got_quotes = [norm(q.text) for q in got.quotes]
            want_quotes = [norm(q) for q in want["quotes"]]
            if sorted(got_quotes) != sorted(want_quotes):
                problems.append(f"{where} quotes: got {got_quotes}, want {want_quotes}")
        own = norm(got.own_text) or ""
        if "own_starts" in want and not own.startswith(norm(want["own_starts"])):
            problems.append(f"{where} own starts {own[:60]!r}, want {want['own_starts']!r}")
        if "own_ends" in want and not own.endswith(norm(want["own_ends"])):
            problems.append(f"{where} own ends {own[-60:]!r}, want {want['own_ends']!r}")
    return problems


def norm_value(value):
    """Normalise strings; leave other values alone."""
    return norm(value) if isinstance(value, str) else value
