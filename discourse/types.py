"""Plain data records passed between layers (stdlib only, frozen)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QuoteSource = Literal["article", "comment", "external"]


@dataclass(frozen=True)
class Quote:
    """A passage a commenter quotes rather than writes."""

    text: str
    source: QuoteSource
    ref: str | None = None  # quoted comment id, or "p<N>" / "title" for the article


@dataclass(frozen=True)
class Comment:
    """One reader comment, placed in its page's reply tree."""

    id: str
    page_id: str
    position: int
    text: str
    own_text: str
    parent_id: str | None = None
    parent_position: int | None = None
    depth: int = 0
    author: str | None = None
    display_name: str | None = None
    published: str | None = None  # ISO 8601, local page time, no zone
    published_raw: str | None = None
    quotes: tuple[Quote, ...] = ()
    likes: int | None = None
    dislikes: int | None = None
    lang: str | None = None
    native_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Page:
    """A parsed page: article body, metadata, furniture kept apart, and comments."""

    id: str  # content hash of the source bytes
    path: str
    body: tuple[str, ...]
    format: str  # text | html | jsonl
    profile: str
    url: str | None = None
    site: str | None = None
    source: str | None = None
    lang: str | None = None
    title: str | None = None
    lead: str | None = None
    published: str | None = None
    dateline: str | None = None
    section: str | None = None
    author: str | None = None
    captions: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()
    comments_section_present: bool = False
    comments: tuple[Comment, ...] = ()
    encoding: str | None = None

    @property
    def body_text(self) -> str:
        """The body paragraphs joined by blank lines."""
        return "\n\n".join(self.body)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Skipped:
    """A file (or record) that could not be ingested, with its coded reason."""

    path: str
    code: str
    message: str
