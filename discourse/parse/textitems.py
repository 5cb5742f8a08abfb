"""Comment items of saved page text: numbered items with header lines (Topwar/VO as copied), one-line
headers, and the time-line reading of textcomments for threads without them; each item's lines split into
own paragraphs, quote blocks and vote counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from discourse.parse import selectors as sel
from discourse.parse.dates import parse_date
from discourse.parse.textcomments import Item, generic_items
from discourse.parse.threads import RawComment

_SECTION_END = re.compile(r"^(?:" + "|".join(sel.COMMENT_SECTION_END) + r")\s*$", re.I)
_WHOLLY_QUOTED = re.compile(r'^\s*["“«„「『](?P<q>[^"“”«»„「」『』]{2,400})["”»“」』]\s*$')
_RELATIVE_DAY = re.compile(r"(?<!\w)(?:today|yesterday|сегодня|вчера|позавчера|今天|昨天|前天)(?!\w)", re.I)


def comment_item_starts(lines: list[str], i: int) -> bool:
    """Does a comment (numbered item with a header) begin at line i?"""
    item = sel.COMMENT_ITEM.match(lines[i])
    rest = item.group("rest") if item else lines[i].strip()
    if item and (sel.PRESENCE_LINE.match(rest) or sel.COMMENT_HEADER.match(rest)):
        return True
    if item and sel.SAYS_LINE.match(rest) and i + 1 < len(lines) and parse_date(lines[i + 1].strip()):
        return True  # WordPress: "1. Name says:" over its time line
    return bool(item) and i + 1 < len(lines) and bool(sel.COMMENT_HEADER.match(lines[i + 1].strip()))


def _header(rest: str, next_line: str | None) -> tuple[str | None, str | None, str | None, bool]:
    """(author, display name, raw date, consumed next line) from an item line and the next one."""
    presence = sel.PRESENCE_LINE.match(rest)
    if presence and next_line is not None:
        header = sel.COMMENT_HEADER.match(next_line.strip())
        if header:
            return header.group("author"), header.group("name"), header.group("date"), True
        return presence.group("handle"), None, None, False
    header = sel.COMMENT_HEADER.match(rest)
    if header:
        return header.group("author"), header.group("name"), header.group("date"), False
    says = sel.SAYS_LINE.match(rest)
    if says and next_line is not None and parse_date(next_line.strip()):
        return says.group("author"), None, next_line.strip(), True
    if next_line is not None and (header := sel.COMMENT_HEADER.match(next_line.strip())):
        return header.group("author"), header.group("name"), header.group("date"), True
    return None, None, None, False


def _collect_items(lines: list[str]) -> tuple[list[Item], list[str]]:
    items: list[Item] = []
    stray: list[str] = []
    numbered = any(comment_item_starts(lines, i) and sel.COMMENT_ITEM.match(lines[i]) for i in range(len(lines)))
    closed = True  # no open comment takes content lines
    i = 0
    while i < len(lines):
        line = lines[i]
        match = sel.COMMENT_ITEM.match(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        header = _header(match.group("rest").strip(), nxt) if match else (None, None, None, False)
        if match and header[0] is not None and header[2] is not None:
            indent = len(match.group("indent").expandtabs(4))
            items.append(Item(indent, int(match.group("num")), header[0], header[1], header[2]))
            closed = False
            i += 2 if header[3] else 1
            continue
        unnumbered = sel.COMMENT_HEADER.match(line.strip()) if not numbered and not line[:1].isspace() else None
        if unnumbered:
            indent = len(line) - len(line.lstrip())
            items.append(Item(indent, None, unnumbered.group("author"), unnumbered.group("name"), unnumbered.group("date")))
            if unnumbered.group("loc"):
                items[-1].location = unnumbered.group("loc")
            closed = False
        elif _SECTION_END.match(line.strip()):
            closed = True
            stray.append(line.strip())
        elif items and not closed and not (numbered and line.strip() and _indent(line) <= items[-1].indent):
            items[-1].content.append(line)
        elif line.strip():
            closed = closed or bool(items)
            stray.append(" ".join(line.split()))
        i += 1
    return items, stray


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _depths(items: list[Item]) -> list[int]:
    """Depth from indentation when the text kept it, else from restarting numbering."""
    indents = sorted({item.indent for item in items})
    if len(indents) > 1:
        return [indents.index(item.indent) for item in items]
    depths: list[int] = []
    numbers: list[int] = []  # last number seen at each depth
    for item in items:
        if item.number is None:
            depth = 0
        elif numbers and item.number == 1:
            depth = len(numbers)
        else:
            level = next((d for d in range(len(numbers) - 1, -1, -1) if numbers[d] + 1 == item.number), 0)
            depth = level
        del numbers[depth:]
        numbers.append(item.number or 0)
        depths.append(depth)
    return depths


@dataclass
class _Content:
    paragraphs: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str | None]] = field(default_factory=list)
    shown: str = ""
    likes: int | None = None
    dislikes: int | None = None


def _content_blocks(content: list[str]) -> _Content:
    """Split a comment's lines into own paragraphs, quote blocks and vote counters."""
    lines = [line.expandtabs(4).rstrip() for line in content]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    out = _Content()
    shown: list[str] = []
    dropped: list[str] = []  # vote-like lines; a comment that is only "👍" keeps them as its words
    base = min((_indent(line) for line in lines if line.strip()), default=0)
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        votes = sel.VOTE_LINE.match(stripped) if stripped else None
        if votes:
            out.likes = int(votes.group("likes")) if votes.group("likes") else out.likes
            out.dislikes = int(votes.group("dislikes")) if votes.group("dislikes") else out.dislikes
            dropped.append(stripped)
            i += 1
            continue
        marker = sel.QUOTE_MARKER.match(stripped) or sel.FLOOR_HEADER.match(stripped)
        deeper = bool(stripped) and _indent(lines[i]) > base + 1
        if marker or deeper:
            who = (marker.group("who") if "who" in marker.groupdict() else marker.group("author")) if marker else None
            j = i + 1 if marker else i
            block = []
            # A quote runs to a blank line (marked) or while lines stay deeper than the comment's own text.
            floor = bool(marker) and bool(sel.FLOOR_HEADER.match(stripped))
            while j < len(lines) and lines[j].strip() and not sel.FLOOR_HEADER.match(lines[j].strip()):
                if (not marker or floor) and _indent(lines[j]) <= base + 1:
                    # A floor quoted flush with the reply (NetEase as copied text) is the one line under its header.
                    if floor and not block and j == i + 1:
                        block.append(lines[j].strip())
                        j += 1
                    break
                block.append(lines[j].strip())
                j += 1
            if block:
                out.quotes.append((" ".join(block), (who or "").strip() or None))
            shown.extend(lines[k].strip() for k in range(i, j))
            i = max(j, i + 1)
            continue
        if stripped and not sel.COMMENT_UI_TEXT.match(stripped):
            out.paragraphs.append(stripped)
        shown.append(stripped)
        i += 1
    # A paragraph wholly in quotation marks, with the commenter's words after it, quotes something.
    while len(out.paragraphs) > 1 and (whole := _WHOLLY_QUOTED.match(out.paragraphs[0])):
        out.quotes.append((whole.group("q"), None))
        out.paragraphs.pop(0)
    if not out.paragraphs and not out.quotes and dropped:
        out.paragraphs = [line for line in dropped if not any(ch.isdigit() for ch in line)]
        shown.extend(out.paragraphs)
    out.shown = "\n".join(shown).strip()
    return out


def _comment_time(raw: str | None, reference, reference_iso: str | None) -> str | None:
    """A comment's time. "вчера в 09:12" / "today at 8:30" count from the day the page was saved, which
    is unknown; placed against the article's date they can land before the article, which no comment
    can: such a time is dropped (the shown text stays in published_raw)."""
    moment = parse_date(raw, reference)
    if moment and reference_iso and _RELATIVE_DAY.search(raw or "") and moment < reference_iso:
        return None
    return moment


def parse_comment_lines(lines: list[str], reference_iso: str | None = None) -> tuple[list[RawComment], list[str]]:
    """Comment section lines -> raw comments (document order) and stray furniture lines."""
    from discourse.parse.dates import parse_reference

    items, stray = _collect_items(lines)
    if not any(item.number is not None for item in items):
        # Without numbered items, one-line headers ("Name 12 мар 2023 в 14:05") may be a feed after the
        # thread; the time-line reading wins when it finds many more comments.
        timed, timed_stray = generic_items(lines, reference_iso[:10] if reference_iso else None)
        if len(timed) > 1.5 * len(items):
            items, stray = timed, timed_stray
    reference = parse_reference(reference_iso)
    raws = []
    navigated = any(item.nav_depth is not None for item in items)
    depths = [item.nav_depth or 0 for item in items] if navigated else _depths(items)
    for item, depth in zip(items, depths):
        content = _content_blocks(item.content)
        raws.append(
            RawComment(
                paragraphs=content.paragraphs, author=(item.author or "").strip() or None,
                display_name=(item.display_name or "").strip() or None,
                published=_comment_time(item.date_raw, reference, reference_iso), published_raw=item.date_raw,
                depth=depth, marked_quotes=content.quotes, text=content.shown,
                likes=content.likes if content.likes is not None else item.likes,
                dislikes=content.dislikes if content.dislikes is not None else item.dislikes,
                addressee=item.addressee, is_reply=item.is_reply, extra={"location": item.location} if item.location else {},
            )
        )
    return raws, [s for s in stray if s]
