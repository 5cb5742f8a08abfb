"""Joins the layers: files -> parse -> store (and, later, store -> nlp -> store)."""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from discourse import __version__
from discourse.config import REPO_MODELS, Settings
from discourse.errors import DiscourseError
from discourse.parse import ParseOptions, parse_path
from discourse.parse.containers import inner_name
from discourse.store import open_store
from discourse.types import Skipped

log = logging.getLogger(__name__)

PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht", ".txt", ".text", ".jsonl", ".ndjson", ".json"}


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
    ignored: dict[str, int] = field(default_factory=dict)  # files in named folders that are not pages, by suffix

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


def is_page_file(path: Path) -> bool:
    """A page-like name, compressed or not (the parser unwraps it): page.html, comments.jsonl, page.html.gz, save.mht."""
    return Path(inner_name(path.name)).suffix.lower() in PAGE_SUFFIXES


def discover(paths: Iterable[str | os.PathLike[str]], recursive: bool, ignored: Counter | None = None) -> Iterator[Path]:
    """Files to ingest: named files as given; page-like files inside named folders (the other files
    there are counted by suffix in `ignored`, so the summary can say what was left out)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for found in sorted(path.glob(pattern)):
                hidden = any(part.startswith(".") or part.endswith("_files") for part in found.relative_to(path).parts)
                if not found.is_file() or hidden:
                    continue
                if is_page_file(found):
                    yield found
                elif ignored is not None:
                    ignored["".join(found.suffixes[-2:]).lower() or "(no suffix)"] += 1
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
    ignored: Counter = Counter()
    files = list(discover(paths, recursive, ignored))
    if not files:
        raise DiscourseError("E202", paths=", ".join(str(p) for p in paths))
    options = parse_options(settings)
    with open_store(settings.db_path) as store:
        run_id = store.start_run("ingest", {"paths": [str(p) for p in paths], "format": fmt, "recursive": recursive}, __version__)
        report = IngestReport(run_id=run_id, db_path=settings.db_path, files_seen=len(files), ignored=dict(ignored.most_common()))
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


# --- classification: store -> nlp -> store ----------------------------------------------------


def default_classifier(settings: Settings, *, backbone: str | None = None, models_dir: Path | None = None):
    """The heads named in the settings, on the backbone they were trained on (or `backbone`), loaded the way
    every command loads them (length, batch, threads and abstain threshold from the settings)."""
    from discourse.nlp.classify import Classifier

    return Classifier.load(Path(models_dir or REPO_MODELS), settings.home_dir, sentiment=settings.sentiment_head, stance=settings.stance_head,
                           backbone=backbone, max_length=settings.max_length, batch_size=settings.batch_size, threads=settings.threads,
                           abstain_below=settings.abstain_below)


@dataclass
class ClassifyReport:
    """Totals of a classification run."""

    run_id: str
    target: str
    items: int = 0
    predictions: int = 0
    pages_aggregated: int = 0
    failed_batches: list[str] = field(default_factory=list)
    seconds: float = 0.0
    replies: int = 0


def classify(
    settings: Settings,
    *,
    target: str | None = None,
    kinds: tuple[str, ...] = ("comment", "paragraph", "quote"),
    models_dir: Path | None = None,
    on_batch: Callable[[int, int], None] | None = None,
    classifier=None,
    replies: bool = True,
) -> ClassifyReport:
    """Classify every comment's own words and every article paragraph not yet classified for this
    target and these heads; resumable (finished batches are committed), a failing batch is reported."""
    import time

    from discourse.nlp.targets import load_targets, resolve_target

    started = time.perf_counter()
    models_dir = Path(models_dir or REPO_MODELS)
    registry, default = load_targets(models_dir / "targets.yaml")
    spec = resolve_target(target or settings.target, registry, default)
    classifier = classifier or default_classifier(settings, models_dir=models_dir)
    sentiment_head, stance_head = classifier.head_names
    with open_store(settings.db_path, create=False) as store:
        run_id = store.start_run("classify", {"target": spec.key, "sentiment": sentiment_head, "stance": stance_head}, __version__)
        report = ClassifyReport(run_id=run_id, target=spec.key)
        total = store.count_pending(list(kinds), sentiment_head, stance_head, spec.key)
        failed: list[str] = []
        done: set[str] = set()
        status = "failed"
        try:
            while True:
                batch = store.pending(list(kinds), sentiment_head, stance_head, spec.key, settings.chunk_size, failed)
                again = batch["item_id"].isin(done)
                if again.any():  # predicted this run yet still pending: never loop, report it
                    failed.extend(batch.loc[again, "item_id"])
                    report.failed_batches.append(f"{int(again.sum())} items stayed unclassified after prediction (head names differ?)")
                    batch = batch[~again]
                if batch.empty:
                    break
                # The encoder sorts a whole chunk by length and batches it itself: less padding than
                # fixed batches in id order; a failing chunk is retried batch by batch to isolate it.
                for chunk in _predict_chunks(classifier, batch, spec, settings.batch_size, report):
                    chunk["run_id"] = run_id
                    chunk["created_at"] = utc_now()
                    report.predictions += store.write_predictions(chunk)
                    items = chunk["item_id"].unique()
                    report.items += len(items)
                    done.update(items)
                    if on_batch:
                        on_batch(report.items, total)
                failed.extend(batch.loc[~batch["item_id"].isin(done), "item_id"])
            for task, head in (("sentiment", sentiment_head), ("stance", stance_head)):
                report.pages_aggregated = store.aggregate_pages(task, "" if task == "sentiment" else spec.key, head, run_id, settings.abstain_below)
            if replies and hasattr(classifier, "predict_replies"):
                report.replies = _classify_replies(store, classifier, stance_head, run_id, settings.batch_size, settings.chunk_size, report)
            status = "ok"
        finally:
            report.seconds = time.perf_counter() - started
            store.finish_run(run_id, status, items_classified=report.items, batches_failed=len(report.failed_batches), skipped=[{"batch": b} for b in report.failed_batches])
    return report


def _predict_chunks(classifier, batch, spec, batch_size: int, report: ClassifyReport):
    """Predictions for a chunk of items; on failure, batch by batch, reporting the batches that fail."""
    try:
        yield classifier.predict(batch, spec)
        return
    except Exception as exc:  # noqa: BLE001 - isolate the bad batch below
        log.warning("chunk of %d items failed (%s); retrying batch by batch", len(batch), exc)
    for start in range(0, len(batch), batch_size):
        part = batch.iloc[start:start + batch_size]
        try:
            yield classifier.predict(part, spec)
        except Exception as exc:  # noqa: BLE001 - a bad batch is reported, the run goes on
            report.failed_batches.append(f"{part['item_id'].iloc[0]}..: {type(exc).__name__}: {exc}")


def _classify_replies(store, classifier, head: str, run_id: str, batch_size: int, chunk_size: int, report: ClassifyReport) -> int:
    """Reply stance toward the parent (agree / disagree / neutral) for every reply not yet scored."""
    done, failed = 0, []
    while True:
        batch = store.pending_replies(head, chunk_size, failed)
        if batch.empty:
            return done
        for start in range(0, len(batch), batch_size):
            chunk = batch.iloc[start:start + batch_size]
            try:
                predicted = classifier.predict_replies(chunk)
            except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                failed.extend(chunk["item_id"])
                report.failed_batches.append(f"reply stance {chunk['item_id'].iloc[0]}..: {type(exc).__name__}: {exc}")
                continue
            predicted["run_id"], predicted["created_at"] = run_id, utc_now()
            store.write_predictions(predicted)
            done += len(chunk)
            failed.extend(chunk["item_id"])  # never pick the same replies twice in one run


def utc_now():
    """Now, UTC, without zone (DuckDB TIMESTAMP)."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).replace(tzinfo=None)


# --- official framing: quotes and frames ------------------------------------------------------


@dataclass
class FramingReport:
    """Totals of a framing run."""

    run_id: str
    pages: int = 0
    quotes: int = 0
    items_scored: int = 0
    frame_hits: int = 0


def extract_official_quotes(store, run_id: str) -> tuple[int, int]:
    """Speaker-quote pairs for every current page (replaced each run; rules are deterministic)."""
    from discourse.nlp.speakers import extract_quotes

    pages = store.current_pages()
    total = 0
    for row in pages.itertuples():
        found = extract_quotes(list(row.body) if row.body is not None else [], row.lang)
        rows = [dict(quote_id=f"{row.page_id}:q{i}", page_id=row.page_id, paragraph=q.paragraph, position=i, speaker=q.speaker,
                     role=q.role, text=q.text, kind=q.kind, cue=q.cue) for i, q in enumerate(found)]
        total += store.replace_quotes(row.page_id, rows, run_id)
    return len(pages), total


def frames(settings: Settings, *, models_dir: Path | None = None, scorer=None, detector: str = "frames.e5.v1",
           on_batch: Callable[[int], None] | None = None) -> FramingReport:
    """Extract official quotes, then detect frames in paragraphs, official quotes and comments not yet scored."""
    import json

    import pandas as pd

    from discourse.nlp.frames import FrameScorer, load_codebook

    models_dir = Path(models_dir or REPO_MODELS)
    record = json.loads((models_dir / f"{detector}.json").read_text("utf-8"))
    codebook_name = f"{record['codebook']['name']}.v{record['codebook']['version']}"
    if scorer is None:
        from discourse.nlp.encoders import load_encoder

        _, codebook = load_codebook(models_dir / "codebooks" / f"{codebook_name}.yaml")
        encoder = load_encoder(record["backbone"], settings.home_dir, max_length=settings.max_length, batch_size=settings.batch_size,
                               threads=settings.threads, models_dir=models_dir)
        scorer = FrameScorer(encoder, codebook, cue_bonus=record["cue_bonus"], thresholds=record["thresholds"], max_frames=record["max_frames"])
    with open_store(settings.db_path, create=False) as store:
        run_id = store.start_run("frames", {"detector": detector}, __version__)
        report = FramingReport(run_id)
        status = "failed"
        try:
            report.pages, report.quotes = extract_official_quotes(store, run_id)
            while True:
                batch = store.unframed(detector, settings.chunk_size)
                if batch.empty:
                    break
                hits = scorer.detect(batch["text"].tolist())
                rows = []
                for item, found in zip(batch.itertuples(), hits):
                    for frame_id, score in found or [("", 0.0)]:
                        rows.append(dict(item_id=item.item_id, item_kind=item.item_kind, page_id=item.page_id, frame=frame_id,
                                         score=score, codebook=codebook_name, detector=detector, run_id=run_id))
                store.write_frames(pd.DataFrame(rows))
                report.items_scored += len(batch)
                report.frame_hits += sum(1 for r in rows if r["frame"])
                if on_batch:
                    on_batch(report.items_scored)
            status = "ok"
        finally:
            store.finish_run(run_id, status, items_classified=report.items_scored)
    return report


@dataclass
class ThemesReport:
    """Totals of a themes run."""

    run_id: str
    comments: int = 0
    themes: list = field(default_factory=list)


def themes(settings: Settings, *, encoder=None, k: int | None = None, seed: int = 0) -> ThemesReport:
    """Cluster the comments' own words into themes with keywords and representative comments."""
    import json

    import pandas as pd

    from discourse.nlp.themes import find_themes

    if encoder is None:
        from discourse.nlp.encoders import load_encoder

        encoder = load_encoder(settings.backbone, settings.home_dir, max_length=settings.max_length, batch_size=settings.batch_size, threads=settings.threads)
    with open_store(settings.db_path, create=False) as store:
        run_id = store.start_run("themes", {"k": k, "seed": seed, "encoder": encoder.name}, __version__)
        report = ThemesReport(run_id)
        status = "failed"
        try:
            comments = store.comment_texts()
            report.comments = len(comments)
            if len(comments) >= 2:
                vectors = encoder.encode(comments["text"].tolist())
                labels, found = find_themes(vectors, comments["text"].tolist(), comments["lang"].fillna("").tolist(), k=k, seed=seed)
                ids = comments["comment_id"].tolist()
                table = pd.DataFrame([{"run_id": run_id, "theme": t.theme, "size": t.size, "keywords": json.dumps(list(t.keywords), ensure_ascii=False),
                                       "representatives": json.dumps([ids[i] for i in t.representatives]), "model": encoder.name} for t in found])
                assignment = pd.DataFrame({"run_id": run_id, "comment_id": ids, "page_id": comments["page_id"], "theme": labels.astype(int)})
                store.write_themes(run_id, table, assignment)
                report.themes = found
            status = "ok"
        finally:
            store.finish_run(run_id, status, items_classified=report.comments)
    return report
