"""HTML comment threads: JSON-LD, then site profiles, then a generic heuristic cascade."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

from discourse.parse import selectors as sel
from discourse.parse.dates import locate_date, parse_date
from discourse.parse.htmltext import OwnIndex, count_of, may_match, page_tokens, paragraphs, select, text_of, to_int
from discourse.parse.profiles import Profile, registry
from discourse.parse.structured import jsonld_comments
from discourse.parse.threads import RawComment

_LEVEL = re.compile(r"(?:depth|level|lvl|nesting|nest)[-_]?(\d{1,2})\b", re.I)
_TRAILING_ID = re.compile(r"(\d{2,})\D*$")
_QUOTE_HEAD = re.compile(
    r"^(?:引用\s*(?P<c>.{1,40}?)\s*的(?:评论|发言|回复)|(?:quote|цитата|引用)\s*[:：]?\s*(?P<a>.{1,60}?)|(?P<b>.{1,60}?)\s*(?:wrote|писал\(?а?\)?|пишет|написал\(?а?\)?|schrieb|a écrit|的发言|说)\s*[:：]?)\s*$",
    re.I,
)
_EPOCH = re.compile(r"^\d{10}(\d{3})?$")


@dataclass
class FoundComments:
    """What the comment cascade found on a page."""

    profile: str
    raws: list[RawComment] = field(default_factory=list)
    nodes: list = field(default_factory=list)        # top-level item elements, removed before body extraction
    section_present: bool = False
    article_nodes: list = field(default_factory=list)  # forum opening posts that are the article
    article_paragraphs: list = field(default_factory=list)
    article_published: str | None = None
    article_author: str | None = None


def _native(value: str | None) -> str | None:
    if not value:
        return None
    match = _TRAILING_ID.search(value)
    return match.group(1) if match else value.strip()


def _date(element, attrs: tuple[str, ...], reference: datetime | None) -> tuple[str | None, str | None]:
    """Visible text when it gives a time (that is local page time), else machine attributes."""
    if element is None:
        return None, None
    raw = text_of(element)
    visible = parse_date(raw, reference) if raw else None
    if visible and "T" in visible:
        return visible, raw
    for attr in attrs:
        value = element.get(attr)
        if value and _EPOCH.match(value.strip()):
            moment = datetime.fromtimestamp(int(value.strip()[:10]), tz=timezone.utc)
            return moment.strftime("%Y-%m-%dT%H:%M"), value
        if value and (parsed := parse_date(value, reference)):
            return parsed, value
    return visible, raw or None


def _value(element) -> str:
    """An element's text, or its `content` attribute (meta tags in microdata)."""
    if element is None:
        return ""
    return text_of(element) or (element.get("content") or "").strip()


_QUOTE_REF_ATTRS = ("data-source", "cite", "data-post-id", "data-quote-id", "data-comment-id", "data-parent-id")


def _quote_ref(node) -> str | None:
    """The native id of the post a quote box points at (XenForo data-source, phpBB cite URL)."""
    for attr in _QUOTE_REF_ATTRS:
        value = node.get(attr)
        if value and re.search(r"\d", value):
            return _native(value.split("#")[-1] if "#" in value else value)
    return None


def _quote(node, profile: Profile, skip_outer: set) -> tuple[str, str | None] | None:
    head = select(node, profile.quote_author) if profile.quote_author else []
    head = [h for h in head if h is not node]
    skip = set(head[:1]) | {n for n in skip_outer if node in n.iterancestors() or n is node} - {node}
    skip |= set(select(node, profile.strip)) - {node} if profile.strip else set()
    who = text_of(head[0]).rstrip(":： ") if head else (node.get("data-quote") or None)
    title = node.getprevious()
    if not head and title is not None and (marker := sel.QUOTE_MARKER.match(text_of(title))):
        # DLE/IPB style: a "Цитата: X" title block stands just before the quote box.
        who = marker.group("who") or None
        skip_outer.add(title)
    lines = paragraphs(node, skip)
    if lines and (match := _QUOTE_HEAD.match(lines[0])):
        who = who or (match.group("c") or match.group("a") or match.group("b") or "").strip() or None
        lines = lines[1:]
    if who:
        who = _QUOTE_HEAD.sub(lambda m: m.group("c") or m.group("a") or m.group("b") or "", who).strip() or who
        who = who.lstrip("@").strip()
        who = None if sel.ARTICLE_QUOTE_NAME.match(who) else who or None
    text = " ".join(line for line in lines if not sel.COMMENT_UI_TEXT.match(line) and not _EXPAND.match(line)).strip()
    return (text, who) if text else None


_EXPAND = re.compile(r"^(click to expand\.*|показать полностью\.*|развернуть|展开全文|查看全部)$", re.I)


def _inline_quote_heads(paras: list[str]) -> tuple[list[str], list[tuple[str, str | None]]]:
    """"Цитата: X" / "Quote: X" written as plain lines: the next paragraph is the quote."""
    own: list[str] = []
    quotes: list[tuple[str, str | None]] = []
    i = 0
    while i < len(paras):
        marker = sel.QUOTE_MARKER.match(paras[i])
        if marker and i + 1 < len(paras):
            quotes.append((paras[i + 1], marker.group("who") or None))
            i += 2
            continue
        own.append(paras[i])
        i += 1
    return own, quotes


def _clean(paras: list[str]) -> list[str]:
    return [p for p in paras if not sel.COMMENT_UI_TEXT.match(p) and not sel.VOTE_LINE.match(p)]


def _likes_from_lines(paras: list[str]) -> int | None:
    for paragraph in paras:
        votes = sel.VOTE_LINE.match(paragraph)
        if votes and votes.group("likes"):
            return int(votes.group("likes"))
    return None


def _first_short(item, css: str, index: OwnIndex, limit: int = 120):
    """The first own element matching `css` whose text is short and not empty."""
    if not css:
        return None
    for found in index.matches(item, css):
        if any(a.tag in ("blockquote", "q") or "quote" in a.get("class", "").lower() for a in found.iterancestors()):
            continue  # "Цитата: X" inside a quote box names the quoted, not the writer
        text = text_of(found)
        if (text and len(text) <= limit) or found.get("datetime") or found.get("content"):
            return found
    return None


def _text_element(item, profile: Profile, index: OwnIndex):
    """The comment body: the first match for a site profile, the longest for a guessed one."""
    if not profile.text:
        return None
    if not profile.longest_text:
        return next((n for n in index.matches(item, profile.text) if text_of(n)), None)
    items = index.items
    candidates = index.matches(item, profile.text)
    best = max(candidates, key=lambda n: len(text_of(n)), default=None)
    # A guessed text element much shorter than the item is a button or a title, not the body.
    own_length = len(" ".join(paragraphs(item, items - {item})))
    return best if best is not None and len(text_of(best)) >= 0.3 * own_length else None


_REPLY_LINK = ("a[class*='reply'][href^='#'], a[class*='Reply'][href^='#'], a[data-qa*='reply-to'][href^='#'], a.comment-parent[href^='#'], "
               "p.parent a.permalink[href*='#'], .in-reply-to a[href*='#']")


def _reply_link(item, index: OwnIndex, own_id: str | None) -> str | None:
    """'in reply to' links (href="#comment-123") name the parent comment; WordPress's "Reply"
    button links to the comment itself, which says nothing."""
    link = index.first(item, _REPLY_LINK)
    href = link.get("href", "") if link is not None else ""
    fragment = href.rsplit("#", 1)[-1] if "#" in href else ""
    target = _native(fragment) if re.search(r"\d", fragment) else None
    return target if target != own_id else None


def _under_skipped(node, item, skip: set) -> bool:
    """Is `node` inside a skipped element below `item` (a nested reply, a stripped block)?"""
    for ancestor in node.iterancestors():
        if ancestor is item:
            return False
        if ancestor in skip:
            return True
    return False


# A guessed profile often misses a comment's meta line ("Karsten Dörre / 22.04.2020", "anna am 3. Mai 2021 um 10:02"):
# an element of the comment classed meta/info/header holding a date gives the time, and the words before the date the author.
_META_CLASS = re.compile(r"(^|[-_\s])(meta|info|information|header|head|byline|details|top)($|[-_\s])", re.I)
_META_TAIL = re.compile(r"[\s/|•·,:–—-]*(\b(am|on|um|at|le|el|в|от|schrieb|wrote|sagt|says|said|posted|geschrieben)\b[\s,:]*)*$", re.I)


class MetaLine(NamedTuple):
    element: object
    author: str | None
    published: str
    raw: str


def _meta_line(item, skip: set, body_line: set, reference: datetime | None) -> MetaLine | None:
    """A short meta element of the comment holding a date: the time, and the author written before it."""
    for node in item.iter():
        if node is item or not isinstance(node.tag, str) or node in skip or node in body_line or _under_skipped(node, item, skip):
            continue
        if not _META_CLASS.search(node.get("class", "")):
            continue
        raw = text_of(node)
        if not raw or len(raw) > 120 or (found := locate_date(raw, reference)) is None:
            continue
        published, start = found
        author = _META_TAIL.sub("", " ".join(raw.split())[:start]).strip(" /|•·,:–—-")
        return MetaLine(node, author if 0 < len(author) <= 60 and not author[:1].isdigit() else None, published, raw)
    return None


_STATUS_SUFFIX = re.compile(r"\s*[(（](не проверено|not verified|unverified|guest|гость|游客)[)）]\s*$", re.I)


def _raw_from_item(item, index: OwnIndex, profile: Profile, reference: datetime | None) -> RawComment:
    items = index.items
    author_el = _first_short(item, profile.author, index, 80)
    name_el = _first_short(item, profile.display_name, index, 80)
    date_el = _first_short(item, profile.date, index)
    text_el = _text_element(item, profile, index)
    skip = {n for n in items if n is not item}
    body = text_el if text_el is not None else item
    body_line = set(body.iterancestors()) | {body}
    if profile.strip:
        skip.update(n for n in index.matches(item, profile.strip) if n not in body_line)
    skip.update(n for n in (author_el, name_el, date_el) if n is not None and n not in body_line)
    meta = _meta_line(item, skip, body_line, reference) if profile.meta_line and (author_el is None or date_el is None) else None
    if meta is not None:
        skip.add(meta.element)
    shown = _clean(paragraphs(body, skip))
    quotes: list[tuple[str, str | None]] = []
    quoted_native = None
    # Quote boxes may sit inside the text or beside it (People's Daily, Sina put them above the text).
    for node in index.matches(item, profile.quote):
        if node in skip or node is body or _under_skipped(node, item, skip):
            continue
        if (found := _quote(node, profile, skip)) is not None:
            quotes.append(found)
            quoted_native = _quote_ref(node) or quoted_native
        skip.add(node)
    raw_paras = paragraphs(body, skip)
    # A comment that is only "顶" or "+1" is still a comment when it stands in its own text element.
    paras, marked = _inline_quote_heads(_clean(raw_paras) or (raw_paras if text_el is not None else []))
    published, raw_date = _date(date_el, profile.date_attrs, reference)
    if meta is not None and date_el is None:
        published, raw_date = meta.published, meta.raw
    native_id = _native(item.get(profile.id_attr) or item.get("data-id") or item.get("data-comment-id"))
    author = _STATUS_SUFFIX.sub("", _value(author_el)) or (meta.author if meta is not None else None)
    display = _value(name_el) or None
    likes_el = index.first(item, profile.likes)
    dislikes_el = index.first(item, profile.dislikes)
    return RawComment(
        paragraphs=paras, author=author[:120] if author else None,
        display_name=display if display and display != author else None,
        published=published, published_raw=raw_date, marked_quotes=quotes + marked, text="\n\n".join(shown),
        likes=count_of(_value(likes_el)) if likes_el is not None else _likes_from_lines(paragraphs(body, skip - {body})),
        dislikes=to_int(_value(dislikes_el)) if dislikes_el is not None else None,
        native_id=native_id,
        parent_native_id=(_native(item.get(profile.parent_attr)) if profile.parent_attr else None) or _reply_link(item, index, native_id),
        extra={"quoted_native_id": quoted_native} if quoted_native else {},
    )


_REPLY_BOX = re.compile(r"(^|[\s_-])(indented|children|replies|reply-list|subcomments|sub-comments|nested|comment-replies)($|[\s_-])", re.I)


def _sibling_parent(node, items: set):
    """The item a reply box follows: Drupal puts replies in div.indented right after their parent."""
    for ancestor in node.iterancestors():
        if ancestor in items:
            return None
        if _REPLY_BOX.search(ancestor.get("class", "")):
            previous = ancestor.getprevious()
            while previous is not None and not isinstance(previous.tag, str):
                previous = previous.getprevious()
            if previous is not None and previous in items:
                return previous
    return None


def _depths(nodes: list, items: set) -> list[int | None]:
    """DOM nesting depth (replies inside their parent, or in a reply box right after it);
    flat lists fall back to depth-N / level-N classes."""
    parents = {node: _sibling_parent(node, items) for node in nodes}
    if any(parent is not None for parent in parents.values()):
        depth: dict = {}
        for node in nodes:
            above = sum(1 for a in node.iterancestors() if a in items)
            sibling = parents[node]
            depth[node] = above + (depth.get(sibling, 0) + 1 - sum(1 for a in sibling.iterancestors() if a in items) if sibling is not None else 0)
        return [depth[n] for n in nodes]
    nested = [sum(1 for a in node.iterancestors() if a in items) for node in nodes]
    if any(nested):
        return nested
    levels = []
    for node in nodes:
        match = _LEVEL.search(node.get("class", ""))
        levels.append(int(match.group(1)) if match else None)
    known = [level for level in levels if level is not None]
    if not known or len(set(known)) < 2:
        return [None] * len(nodes)
    base = min(known)
    return [(level - base) if level is not None else 0 for level in levels]


def _outside_article(node) -> bool:
    """May `node` be removed as a comment section? Never the page's frame or the element holding the h1."""
    return node.tag not in ("html", "body", "main", "article") and next(node.iter("h1"), None) is None


def _section(top: list) -> list:
    """The element holding the whole thread (heading, "be polite" notes, forms) when it holds little
    else, so the body extractor never sees it; else nothing (the items alone are removed)."""
    from discourse.parse.htmltext import _common_ancestor

    if len(top) < 2:
        return []
    section = _common_ancestor(set(top))
    if section is None or not _outside_article(section):
        return []
    inside = sum(len(text_of(n)) for n in top)
    if inside < 0.6 * max(1, len(text_of(section))):
        return []
    # Climb to the wrapper that also holds the thread's heading, rules and form (little text of its own).
    parent = section.getparent()
    while parent is not None and _outside_article(parent) and len(text_of(parent)) - len(text_of(section)) < 500:
        section, parent = parent, parent.getparent()
    return [section]


def _profile_section(tree, profile: Profile, top: list) -> list:
    """The profile's own comment-section elements that hold the thread (removed from the body with their
    heading, rules and form; items outside them are removed one by one); never one that holds the article's h1."""
    if not profile.section:
        return []
    held = set(top)
    sections = [n for n in select(tree, profile.section) if _outside_article(n) and any(d in held for d in n.iter())]
    outer = [n for n in sections if not any(a in sections for a in n.iterancestors())]
    return outer + [n for n in top if not any(a in outer for a in n.iterancestors())] if outer else []


def _item_nodes(tree, profile: Profile) -> list:
    """Items of the first skin (selector group) of the profile that matches the page."""
    for group in (profile.item,) if isinstance(profile.item, str) else profile.item:
        nodes = select(tree, group)
        if nodes:
            return nodes
    return []


_EMPTY_SECTION = re.compile(r"(no comments|be the first|комментариев (пока )?нет|будьте первым|暂无评论|还没有评论)", re.I)


def _apply_profile(tree, profile: Profile, reference: datetime | None) -> FoundComments | None:
    nodes = [n for n in _item_nodes(tree, profile) if not _EMPTY_SECTION.search(text_of(n)[:200]) or len(text_of(n)) > 200]
    if not nodes:
        return None
    # Keep document order and drop wrappers matched twice by broad selectors.
    items = set(nodes)
    index = OwnIndex(tree, items)
    raws = []
    kept = []
    # Replies nested inside an opening post that is the article (Q&A comments under the question) are top-level.
    nesting = items - {nodes[0]} if profile.first_item_is_article else items
    for node, depth in zip(nodes, _depths(nodes, nesting)):
        raw = _raw_from_item(node, index, profile, reference)
        raw.depth = depth
        if raw.paragraphs or raw.marked_quotes:
            raws.append(raw)
            kept.append(node)
    if not raws:
        return None
    top = [n for n in kept if not any(a in items for a in n.iterancestors())]
    found = FoundComments(profile.name, raws, _profile_section(tree, profile, top) or _section(top) or top, True)
    if profile.first_item_is_article:
        found.article_nodes = found.nodes[:1]
        found.article_paragraphs = [p for p in raws[0].text.split("\n\n") if p]  # with its quotes: all of it is the article
        found.article_published = raws[0].published
        found.article_author = raws[0].author
        found.raws = raws[1:]
        found.nodes = found.nodes[1:]
    return found


def _section_present(tree) -> bool:
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("a", "script", "link", "meta", "style", "span", "button", "input"):
            continue
        ident = f"{node.get('id', '')} {node.get('class', '')}"
        if ident.strip() and re.search(r"(^|[\s_-])(comments?|disqus_thread|comment-list|commentlist|comments-area|评论|reply-list)($|[\s_-])", ident, re.I):
            if not sel.COMMENT_HINT_EXCLUDE.search(ident):
                return True
    return False


def fold_definition_comments(tree) -> int:
    """Comments kept as definition lists (`<dl><dt class="comment">author, time</dt><dd>text</dd>…`, WordPress's
    Thesis theme and others) become one element per comment, the shape every profile reads: each comment
    `dt` and the `dd`s after it move into a `div` that takes the dt's id and class. Returns how many were folded."""
    folded = 0
    for dl in list(tree.iter("dl")):
        terms = [dt for dt in dl if dt.tag == "dt" and sel.COMMENT_HINT.search(f"{dt.get('class', '')} {dt.get('id', '')}")]
        if not terms or any(dt.getnext() is None or dt.getnext().tag != "dd" for dt in terms):
            continue
        for dt in terms:
            wrapper = dt.makeelement("div", {k: v for k, v in dt.attrib.items() if k in ("id", "class")})
            dt.addprevious(wrapper)
            follower = dt.getnext()
            wrapper.append(dt)  # moves it; the tail text moves with it
            while follower is not None and follower.tag == "dd":
                after = follower.getnext()
                wrapper.append(follower)
                follower = after
            # the term is now the comment's meta line: keep its author/time children, drop what marks it a comment
            dt.attrib.pop("id", None)
            dt.set("class", "comment-meta")
            folded += 1
    return folded


def extract_comments(tree, host: str | None, reference: datetime | None, tokens: frozenset[str] | None = None) -> FoundComments:
    """Run the cascade over a parsed page; the first method that yields comments wins."""
    fold_definition_comments(tree)
    profiles = list(registry().values())
    preferred = [p for p in profiles if host and any(host == d or host.endswith("." + d) for d in p.domains)]
    tokens = tokens if tokens is not None else page_tokens(tree)
    for profile in preferred + [p for p in profiles if p not in preferred]:
        if profile not in preferred and not (may_match(profile.detect, tokens) and select(tree, profile.detect)):
            continue
        result = _apply_profile(tree, profile, reference)
        if result is not None:
            return result
    # JSON-LD threads come after the site profiles: the rendered HTML also carries quotes and likes.
    found = jsonld_comments(tree, reference)
    if found:
        return FoundComments("schemaorg-jsonld.v1", found, [], True)
    from discourse.parse.generic import generic_profile

    guess = generic_profile(tree)
    if guess is not None and (result := _apply_profile(tree, guess, reference)) is not None:
        return result
    return FoundComments("none", section_present=_section_present(tree))
