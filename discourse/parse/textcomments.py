"""Saved comment threads whose items are not numbered: VK, Pikabu, Reddit, YouTube, Disqus, Facebook's
plugin, Weibo, NetEase, news-site widgets as a browser's text copy shows them.

Every comment there shows a time (absolute or "5 hr. ago"); the time line is the anchor. Around it sits
either a header (author line(s), time, then the words: most sites) or a footer (author, words, then
"time · Reply": VK, Facebook, Weibo); which one a page uses is decided by a vote over its anchors. No
library does this (trafilatura and friends work on HTML), so it is written here, with the site words as
data in `selectors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from discourse.parse import selectors as sel
from discourse.parse.dates import time_span

_TERMINAL = re.compile(r"[.!?…。！？;；]\s*$")
_INITIAL = re.compile(r"(?:^|\s)\w{1,2}\.$")  # "Алексей К.", "P. Lindgren"
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_SEPARATORS = " \t•·|—–-:：,，>›»‖"
_EDITED = re.compile(r"^(?:edited|last edited|изменено|отредактировано)\b", re.I)
_INLINE_NOISE = re.compile(
    r"来自.{0,30}?(?=\d{1,4}楼|$)|\d{1,4}楼|编辑于|发布于|发表于|posted on|опубликовано|\[[–\-+]\]|\[score hidden\]|\[[SMA]\]|[+\-−]?\d+\s+(?:points?|очк\w*)|\bposted by\b|\bsubmitted\b|\bby\b|\(edited\)|\bedited\b|\*$", re.I
)
_UI_WORDS = re.compile(r"\s*(?:(?:like|reply|share|report|ответить|нравится|回复|赞|分享|举报|[+\-−]?\d[\d.,]*[KkMм]?)\s*)+", re.I)
_POINTS = re.compile(r"(?P<n>[+\-−]?\d+)\s+(?:points?|очк\w*)", re.I)
_BADGE_WORDS = re.compile(r"\s+(?:mod|op|staff|author|автор|楼主|作者|\[s\]|\(s\))$", re.I)
_SPEAKER_PREFIX = re.compile(r"^(?P<who>[^\s:：，,。.!?]{1,24})[:：]\s*(?P<rest>\S.*)$")
_LOCATION = re.compile(r"\s*[\[【](?P<loc>[^\]】]{1,40})[\]】]\s*$")
_COUNTED_BUTTONS = re.compile(r"^(?P<n>[+\-−]?\d[\d.,]*\s?[KkMм]?)\s*[•·|]\s*(?:reply|ответить|回复|like|share|report)\b.*$", re.I)
_PARENT_BUTTON = re.compile(r"(?:^|save|embed|permalink)parent(?:report|reply|$)", re.I)
_UI_WORDS_ANY = re.compile(r"(?:reply|ответить|回复)", re.I)
_BARE_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_IP_PLACE_DATE = re.compile(r"^(?P<date>(?:\d{4}-)?\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?)\s*[·・]\s*IP\s*属地\s*(?P<place>\S{1,12})$")
_AGREE_PREFIX = re.compile(r"^(?:赞同|upvotes?|votes?)\s+", re.I)  # "赞同 1.2 万": an answer's votes
_QUOTE_MARKS = ('"', "“", "«", "„", "「", "『", "'")
# The thread's own labels ("Comments", "Post a new comment") are chrome, never a commenter's name.
_SECTION_LABEL = re.compile(r"^(?:" + "|".join(sel.COMMENT_SECTION_MARKERS + sel.COMMENT_SECTION_END) + r")\s*[:：]?$", re.I)
_FROM_PLACE = re.compile(r"(?:来自|IP\s*属地)\s*(?P<loc>\S{1,20})")


@dataclass
class Item:
    """One comment as found in saved text: where its header sits, who, when, and its lines."""

    indent: int
    number: int | None
    author: str | None
    display_name: str | None
    date_raw: str | None
    content: list[str] = field(default_factory=list)
    location: str | None = None
    addressee: str | None = None  # the commenter a header line says this one answers
    nav_depth: int | None = None  # depth told by navigation links ("root | parent")
    is_reply: bool = False  # a "parent" button shows it answers someone (old Reddit)
    extra_speaker: bool = False  # written "name: words" on one line, with no name line of its own
    replies_shown: int = 0  # "Hide 2 replies" under it: that many of the next comments answer it
    likes: int | None = None
    dislikes: int | None = None


@dataclass
class _Line:
    raw: str
    text: str
    indent: int
    kind: str  # blank, ui, count, badge, name, text, time
    author: str | None = None  # for a time line: the name written before the time
    addressee: str | None = None
    suffix: str = ""
    count: int | None = None


def parse_count(text: str) -> int | None:
    """'27' -> 27, '+134' -> 134, '−17' -> -17, '1.1K' -> 1100, '2.3万' -> 23000."""
    match = sel.COUNT_LINE.match(text.strip())
    if not match:
        return None
    number, unit = match.group("num"), (match.group("unit") or "").lower().rstrip(".")
    if unit:
        value = float(number.replace(",", "."))
        value *= {"k": 1_000, "к": 1_000, "м": 1_000_000, "тыс": 1_000, "万": 10_000}.get(unit, 1)
    else:
        if re.fullmatch(r"\d{1,3}[.,]\d{3}", number):  # "1,284": thousands separator
            number = number.replace(",", "").replace(".", "")
        elif not number.isdigit():
            return None
        value = float(number)
    sign = -1 if match.group("sign") in ("-", "−", "–") else 1
    return int(round(sign * value))


def name_like(text: str) -> bool:
    """A line that can be a user name: short, few words, no sentence end."""
    if not text or len(text) > 48 or text.endswith((",", "，")):
        return False
    if _TERMINAL.search(text) and not _INITIAL.search(text):
        return False
    if _CJK.search(text):
        return len(text) <= 24
    return len(text.split()) <= 4 and not text.isdigit()


def _clean_name(raw: str) -> tuple[str | None, str | None]:
    """Author (and an addressee written after it, "Author  Parent") from the text before a time."""
    pieces = [p for p in re.split(r"\s[·•|]\s|\s[·•|]$|^[·•|]\s", _INLINE_NOISE.sub(" ", raw)) if not _UI_WORDS.fullmatch(p.strip())]
    text = " ".join(pieces).strip(_SEPARATORS)
    parts = [p.strip(_SEPARATORS) for p in re.split(r"\s*‖\s*|\s+(?:→|▸|►|replied to|ответил[аи]?|回复)\s+", text) if p.strip(_SEPARATORS)]
    if not parts:
        return None, None
    names = [_BADGE_WORDS.sub("", p).strip().lstrip("@").removeprefix("u/") for p in parts]
    return names[0] or None, names[1] if len(names) > 1 else None


def classify(raw: str) -> _Line:
    raw = _ZERO_WIDTH.sub("", raw)  # Zhihu sets U+200B beside its icons
    text = " ".join(raw.split())
    indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
    if not text:
        return _Line(raw, text, indent, "blank")
    # Two or more spaces separate what a page set apart ("Author  Parent • a year ago").
    marked = " ".join(re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ‖ ", raw.strip()).split())
    if _EDITED.match(text):  # "Edited at 2023-03-12 13:52 (UTC)": a second time of the same comment
        return _Line(raw, text, indent, "ui")
    if ip_dated := _IP_PLACE_DATE.match(text):  # "03-21 · IP 属地上海": a comment's day and the poster's region
        return _Line(raw, text, indent, "time", suffix=ip_dated.group("place"))
    span = time_span(marked) if len(text) <= 140 else None
    if span:
        before, after = marked[: span[1]], marked[span[2]:]
        author, addressee = _clean_name(before)
        rest = sel.NAV_WORDS.sub(" ", after)
        rest = rest.strip(_SEPARATORS + "[]()*")
        # What follows a time in a header is short chrome ("| parent | next", "来自北京", "ответил Алексею");
        # a sentence there means the date sits in prose or a caption.
        wordy = len(rest) + len(_CJK.findall(rest)) > 60 or bool(re.search(r"[。！？]|[.!?]\s+\w", rest))
        if (author is None or name_like(author)) and not wordy and not _TERMINAL.search(before.strip()):
            counts = [parse_count(tok) for tok in re.split(r"[·•|]", before + " " + after) if parse_count(tok) is not None]
            points = _POINTS.search(before)
            count = parse_count(points.group("n")) if points else counts[0] if counts and author is None else None
            return _Line(raw, text, indent, "time", author, addressee, after, count)
    count = parse_count(_AGREE_PREFIX.sub("", text))
    if count is None and (counted := _COUNTED_BUTTONS.match(text)):
        count = parse_count(counted.group("n"))
    if count is not None:
        return _Line(raw, text, indent, "count", count=count)
    if len(re.split(r"\s+\|\s+", text)) >= 4:  # a link bar: "Guidelines | FAQ | Lists | API"
        return _Line(raw, text, indent, "ui")
    if sel.THREAD_UI_LINE.match(text) or sel.VOTE_LINE.match(text) or sel.COMMENT_UI_TEXT.match(text) or _SECTION_LABEL.match(text):
        return _Line(raw, text, indent, "ui")
    if sel.BADGE_LINE.match(text):
        return _Line(raw, text, indent, "badge")
    return _Line(raw, text, indent, "name" if name_like(text.lstrip("•· ")) else "text")


_SEPARATOR_KINDS = ("blank", "ui", "count", "badge")


def _zone_above(lines: list[_Line], anchor: int, floor: int) -> list[int]:
    """Name and badge lines right above a time line, not running into the previous comment's words."""
    zone: list[int] = []
    i = anchor - 1
    while i >= floor and len(zone) < 4 and lines[i].kind in ("name", "badge"):
        zone.insert(0, i)
        i -= 1
    # The line above the zone must close something (blank, a button, a count) or open the section.
    while zone and zone[0] > floor and lines[zone[0] - 1].kind not in _SEPARATOR_KINDS + ("time",):
        zone.pop(0)
    return zone


def is_time_line(text: str) -> bool:
    """A line that is a comment's or a post's time (with at most a name and chrome around it)."""
    return classify(text).kind == "time"


def header_start(lines: list[_Line], anchor: int) -> int | None:
    """Where the comment a time line anchors begins, if it has an author before its words."""
    if lines[anchor].author:
        return anchor
    zone = _zone_above(lines, anchor, 0)
    following = next((j for j in range(anchor + 1, len(lines)) if lines[j].kind not in _SEPARATOR_KINDS), None)
    if zone and following is not None and lines[following].kind == "text":
        return zone[0]
    # Footer style ("Name / words / 14:21 / Reply"): a name line, then the words, then the time and a button.
    after = next((j for j in range(anchor + 1, len(lines)) if lines[j].kind != "blank"), None)
    button_after = after is not None and lines[after].kind == "ui" or bool(_UI_WORDS_ANY.search(lines[anchor].text))
    j = anchor - 1
    while j > 0 and lines[j].kind == "text":
        j -= 1
    if j < anchor - 1 and lines[j].kind in ("badge", "count"):
        j = _footer_top(lines, j + 1, max(j - 3, 0))
    if button_after and j < anchor - 1 and lines[j].kind == "name":
        return j
    return None


def _footer_top(lines: list[_Line], anchor: int, floor: int) -> int:
    """First line of a footer-style comment: the run of name/text lines above its time line, and above
    them a name over rank badges and a level number (a forum post's header, Tieba)."""
    top = anchor
    while top - 1 >= floor and lines[top - 1].kind in ("name", "text", "blank"):
        top -= 1
    probe = top - 1
    while probe >= floor and probe >= top - 3 and lines[probe].kind in ("badge", "count"):
        probe -= 1
    if probe < top - 1 and probe >= floor and lines[probe].kind == "name":
        top = probe
        # A name over its profile line over a follow button (Zhihu: "老周 / 航天爱好者，偶尔写点科普 / 关注").
        if top - 1 >= floor and lines[top - 1].kind == "name" and (top - 2 < floor or lines[top - 2].kind in _SEPARATOR_KINDS + ("time",)):
            top -= 1
    return top


def _names(lines: list[_Line], zone: list[int]) -> tuple[str | None, str | None, int]:
    """(author, addressee, indent) from a header zone: "• Name"/"Name" repeats collapse, badges drop."""
    bullets = [i for i in zone if lines[i].text.startswith(("•", "·"))]
    if bullets:  # a list item opens the comment: what is above it belongs to the page's controls
        zone = [i for i in zone if i >= bullets[-1]]
    names: list[str] = []
    indent = lines[zone[0]].indent if zone else 0
    for i in zone:
        if lines[i].kind != "name":
            continue
        name = lines[i].text.lstrip("•· ").strip()
        if sel.BADGE_LINE.match(name):
            continue
        if lines[i].text.startswith(("•", "·")):
            indent = lines[i].indent
        if not names or name != names[-1]:
            names.append(name)
    # "Pinned by @X" is a badge; a handle line wins over a display name above it.
    handles = [n for n in names if n.startswith("@")]
    author = handles[0] if handles else (names[0] if names else None)
    rest = [n for n in names if n != author]
    return (author.lstrip("@") if author else None), (rest[-1].lstrip("@") if rest and not handles else None), indent


def _nav_depth(suffix: str) -> int | None:
    words = {w.lower() for w in re.findall(r"[a-z]+", suffix, re.I)}
    if not words & {"root", "parent", "prev", "next"}:
        return None
    return 2 if "root" in words else 1 if "parent" in words else 0


def date_chat_clocks(lines: list[_Line], day: str | None = None) -> None:
    """Chat-style threads (Telegram's discussion widget) show a bare "14:21" under each message and the
    date once, as a separator line: the clock becomes the anchor, dated by the separator above it."""
    if not any(_BARE_CLOCK.match(line.text) for line in lines):
        return
    for line in lines:
        if line.kind == "time" and line.author is None and (span := time_span(line.text)) and span[0] and "T" not in span[0]:
            day, line.kind = line.text, "ui"  # a date separator, not a comment's time
        elif _BARE_CLOCK.match(line.text):
            line.kind, line.text = "time", f"{day} {line.text}" if day else line.text


def generic_items(raw_lines: list[str], page_day: str | None = None) -> tuple[list[Item], list[str]]:
    """Comments of a thread whose items carry a time line; ([], stray lines) when there is none.
    `page_day` (ISO) dates bare clock times shown before any date separator."""
    lines = [classify(line) for line in raw_lines]
    date_chat_clocks(lines, page_day)
    end = len(lines)
    anchors: list[int] = []
    for i, line in enumerate(lines):
        if sel.THREAD_END_LINE.match(line.text) and anchors:
            end = i
            break
        if line.kind == "time":
            anchors.append(i)
    if not anchors:
        return [], [line.text for line in lines if line.text]
    zones = {a: _zone_above(lines, a, 0) for a in anchors}
    header_votes = 0
    for a in anchors:
        following = next((j for j in range(a + 1, end) if lines[j].kind not in _SEPARATOR_KINDS), None)
        if lines[a].author or (zones[a] and following is not None and lines[following].kind in ("text", "name")):
            header_votes += 1
    header = header_votes * 2 >= len(anchors)
    items, first = _header_items(lines, anchors, zones, end) if header else _footer_items(lines, anchors, end)
    stray = [line.text for i, line in enumerate(lines) if line.text and (i < first or i >= end or line.kind == "ui")]
    items = _dedupe(items)
    _answer_expanded_lists(items)
    return items, stray


def _answer_expanded_lists(items: list[Item]) -> None:
    """Under "Hide N replies" the next N comments without a reply marker of their own answer the comment
    above. Inner lists are taken first (from the end), so a reply's own replies are not counted twice."""
    for k in range(len(items) - 1, -1, -1):
        if not items[k].replies_shown or not items[k].author:
            continue
        taken, j = 0, k + 1
        while j < len(items) and taken < items[k].replies_shown:
            if items[j].addressee is None and not items[j].is_reply:
                items[j].addressee = items[k].author
                taken += 1
            j += 1


def _header_items(lines: list[_Line], anchors: list[int], zones: dict[int, list[int]], end: int) -> tuple[list[Item], int]:
    starts: list[int | None] = []
    for a in anchors:
        starts.append(a if lines[a].author else (zones[a][0] if zones[a] else None))
    items: list[Item] = []
    bodies: list[tuple[Item, list[_Line]]] = []
    for k, a in enumerate(anchors):
        if starts[k] is None:
            continue
        following = [s for s in starts[k + 1:] if s is not None]
        stop = following[0] if following else end
        if lines[a].author:
            author, addressee, indent = lines[a].author, lines[a].addressee, lines[a].indent
        else:
            author, addressee, indent = _names(lines, zones[a])
        item = Item(indent, None, author, None, _date_text(lines[a].text), nav_depth=_nav_depth(lines[a].suffix), addressee=addressee)
        item.likes = lines[a].count
        _take_location(item)
        bodies.append((item, lines[a + 1:stop]))
    # Most header-style threads close every comment with its buttons ("Reply", "ответить", "回复 分享");
    # where they do, what follows a comment's buttons (expanders, the page's footer) is not its text.
    closing = [_closing_button(body) for _, body in bodies]
    closes = sum(c is not None for c in closing) * 10 >= 6 * max(len(bodies), 1)
    for (item, body), close in zip(bodies, closing):
        _fill(item, body[: close + 1] if closes and close is not None else body)
        items.append(item)
    if bodies:
        starts[0] = starts[0] if starts[0] is not None else next(s for s in starts if s is not None)
    return items, min((s for s in starts if s is not None), default=end)


def _closing_button(body: list[_Line]) -> int | None:
    """Index of the last line of the first run of buttons and counts after the comment's words."""
    seen_words = False
    for i, line in enumerate(body):
        if line.kind in ("text", "name"):
            seen_words = True
        elif seen_words and line.kind == "ui":
            while i + 1 < len(body) and body[i + 1].kind in ("ui", "count", "blank"):
                i += 1
            return i
    return None


def _footer_items(lines: list[_Line], anchors: list[int], end: int) -> tuple[list[Item], int]:
    items: list[Item] = []
    spans: list[tuple[int, int, bool]] = []  # (first line, time line, shows its comment count) per item
    first_start, floor = end, 0
    for a in anchors:
        # The comment is the run of name/text lines right above its time line, back to the previous
        # comment's buttons and counts (or the thread's controls): author first, then the words.
        top = _footer_top(lines, a, floor)
        block = [j for j in range(top, a) if lines[j].kind not in ("blank", "badge", "count")]
        floor = a + 1
        if not block:
            continue
        item = Item(lines[block[0]].indent, None, None, None, _date_text(lines[a].text), likes=lines[a].count)
        body_from = block[0]
        speaker = _SPEAKER_PREFIX.match(lines[block[0]].text) if lines[block[0]].kind == "text" else None
        if lines[block[0]].kind == "name" and len(block) > 1:
            author, addressee = _clean_name(lines[block[0]].text)  # "老周 作者 回复 宇宙尽头是编制"
            item.author = (author or lines[block[0]].text).lstrip("@")
            item.addressee = addressee
            body_from = block[1]
            # A profile line under the name ("Works at …", a university) before the words.
            if len(block) > 2 and lines[block[1]].kind == "name" and lines[block[2]].kind == "text" and not lines[block[1]].text.startswith(_QUOTE_MARKS):
                body_from = block[2]
                if lines[block[1]].text in {earlier.author for earlier in items}:
                    item.addressee = lines[block[1]].text  # a reply header naming the comment it answers
        elif speaker:
            item.author = speaker.group("who")
            # "name: words" under a post that had its own name line (Tieba's 楼中楼) answers that post.
            posts = [earlier for earlier in items if not earlier.extra_speaker]
            item.extra_speaker = True
            if posts:
                item.addressee = posts[-1].author
            rest = speaker.group("rest")
            lines[block[0]] = _Line(rest, rest, lines[block[0]].indent, "text")
        first_start = min(first_start, block[0])
        trailing = a + 1
        while trailing < end and lines[trailing].kind in _SEPARATOR_KINDS:
            trailing += 1
        _take_location(item)
        _fill(item, [lines[j] for j in range(body_from, a)] + [lines[j] for j in range(a + 1, trailing)])
        items.append(item)
        spans.append((block[0], a, any(sel.COMMENT_LIST_COUNT.match(lines[j].text) for j in range(a + 1, trailing))))
    _nest_expanded_lists(lines, items, spans)
    return items, first_start


def _nest_expanded_lists(lines: list[_Line], items: list[Item], spans: list[tuple[int, int, bool]]) -> None:
    """An answer's expanded comment list (Zhihu): the answer's footer shows its comment count, the list
    ends with the comment box ("写下你的评论..."). The comments in between sit one level under the answer
    (a reply among them that names whom it answers goes under that comment when threads are built)."""
    for end, line in enumerate(lines):
        if not sel.COMMENT_LIST_END.match(line.text):
            continue
        owners = [k for k, (_, time_at, counted) in enumerate(spans) if counted and time_at < end]
        if not owners:
            continue
        owner = owners[-1]
        for k in range(owner + 1, len(items)):
            if spans[k][0] > end:
                break
            items[k].nav_depth = 1
        for item in items:
            item.nav_depth = item.nav_depth or 0


def _date_text(text: str) -> str:
    span = time_span(text)
    return text[span[1]:span[2]] if span else text


def _take_location(item: Item) -> None:
    if item.author and (loc := _LOCATION.search(item.author)):
        item.location = loc.group("loc")
        item.author = item.author[: loc.start()].strip()


def _fill(item: Item, body: list[_Line]) -> None:
    """Content lines for the comment; counts become likes, reply-to lines the addressee."""
    for line in body:
        if line.kind == "count":
            if item.likes is None:
                item.likes = line.count
            elif item.dislikes is None and line.text.startswith(("-", "−", "–")) and item.likes >= 0:
                item.dislikes = -(line.count or 0)  # "+12" then "-3": up and down votes shown apart
            continue
        if line.kind == "ui" and not sel.VOTE_LINE.match(line.text):
            item.is_reply = item.is_reply or bool(_PARENT_BUTTON.search(line.text))
            if expanded := sel.EXPANDED_REPLIES.match(line.text):
                item.replies_shown = int(next(g for g in expanded.groups() if g))
            continue
        if line.kind in ("badge", "time"):
            if line.kind == "time" and (place := _FROM_PLACE.search(line.text)):
                item.location = item.location or place.group("loc")
            continue
        reply = sel.REPLY_TO_LINE.match(line.text) if line.kind in ("name", "text") else None
        if reply and item.addressee is None and not item.content:
            item.addressee = reply.group("who").strip()
            continue
        wrote = sel.WROTE_LINE.match(line.text)
        if wrote and item.addressee is None:
            item.addressee = wrote.group("who").strip()
            continue
        item.content.append(line.raw)


def _dedupe(items: list[Item]) -> list[Item]:
    """A comment shown twice (a "pick" box above the thread) is kept once, with its longer text."""
    seen: dict[tuple[str, str], int] = {}
    keep = [True] * len(items)
    for i, item in enumerate(items):
        key = (item.author or "", item.date_raw or "")
        absolute = bool(item.date_raw) and (time_span(item.date_raw) or (None,))[0] is not None
        if item.author and absolute and key in seen:
            j = seen[key]
            shorter = j if len("".join(items[j].content)) <= len("".join(item.content)) else i
            keep[shorter] = False
        seen[key] = i
    return [item for item, kept in zip(items, keep) if kept]
