"""Read-only aggregate queries for the statistics layer (grouping and counting happen in DuckDB)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from discourse.errors import DiscourseError
from discourse.store.filters import NO_FILTER, CorpusFilter

GROUP_KEYS = ("page", "source", "lang", "date:week", "date:month", "depth", "author", "theme", "frame")
_PUBLIC_ONLY = {"depth", "author", "theme"}
_LATEST_THEMES = "(SELECT run_id FROM runs WHERE kind = 'themes' AND status = 'ok' ORDER BY started_at DESC LIMIT 1)"
PROBABILITIES = {"sentiment": ("negative", "neutral", "positive"), "stance": ("favor", "against", "none")}


def _group_sql(key: str, who: str) -> str:
    when = "c.published_ts" if who == "public" else "p.published_ts"
    return {
        "page": "p.page_id",
        "source": "coalesce(p.source, p.site, 'unknown')",
        "lang": "coalesce(c.lang, p.lang, 'unknown')" if who == "public" else "coalesce(p.lang, 'unknown')",
        "date:week": f"coalesce(strftime(date_trunc('week', {when}), '%Y-%m-%d'), 'unknown')",
        "date:month": f"coalesce(strftime(date_trunc('month', {when}), '%Y-%m'), 'unknown')",
        "depth": "CAST(c.depth AS VARCHAR)",
        "author": "coalesce(c.author, 'unknown')",
        "theme": "coalesce(CAST(ct.theme AS VARCHAR), 'none')",
        "frame": "fh.frame",
    }[key]


def _group_joins(by: list[str], item: str) -> str:
    """Extra joins a grouping needs: the latest themes run, frames (an item counts in each of its frames)."""
    joins = ""
    if "theme" in by:
        joins += f" LEFT JOIN comment_themes ct ON ct.comment_id = {item} AND ct.run_id = {_LATEST_THEMES}"
    if "frame" in by:
        joins += f" JOIN frame_hits fh ON fh.item_id = {item} AND fh.frame <> ''"
    return joins


def _check_groups(by: list[str], who: str, allowed: tuple[str, ...] = GROUP_KEYS) -> None:
    """Coded errors for an unknown grouping, or a comments-only grouping of the official text."""
    for key in by:
        if key not in allowed:
            raise DiscourseError("E207", key=key, allowed=", ".join(allowed))
        if who == "official" and key in _PUBLIC_ONLY:
            raise DiscourseError("E208", key=key)


def _column(key: str) -> str:
    return key.replace(":", "_")


class AggregateStore:
    """Mixin for Store: per-page class counts for any grouping, and what produced them."""

    def heads_for(self, task: str, target: str) -> list[str]:
        """Heads with predictions for this task and target, most recent first."""
        rows = self.con.execute(
            "SELECT head FROM predictions WHERE task = ? AND target = ? GROUP BY head ORDER BY max(created_at) DESC",
            [task, target if task == "stance" else ""],
        ).fetchall()
        return [r[0] for r in rows]

    def class_counts(self, *, task: str, target: str, head: str, who: str, by: list[str], min_confidence: float = 0.0,
                     filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
        """Rows of (group columns..., page_id, class, n, w) where w sums the class probability (for
        confidence-weighted shares); one row per page, group and predicted class."""
        _check_groups(by, who)
        labels = PROBABILITIES[task]
        groups = ", ".join(f"{_group_sql(k, who)} AS {_column(k)}" for k in by)
        weight = "CASE x.label " + " ".join(f"WHEN '{label}' THEN x.p_{label}" for label in labels) + " END"
        join = ("JOIN comments c ON c.comment_id = x.item_id" if who == "public" else "") + _group_joins(by, "x.item_id")
        kinds = ["comment"] if who == "public" else ["paragraph", "quote"]
        where, params = filters.sql(who)
        sql = f"""
            SELECT {groups + ', ' if groups else ''}x.page_id, x.label AS class, count(*) AS n,
                   {', '.join(f'sum(x.p_{label}) AS w_{label}' for label in labels)}, sum({weight}) AS w_predicted
            FROM predictions x {join} JOIN pages p ON p.page_id = x.page_id
            WHERE p.is_current AND x.item_kind IN (SELECT unnest(?)) AND x.task = ? AND x.target = ? AND x.head = ? AND x.confidence >= ?{where}
            GROUP BY ALL ORDER BY ALL
        """
        return self.con.execute(sql, [kinds, task, target if task == "stance" else "", head, min_confidence, *params]).df()

    def frame_counts(self, *, detector: str, who: str, by: list[str], filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
        """Rows of (group columns..., page_id, frame, n): items per frame ('' = scored, no frame),
        with `items` = all items scored in that page and group."""
        _check_groups(by, who, tuple(k for k in GROUP_KEYS if k != "frame"))
        groups = ", ".join(f"{_group_sql(k, who)} AS {_column(k)}" for k in by)
        join = ("JOIN comments c ON c.comment_id = h.item_id" if who == "public" else "") + _group_joins([k for k in by if k == "theme"], "h.item_id")
        kinds = ["comment"] if who == "public" else ["paragraph", "quote"]
        where, params = filters.sql(who)
        sql = f"""
            WITH hits AS (
                SELECT {groups + ', ' if groups else ''}h.page_id, h.item_id, h.frame
                FROM frame_hits h {join} JOIN pages p ON p.page_id = h.page_id
                WHERE p.is_current AND h.detector = ? AND h.item_kind IN (SELECT unnest(?)){where}
            )
            SELECT * EXCLUDE (items), items FROM (
                SELECT {', '.join(_column(k) for k in by) + ', ' if by else ''}page_id, frame, count(DISTINCT item_id) AS n,
                       (SELECT count(DISTINCT item_id) FROM hits i WHERE i.page_id = h.page_id{''.join(f' AND i.{_column(k)} IS NOT DISTINCT FROM h.{_column(k)}' for k in by)}) AS items
                FROM hits h GROUP BY ALL
            ) ORDER BY ALL
        """
        return self.con.execute(sql, [detector, kinds, *params]).df()

    def provenance_facts(self, task: str, target: str, head: str) -> dict:
        """What produced the predictions: backbone/head names and hashes, runs, corpus hash, counts."""
        rows = self.con.execute(
            """SELECT backbone, backbone_fingerprint, head, head_version, count(*) AS n, min(created_at), max(created_at),
                      string_agg(DISTINCT run_id, ',')
               FROM predictions WHERE task = ? AND target = ? AND head = ? GROUP BY ALL""",
            [task, target if task == "stance" else "", head],
        ).fetchall()
        ids = [r[0] for r in self.con.execute("SELECT page_id FROM pages WHERE is_current ORDER BY page_id").fetchall()]
        return {
            "models": [{"backbone": r[0], "backbone_sha256": r[1], "head": r[2], "head_version": r[3], "predictions": r[4],
                        "predicted_from": str(r[5]), "predicted_to": str(r[6]), "runs": (r[7] or "").split(",")} for r in rows],
            "corpus_sha256": hashlib.sha256("\n".join(ids).encode()).hexdigest(),
            "pages": len(ids),
            "comments": self.con.execute("SELECT count(*) FROM comments c JOIN pages p USING (page_id) WHERE p.is_current").fetchall()[0][0],
        }

    def comment_rows(self, target: str, sentiment_head: str | None, stance_head: str | None, min_confidence: float = 0.0,
                     filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
        """One row per comment of current pages with its text, thread place and both predictions."""
        where, params = filters.sql("public")
        return self.con.execute(
            f"""
            SELECT c.comment_id, c.page_id, p.title AS page_title, coalesce(p.source, p.site) AS source, p.url AS page_url,
                   c.published, c.author, c.display_name, c.parent_position AS parent, c.depth, c.lang, c.text, c.own_text,
                   s.label AS sentiment, s.p_negative, s.p_neutral, s.p_positive, s.confidence AS sentiment_confidence,
                   t.label AS stance, t.p_favor, t.p_against, t.p_none, t.confidence AS stance_confidence, ? AS target
            FROM comments c JOIN pages p USING (page_id)
            LEFT JOIN predictions s ON s.item_id = c.comment_id AND s.task = 'sentiment' AND s.head = ?
            LEFT JOIN predictions t ON t.item_id = c.comment_id AND t.task = 'stance' AND t.target = ? AND t.head = ?
            WHERE p.is_current AND (coalesce(t.confidence, 1) >= ?){where}
            ORDER BY c.page_id, c.position
            """,
            [target, sentiment_head, target, stance_head, min_confidence, *params],
        ).df()

    def page_rows(self, target: str, sentiment_head: str | None, stance_head: str | None, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
        """One row per current page with metadata and its official (paragraph-mean) predictions."""
        where, params = filters.sql("official")
        return self.con.execute(
            f"""
            SELECT p.page_id, p.title, coalesce(p.source, p.site) AS source, p.lang, p.published, p.url, p.n_comments,
                   s.label AS official_sentiment, s.p_negative, s.p_neutral, s.p_positive,
                   t.label AS official_stance, t.p_favor, t.p_against, t.p_none, ? AS target
            FROM pages p
            LEFT JOIN predictions s ON s.item_id = p.page_id AND s.item_kind = 'page' AND s.task = 'sentiment' AND s.head = ?
            LEFT JOIN predictions t ON t.item_id = p.page_id AND t.item_kind = 'page' AND t.task = 'stance' AND t.target = ? AND t.head = ?
            WHERE p.is_current{where} ORDER BY p.published_ts NULLS LAST, p.page_id
            """,
            [target, sentiment_head, target, stance_head, *params],
        ).df()

    def reply_edges(self, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
        """Every comment of current pages with its parent's author and time (the reply structure)."""
        where, params = filters.sql("public")
        return self.con.execute(
            f"""SELECT c.page_id, c.comment_id, c.position, c.parent_position, c.depth, c.author, c.published_ts,
                      parent.author AS parent_author, parent.comment_id AS parent_id, coalesce(p.source, p.site, 'unknown') AS source,
                      r.label AS reply_stance
               FROM comments c JOIN pages p USING (page_id)
               LEFT JOIN comments parent ON parent.page_id = c.page_id AND parent.position = c.parent_position
               LEFT JOIN (SELECT item_id, any_value(label) AS label FROM predictions WHERE task = 'reply' GROUP BY item_id) r ON r.item_id = c.comment_id
               WHERE p.is_current{where} ORDER BY c.page_id, c.position""", params
        ).df()

    def write_parquet(self, frame: pd.DataFrame, path: Path, metadata: dict) -> None:
        """Write `frame` as Parquet through DuckDB, with `metadata` as key-value file metadata."""
        self.con.register("export_frame", frame)
        try:
            kv = ", ".join(f"{_quote(k)}: {_quote(json.dumps(v, default=str) if not isinstance(v, str) else v)}" for k, v in metadata.items())
            self.con.execute(f"COPY export_frame TO {_quote(str(path))} (FORMAT PARQUET, KV_METADATA {{{kv}}})")
        finally:
            self.con.unregister("export_frame")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
