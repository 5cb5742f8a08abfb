"""Store: schema migrations, versioned page writes, run records, read helpers."""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import asdict
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from discourse.errors import DiscourseError
from discourse.store.aggregates import AggregateStore
from discourse.store.browse import BrowseStore
from discourse.store.framing import FramingStore
from discourse.store.predictions import PredictionStore
from discourse.types import Page

SCHEMA_VERSION = 4
_COMMENT_COLUMNS = [
    "comment_id", "page_id", "position", "parent_id", "parent_position", "depth", "author", "display_name", "published",
    "published_ts", "published_raw", "text", "own_text", "quotes", "likes", "dislikes", "lang", "native_id", "extra",
]


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("discourse.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text("utf-8")))
    return sorted(found)


def _timestamp(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store(PredictionStore, AggregateStore, FramingStore, BrowseStore):
    """A DuckDB file holding pages, comments, runs and predictions."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str, read_only: bool = False) -> None:
        self.con = connection
        self.path = path
        self.read_only = read_only

    # --- schema -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version recorded in the file (0 for a new file)."""
        try:
            rows = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            row = rows[0] if rows else None
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row else 0

    def migrate(self) -> int:
        """Apply pending migrations; return the resulting schema version."""
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise DiscourseError("E102", path=self.path, found=current, supported=SCHEMA_VERSION)
        for version, sql in _migrations():
            if version > current:
                with self.transaction():
                    self.con.execute(sql)
                    self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])
                current = version
        return current

    @contextlib.contextmanager
    def transaction(self):
        """BEGIN ... COMMIT, or ROLLBACK on any error (a failed write leaves nothing half-done)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def insert_frame(self, table: str, frame: pd.DataFrame, columns: list[str], verb: str = "INSERT") -> int:
        """Insert a DataFrame's `columns` into `table` in one columnar statement."""
        self.con.register("incoming_frame", frame)
        try:
            self.con.execute(f"{verb} INTO {table} SELECT {', '.join(columns)} FROM incoming_frame")
        finally:
            self.con.unregister("incoming_frame")
        return len(frame)

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- runs ---------------------------------------------------------------------------------

    def start_run(self, kind: str, args: dict[str, Any], tool_version: str) -> str:
        """Record the start of a run; return its id."""
        run_id = f"{kind}-{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        self.con.execute(
            "INSERT INTO runs (run_id, kind, started_at, tool_version, args, status) VALUES (?, ?, ?, ?, ?, 'running')",
            [run_id, kind, _now(), tool_version, json.dumps(args, default=str)],
        )
        return run_id

    def finish_run(self, run_id: str, status: str, **counts: Any) -> None:
        """Record a run's outcome and counts (skipped: list of dicts)."""
        skipped = counts.pop("skipped", [])
        sets = ", ".join(f"{name} = ?" for name in counts)
        values = list(counts.values())
        self.con.execute(
            f"UPDATE runs SET finished_at = ?, status = ?, skipped = ?{', ' + sets if sets else ''} WHERE run_id = ?",
            [_now(), status, json.dumps(skipped, ensure_ascii=False), *values, run_id],
        )

    # --- writes -------------------------------------------------------------------------------

    def save_page(self, page: Page, doc_key: str, run_id: str) -> str:
        """Store a page and its comments; return "new", "version" or "unchanged"."""
        if self.con.execute("SELECT 1 FROM pages WHERE page_id = ?", [page.id]).fetchall():
            return "unchanged"
        latest = self.con.execute("SELECT max(version) FROM pages WHERE doc_key = ?", [doc_key]).fetchall()[0][0]
        version = (latest or 0) + 1
        with self.transaction():
            self.con.execute("UPDATE pages SET is_current = false WHERE doc_key = ?", [doc_key])
            self.con.execute(
                "INSERT INTO pages VALUES (" + ", ".join(["?"] * 27) + ")",
                [
                    page.id, doc_key, version, True, page.path, page.url, page.site, page.source, page.lang,
                    page.title, page.lead, page.published, _timestamp(page.published), page.dateline, page.section,
                    page.author, list(page.body), list(page.captions), list(page.credits), list(page.furniture),
                    page.comments_section_present, page.format, page.profile, page.encoding, len(page.comments),
                    run_id, _now(),
                ],
            )
            if page.comments:
                # One columnar insert per page: executemany goes row by row and dominates big ingests.
                frame = pd.DataFrame(
                    [
                        (
                            c.id, c.page_id, c.position, c.parent_id, c.parent_position, c.depth, c.author,
                            c.display_name, c.published, _timestamp(c.published), c.published_raw, c.text, c.own_text,
                            json.dumps([asdict(q) for q in c.quotes], ensure_ascii=False), c.likes, c.dislikes, c.lang,
                            c.native_id, json.dumps(c.extra, ensure_ascii=False),
                        )
                        for c in page.comments
                    ],
                    columns=_COMMENT_COLUMNS,
                ).astype({"parent_position": "Int64", "likes": "Int64", "dislikes": "Int64", "published_ts": "datetime64[us]"})
                self.insert_frame("comments", frame, _COMMENT_COLUMNS)
        return "new" if version == 1 else "version"

    # --- reads --------------------------------------------------------------------------------

    def page_ids(self, current_only: bool = True) -> list[str]:
        """Ids of stored pages, newest ingest first."""
        where = "WHERE is_current" if current_only else ""
        return [r[0] for r in self.con.execute(f"SELECT page_id FROM pages {where} ORDER BY ingested_at DESC, page_id").fetchall()]

    def pages(self, current_only: bool = True) -> pd.DataFrame:
        """Page rows (without the long body arrays' furniture)."""
        where = "WHERE is_current" if current_only else ""
        return self.con.execute(f"SELECT * FROM pages {where} ORDER BY published_ts NULLS LAST, page_id").df()

    def page(self, page_id: str) -> dict[str, Any]:
        """One page row as a dict; the id may be a unique prefix."""
        rows = self.con.execute("SELECT * FROM pages WHERE page_id LIKE ? || '%'", [page_id]).df()
        if len(rows) != 1:
            raise DiscourseError("E104", page_id=page_id)
        return rows.iloc[0].to_dict()

    def comments(self, page_id: str) -> pd.DataFrame:
        """A page's comments in document order."""
        return self.con.execute("SELECT * FROM comments WHERE page_id = ? ORDER BY position", [page_id]).df()

    def counts(self) -> dict[str, int]:
        """Pages (current), page versions, comments of current pages, runs."""
        row = self.con.execute(
            "SELECT (SELECT count(*) FROM pages WHERE is_current), (SELECT count(*) FROM pages),"
            " (SELECT count(*) FROM comments c JOIN pages p USING (page_id) WHERE p.is_current), (SELECT count(*) FROM runs)"
        ).fetchall()[0]
        return dict(zip(("pages", "page_versions", "comments", "runs"), row))

    def runs(self) -> pd.DataFrame:
        """All runs, newest first."""
        return self.con.execute("SELECT * FROM runs ORDER BY started_at DESC").df()


def open_store(path: str | Path, *, create: bool = True, read_only: bool = False) -> Store:
    """Open (and migrate) the store at `path`; with create=False a missing file is an error."""
    path = Path(path)
    if not create and not path.exists():
        raise DiscourseError("E106", path=path)
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except (duckdb.Error, OSError) as exc:
        raise DiscourseError("E101", path=path, reason=exc) from exc
    store = Store(connection, str(path), read_only)
    if read_only:
        found = store.schema_version()
        if found > SCHEMA_VERSION:
            raise DiscourseError("E102", path=path, found=found, supported=SCHEMA_VERSION)
        if found < SCHEMA_VERSION:
            raise DiscourseError("E103", path=path, found=found, supported=SCHEMA_VERSION)
        return store
    store.migrate()
    return store
