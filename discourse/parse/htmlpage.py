"""HTML pages: metadata from meta tags / JSON-LD, comments by the cascade, body by trafilatura."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from lxml import etree

from discourse.errors import DiscourseError
from discourse.parse.builder import thread_comments
from discourse.parse.dates import parse_date, parse_reference
from discourse.parse.htmlcomments import extract_comments
from discourse.parse.structured import jsonld_objects
from discourse.parse.htmltext import flatten_deep, page_tokens, paragraphs, select, select_possible, text_of
from discourse.parse.lang import detect_language
from discourse.parse.textpage import _SECTION_MARKER, _is_credit, _is_furniture

_CAPTION_LINE = re.compile(r"^(资料图|图片来源|图为|Фото:|Photo:|Picture:|Image:)|[（(](图片来源|фото|photo)[:：].{1,40}[)）]\s*$", re.I)
from discourse.types import Page

if TYPE_CHECKING:
    from discourse.parse import ParseOptions

_META = {
    "title": ["meta[property='og:title']", "meta[name='twitter:title']", "meta[name='title']"],
    "lead": ["meta[property='og:description']", "meta[name='description']", "meta[name='twitter:description']"],
    "published": [
        "meta[property='article:published_time']", "meta[itemprop='datePublished']", "meta[name='pubdate']",
        "meta[name='publishdate']", "meta[name='date']", "meta[name='DC.date.issued']", "meta[name='parsely-pub-date']",
        "meta[name='sailthru.date']", "meta[property='og:pubdate']",
    ],
    "author": ["meta[name='author']", "meta[property='article:author']", "meta[name='parsely-author']"],
    "source": ["meta[property='og:site_name']", "meta[name='application-name']", "meta[name='publisher']"],
    "url": ["link[rel='canonical']", "meta[property='og:url']"],
    "section": ["meta[property='article:section']"],
}
_LEAD_CSS = (
    ".lead, .standfirst, .article__lead, .article-lead, .article__standfirst, .post__standfirst, .subtitle, .post-subtitle, "
    ".article__subtitle, .article__announce, .news-detail__lead, .news-header__lead, .b-text__lead, .article-summary, .summary, "
    ".intro, .deck, .dek, .excerpt, .entry-summary, .post-excerpt, .article-excerpt, .sub-headline, .subheadline, .article__intro, "
    "h2.subtitle, p.description, .article-description, .news-lead, .article__description, .article-dek, .post-dek, .article__dek, "
    ".story__dek, .story__lead, .field--name-field-lead, .field--name-field-subtitle, [property='schema:description']"
)
_TITLE_SEPARATORS = (" - ", " | ", " — ", " – ", " :: ", " « ", " » ", "_")
_CAPTION_CSS = ".caption, .wp-caption-text, .photo-caption, .image-caption, .article__photo-caption"
_CREDIT_CSS = ".credit, .photo-credit, .image-credit, .copyright, .photo-author"
_SPACE = re.compile(r"\s+")


def _first_meta(head, key: str) -> str | None:
    for css in _META[key]:
        for node in select(head, css):
            value = node.get("content") or node.get("href")
            if value and value.strip():
                return _SPACE.sub(" ", value).strip()
    return None


_ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "Report", "DiscussionForumPosting", "ReportageNewsArticle"}


def _jsonld_article(tree) -> dict:
    for obj in jsonld_objects(tree):
        kinds = obj.get("@type") if isinstance(obj.get("@type"), list) else [obj.get("@type")]
        if any(kind in _ARTICLE_TYPES for kind in kinds):
            return obj
    return {}


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return str(value).strip() if value else None


def _metadata(tree, tokens: frozenset[str]) -> dict:
    head = next(iter(tree.iter("head")), tree)
    meta = {key: _first_meta(head, key) for key in _META}
    article = _jsonld_article(tree)
    meta["title"] = meta["title"] or _name(article.get("headline"))
    if not meta["title"]:
        h1 = next(iter(tree.iter("h1")), None)
        title = next(iter(tree.iter("title")), None)
        meta["title"] = text_of(h1) or text_of(title) or None
    meta["published"] = meta["published"] or article.get("datePublished")
    if not meta["published"]:
        node = next(iter(select_possible(tree, "time[datetime], [itemprop='datePublished']", tokens)), None)
        meta["published"] = (node.get("datetime") or node.get("content") or text_of(node)) if node is not None else None
    if not meta["published"]:
        meta["published"] = _visible_date(tree, tokens)
    meta["author"] = meta["author"] or _name(article.get("author"))
    meta["source"] = meta["source"] or _name(article.get("publisher"))
    leads = [text_of(n) for n in select_possible(tree, _LEAD_CSS, tokens) if not _in_page_chrome(n)]
    meta["lead_block"] = next((lead for lead in leads if 30 <= len(lead) <= 600), None)
    if not meta["author"] or meta["author"].isdigit():
        meta["author"] = _byline(tree, tokens)
    if not meta["source"]:
        meta["source"] = _site_from_title(tree, meta["title"])
    meta["title"] = _clean_title(meta["title"], meta["source"], tree)
    html = tree if tree.tag == "html" else next(iter(tree.iter("html")), tree)
    meta["lang"] = (html.get("lang") or html.get("{http://www.w3.org/XML/1998/namespace}lang") or "")[:2].lower() or None
    return meta


_CREDIT_CLASS = re.compile(r"(^|[\s_-])(credits?|src|source|copyright|photo-?author|image-?credit|caption|figcaption)($|[\s_-])", re.I)


def _credit_nodes(tree, tokens: frozenset[str]) -> list:
    """Photo credits and captions inside the article, pruned before body extraction."""
    found = list(tree.iter("figcaption"))
    for token in tokens:
        if token.startswith(".") and _CREDIT_CLASS.search(token[1:]):
            found += [n for n in select(tree, token) if len(text_of(n)) < 300 and n.tag not in ("body", "html", "article", "main")]
    return found


_CHROME = re.compile(r"^(site|page|global|main|top|blog|l)?[-_]{0,2}(header|masthead|navbar|nav|sidebar|footer|widget|banner|menu)s?$", re.I)
_BYLINE_CSS = (".byline, .author, .article__author, .article-author, [rel~='author'], [rel='schema:author'] [property='schema:name'], "
               "[rel='schema:author'], [itemprop='author'], .post-author, .entry-author")
_BYLINE_PREFIX = re.compile(r"^(by|von|par|автор[:：]?|текст[:：]?|本报记者|记者|作者[:：]?)\s*", re.I)


def _in_page_chrome(node) -> bool:
    """Is the node part of the site's header, navigation, sidebar or footer?"""
    for ancestor in node.iterancestors():
        if ancestor.tag in ("article", "main"):
            return False
        if ancestor.tag in ("nav", "aside"):
            return True
        if any(_CHROME.match(token) for token in f"{ancestor.get('class', '')} {ancestor.get('id', '')}".split()):
            return True
    return False


_DATE_CSS = (".article-date, .article__date, .pubtime, #pubtime, .publish-time, .pub-time, .post-date, .entry-date, .news-date, "
             ".date-source .date, .info-time, .article-info .time, .article-meta .date, .news-detail__date, .b-text__date, .time-source, "
             "ul.time li, .finfo, .full-info, .story-info, .news-info")


def _visible_date(tree, tokens: frozenset[str]) -> str | None:
    """The publication time shown near the headline, when no meta tag gives it."""
    for node in select_possible(tree, _DATE_CSS, tokens):
        if _in_page_chrome(node) or any("comment" in (a.get("class", "") + a.get("id", "")).lower() for a in node.iterancestors()):
            continue
        text = text_of(node)
        if text and parse_date(text):
            return text
    return None


def _byline(tree, tokens: frozenset[str]) -> str | None:
    """The article's author from a visible byline (when meta tags give none, or only a user id)."""
    for node in select_possible(tree, _BYLINE_CSS, tokens):
        text = _BYLINE_PREFIX.sub("", text_of(node)).strip()
        if 2 <= len(text) <= 60 and not text.isdigit() and not _in_page_chrome(node):
            return text
    return None


def _site_from_title(tree, title: str | None) -> str | None:
    """"Site: Headline" / "Headline | Site" in <title>: the part that is not the headline."""
    page_title = text_of(next(iter(tree.iter("title")), None))
    if not title or not page_title or title not in page_title or page_title == title:
        return None
    rest = page_title.replace(title, "").strip(" :|-–—·»«_")
    parts = [part.strip() for part in re.split(r"\s*[|_—–·»«]\s*|\s+-\s+|--", rest) if part.strip()]
    rest = parts[-1] if parts else ""  # "汽车_新浪财经_新浪网" -> the site itself, the last part
    return rest if 2 <= len(rest) <= 40 else None


def _clean_title(title: str | None, site: str | None, tree) -> str | None:
    """Drop the site name that <title>/og:title append ("Headline - Site")."""
    if not title:
        return title
    h1 = text_of(next(iter(tree.iter("h1")), None))
    if h1 and len(h1) >= 10 and title.startswith(h1) and title != h1:
        return h1
    for separator in _TITLE_SEPARATORS:
        head, _, tail = title.rpartition(separator)
        if head and tail and (site and tail.strip().casefold() == site.casefold() or len(tail) < 0.5 * len(head) and len(tail) <= 40 and site and site.casefold() in tail.casefold()):
            return head.strip()
    return title


def _load(text: str, path: str, options: "ParseOptions"):
    # lxml refuses str input that declares an encoding; the text is already decoded.
    cleaned = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    try:
        # Plain lxml elements: no per-element class lookup, which dominates Python-side walks.
        tree = etree.fromstring(cleaned, parser=etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise DiscourseError("E009", path=path, reason=str(exc) or "empty document") from exc
    if tree is None:
        raise DiscourseError("E009", path=path, reason="no HTML elements")
    if _too_deep(tree, options.max_html_depth):
        flatten_deep(tree, options.max_html_depth)
    return tree


def _too_deep(tree, max_depth: int) -> bool:
    return bool(etree.XPath("/" + "/".join(["*"] * max_depth))(tree))


_SHORT_BODY_CHARS = 1000  # ~150 words


def _extracted(html: str, url: str | None, fast: bool) -> str | None:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=True, with_metadata=False, fast=fast)
    return getattr(document, "text", None) if document is not None else None


def _body(tree, url: str | None, title: str | None, lead: str | None, fallback: bool) -> list[str]:
    html = etree.tostring(tree, encoding="unicode", method="html")
    # fast=True skips trafilatura's readability/justext fallback: ~1.5x faster. When it finds less than a
    # short news item, it has usually caught a teaser box instead of the article: then the fallback runs.
    text = _extracted(html, url, fast=not fallback)
    if not fallback and len(text or "") < _SHORT_BODY_CHARS:
        text = _extracted(html, url, fast=False) or text
    lines = [_SPACE.sub(" ", line).strip() for line in (text or "").split("\n")]
    drop = {title, lead}
    body = []
    for line in lines:
        if _SECTION_MARKER.match(line):
            break  # the extractor ran into the comment section's heading: the article is over
        if line and line not in drop and not _is_furniture(line) and not _is_credit(line) and not _CAPTION_LINE.match(line):
            body.append(line)
    return body


def parse_html(text: str, path: str, page_id: str, encoding: str, options: "ParseOptions", url: str | None = None) -> Page:
    """HTML -> Page: comments first (the body extractor would flatten them), then the body. `url` is the
    page's address when the file's container knows it (an MHTML save); the page's own canonical link wins."""
    tree = _load(text, path, options)
    tokens = page_tokens(tree)
    meta = _metadata(tree, tokens)
    url = meta.get("url") or url
    host = urlparse(url).hostname if url else None
    published = parse_date(meta["published"]) if meta["published"] else None
    found = extract_comments(tree, host, parse_reference(published), tokens)
    captions = [text_of(n) for n in tree.iter("figcaption")]
    captions += [text_of(n) for n in select_possible(tree, _CAPTION_CSS, tokens)]
    credits = [text_of(n) for n in select_possible(tree, _CREDIT_CSS, tokens)]
    captions, credits = [c for c in captions if c], [c for c in credits if c]
    # Only a visible standfirst is a lead; a meta description is often just the first paragraph.
    lead = meta["lead_block"]
    author = meta["author"]
    if found.article_nodes:
        body = list(found.article_paragraphs)
        published = found.article_published or published
        author = found.article_author or author  # the opening post's byline, not the page's first author-ish element
    else:
        for node in found.nodes + _credit_nodes(tree, tokens):
            if node.getparent() is not None:
                node.getparent().remove(node)
        body = _body(tree, url, meta["title"], lead, options.body_fallback)
    body = [p for p in body if p not in captions and p not in credits]
    lang = None
    if options.detect_language:
        lang = detect_language(" ".join([meta["title"] or ""] + body[:20]), fallback=meta["lang"])
    comments = thread_comments(page_id, found.raws, body, meta["title"], lang, options)
    return Page(
        id=page_id, path=path, body=tuple(body), format="html", profile=found.profile, url=url,
        site=host, source=meta["source"], lang=lang, title=meta["title"], lead=lead, published=published,
        section=meta["section"], author=author, captions=tuple(captions), credits=tuple(credits),
        comments_section_present=found.section_present or bool(comments), comments=comments, encoding=encoding,
    )


_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.I | re.S)
_ENTITY_SPACE = re.compile(r"[ \t]+")


def as_html_fallback(html_page: Page, text_page: Page) -> Page:
    """The saved-text parse of a page whose markup could not be used, marked as such."""
    from dataclasses import replace

    return replace(text_page, format="html", profile="html-as-text.v1", url=html_page.url, title=html_page.title or text_page.title)


def markup_to_text(html: str) -> str:
    """Markup stripped to lines of text (for pages whose HTML cannot be used)."""
    import html as html_lib

    text = _TAG.sub("\n", html)
    return "\n".join(_ENTITY_SPACE.sub(" ", html_lib.unescape(line)).strip() for line in text.split("\n"))
