"""Saved page text (what a browser shows) -> title, lead, metadata, body, furniture, comments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from discourse.parse import selectors as sel
from discourse.parse.dates import parse_date
from discourse.parse.textcomments import classify as classify_thread_line
from discourse.parse.textcomments import name_like
from discourse.parse.textcomments import is_time_line as parse_time_line
from discourse.parse.textitems import comment_item_starts

_FURNITURE_LINE = re.compile(r"^(?:" + "|".join(sel.FURNITURE_LINES) + r")$", re.I)
_FURNITURE_ANY = [re.compile(p, re.I) for p in sel.FURNITURE_PATTERNS]
_CREDIT = [re.compile(p, re.I) for p in sel.CREDIT_PATTERNS]
_SECTION_MARKER = re.compile(r"^(?:" + "|".join(sel.COMMENT_SECTION_MARKERS) + r")\s*[:：]?$", re.I)
_BODY_END = re.compile(r"^(?:" + "|".join(sel.BODY_END_MARKERS) + r")\s*[:：]?$", re.I)
_SENTENCE_PUNCT = re.compile(r"[.!?,;:。！？，；：«»“”\"]")
_TERMINAL = re.compile(r"[.!?…。！？\"”»]\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_OPENING_FLOOR = re.compile(r"(?<!\d)1\s*楼|(?:^|\s)#1(?!\d)")
_OP_BADGE = re.compile(r"^(?:楼主|op|автор темы|topic starter|original poster)$", re.I)
_BRACKET_TITLE = re.compile(r"^(?:#[^#]{1,30}#\s*)?【(?P<title>[^】]{4,80})】(?P<rest>.+)$")
_PROSE_PUNCT = re.compile(r"[.!?。！？,，;；]")


@dataclass
class TextArticle:
    """What the article part of a saved text page holds."""

    title: str | None = None
    lead: str | None = None
    published: str | None = None
    published_raw: str | None = None
    dateline: str | None = None
    section: str | None = None
    author: str | None = None
    source: str | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)


def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE_LINE.match(line)) or any(p.match(line) for p in _FURNITURE_ANY)


def _is_credit(line: str) -> bool:
    return any(p.match(line) for p in _CREDIT)


def split_comment_section(lines: list[str]) -> tuple[int, bool]:
    """Index where the comment section starts (len(lines) if none) and whether a marker was seen."""
    seen_text = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if seen_text >= 2 and _SECTION_MARKER.match(stripped):
            return i, True
        if seen_text >= 2 and comment_item_starts(lines, i):
            return i, True
        if len(stripped) > 40:
            seen_text += 1
    return _first_timed_comment(lines), False


def _first_timed_comment(lines: list[str]) -> int:
    """No marker: the section starts at the first comment header a time line anchors, after some text."""
    from discourse.parse.textcomments import classify, date_chat_clocks, header_start

    kinds = [classify(line) for line in lines]
    date_chat_clocks(kinds)
    seen_text = 0
    for i, line in enumerate(kinds):
        if line.kind == "time" and seen_text >= 2:
            start = header_start(kinds, i)
            if start is not None and not _OPENING_FLOOR.search(line.text):
                return start  # a forum's floor 1 is the opening post: the article, not a comment
        if len(line.text) > 40 and line.kind == "text" and _TERMINAL.search(line.text):
            seen_text += 1
    return len(lines)


def _looks_like_nav(block: str) -> bool:
    """A menu or breadcrumb: many short items, no sentence punctuation."""
    if " > " in block or " » " in block or " / " in block and block.count(" / ") >= 2:
        parts = re.split(r"\s+[>»/]\s+", block)
        return len(parts) >= 3 and all(len(p) <= 30 for p in parts)
    if " | " in block or " • " in block:
        # "Home | About | Contact", "Site name | Section": every part a few words.
        parts = re.split(r"\s+[|•]\s+", block)
        return all(len(p.split()) <= 3 and len(p) <= 30 for p in parts) or (len(parts) >= 4 and all(len(p) <= 30 for p in parts))
    parts = block.split()
    # Menus are runs of short capitalised (or CJK) items; sentences have lower-case function words.
    return len(parts) >= 6 and all(len(p) <= 12 and not p[0].islower() for p in parts) and not _SENTENCE_PUNCT.search(block)


def _kind(block: str, article: TextArticle) -> str:
    if _is_credit(block):
        return "credit"
    if _is_caption(block):
        return "caption"
    if _is_furniture(block) or sel.SOURCE_LINE.match(block) or block.strip().isdigit() or _looks_like_nav(block):
        return "furniture"
    if sel.DATE_SOURCE.match(block):
        return "meta"
    if article.title and block == article.title:
        return "title-repeat"
    if sel.DATE_ONLY.match(block) or sel.SECTION_DATE.match(block):
        return "meta"
    return "text"


def site_name(lines: list[str], header_lines: int = 12) -> str | None:
    """The site's name: a footer's copyright owner that the page's header also shows on a line of its own
    (a blog's "Atoms & Steppes" over its menu). Both are asked for so that a publisher's legal name
    ("Guardian News & Media Limited") or a photo credit is not taken for it."""
    header = {" ".join(line.split()).casefold() for line in [line for line in lines if line.strip()][:header_lines]}
    for line in reversed(lines):
        owner = sel.COPYRIGHT_OWNER.match(" ".join(line.split()))
        if owner and owner.group("owner").strip().casefold() in header:
            return owner.group("owner").strip()
    return None


def _take_meta(block: str, article: TextArticle) -> None:
    section_date = sel.SECTION_DATE.match(block)
    date_source = sel.DATE_SOURCE.match(block)
    raw = section_date.group("date") if section_date else date_source.group("date") if date_source else block
    if date_source and not article.source:
        article.source = date_source.group("source").strip()
    if section_date and not article.section:
        article.section = section_date.group("section").strip()
    if not article.published:
        article.published, article.published_raw = parse_date(raw), raw
    if not article.author and (byline := sel.BYLINE_INLINE.search(block)):  # "Posted on March 12, 2023 by Name"
        article.author = byline.group("who")
    article.furniture.append(block)


def _byline(block: str) -> str | None:
    """The author a byline line names, if the line is one."""
    for pattern in (sel.BYLINE, sel.PERSON_LINE, sel.BYLINE_INLINE):
        match = pattern.search(block) if pattern is sel.BYLINE_INLINE else pattern.match(block)
        if match:
            return match.group("who").strip()
    return None


def _poster(blocks: list[str], core_start: int) -> str | None:
    """A post's author shown as a name line over the post's time (Pikabu, VK), nearest the body first."""
    for i in range(core_start - 1, max(core_start - 12, 0), -1):
        if not parse_time_line(blocks[i]):
            continue
        if (named := classify_thread_line(blocks[i]).author) and name_like(named):
            return named.lstrip("@")  # "Mirnyi_Atom 12 мар 2023 в 14:05" (Habr): the name shares the time's line
        j = i - 1
        while j >= 0 and sel.BADGE_LINE.match(blocks[j]):
            j -= 1
        if j >= 0 and name_like(blocks[j]) and not _looks_like_nav(blocks[j]) and not _is_furniture(blocks[j]) and _words(blocks[j]) <= 3:
            return blocks[j].lstrip("@")
    return None


def _opening_poster(blocks: list[str], core_start: int) -> str | None:
    """The opening post's author on a forum: a name over an "OP"/"楼主" badge (and rank lines) above it."""
    i = core_start - 1
    badges = []
    while i >= 0 and core_start - i <= 4 and (sel.BADGE_LINE.match(blocks[i]) or blocks[i].isdigit()):
        badges.append(blocks[i])
        i -= 1
    if i >= 0 and any(_OP_BADGE.match(b) for b in badges) and name_like(blocks[i]):
        return blocks[i]
    return None


def _menu_items(blocks: list[str], run: int = 3) -> set[int]:
    """Blocks in runs of `run` or more menu items (one short label per line, as menus copy)."""
    short = [len(b) <= 30 and len(b.split()) <= 3 and (not _CJK.search(b) or len(b) <= 8) and not _SENTENCE_PUNCT.search(b) for b in blocks]
    found: set[int] = set()
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and short[j]:
            j += 1
        if j - i >= run:
            found.update(range(i, j))
        i = max(j, i + 1)
    return found


def _prose(block: str) -> bool:
    """A body paragraph: long, with sentence punctuation, ending a sentence (standfirsts and captions
    usually do not end with a full stop, or carry a credit)."""
    cjk = len(_CJK.findall(block))
    long_enough = len(block) >= 80 or cjk >= 30
    return long_enough and bool(_PROSE_PUNCT.search(block)) and bool(_TERMINAL.search(block)) and not _is_caption(block) and not _is_furniture(block)


def _body_core(blocks: list[str]) -> tuple[int, int] | None:
    """First and last block of the largest cluster of prose paragraphs (gaps of up to eight other blocks:
    captions, subheads, an advert, a newsletter box); pages copied whole put menus, teasers and footers
    around it."""
    prose = [i for i, b in enumerate(blocks) if _prose(b)]
    if not prose:
        return None
    clusters: list[list[int]] = [[prose[0]]]
    for i in prose[1:]:
        if i - clusters[-1][-1] <= 9:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    best = max(clusters, key=lambda c: sum(len(blocks[i]) + len(_CJK.findall(blocks[i])) for i in c))
    start = best[0]
    # A short opening paragraph ("MOSCOW, March 5 (Reuters) - …") belongs to the body it precedes.
    while start > 0 and _TERMINAL.search(blocks[start - 1]) and _words(blocks[start - 1]) >= 6 and not _is_furniture(blocks[start - 1]):
        start -= 1
    return start, best[-1]


def _words(block: str) -> int:
    return len(_CJK.findall(block)) // 2 + len(re.findall(r"[^\W\d_]+", _CJK.sub(" ", block)))


def _title_index(blocks: list[str], menus: set[int], core: tuple[int, int] | None) -> int | None:
    """The headline: a line of a few words or more above the body, outside menus and bars, within a
    dozen blocks of the body; after the site's last long menu when there is one there."""
    if core is None:
        return None
    candidates = []
    for i in range(max(0, core[0] - 12), core[0]):
        block = blocks[i]
        if i in menus or _words(block) < 4 or len(block) > 250 or _looks_like_nav(block) or _is_furniture(block) or _is_credit(block):
            continue
        if _is_caption(block) or sel.DATE_ONLY.match(block) or sel.SECTION_DATE.match(block) or parse_time_line(block):
            continue
        candidates.append(i)
    if _BRACKET_TITLE.match(blocks[core[0]]):
        return core[0]
    long_menus = _menu_items(blocks, run=4)
    after_menu = max((i + 1 for i in long_menus if i < core[0]), default=0)
    later = [i for i in candidates if i >= after_menu]
    if all(_SENTENCE_END.search(blocks[i]) for i in later or candidates) and _headline_shaped(blocks, core):
        # Only sentences above (a channel's description): the post's first line is its headline (Telegram).
        return core[0]
    return (later or candidates or [None])[0]


_SENTENCE_END = re.compile(r"[.。]\s*$")


def _headline_shaped(blocks: list[str], core: tuple[int, int]) -> bool:
    first = blocks[core[0]]
    return core[1] > core[0] and 3 <= _words(first) <= 20 and len(first) < 200 and not _SENTENCE_END.search(first) and _prose(blocks[core[0] + 1])


def _is_caption(block: str) -> bool:
    return bool(sel.CAPTION_INLINE.search(block))


def parse_article_lines(lines: list[str]) -> TextArticle:
    """Classify the article part's blocks (one per line) into title, lead, body and the rest."""
    article = TextArticle()
    blocks = [sel.TRAILING_LINK_LABEL.sub("", " ".join(line.split())) for line in lines if line.strip()]
    menus = _menu_items(blocks)
    core = _body_core(blocks)
    title_at = _title_index(blocks, menus, core)
    kinds: list[str] = []
    ended = False
    for i, block in enumerate(blocks):
        kind = _kind(block, article)
        byline = _byline(block) if core and i < core[0] else None
        if byline and kind == "text" and not article.author and (title_at is None or i > title_at):
            article.author, kind = byline, "furniture"
            if not article.published and len(block) <= 100 and (dated := parse_date(block)):
                article.published, article.published_raw = dated, block  # "Posted on March 12, 2023 by Name"
        elif (title_at if title_at is not None else core[0] if core else -1) > i or i in menus:
            kind = "furniture" if kind in ("text", "title-repeat") else kind
        elif i == title_at:
            article.title, kind = block, "title"
            if bracketed := _BRACKET_TITLE.match(block):  # Weibo: "#话题# 【标题】正文…"
                article.title = bracketed.group("title")
                blocks[i], kind = bracketed.group("rest").strip(), "text"
        elif core and title_at is not None and title_at < i < core[0] and kind == "text":
            # Between headline and body: the standfirst, a byline, the date, counters and share bars.
            if _is_caption(block):
                kind = "caption"
            elif len(block) <= 100 and parse_date(block):
                kind = "meta"
            elif _words(block) < 6:
                kind = "furniture"
        elif core and i > core[1] and kind == "text" and not (kinds[-1:] == ["text"] and _TERMINAL.search(block) and len(block) < 400):
            kind = "furniture"  # teasers, tags and footers after the body; a short closing paragraph stays
        if kind == "text" and article.title is None:
            article.title, kind = block, "title"
        elif core and core[0] < i < core[1] and kind == "text" and _BODY_END.match(block):
            kind = "furniture"  # "Читайте также:" inside the body: it and the headline after it are not text
        elif core and core[0] < i < core[1] and kind == "text" and kinds and _BODY_END.match(blocks[i - 1]) and not _prose(block):
            kind = "furniture"
        elif ended or (kind == "text" and "text" in kinds and _BODY_END.match(block) and not (core and i < core[1])):
            ended, kind = True, "furniture"
        if core and i < core[0] and kind in ("text", "furniture") and len(block) <= 80 and not article.published:
            dated = parse_date(block)
            if dated and "T" in dated:  # "14:05, 12 марта 2023Экономика" above the headline: the page's time
                article.published, article.published_raw, kind = dated, block, "furniture"
        kinds.append(kind)
    # A short line right before a credit is a photo caption.
    for i, kind in enumerate(kinds):
        if kind == "credit" and i > 0 and kinds[i - 1] == "text" and len(blocks[i - 1]) < 300:
            first_text = kinds.index("text")
            if i - 1 == first_text or not _TERMINAL.search(blocks[i - 1]) or "meta" in kinds[i - 3:i - 1] or "title-repeat" in kinds[i - 3:i - 1]:
                kinds[i - 1] = "caption"
    if core and article.author is None:
        article.author = _poster(blocks, core[0]) or _opening_poster(blocks, core[0])
    if core and article.published is None:
        # A forum's opening post shows its time under the text ("来自…客户端1楼2023-03-21 09:48").
        for block in blocks[core[1] + 1:core[1] + 3]:
            if parse_time_line(block) and (dated := parse_date(block)) and "T" in dated:
                article.published, article.published_raw = dated, block
                break
    texts = [i for i, kind in enumerate(kinds) if kind == "text"]
    lead_index = _lead_index(blocks, kinds, texts)
    for i, (block, kind) in enumerate(zip(blocks, kinds)):
        if kind == "title":
            continue
        if kind == "meta":
            _take_meta(block, article)
        elif kind in ("furniture", "title-repeat"):
            article.furniture.append(block)
        elif kind == "credit":
            article.credits.append(block)
        elif kind == "caption":
            article.captions.append(block)
        elif i == lead_index:
            article.lead = block
        elif lead_index is not None and core and lead_index < i < core[0] and kinds[i - 1] == "text" and i - 1 >= lead_index and _words(block) >= 6:
            article.lead = f"{article.lead} {block}"  # a standfirst set as two lines (SCMP)
        else:
            if not article.body and not article.author and (reporter := sel.REPORTER_IN_DATELINE.search(block[:60])):
                article.author = reporter.group("who")
            article.body.append(_take_dateline(block, article) if not article.body else block)
    if core and article.published and "T" not in article.published:
        # A channel post: the day from the date separator above, the clock from the views line below.
        for block in blocks[core[1] + 1:core[1] + 4]:
            if clock := sel.POST_VIEWS_CLOCK.match(block):
                hour, minute = clock.group("clock").split(":")
                article.published = f"{article.published[:10]}T{int(hour):02d}:{minute}"
                break
    return article


def _lead_index(blocks: list[str], kinds: list[str], texts: list[int]) -> int | None:
    """The standfirst: a short first paragraph set apart from the body."""
    if len(texts) < 2:
        return None
    first, second = texts[0], texts[1]
    candidate = blocks[first]
    if sel.DATELINE.match(candidate) or len(candidate) > 400:
        return None
    if any(sel.DATELINE.match(blocks[i]) for i in texts[1:3]):
        return first
    if not _TERMINAL.search(candidate):
        return first
    between = kinds[first + 1:second]
    if any(kind in ("meta", "title-repeat", "caption", "credit") for kind in between):
        return first
    return None


def _take_dateline(block: str, article: TextArticle) -> str:
    match = sel.DATELINE.match(block)
    if not match:
        return block
    article.dateline = match.group("dateline").strip()
    article.source = (match.group("agency") or match.group("agency2") or match.group("agency3") or "").strip() or None
    return match.group("rest").strip()
