"""Joins the layers: files -> parse -> store (and, later, store -> nlp -> store)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from discourse import __version__
from discourse.config import Settings
from discourse.errors import DiscourseError
from discourse.parse import ParseOptions, parse_path
from discourse.store import open_store
from discourse.types import Skipped

log = logging.getLogger(__name__)

PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".txt", ".text", ".jsonl", ".ndjson", ".json"}


@dataclass
class FileOutcome:
    """What happened to one input file."""

    path: str
    pages_new: int = 0
    pages_unchanged: int = 0
    pages_versioned: int = 0
    comments_found: int = 0
    comments_stored: int = 0
    problems: list[Skipped] = field(default_factory=list)


@dataclass
class IngestReport:
    """Totals of an ingest run, with every skipped file and its coded reason."""

    run_id: str
    db_path: str
    files_seen: int = 0
    pages_new: int = 0
    pages_unchanged: int = 0
    pages_versioned: int = 0
    comments_found: int = 0
    comments_stored: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def pages_stored(self) -> int:
        """New pages plus new versions of known pages."""
        return self.pages_new + self.pages_versioned

    @property
    def nothing_ingested(self) -> bool:
        """True when no file yielded a page (new or already known)."""
        return self.files_seen > 0 and self.pages_stored + self.pages_unchanged == 0


def parse_options(settings: Settings) -> ParseOptions:
    """The parser's share of the settings."""
    return ParseOptions(
        max_file_mb=settings.max_file_mb, max_jsonl_mb=settings.max_jsonl_mb, max_html_depth=settings.max_html_depth,
        quote_min_similarity=settings.quote_min_similarity, quote_min_words=settings.quote_min_words,
        detect_language=settings.detect_language, body_fallback=settings.body_fallback,
    )


def discover(paths: Iterable[str | os.PathLike[str]], recursive: bool) -> Iterator[Path]:
    """Files to ingest: named files as given; page-like files inside named folders."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for found in sorted(path.glob(pattern)):
                hidden = any(part.startswith(".") or part.endswith("_files") for part in found.relative_to(path).parts)
                if found.is_file() and not hidden and found.suffix.lower() in PAGE_SUFFIXES:
                    yield found
        else:
            yield path  # a missing or odd file is reported with a coded error, not silently dropped


def doc_key(page_url: str | None, path: Path, title: str | None, fmt: str) -> str:
    """What identifies 'the same page' across versions: its URL, else its file (and title for JSONL)."""
    if page_url:
        return page_url
    base = str(path.resolve())
    return f"{base}#{title}" if fmt == "jsonl" and title else base


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    *,
    fmt: str = "auto",
    recursive: bool = False,
    on_file: Callable[[Path, FileOutcome], None] | None = None,
) -> IngestReport:
    """Parse every file and store its pages; bad files are recorded, never fatal."""
    paths = list(paths)
    files = list(discover(paths, recursive))
    if not files:
        raise DiscourseError("E202", paths=", ".join(str(p) for p in paths))
    options = parse_options(settings)
    with open_store(settings.db_path) as store:
        run_id = store.start_run("ingest", {"paths": [str(p) for p in paths], "format": fmt, "recursive": recursive}, __version__)
        report = IngestReport(run_id=run_id, db_path=settings.db_path, files_seen=len(files))
        status = "failed"
        try:
            for path in files:
                outcome = _ingest_file(store, path, fmt, options, run_id)
                _add(report, outcome)
                if on_file:
                    on_file(path, outcome)
            status = "ok"
        finally:
            store.finish_run(
                run_id, status, files_seen=report.files_seen, pages_stored=report.pages_stored,
                pages_unchanged=report.pages_unchanged, comments_stored=report.comments_stored,
                files_skipped=len({s.path for s in report.skipped}), skipped=[vars(s) for s in report.skipped],
            )
    return report


def _ingest_file(store, path: Path, fmt: str, options: ParseOptions, run_id: str) -> FileOutcome:
    outcome = FileOutcome(str(path))
    try:
        pages = parse_path(path, fmt, options, outcome.problems)
    except DiscourseError as exc:
        outcome.problems.append(Skipped(str(path), exc.code, exc.message))
        log.info("skipped %s: %s", path, exc)
        return outcome
    for page in pages:
        state = store.save_page(page, doc_key(page.url, path, page.title, page.format), run_id)
        outcome.comments_found += len(page.comments)
        if state == "unchanged":
            outcome.pages_unchanged += 1
            continue
        outcome.comments_stored += len(page.comments)
        if state == "new":
            outcome.pages_new += 1
        else:
            outcome.pages_versioned += 1
    return outcome


def _add(report: IngestReport, outcome: FileOutcome) -> None:
    report.outcomes.append(outcome)
    report.pages_new += outcome.pages_new
    report.pages_unchanged += outcome.pages_unchanged
    report.pages_versioned += outcome.pages_versioned
    report.comments_found += outcome.comments_found
    report.comments_stored += outcome.comments_stored
    report.skipped.extend(outcome.problems)
