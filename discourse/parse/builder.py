"""Assemble Page records from what the format-specific parsers found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discourse.parse.lang import detect_language
from discourse.parse.textitems import parse_comment_lines
from discourse.parse.textpage import parse_article_lines, site_name, split_comment_section
from discourse.parse.threads import RawComment, build_comments
from discourse.types import Comment, Page

if TYPE_CHECKING:
    from discourse.parse import ParseOptions


def thread_comments(page_id: str, raws: list[RawComment], body: list[str], title: str | None, page_lang: str | None, options: "ParseOptions") -> tuple[Comment, ...]:
    """Detect each comment's language, then thread and attribute quotes."""
    if options.detect_language:
        for raw in raws:
            if raw.lang is None:
                raw.lang = detect_language(" ".join(raw.paragraphs + [q for q, _ in raw.marked_quotes]), fallback=page_lang)
    return build_comments(
        page_id, raws, body, title,
        quote_min_similarity=options.quote_min_similarity, quote_min_words=options.quote_min_words,
    )


def parse_text(text: str, path: str, page_id: str, encoding: str, options: "ParseOptions") -> Page:
    """Saved page text -> Page."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, marker = split_comment_section(lines)
    article = parse_article_lines(lines[:start])
    raws, stray = parse_comment_lines(lines[start:], article.published)
    lang = detect_language(" ".join([article.title or ""] + article.body), fallback=None) if options.detect_language else None
    comments = thread_comments(page_id, raws, article.body, article.title, lang, options)
    return Page(
        id=page_id, path=path, body=tuple(article.body), format="text", profile="text.v1",
        source=article.source or site_name(lines), lang=lang, title=article.title, lead=article.lead,
        published=article.published, dateline=article.dateline, section=article.section, author=article.author,
        captions=tuple(article.captions), credits=tuple(article.credits),
        furniture=tuple(article.furniture + stray), comments_section_present=marker or bool(comments),
        comments=comments, encoding=encoding,
    )
