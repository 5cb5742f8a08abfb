"""The generic cascade's last step: guess a profile from repeated comment-like elements."""

from __future__ import annotations

import re
from collections import defaultdict

from discourse.parse import selectors as sel
from discourse.parse.htmltext import select, text_of
from discourse.parse.profiles import Profile

_SAFE_TOKEN = re.compile(r"^[A-Za-z_][\w-]*$")
_ID_PREFIX = re.compile(r"^(?P<prefix>[A-Za-z_-]*?(?:comment|reply|post|cmt|msg)[A-Za-z_-]*?)[-_]?\d+$", re.I)
_HAS_DATE = re.compile(r"\d{1,4}[./\-年]\d{1,2}|\d{1,2}:\d{2}|\d{1,2}\s+[^\W\d_]{3,}\.?\s+\d{4}|[^\W\d_]{3,}\.?\s+\d{1,2},\s+\d{4}|ago|назад|前")

GENERIC_PARTS = dict(
    author="[itemprop='author'], [data-qa*='author'], [data-testid*='author'], [class*='author'], [class*='Author'], .fn, [class*='user'], [class*='User'], [class*='nick'], [class*='name'], [class*='Name'], [class*='login'], cite",
    date="time, [data-qa*='date'], [data-testid*='date'], [class*='date'], [class*='Date'], [class*='time'], [class*='Time'], [class*='ago'], [class*='posted']",
    text="[itemprop='text'], [data-qa*='comment-text'], [data-testid*='comment-text'], [class*='comment-content'], [class*='comment-text'], [class*='comment-body'], [class*='comment_text'], [class*='commentText'], [class*='message'], [class*='Message'], [class*='content'], [class*='Content'], [class*='text'], [class*='Text'], [class*='body']",
    likes="[class*='like-count'], [class*='likes-count'], [class*='like'] [class*='count'], [class*='vote'] [class*='count'], [class~='likes'], [class~='like'], [class*='rating'], [class*='score'], [itemprop='upvoteCount']",
    strip="[class*='reply-link'], [class*='reply-btn'], [class*='actions'], [class*='footer'], [class*='share'], [class*='report'], button, form, [class*='avatar']",
    parent_attr="data-parent-id",
)


def _signature(element) -> tuple[str, str] | None:
    classes = element.get("class", "").split()
    for token in classes:
        if sel.COMMENT_HINT.search(token) and not sel.COMMENT_HINT_EXCLUDE.search(token) and _SAFE_TOKEN.match(token):
            return element.tag, f".{token}"
    ident = element.get("id", "")
    match = _ID_PREFIX.match(ident)
    if match and not sel.COMMENT_HINT_EXCLUDE.search(ident):
        return element.tag, f"[id^='{match.group('prefix')}']"
    return None


def _evidence(element) -> bool:
    """Does an element look like one comment (meta line plus some text)?"""
    text = text_of(element)
    if not 8 <= len(text) <= 30000:
        return False
    for node in element.iter():
        if node is element or not isinstance(node.tag, str):
            continue
        if node.tag == "time" or node.get("itemprop") in ("author", "dateCreated", "datePublished"):
            return True
        ident = f"{node.get('class', '')} {node.get('id', '')}"
        if sel.AUTHOR_HINT.search(ident) or (sel.DATE_HINT.search(ident) and _HAS_DATE.search(text_of(node))):
            return True
    return bool(_HAS_DATE.search(text[:200]))


_CONTAINER_WORD = re.compile(r"(comments|list|container|area|section|wrap|holder|thread|widget|pi\d|form|count|nav|intro|meta|author|user|name|date|time|header|footer|avatar|icon)", re.I)
_ITEM_WORD = re.compile(r"(^|[-_]|[a-z])(comment|kommentar|leserbrief|reply|post|cmt|item|entry|single|main-level|message)([-_]?(item|entry|box|main|single|container|\d+))?$", re.I)


# WordPress marks the article element with its post type and status; an element holding the page's h1
# is the article too. Both carry "post-123" ids that look like forum posts, but are never comments.
_ARTICLE_CLASS = re.compile(r"^(type-(post|page|attachment)|status-publish)$")


def _is_article(element) -> bool:
    if any(_ARTICLE_CLASS.match(token) for token in element.get("class", "").split()):
        return True
    return next(element.iter("h1"), None) is not None


def _score(key: tuple[str, str], members: list) -> float:
    good = sum(1 for m in members if _evidence(m))
    if good < max(1, 0.5 * len(members)):
        return 0.0
    score = good * 2 + len(members)
    token = key[1].lstrip(".").split("'")[1] if "'" in key[1] else key[1].lstrip(".")
    if _ITEM_WORD.search(token) or key[1].startswith("[id"):
        score *= 1.5
    elif _CONTAINER_WORD.search(token):
        score *= 0.4
    return score


def generic_profile(tree) -> Profile | None:
    """A Profile for the page's most comment-like repeated elements, or None."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag not in ("a", "span", "p", "img", "time", "button", "form", "input", "textarea", "script", "style", "body", "html"):
            signature = _signature(element)
            if signature and not _is_article(element):
                groups[signature].append(element)
    scored = sorted(((s, key) for key, members in groups.items() if (s := _score(key, members)) > 0), reverse=True)
    if not scored:
        return None
    best_score, best = scored[0]
    # Prefer an outer wrapper that holds exactly one of each chosen item (it carries the nesting).
    members = set(groups[best])
    for score, key in scored[1:]:
        outer = groups[key]
        if len(outer) == len(members) and score >= 0.6 * best_score and all(sum(1 for d in o.iter() if d in members) == 1 for o in outer):
            best = key
            break
    tag, css = best
    item = f"{tag}{css}"
    if not select(tree, item):
        return None
    return Profile(name="generic.v1", detect=item, item=item, meta_line=True, longest_text=True, **GENERIC_PARTS)
