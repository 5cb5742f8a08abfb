"""HTML page bodies: trafilatura's fast mode, and its full mode when the fast one finds only a teaser."""

from __future__ import annotations

from discourse.parse import ParseOptions, parse_bytes
from discourse.parse import htmlpage

PAGE = b"<html><head><title>T</title></head><body><article><p>text</p></article></body></html>"
ARTICLE = "Roscosmos and CNSA signed a memorandum on the lunar station. " * 30


def _extractor(calls, fast_text):
    def extracted(html, url, fast):
        calls.append(fast)
        return fast_text if fast else ARTICLE

    return extracted


def test_a_teaser_from_the_fast_extractor_sends_the_page_to_the_full_one(monkeypatch):
    calls: list[bool] = []
    monkeypatch.setattr(htmlpage, "_extracted", _extractor(calls, "Stop Racism! Gerüstbauer wirbt mit Riesenplakat"))
    page = parse_bytes(PAGE, "teaser.html", "html")
    assert calls == [True, False] and page.body == (ARTICLE.strip(),)


def test_a_full_article_from_the_fast_extractor_is_kept_without_a_second_pass(monkeypatch):
    calls: list[bool] = []
    long_text = "Fast mode found the article. " * 60
    monkeypatch.setattr(htmlpage, "_extracted", _extractor(calls, long_text))
    page = parse_bytes(PAGE, "long.html", "html")
    assert calls == [True] and page.body == (long_text.strip(),)
    calls.clear()
    parse_bytes(PAGE, "fallback.html", "html", ParseOptions(body_fallback=True))  # asked for the full mode: one pass
    assert calls == [False]
