"""Exports with provenance: tidy CSV (commented header), JSON (documented schema), Parquet (via
DuckDB, key-value metadata), XLSX (a provenance sheet), and a `.provenance.json` sidecar."""

from __future__ import annotations

import io
import json
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from discourse.errors import DiscourseError
from discourse.stats.shares import INTERVALS, MEASURES, ShareQuery, class_shares, latest_heads, resolve_head
from discourse.store import open_store

FORMATS = ("csv", "json", "parquet", "xlsx", "gexf")
WHATS = ("stance", "sentiment", "comments", "pages", "frames", "gap", "threads", "network")
JSON_SCHEMA = {
    "rows": "list of objects, one per row of the table (tidy long format for stance/sentiment)",
    "columns (stance/sentiment)": {
        "who": "public (comments' own words) | official (article paragraphs)",
        "task": "stance | sentiment", "target": "stance target ('' for sentiment)",
        "<group>": "one column per --by key (page, source, lang, date_week, date_month, depth, author, theme, frame; an item counts once in each of its frames)",
        "class": "favor/against/none or negative/neutral/positive", "measure": MEASURES,
        "value": "the count or share", "ci_low": "lower 95 % bound (null for counts)", "ci_high": "upper 95 % bound",
        "interval": INTERVALS, "n": "items in the group", "n_pages": "pages in the group",
    },
    "provenance": "how the numbers were produced (see the .provenance.json sidecar)",
}


def head_confusion(models_dir: Path, head: str) -> list[list[float]] | None:
    """The head's confusion matrix on the project's held-out examples (summed over languages), from
    its training record; None when the head has none (e.g. a plugged-in model)."""
    record = Path(models_dir) / f"{head}.json"
    if not record.is_file():
        return None
    metrics = json.loads(record.read_text("utf-8")).get("metrics", {})
    mats = [m["confusion"] for name, m in metrics.items() if name.startswith("written_test") and "confusion" in m]
    if not mats:
        return None
    total = [[sum(m[i][j] for m in mats) for j in range(len(mats[0]))] for i in range(len(mats[0]))]
    return total


def build_table(db_path: str, what: str, query: ShareQuery) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The table for `--what` and its provenance."""
    if what not in WHATS:
        raise DiscourseError("E211", field="kind", value=what, allowed=", ".join(WHATS))
    if what in ("threads", "network"):
        from discourse.stats.threads import reply_network, tree_metrics

        frame = tree_metrics(db_path, query.filters) if what == "threads" else reply_network(db_path, query.filters)
        head, task = None, "stance"
    elif what in ("frames", "gap"):
        from discourse.stats.gap import GapQuery, frame_shares, stance_gap

        gap_query = GapQuery(target=query.target, by=query.by, bootstrap=query.bootstrap, seed=query.seed, filters=query.filters,
                             min_confidence=query.min_confidence)
        frame = stance_gap(db_path, gap_query) if what == "gap" else frame_shares(db_path, gap_query)
        head = frame.attrs.get("head")
        task = "stance"
    elif what in ("stance", "sentiment"):
        frame = class_shares(db_path, ShareQuery(**{**query.__dict__, "task": what}))
        head = frame.attrs["head"]
        task = what
    else:
        with open_store(db_path, create=False, read_only=True) as store:
            sentiment, stance = latest_heads(store, query.target)
            frame = (store.comment_rows(query.target, sentiment, stance, query.min_confidence, query.filters) if what == "comments"
                     else store.page_rows(query.target, sentiment, stance, query.filters))
        head, task = stance or sentiment, "stance" if stance else "sentiment"
    if frame.empty:
        raise DiscourseError("E210", what=what)
    with open_store(db_path, create=False, read_only=True) as store:
        facts = store.provenance_facts(task, query.target, head) if head else {}
    provenance = {
        "tool": "discourse", "tool_version": _version(), "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "store": str(Path(db_path).resolve()), "what": what, "target": query.target if what != "sentiment" else "",
        "filters": {"by": list(query.by), "who": list(query.who), "min_confidence": query.min_confidence,
                    "sources": list(query.filters.sources), "langs": list(query.filters.langs),
                    "date_from": query.filters.date_from, "date_to": query.filters.date_to},
        "intervals": {"bootstrap_replicates": query.bootstrap, "seed": query.seed, "methods": INTERVALS} if what in ("stance", "sentiment") else {},
        "confusion_correction": {"matrix": query.confusion, "source": "head training record: held-out written_test_* sets"} if query.confusion else None,
        "rows": int(len(frame)), **facts,
    }
    return frame, provenance


def _version() -> str:
    from discourse import __version__

    return __version__


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def to_csv_text(frame: pd.DataFrame, provenance: dict) -> str:
    """CSV with the provenance as '#' comment lines above the header (pandas: comment='#'; R: comment.char='#')."""
    lines = [f"# {key}: {json.dumps(value, ensure_ascii=False, default=str)}" for key, value in provenance.items()]
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return "\n".join(lines) + "\n" + buffer.getvalue()


def to_json_text(frame: pd.DataFrame, provenance: dict) -> str:
    """{"schema": ..., "provenance": ..., "rows": [...]}."""
    rows = [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return json.dumps({"schema": JSON_SCHEMA, "provenance": provenance, "rows": rows}, ensure_ascii=False, indent=1, default=str)


def write(frame: pd.DataFrame, provenance: dict, fmt: str, out: Path | None, db_path: str) -> str | None:
    """Write to `out` (plus a .provenance.json sidecar) or return text for stdout (csv/json only)."""
    if fmt not in FORMATS:
        raise DiscourseError("E211", field="format", value=fmt, allowed=", ".join(FORMATS))
    if fmt == "gexf" and "target_author" not in frame.columns:
        raise DiscourseError("E211", field="format", value=fmt, allowed="gexf only with --what network")
    if out is None:
        if fmt not in ("csv", "json"):
            raise DiscourseError("E213", path="-", reason=f"{fmt} is binary; give -o FILE")
        return to_csv_text(frame, provenance) if fmt == "csv" else to_json_text(frame, provenance)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            out.write_text(to_csv_text(frame, provenance), "utf-8")
        elif fmt == "json":
            out.write_text(to_json_text(frame, provenance), "utf-8")
        elif fmt == "gexf":
            from discourse.stats.threads import write_network

            write_network(frame, out, "gexf")
        elif fmt == "parquet":
            with open_store(db_path, create=False, read_only=True) as store:
                store.write_parquet(frame, out, {"discourse_provenance": provenance})
        else:
            with pd.ExcelWriter(out) as sheets:
                frame.to_excel(sheets, sheet_name="data", index=False)
                pd.DataFrame([{"key": k, "value": json.dumps(v, ensure_ascii=False, default=str)} for k, v in provenance.items()]).to_excel(sheets, sheet_name="provenance", index=False)
        sidecar = out.with_name(out.name + ".provenance.json")
        sidecar.write_text(json.dumps(provenance, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8")
    except OSError as exc:
        raise DiscourseError("E213", path=out, reason=exc.strerror or exc) from exc
    return None


def export_bytes(db_path: str, what: str, fmt: str, query: ShareQuery) -> tuple[str, bytes]:
    """A file name and the bytes of an export (the same table and writer as `discourse export`),
    for download buttons."""
    import tempfile

    frame, provenance = build_table(db_path, what, query)
    name = f"discourse-{what}.{fmt}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(frame, provenance, fmt, path, db_path)
        return name, path.read_bytes()


def read_back(path: Path, fmt: str) -> pd.DataFrame:
    """Read an export written by `write` (for round-trip checks and users' scripts)."""
    if fmt == "csv":
        return pd.read_csv(path, comment="#")
    if fmt == "json":
        return pd.DataFrame(json.loads(Path(path).read_text("utf-8"))["rows"])
    if fmt == "parquet":
        return pd.read_parquet(path)
    return pd.read_excel(path, sheet_name="data")


__all__ = ["FORMATS", "WHATS", "build_table", "export_bytes", "head_confusion", "read_back", "resolve_head", "write"]
