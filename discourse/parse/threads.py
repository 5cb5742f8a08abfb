"""Flat comment rows -> reply tree (parents, depth) and quotes separated from own words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from discourse.parse.selectors import EXTERNAL_QUOTE_CUE, REPLY_TO_TEXT
from discourse.types import Comment, Quote

_WORD = re.compile(r"[\w\u4e00-\u9fff]+", re.U)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_INLINE_QUOTE = re.compile(r"[\"“«„「『]([^\"”»“」』]{8,400})[\"”»“」』]")
_TERMINAL = re.compile(r"[.!?…。！？:;：；)»\"”]\s*$")
_LEADING_GLUE = re.compile(r"^[\s\-–—:：,，.]+")
_RECENT_WINDOW = 60  # earlier comments checked for unmarked quotes (parent chain always included)


@dataclass
class RawComment:
    """A comment as a parser found it, before threading and quote attribution."""

    paragraphs: list[str]
    author: str | None = None
    display_name: str | None = None
    published: str | None = None
    published_raw: str | None = None
    depth: int | None = None  # from indentation / DOM nesting
    native_id: str | None = None
    parent_native_id: str | None = None
    marked_quotes: list[tuple[str, str | None]] = field(default_factory=list)  # (text, quoted name)
    likes: int | None = None
    dislikes: int | None = None
    lang: str | None = None
    text: str | None = None  # text as shown; defaults to the paragraphs joined
    addressee: str | None = None  # the commenter a header line says this one answers
    is_reply: bool = False  # the page marks it as a reply without saying to whom (threads are depth-first)
    extra: dict = field(default_factory=dict)


def normalize(text: str) -> str:
    """NFKC, casefold and collapse white space: the form all comparisons use."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _word_count(text: str) -> int:
    return len(_WORD.findall(text)) + len(_CJK.findall(text)) // 2


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text)) | frozenset(_CJK.findall(text))


class _Haystack:
    """A text that may be quoted, normalised once, with its word set for a cheap pre-check."""

    __slots__ = ("text", "words")

    def __init__(self, text: str) -> None:
        self.text = normalize(text)
        self.words = _words(self.text)


_FUZZY_MAX_CHARS = 400  # longer passages must match (nearly) verbatim; fuzzy alignment is O(n*m)


class _Fragment:
    """A passage that may be a quote, normalised once for comparison with many texts."""

    __slots__ = ("count", "needle", "words")

    def __init__(self, text: str) -> None:
        self.count = _word_count(text)
        self.needle = normalize(text).strip(" .…-–—\"'«»“”")
        self.words = _words(self.needle)


def _similar(fragment: _Fragment, hay: _Haystack, threshold: float, min_words: int) -> bool:
    """Is `fragment` (fuzzily) a passage of `hay`?"""
    if fragment.count < min_words or not hay.text or not fragment.needle:
        return False
    needle = fragment.needle
    if needle in hay.text:
        return True
    if not fragment.words or len(fragment.words & hay.words) < threshold * 0.9 * len(fragment.words):
        return False
    if len(needle) > _FUZZY_MAX_CHARS or len(needle) > len(hay.text) * 1.2:
        return False
    # Short passages match by chance; demand more of them.
    needed = threshold * 100 + (10 if fragment.count < 5 else 0)
    return fuzz.partial_ratio(needle, hay.text, score_cutoff=needed) > 0


class _Context:
    """What a comment may quote: the article and the comments before it."""

    def __init__(self, article: list[str], title: str | None, threshold: float, min_words: int) -> None:
        self.threshold, self.min_words = threshold, min_words
        self.article = [_Haystack(p) for p in ([title] if title else []) + article]
        self.article_refs = (["title"] if title else []) + [f"p{i}" for i in range(len(article))]
        self.article_all = _Haystack(" \n ".join(h.text for h in self.article))
        self.comments: list[tuple[str, str | None, _Haystack]] = []  # (id, author, own text)

    def article_ref(self, fragment: str) -> str | None:
        """Which article paragraph `fragment` quotes, if any."""
        if not self.article or not _similar(_Fragment(fragment), self.article_all, self.threshold, self.min_words):
            return None
        needle = normalize(fragment)[:_FUZZY_MAX_CHARS]
        best = max(range(len(self.article)), key=lambda i: fuzz.partial_ratio(needle, self.article[i].text))
        return self.article_refs[best]

    def comment_ref(self, fragment: str, candidates: list[int], author: str | None = None) -> str | None:
        """Which earlier comment `fragment` quotes, if any (newest first)."""
        passage = _Fragment(fragment)
        if passage.count < self.min_words:
            return None
        wanted = normalize(author) if author else None
        for index in reversed(candidates):
            cid, cauthor, hay = self.comments[index]
            if wanted and cauthor and wanted != normalize(cauthor):
                continue
            if _similar(passage, hay, self.threshold, self.min_words):
                return cid
        return None


_NAME_PREFIX = re.compile(r"^(?P<who>[^,:：，\s][^,:：，]{0,40}?)\s*[,:：，]\s+\S")
_WEIBO_CHAIN = re.compile(r"\s*//\s*@(?P<who>[^:：\s]{1,40})\s*[:：]\s*")


def _split_reply_markers(raw: RawComment) -> str | None:
    """Strip a leading "@name"/"回复@name：" and Weibo "//@name：text" chains; return the addressee."""
    if not raw.paragraphs:
        return None
    first = raw.paragraphs[0]
    chain = _WEIBO_CHAIN.split(first)
    if len(chain) > 1:
        first = chain[0]
        for who, quoted in zip(chain[1::2], chain[2::2]):
            if quoted.strip():
                raw.marked_quotes.append((quoted.strip(), who))
    match = REPLY_TO_TEXT.match(first)
    who = (match.group("who") or match.group("who2")) if match else (chain[1] if len(chain) > 1 else None)
    if match:
        first = first[match.end():]
    raw.paragraphs = ([first.strip()] if first.strip() else []) + raw.paragraphs[1:]
    return who


def _by_author(raws: list[RawComment], i: int, who: str) -> int | None:
    """The comment by `who` that comment i answers: the latest one posted before it when times are
    known (newest-first lists put it below), else the nearest one above, else below."""
    wanted = normalize(who).lstrip("@")
    if not wanted:
        return None
    matches = [j for j, r in enumerate(raws) if j != i and wanted in (normalize(r.author or ""), normalize(r.display_name or ""))]
    when = raws[i].published
    timed = [j for j in matches if raws[j].published and when and raws[j].published <= when]
    if timed:
        return max(timed, key=lambda j: (raws[j].published, -abs(j - i)))
    before = [j for j in matches if j < i]
    return before[-1] if before else (matches[0] if matches else None)


def _quoted_comment(raws: list[RawComment], i: int) -> int | None:
    """The comment whose words the last marked quote of comment i repeats."""
    for text, who in reversed(raws[i].marked_quotes):
        needle = normalize(text)[:200]
        for j in list(range(i - 1, -1, -1)) + list(range(i + 1, len(raws))):
            if who and normalize(who) not in (normalize(raws[j].author or ""), normalize(raws[j].display_name or "")):
                continue
            if needle and needle in normalize(" ".join(raws[j].paragraphs)):
                return j
    return None


def _parents(raws: list[RawComment], ids: list[str]) -> list[int | None]:
    """Resolve each comment's parent from native ids or nesting; on flat pages from @name,
    a leading "Name," address, or the comment it quotes (newest-first lists included)."""
    by_native = {raw.native_id: i for i, raw in enumerate(raws) if raw.native_id}
    flat = all(not raw.depth for raw in raws)  # no nesting shown: replies are told by @name or quotes
    addressees = [_split_reply_markers(raw) or raw.addressee for raw in raws]
    authors = {normalize(r.author or "") for r in raws} - {""}
    parents: list[int | None] = []
    stack: list[int] = []  # index of the last comment seen at each depth
    for i, raw in enumerate(raws):
        parent = by_native.get(raw.parent_native_id) if raw.parent_native_id else None
        if parent == i:
            parent = None
        if parent is None and raw.depth:
            level = min(raw.depth, len(stack))
            parent = stack[level - 1] if level >= 1 else None
        if parent is None and flat:
            quoted = by_native.get(raw.extra.get("quoted_native_id"))
            parent = quoted if quoted is not None and quoted != i else _flat_parent(raws, i, addressees[i], authors)
            if parent is None and raw.is_reply and i > 0:
                parent = i - 1  # depth-first order: with no name or quote to go by, the comment above
        elif parent is not None and addressees[i]:
            # Threads nested one level only (Blogger): "@name" names the reply's real parent in the thread.
            named = _by_author(raws, i, addressees[i])
            if named is not None and parent < named < i and _descends(named, parent, parents):
                parent = named
        parents.append(parent)
        depth = 0 if parent is None or parent > i else (_depth_of(parent, parents) + 1)
        del stack[depth:]
        stack.append(i)
    return parents


def _descends(node: int, ancestor: int, parents: list[int | None]) -> bool:
    seen = set()
    while node is not None and node not in seen:
        if node == ancestor:
            return True
        seen.add(node)
        node = parents[node] if node < len(parents) else None
    return False


def _flat_parent(raws: list[RawComment], i: int, addressee: str | None, authors: set[str]) -> int | None:
    if addressee:
        return _by_author(raws, i, addressee)
    first = raws[i].paragraphs[0] if raws[i].paragraphs else ""
    named = _NAME_PREFIX.match(first)
    if named and normalize(named.group("who")) in authors and normalize(named.group("who")) != normalize(raws[i].author or ""):
        found = _by_author(raws, i, named.group("who"))
        if found is not None:
            return found
    found = _addressed(raws, i, first)
    if found is not None:
        return found
    return _quoted_comment(raws, i) if raws[i].marked_quotes else None


def _addressed(raws: list[RawComment], i: int, first: str) -> int | None:
    """A reply that opens with the name of an earlier commenter: "Алексей, …" (first name, VK) or
    "Vikram Nair smaller pie …" (the full name, as Facebook tags it). The address is not own text."""
    own = normalize(raws[i].author or "")
    text = normalize(first)
    best: tuple[int, int] | None = None  # (length of the address, comment)
    for j in range(i - 1, -1, -1):
        author = normalize(raws[j].author or "")
        if not author or author == own:
            continue
        given = author.split()[0] if " " in author else None
        for name, needs_comma in ((author, " " not in author), (given, True)):
            if not name or not text.startswith(name):
                continue
            rest = text[len(name):]
            if (rest[:1] in (",", "，") or (not needs_comma and rest[:1] == " ")) and (best is None or len(name) > best[0]):
                best = (len(name), j)
    if best is None:
        return None
    cut = len(first) - len(first.lstrip()) + best[0]
    remainder = first[cut:].lstrip(" ,，")
    raws[i].paragraphs = ([remainder] if remainder else []) + raws[i].paragraphs[1:]
    return best[1]


def _depth_of(index: int, parents: list[int | None]) -> int:
    depth, seen = 0, set()
    while index < len(parents) and parents[index] is not None and index not in seen:
        seen.add(index)
        index = parents[index]  # type: ignore[assignment]
        depth += 1
    return depth


def _candidates(i: int, parents: list[int | None]) -> list[int]:
    chain, node = [], parents[i]
    while node is not None and node not in chain:
        chain.append(node)
        node = parents[node]
    recent = list(range(max(0, i - _RECENT_WINDOW), i))
    return sorted((set(recent) | set(chain)) - {i})


def _headline_like(paragraph: str) -> bool:
    words = _word_count(paragraph)
    stripped = paragraph.strip()
    return 3 <= words <= 25 and not _TERMINAL.search(stripped) and stripped[:1].isupper()


def _split_quotes(raw: RawComment, i: int, parents: list[int | None], ctx: _Context, ids: list[str]) -> tuple[list[Quote], list[str]]:
    """Separate quoted passages from the commenter's own paragraphs."""
    quotes: list[Quote] = []
    candidates = _candidates(i, parents)
    for text, who in raw.marked_quotes:
        ref = ctx.comment_ref(text, candidates, who) or ctx.comment_ref(text, candidates)
        if ref:
            quotes.append(Quote(text, "comment", ref))
        elif (aref := ctx.article_ref(text)) is not None:
            quotes.append(Quote(text, "article", aref))
        else:
            quotes.append(Quote(text, "external", None))
    own: list[str] = []
    paragraphs = []
    for paragraph in (p for p in raw.paragraphs if p.strip()):
        if paragraph.startswith((">", "»")) and len(paragraph) > 3:
            # e-mail style "> quoted line": the quote's source is found like any other
            text = paragraph.lstrip(">» ").strip()
            ref = ctx.comment_ref(text, candidates)
            aref = None if ref else ctx.article_ref(text)
            quotes.append(Quote(text, "comment" if ref else "article" if aref else "external", ref or aref))
        else:
            paragraphs.append(paragraph)
    for k, paragraph in enumerate(paragraphs):
        is_last_alone = len(paragraphs) == 1
        aref = None if is_last_alone else ctx.article_ref(paragraph)
        if aref is not None:
            quotes.append(Quote(paragraph, "article", aref))
            continue
        cref = None if is_last_alone else ctx.comment_ref(paragraph, candidates)
        if cref is not None:
            quotes.append(Quote(paragraph, "comment", cref))
            continue
        if 0 < k < len(paragraphs) - 1 and _headline_like(paragraph) and EXTERNAL_QUOTE_CUE.search(paragraphs[k - 1]):
            quotes.append(Quote(paragraph, "external", None))
            continue
        own.append(_strip_inline_quotes(paragraph, ctx, candidates, quotes))
    return quotes, [p for p in own if p]


def _strip_inline_quotes(paragraph: str, ctx: _Context, candidates: list[int], quotes: list[Quote]) -> str:
    """Remove "quoted spans" that come from the article or an earlier comment."""
    removed = False
    for match in list(_INLINE_QUOTE.finditer(paragraph)):
        span = match.group(1)
        ref, source = ctx.article_ref(span), "article"
        if ref is None:
            ref, source = ctx.comment_ref(span, candidates), "comment"
        if ref is None:
            continue
        quotes.append(Quote(span, source, ref))  # type: ignore[arg-type]
        paragraph = paragraph.replace(match.group(0), " ", 1)
        removed = True
    if not removed:
        return paragraph.strip()
    return _LEADING_GLUE.sub("", " ".join(paragraph.split()))


def build_comments(
    page_id: str,
    raws: list[RawComment],
    article: list[str],
    title: str | None,
    *,
    quote_min_similarity: float = 0.8,
    quote_min_words: int = 3,
) -> tuple[Comment, ...]:
    """Thread raw comments and attribute their quotes; positions follow document order."""
    ids = [f"{page_id[:16]}-{i:05d}" for i in range(len(raws))]
    parents = _parents(raws, ids)
    ctx = _Context(article, title, quote_min_similarity, quote_min_words)
    # Every comment can be quoted, also a later one (newest-first lists); own words are not known
    # yet, so a comment's shown paragraphs stand for it until it has been split.
    ctx.comments = [(ids[j], r.author, _Haystack(" ".join(r.paragraphs))) for j, r in enumerate(raws)]
    comments = []
    for i, raw in enumerate(raws):
        quotes, own = _split_quotes(raw, i, parents, ctx, ids)
        own_text = "\n\n".join(own)
        parent = parents[i]
        comments.append(
            Comment(
                id=ids[i], page_id=page_id, position=i,
                text=raw.text if raw.text is not None else "\n\n".join(raw.paragraphs),
                own_text=own_text, parent_id=ids[parent] if parent is not None else None,
                parent_position=parent, depth=_depth_of(i, parents), author=raw.author,
                display_name=raw.display_name, published=raw.published, published_raw=raw.published_raw,
                quotes=tuple(quotes), likes=raw.likes, dislikes=raw.dislikes, lang=raw.lang,
                native_id=raw.native_id, extra=dict(raw.extra),
            )
        )
        ctx.comments[i] = (ids[i], raw.author, _Haystack(own_text))
    return tuple(comments)
