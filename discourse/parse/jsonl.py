"""JSON Lines of already-scraped comments (one comment per line), grouped into pages.

Schema (one object per line; only `text` is required):
  page_url, page_title, page_published, page_body, source, lang,
  comment_id, parent_id, author, display_name, published, text, likes, dislikes
Lines with "type": "page" describe a page itself (url, title, lead, published, body, source, lang).
A `.json` file holding a list of such objects (or {"comments": [...]}) is read the same way, and a `.json`
file that is really JSON Lines is read line by line.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from discourse.errors import DiscourseError
from discourse.parse.builder import thread_comments
from discourse.parse.containers import DAMAGED_STREAM, inner_name, open_binary
from discourse.parse.dates import parse_date
from discourse.parse.lang import detect_language
from discourse.parse.threads import RawComment
from discourse.types import Page, Skipped

if TYPE_CHECKING:
    from discourse.parse import ParseOptions


def _records(path: Path, problems: list[Skipped]):
    """(line number, object) for every well-formed record; bad lines become coded problems.
    A `.json` file is one document (a list of records, or {"comments": [...]}) unless it turns out to be
    JSON Lines under another name, which many scrapers write."""
    if inner_name(path.name).lower().endswith(".json"):
        try:
            with open_binary(path) as handle:
                text = handle.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DiscourseError("E007", path=path, line=1, reason=exc) from exc
        except DAMAGED_STREAM as exc:
            raise DiscourseError("E014", path=path, kind="compressed", reason=exc) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            lines = list(enumerate(text.splitlines(), start=1))
            # Several documents, or a bad line among lines that are records each: JSON Lines, kept line by line.
            if exc.msg == "Extra data" or any(_is_record(line) for _, line in lines):
                yield from ((n, r) for n, line in lines if (r := _parsed_line(path, n, line, problems)) is not None)
                return
            raise DiscourseError("E007", path=path, line=exc.lineno, reason=exc) from exc
        items = data.get("comments", data.get("pages", [data])) if isinstance(data, dict) else data
        yield from enumerate(items if isinstance(items, list) else [items], start=1)
        return
    number = 0
    with io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", errors="replace") as handle:
        try:
            # streamed: records are yielded as lines are read, so a large file is never held whole
            for number, line in enumerate(handle, start=1):
                if (record := _parsed_line(path, number, line, problems)) is not None:
                    yield number, record
        except DAMAGED_STREAM as exc:
            # a compressed file cut off part-way: keep the records read so far, report the rest as lost
            reason = f"{exc}; lines 1-{number} were kept"
            problems.append(Skipped(str(path), "E014", DiscourseError("E014", path=path, kind="compressed", reason=reason).message))


def _is_record(line: str) -> bool:
    """A line that is a JSON object on its own."""
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _parsed_line(path: Path, number: int, line: str, problems: list[Skipped]) -> Any:
    """The JSON value on a line; None for a blank line, or for a malformed one (an E007 problem then)."""
    if not line.strip():
        return None
    try:
        return json.loads(line)
    except ValueError as exc:
        problems.append(Skipped(str(path), "E007", DiscourseError("E007", path=path, line=number, reason=exc).message))
        return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def parse_jsonl(path: Path, options: "ParseOptions", problems: list[Skipped] | None = None) -> list[Page]:
    """Read a JSONL/JSON file of comments (and optional page records) into pages."""
    problems = problems if problems is not None else []
    pages: dict[str, dict[str, Any]] = {}
    digests: dict[str, Any] = {}
    missing: list[int] = []
    for number, record in _records(path, problems):
        if not isinstance(record, dict):
            problems.append(Skipped(str(path), "E011", DiscourseError("E011", path=path, line=number, field="text").message))
            continue
        key = _text(record.get("page_url") or record.get("url") if record.get("type") == "page" else record.get("page_url")) or _text(record.get("page_title")) or path.name
        page = pages.setdefault(key, {"meta": {}, "comments": []})
        digests.setdefault(key, hashlib.sha256()).update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
        if record.get("type") == "page":
            page["meta"] = record
            continue
        if not _text(record.get("text")).strip():
            missing.append(number)
            continue
        page["comments"].append(record)
        for field in ("page_title", "page_published", "page_body", "source", "page_lang"):
            page["meta"].setdefault(field.replace("page_", ""), record.get(field))
        page["meta"].setdefault("url", record.get("page_url"))
    if missing and any(data["comments"] for data in pages.values()):
        # Only a file that is otherwise a comments file reports its text-less lines one by one.
        problems.extend(Skipped(str(path), "E011", DiscourseError("E011", path=path, line=n, field="text").message) for n in missing)
    usable = {key: data for key, data in pages.items() if data["comments"] or data["meta"].get("body")}
    if not usable:
        raise DiscourseError("E013", path=path)
    return [_page(path, key, data, digests[key].hexdigest()[:16], options) for key, data in usable.items()]


def _page(path: Path, key: str, data: dict[str, Any], page_id: str, options: "ParseOptions") -> Page:
    meta = data["meta"]
    body_value = meta.get("body") or ""
    body = [p.strip() for p in (body_value if isinstance(body_value, list) else _text(body_value).split("\n")) if p and str(p).strip()]
    published = parse_date(_text(meta.get("published"))) if meta.get("published") else None
    raws = [
        RawComment(
            paragraphs=[p.strip() for p in _text(c.get("text")).split("\n") if p.strip()],
            author=_text(c.get("author")) or None, display_name=_text(c.get("display_name")) or None,
            published=parse_date(_text(c.get("published"))), published_raw=_text(c.get("published")) or None,
            native_id=_text(c.get("comment_id") or c.get("id")) or None, parent_native_id=_text(c.get("parent_id")) or None,
            likes=_int(c.get("likes")), dislikes=_int(c.get("dislikes")), lang=_text(c.get("lang")) or None,
            text=_text(c.get("text")),
        )
        for c in data["comments"]
    ]
    lang = _text(meta.get("lang")) or (detect_language(" ".join(body) or " ".join(r.text or "" for r in raws)) if options.detect_language else None)
    title = _text(meta.get("title")) or None
    return Page(
        id=page_id, path=str(path), body=tuple(body), format="jsonl", profile="jsonl.v1",
        url=_text(meta.get("url")) or None, source=_text(meta.get("source")) or None, lang=lang, title=title,
        lead=_text(meta.get("lead")) or None, published=published, author=_text(meta.get("author")) or None,
        comments_section_present=bool(raws), comments=thread_comments(page_id, raws, body, title, lang, options),
    )
