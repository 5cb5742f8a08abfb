"""schema.org comments in JSON-LD (`Comment`, `DiscussionForumPosting`, `Answer` in `comment` arrays)."""

from __future__ import annotations

import json
from datetime import datetime

from discourse.parse.dates import parse_date
from discourse.parse.threads import RawComment

_COMMENT_TYPES = {"comment", "discussionforumposting", "answer", "socialmediaposting", "userComments".lower()}


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type", [])
    return {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName") or value.get("identifier")
    return str(value).strip() if value else None


def _walk(obj, depth: int, parent: str | None, out: list[RawComment], reference: datetime | None, counter: list[int]) -> None:
    for child in obj.get("comment", []) if isinstance(obj.get("comment"), list) else [obj.get("comment")] if isinstance(obj.get("comment"), dict) else []:
        if not isinstance(child, dict) or not (_types(child) & _COMMENT_TYPES):
            continue
        text = child.get("text") or child.get("articleBody") or child.get("description") or ""
        counter[0] += 1
        native = str(child.get("@id") or child.get("identifier") or child.get("url") or f"jsonld-{counter[0]}")
        raw_date = child.get("dateCreated") or child.get("datePublished")
        likes = None
        for stat in child.get("interactionStatistic", []) if isinstance(child.get("interactionStatistic"), list) else []:
            if isinstance(stat, dict) and "like" in str(stat.get("interactionType", "")).lower():
                likes = int(stat.get("userInteractionCount", 0) or 0)
        likes = child.get("upvoteCount", likes)
        paragraphs = [" ".join(p.split()) for p in str(text).split("\n") if p.strip()]
        out.append(
            RawComment(
                paragraphs=paragraphs, author=_name(child.get("author") or child.get("creator")),
                published=parse_date(str(raw_date), reference) if raw_date else None, published_raw=raw_date,
                native_id=native, parent_native_id=parent, likes=int(likes) if isinstance(likes, (int, float, str)) and str(likes).isdigit() else None,
            )
        )
        _walk(child, depth + 1, native, out, reference, counter)


def _objects(data):
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _objects(data["@graph"])
        if isinstance(data.get("mainEntity"), (dict, list)):
            yield from _objects(data["mainEntity"])


def jsonld_objects(tree):
    """Every object of the page's JSON-LD blocks (into @graph and mainEntity); bad JSON is passed over."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        yield from _objects(data)


def jsonld_comments(tree, reference: datetime | None) -> list[RawComment]:
    """Comments declared in the page's JSON-LD blocks, threaded by their nesting."""
    out: list[RawComment] = []
    counter = [0]
    for obj in jsonld_objects(tree):
        if "comment" in obj:
            _walk(obj, 0, None, out, reference, counter)
    return [raw for raw in out if raw.paragraphs]
