"""HTML comment threads: JSON-LD, then site profiles, then a generic heuristic cascade."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from discourse.parse import selectors as sel
from discourse.parse.dates import parse_date
from discourse.parse.htmltext import may_match, own_first, own_matches, page_tokens, paragraphs, select, text_of, to_int
from discourse.parse.profiles import Profile, registry
from discourse.parse.structured import jsonld_comments
from discourse.parse.threads import RawComment

_LEVEL = re.compile(r"(?:depth|level|lvl|nesting|nest)[-_]?(\d{1,2})\b", re.I)
_TRAILING_ID = re.compile(r"(\d{2,})\D*$")
_QUOTE_HEAD = re.compile(
    r"^(?:(?:quote|цитата|引用)\s*[:：]?\s*(?P<a>.{1,60}?)|(?P<b>.{1,60}?)\s*(?:wrote|писал\(?а?\)?|пишет|написал\(?а?\)?|schrieb|a écrit|的发言|说)\s*[:：]?)\s*$",
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


def _native(value: str | None) -> str | None:
    if not value:
        return None
    match = _TRAILING_ID.search(value)
    return match.group(1) if match else value.strip()


def _date(element, attrs: tuple[str, ...], reference: datetime | None) -> tuple[str | None, str | None]:
    if element is None:
        return None, None
    for attr in attrs:
        value = element.get(attr)
        if value and _EPOCH.match(value.strip()):
            moment = datetime.fromtimestamp(int(value.strip()[:10]), tz=timezone.utc)
            return moment.strftime("%Y-%m-%dT%H:%M"), value
        if value and (parsed := parse_date(value, reference)):
            return parsed, value
    raw = text_of(element)
    return parse_date(raw, reference), raw or None


def _quote(node, profile: Profile) -> tuple[str, str | None] | None:
    head = select(node, profile.quote_author) if profile.quote_author else []
    head = [h for h in head if h is not node]
    skip = set(head[:1])
    who = text_of(head[0]).rstrip(":： ") if head else None
    lines = paragraphs(node, skip)
    if lines and (match := _QUOTE_HEAD.match(lines[0])):
        who = who or (match.group("a") or match.group("b") or "").strip() or None
        lines = lines[1:]
    if who:
        who = _QUOTE_HEAD.sub(lambda m: m.group("a") or m.group("b") or "", who).strip() or who
    text = " ".join(lines).strip()
    return (text, who) if text else None


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
    return [p for p in paras if not sel.COMMENT_UI_TEXT.match(p)]


def _first_short(item, css: str, items: set, limit: int = 120):
    """The first own element matching `css` whose text is short and not empty."""
    if not css:
        return None
    for found in own_matches(item, css, items):
        text = text_of(found)
        if (text and len(text) <= limit) or found.get("datetime") or found.get("content"):
            return found
    return None


def _text_element(item, profile: Profile, items: set):
    """The comment body: the first match for a site profile, the longest for a guessed one."""
    if not profile.text:
        return None
    if profile.name != "generic.v1":
        return next((n for n in own_matches(item, profile.text, items) if text_of(n)), None)
    candidates = list(own_matches(item, profile.text, items))
    best = max(candidates, key=lambda n: len(text_of(n)), default=None)
    # A guessed text element much shorter than the item is a button or a title, not the body.
    own_length = len(" ".join(paragraphs(item, items - {item})))
    return best if best is not None and len(text_of(best)) >= 0.3 * own_length else None


def _raw_from_item(item, items: set, profile: Profile, reference: datetime | None) -> RawComment:
    author_el = _first_short(item, profile.author, items, 80)
    name_el = _first_short(item, profile.display_name, items, 80)
    date_el = _first_short(item, profile.date, items)
    text_el = _text_element(item, profile, items)
    skip = {n for n in items if n is not item}
    body = text_el if text_el is not None else item
    body_line = set(body.iterancestors()) | {body}
    if profile.strip:
        skip.update(n for n in select(item, profile.strip) if n not in body_line)
    skip.update(n for n in (author_el, name_el, date_el) if n is not None and n not in body_line)
    shown = _clean(paragraphs(body, skip))
    quotes: list[tuple[str, str | None]] = []
    for node in select(body, profile.quote) if profile.quote else []:
        if node in skip or any(a in skip for a in node.iterancestors()) or node is body:
            continue
        if (found := _quote(node, profile)) is not None:
            quotes.append(found)
        skip.add(node)
    paras, marked = _inline_quote_heads(_clean(paragraphs(body, skip)))
    published, raw_date = _date(date_el, profile.date_attrs, reference)
    author = text_of(author_el) or None
    display = text_of(name_el) or None
    likes_el = own_first(item, profile.likes, items) if profile.likes else None
    dislikes_el = own_first(item, profile.dislikes, items) if profile.dislikes else None
    return RawComment(
        paragraphs=paras, author=author[:120] if author else None,
        display_name=display if display and display != author else None,
        published=published, published_raw=raw_date, marked_quotes=quotes + marked, text="\n\n".join(shown),
        likes=to_int(text_of(likes_el)) if likes_el is not None else None,
        dislikes=to_int(text_of(dislikes_el)) if dislikes_el is not None else None,
        native_id=_native(item.get(profile.id_attr) or item.get("data-id") or item.get("data-comment-id")),
        parent_native_id=_native(item.get(profile.parent_attr)) if profile.parent_attr else None,
    )


def _depths(nodes: list, items: set) -> list[int | None]:
    """DOM nesting depth; flat lists fall back to depth-N / level-N classes."""
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


def _apply_profile(tree, profile: Profile, reference: datetime | None) -> FoundComments | None:
    nodes = select(tree, profile.item)
    if not nodes:
        return None
    # Keep document order and drop wrappers matched twice by broad selectors.
    items = set(nodes)
    raws = []
    kept = []
    for node, depth in zip(nodes, _depths(nodes, items)):
        raw = _raw_from_item(node, items, profile, reference)
        raw.depth = depth
        if raw.paragraphs or raw.marked_quotes:
            raws.append(raw)
            kept.append(node)
    if not raws:
        return None
    found = FoundComments(profile.name, raws, [n for n in kept if not any(a in items for a in n.iterancestors())], True)
    if profile.first_item_is_article:
        found.article_nodes = found.nodes[:1]
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


def extract_comments(tree, host: str | None, reference: datetime | None, tokens: frozenset[str] | None = None) -> FoundComments:
    """Run the cascade over a parsed page; the first method that yields comments wins."""
    found = jsonld_comments(tree, reference)
    if found:
        return FoundComments("schemaorg-jsonld.v1", found, [], True)
    profiles = list(registry().values())
    preferred = [p for p in profiles if host and any(host == d or host.endswith("." + d) for d in p.domains)]
    tokens = tokens if tokens is not None else page_tokens(tree)
    for profile in preferred + [p for p in profiles if p not in preferred]:
        if profile not in preferred and not (may_match(profile.detect, tokens) and select(tree, profile.detect)):
            continue
        result = _apply_profile(tree, profile, reference)
        if result is not None:
            return result
    from discourse.parse.generic import generic_profile

    guess = generic_profile(tree)
    if guess is not None and (result := _apply_profile(tree, guess, reference)) is not None:
        return result
    return FoundComments("none", section_present=_section_present(tree))
