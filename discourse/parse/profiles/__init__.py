"""Site profiles: one small module per site family, each mostly CSS selector data.

Profiles are tried in registry order after structured data (JSON-LD, microdata); the first whose
`detect` selector matches and that yields comments wins; the generic heuristic comes last.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """Where a site family keeps its comments (CSS selectors, relative to each item)."""

    name: str                     # versioned registry name, e.g. "wordpress.v1"
    detect: str                   # CSS: the profile applies when this matches the page
    item: str | tuple[str, ...]   # CSS: every comment item; a tuple lists skins tried in order
    text: str                     # CSS within an item: the comment's body
    author: str = ""              # CSS within an item: login / handle
    display_name: str = ""        # CSS within an item: a real name shown beside the handle
    date: str = ""                # CSS within an item: the time element
    date_attrs: tuple[str, ...] = ("datetime", "title", "data-time", "data-date", "data-timestamp", "content")
    parent_attr: str = ""         # attribute on the item naming its parent comment id
    id_attr: str = "id"
    likes: str = ""               # CSS within an item: the likes / rating count
    dislikes: str = ""
    strip: str = ""               # CSS within the text to drop (buttons, signatures)
    quote: str = "blockquote, .quote, .bbcode_quote, q"
    quote_author: str = "cite, .quote-author, .quote-title, .bbcode_quote_head, b:first-child"
    section: str = ""             # CSS: the whole comment section (removed from the body)
    domains: tuple[str, ...] = ()  # host names that select this profile even without `detect`
    first_item_is_article: bool = False  # forums: the opening post is the article body
    meta_line: bool = False       # author/time the selectors miss come from a short meta element holding a date
    longest_text: bool = False    # `text` is a guess: take its longest match, and none shorter than 30 % of the item


def registry() -> dict[str, Profile]:
    """All known site profiles by name, in the order they are tried."""
    from discourse.parse.profiles import (
        blogger, chinese_portal, disqus, drupal, phpbb, russian_portal, schemaorg, stackexchange, topwar, wordpress, xenforo,
    )

    profiles = [
        stackexchange.PROFILE, schemaorg.MICRODATA, topwar.PROFILE, blogger.PROFILE, wordpress.PROFILE, wordpress.CLASSIC,
        disqus.PROFILE, drupal.PROFILE, schemaorg.RDFA, xenforo.PROFILE, chinese_portal.SINA, chinese_portal.PEOPLE, chinese_portal.PROFILE,
        russian_portal.CACKLE, phpbb.PROFILE,
    ]
    return {profile.name: profile for profile in profiles}
