"""Dates as pages show them -> ISO 8601 local time ("2021-02-03T13:03"), en/ru/zh first-class."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from discourse.parse.selectors import BARE_AGE, MONTHS, RELATIVE_AGO

_TIME = r"(?P<H>\d{1,2})\s?[:.]\s?(?P<M>\d{2})(?:\s?:\s?(?P<S>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
_SEP = r"(?:\s*,?\s*(?:at|в|um|à|a las|,|-|–)?\s*)"
_MONTH_WORD = r"(?P<mon>[^\W\d_]{3,12}\.?)"
_PATTERNS = [
    # 14:05 12.03.2023 (RIA) / 7:30am, 15 Mar 2023 (SCMP): the time first
    re.compile(r"(?<![\d.:])" + _TIME + r"\s*,?\s+(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(r"(?<![\d.:])" + _TIME + r"\s*,?\s+(?P<d>\d{1,2})\s+" + _MONTH_WORD + r",?\s+(?P<y>\d{4})", re.I),
    # 2021-02-03T13:03:00+03:00 / 2021-02-03 13:03 / 2021/02/03 13:03
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[T\s]+" + _TIME + r")?"),
    # 2023年3月21日 14:05
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?(?:\s*" + _TIME + r")?"),
    # 3月21日 10:02 (no year: the reference year is used)
    re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?:\s*" + _TIME + r")?"),
    # 3 February 2021 13: 03 / 3 февраля 2021 в 13:03
    re.compile(r"(?P<d>\d{1,2})\s+" + _MONTH_WORD + r",?\s+(?P<y>\d{4})(?:\s*г\.?)?(?:" + _SEP + _TIME + r")?", re.I),
    # February 3, 2021 at 1:03 pm / February 03, 2021, 7:11
    re.compile(_MONTH_WORD + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?:" + _SEP + _TIME + r")?", re.I),
    # 03.02.2021 13:03 / 10-06-2022, 11:20 (day first, as in ru/de pages and DataLife Engine)
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})(?:" + _SEP + _TIME + r")?"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})(?:" + _SEP + _TIME + r")?"),
    # 03/21/2023 (US order when the middle cannot be a month... resolved below)
    re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?:" + _SEP + _TIME + r")?"),
    # 3 февраля 13:03 / 3 Feb (no year: the reference year is used)
    re.compile(r"(?P<d>\d{1,2})\s+" + _MONTH_WORD + r"(?:" + _SEP + _TIME + r")", re.I),
    # 03-21 14:05 (Chinese portals, no year)
    re.compile(r"(?<!\d)(?P<m>\d{1,2})-(?P<d>\d{1,2})\s+" + _TIME),
]
_RELATIVE_DAYS = {"today": 0, "сегодня": 0, "今天": 0, "yesterday": 1, "вчера": 1, "昨天": 1, "позавчера": 2, "前天": 2}
_RELATIVE_WORD_ONLY = re.compile(r"(?<!\w)(?:yesterday|вчера|позавчера|昨天|前天)(?:\s*(?:at|в|,)?\s*\d{1,2}:\d{2})?(?!\w)", re.I)
_RELATIVE = re.compile(r"(?P<word>today|yesterday|сегодня|вчера|позавчера|今天|昨天|前天)\s*(?:at|в|,)?\s*" + _TIME, re.I)


def _month_number(word: str) -> int | None:
    key = word.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    for prefix_len in (4, 3):
        if key[:prefix_len] in MONTHS:
            return MONTHS[key[:prefix_len]]
    return None


def _hour(groups: dict[str, str | None]) -> tuple[int, int] | None:
    if groups.get("H") is None:
        return None
    hour, minute = int(groups["H"]), int(groups["M"])
    ampm = (groups.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def _format(year: int, month: int, day: int, hm: tuple[int, int] | None) -> str | None:
    try:
        moment = date(year, month, day)
    except ValueError:
        return None
    if hm is None:
        return moment.isoformat()
    return f"{moment.isoformat()}T{hm[0]:02d}:{hm[1]:02d}"


def _from_match(match: re.Match[str], reference: datetime | None) -> str | None:
    groups = match.groupdict()
    if "a" in groups and groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        month, day = (first, second) if second > 12 or first <= 12 else (second, first)
    else:
        month = int(groups["m"]) if groups.get("m") else _month_number(groups.get("mon") or "")
        day = int(groups["d"])
    if month is None:
        return None
    if groups.get("y"):
        year = int(groups["y"])
        year = year + 2000 if year < 100 else year
    elif reference is not None:
        year = reference.year
    else:
        return None
    return _format(year, month, day, _hour(groups))


def parse_date(raw: str | None, reference: datetime | None = None) -> str | None:
    """Parse a displayed date/time; None when it cannot be placed in time."""
    found = locate_date(raw, reference)
    return found[0] if found else None


def locate_date(raw: str | None, reference: datetime | None = None) -> tuple[str, int] | None:
    """The first date/time in `raw` (ISO) and where it starts in the white-space-collapsed text."""
    found = date_span(raw, reference)
    return (found[0], found[1]) if found else None


def date_span(raw: str | None, reference: datetime | None = None) -> tuple[str, int, int] | None:
    """The first date/time in `raw`: (ISO, start, end) in the white-space-collapsed text."""
    if not raw:
        return None
    text = " ".join(raw.split())
    relative = _RELATIVE.search(text)
    if relative and reference is not None:
        day = (reference - timedelta(days=_RELATIVE_DAYS[relative.group("word").lower()])).date()
        iso = _format(day.year, day.month, day.day, _hour(relative.groupdict()))
        return (iso, relative.start(), relative.end()) if iso else None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parsed = _from_match(match, reference)
            if parsed:
                return parsed, match.start(), match.start() + len(match.group(0).rstrip())
    return None


_ANY_YEAR = datetime(2000, 1, 1)


def time_span(raw: str, reference: datetime | None = None) -> tuple[str | None, int, int] | None:
    """A shown comment time in `raw`: an absolute date (ISO) or a time relative to when the page was
    seen ("5 hr. ago", "3 часа назад", "3小时前", "2y"; ISO None, as the moment of saving is unknown)."""
    text = " ".join(raw.split())
    if BARE_AGE.match(text):  # a line that is only "3h" / "45m" / "5 мин" (Yahoo, Instagram)
        return None, 0, len(text)
    ago = RELATIVE_AGO.search(text)
    absolute = date_span(text, reference)
    if absolute is None and reference is None:
        # A year-less date ("3月21日 10:15") is still a time line; its moment stays unknown.
        probe = date_span(text, _ANY_YEAR)
        absolute = (None, probe[1], probe[2]) if probe else None
    if absolute and (ago is None or absolute[1] <= ago.start()):
        return absolute
    if absolute is None and _RELATIVE_WORD_ONLY.search(text) and reference is None:
        match = _RELATIVE_WORD_ONLY.search(text)
        return None, match.start(), match.end()
    return (None, ago.start(), ago.end()) if ago else None


def parse_reference(iso: str | None) -> datetime | None:
    """Turn an ISO date from `parse_date` back into a datetime (for year-less dates)."""
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None
