"""Pages in, Page/Comment records out. Never imports nlp, store or torch."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from discourse.errors import DiscourseError
from discourse.parse.containers import DAMAGED_STREAM, inner_name, unwrap
from discourse.parse.decode import decode_bytes, sniff_format
from discourse.types import Page, Skipped

__all__ = ["ParseOptions", "parse_bytes", "parse_path", "page_id_for"]


@dataclass(frozen=True)
class ParseOptions:
    """The parser's share of the settings."""

    max_file_mb: float = 40.0
    max_jsonl_mb: float = 2048.0
    max_html_depth: int = 400
    quote_min_similarity: float = 0.8
    quote_min_words: int = 3
    detect_language: bool = True
    body_fallback: bool = False


def page_id_for(data: bytes) -> str:
    """A page's id: the content hash of its source bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def _read(path: Path, limit_mb: float) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise DiscourseError("E012", path=path) from exc
    except OSError as exc:
        raise DiscourseError("E001", path=path, reason=exc.strerror or exc) from exc
    if size > limit_mb * 1024 * 1024:
        raise DiscourseError("E004", path=path, size_mb=size / 1048576, limit_mb=limit_mb)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DiscourseError("E001", path=path, reason=exc.strerror or exc) from exc


def parse_path(path: str | os.PathLike[str], fmt: str = "auto", options: ParseOptions | None = None, problems: list[Skipped] | None = None) -> list[Page]:
    """Parse one file into pages (JSONL may hold many); raise DiscourseError on bad input.

    Problems that spoil only part of a file (a bad JSONL line) are appended to `problems`.
    """
    options = options or ParseOptions()
    path = Path(path)
    if fmt not in ("auto", "text", "html", "jsonl"):
        raise DiscourseError("E008", path=path, fmt=fmt)
    if fmt == "jsonl" or (fmt == "auto" and Path(inner_name(path.name)).suffix.lower() in (".jsonl", ".ndjson", ".json")):
        from discourse.parse.jsonl import parse_jsonl

        # JSONL is streamed, so its size limit is far larger than a page's.
        size = path.stat().st_size if path.exists() else 0
        if size > options.max_jsonl_mb * 1048576:
            raise DiscourseError("E004", path=path, size_mb=size / 1048576, limit_mb=options.max_jsonl_mb)
        if not path.exists():
            raise DiscourseError("E012", path=path)
        try:
            return parse_jsonl(path, options, problems)
        except DAMAGED_STREAM as exc:  # a compressed JSONL file cut off or corrupt part-way through
            raise DiscourseError("E014", path=path, kind="compressed", reason=exc) from exc
        except OSError as exc:
            raise DiscourseError("E001", path=path, reason=exc.strerror or exc) from exc
    data = _read(path, options.max_file_mb)
    return [parse_bytes(data, str(path), fmt, options)]


def parse_bytes(data: bytes, path: str, fmt: str = "auto", options: ParseOptions | None = None) -> Page:
    """Parse one page's bytes (HTML or saved text)."""
    options = options or ParseOptions()
    page_bytes = unwrap(data, path, int(options.max_file_mb * 1048576))
    text, encoding = decode_bytes(page_bytes.data, path, page_bytes.charset)
    if page_bytes.container:
        encoding = f"{encoding} ({page_bytes.container})"
    kind = sniff_format(text, page_bytes.name) if fmt == "auto" else fmt
    page_id = page_id_for(page_bytes.data)
    try:
        if kind == "html":
            from discourse.parse.htmlpage import as_html_fallback, markup_to_text, parse_html

            page = parse_html(text, path, page_id, encoding, options, url=page_bytes.url)
            if not page.body and not page.comments:
                # Malformed or absurdly nested markup can defeat the HTML parser; keep the words.
                from discourse.parse.builder import parse_text

                page = as_html_fallback(page, parse_text(markup_to_text(text), path, page_id, encoding, options))
        elif kind == "text":
            from discourse.parse.builder import parse_text

            page = parse_text(text, path, page_id, encoding, options)
        else:
            raise DiscourseError("E008", path=path, fmt=kind)
    except DiscourseError:
        raise
    except RecursionError as exc:
        raise DiscourseError("E009", path=path, reason="nesting too deep") from exc
    except Exception as exc:  # noqa: BLE001 - any parser bug becomes a coded, per-file error
        raise DiscourseError("E010", path=path, reason=f"{type(exc).__name__}: {exc}") from exc
    if not page.body and not page.comments and not page.title:
        raise DiscourseError("E006", path=path)
    return page
