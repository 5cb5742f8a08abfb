"""Contract: every registered site profile is exercised by a fixture page; the registry is stable."""

from __future__ import annotations

from pathlib import Path

from discourse.parse import parse_bytes, parse_path
from discourse.parse.profiles import registry

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html")) + sorted((ROOT / "data" / "sample").glob("[0-9]*"))


def test_registry_snapshot():
    assert list(registry()) == [
        "stackexchange.v1", "schemaorg-microdata.v1", "topwar.v1", "blogger.v1", "wordpress.v1", "wordpress-classic.v1", "disqus.v1",
        "drupal.v1", "schemaorg-rdfa.v1", "xenforo.v1", "sina.v1", "people-cn.v1", "chinese-portal.v1", "cackle.v1", "phpbb.v1",
    ]


def test_every_profile_has_a_page_that_uses_it():
    used = {parse_path(page)[0].profile for page in PAGES}
    assert set(registry()) <= used
    assert {"generic.v1", "text.v1"} <= used


def test_jsonld_threads_are_read_when_no_profile_matches():
    html = """<html><head><title>T</title><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Gas deal",
     "comment": [{"@type": "Comment", "@id": "c1", "author": {"name": "ann"}, "dateCreated": "2023-05-01T10:00", "text": "First reply.",
                  "comment": [{"@type": "Comment", "@id": "c2", "author": "bob", "datePublished": "2023-05-01T11:30", "text": "Answer to ann."}]},
                 {"@type": "Comment", "@id": "c3", "author": {"name": "cid"}, "dateCreated": "2023-05-02T09:00", "text": "Another thread."}]}
    </script></head><body><article><h1>Gas deal</h1><p>The article text is long enough to be the body of the page.</p></article></body></html>"""
    page = parse_bytes(html.encode(), "forum.html")
    assert page.profile == "schemaorg-jsonld.v1"
    assert [(c.author, c.parent_position, c.depth, c.published) for c in page.comments] == [
        ("ann", None, 0, "2023-05-01T10:00"), ("bob", 0, 1, "2023-05-01T11:30"), ("cid", None, 0, "2023-05-02T09:00")]
