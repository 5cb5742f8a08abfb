"""Prediction reads and writes (kept apart from the corpus tables' code)."""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd

PROBABILITY_COLUMNS = ["p_negative", "p_neutral", "p_positive", "p_favor", "p_against", "p_none"]
COLUMNS = ["item_id", "item_kind", "page_id", "task", "target", "label", "confidence", "abstain", *PROBABILITY_COLUMNS,
           "backbone", "backbone_fingerprint", "head", "head_version", "run_id", "created_at"]

_PENDING = """
WITH items AS (
    SELECT c.comment_id AS item_id, 'comment' AS item_kind, c.page_id, c.own_text AS text, coalesce(c.lang, p.lang) AS lang
    FROM comments c JOIN pages p USING (page_id)
    WHERE p.is_current AND length(trim(c.own_text)) > 0
    UNION ALL
    SELECT p.page_id || ':p' || CAST(t.i - 1 AS VARCHAR), 'paragraph', p.page_id, p.body[t.i], p.lang
    FROM pages p, range(1, len(p.body) + 1) t(i)
    WHERE p.is_current AND length(trim(p.body[t.i])) > 0
    UNION ALL
    SELECT q.quote_id, 'quote', q.page_id, q.text, p.lang
    FROM official_quotes q JOIN pages p USING (page_id)
    WHERE p.is_current AND length(trim(q.text)) > 0
)
SELECT {select} FROM items i
WHERE item_kind IN (SELECT unnest(?))
  AND (NOT EXISTS (SELECT 1 FROM predictions x WHERE x.item_id = i.item_id AND x.task = 'sentiment' AND x.head = ?)
    OR NOT EXISTS (SELECT 1 FROM predictions x WHERE x.item_id = i.item_id AND x.task = 'stance' AND x.target = ? AND x.head = ?))
  AND i.item_id NOT IN (SELECT item_id FROM skip_items)
{tail}
"""


class PredictionStore:
    """Mixin for Store: what still needs classifying, and writing results batch by batch."""

    def _skip(self, skip) -> None:
        """Fill the session's skip list (items that failed this run and must not be retried in it)."""
        self.con.execute("CREATE TEMP TABLE IF NOT EXISTS skip_items (item_id VARCHAR)")
        self.con.execute("DELETE FROM skip_items")
        if len(skip):
            self.insert_frame("skip_items", pd.DataFrame({"item_id": list(skip)}), ["item_id"])

    def pending(self, kinds: list[str], sentiment_head: str, stance_head: str, target: str, limit: int, skip: list[str] = ()) -> pd.DataFrame:
        """Up to `limit` items (comments' own words, article paragraphs, official quotes) lacking either prediction."""
        self._skip(skip)
        sql = _PENDING.format(select="*", tail="ORDER BY i.item_id LIMIT ?")
        return self.con.execute(sql, [kinds, sentiment_head, target, stance_head, limit]).df()

    def count_pending(self, kinds: list[str], sentiment_head: str, stance_head: str, target: str) -> int:
        """How many items still lack a prediction (for progress bars), counted in DuckDB."""
        self._skip(())
        sql = _PENDING.format(select="count(*)", tail="")
        return self.con.execute(sql, [kinds, sentiment_head, target, stance_head]).fetchall()[0][0]

    def pending_replies(self, head: str, limit: int, skip: list[str] = ()) -> pd.DataFrame:
        """Replies (comments with a parent) lacking a reply-stance prediction from this head."""
        self._skip(skip)
        return self.con.execute(
            """SELECT c.comment_id AS item_id, 'comment' AS item_kind, c.page_id, c.own_text AS text, parent.own_text AS parent_text,
                      coalesce(c.lang, p.lang) AS lang
               FROM comments c JOIN pages p USING (page_id)
               JOIN comments parent ON parent.page_id = c.page_id AND parent.position = c.parent_position
               WHERE p.is_current AND length(trim(c.own_text)) > 0 AND length(trim(parent.own_text)) > 0
                 AND NOT EXISTS (SELECT 1 FROM predictions x WHERE x.item_id = c.comment_id AND x.task = 'reply' AND x.head = ?)
                 AND c.comment_id NOT IN (SELECT item_id FROM skip_items)
               ORDER BY c.comment_id LIMIT ?""",
            [head, limit],
        ).df()

    def write_predictions(self, frame: pd.DataFrame) -> int:
        """Insert or replace a batch of predictions in one transaction; return rows written."""
        if frame.empty:
            return 0
        with self.transaction():
            return self.insert_frame("predictions", frame.reindex(columns=COLUMNS), COLUMNS, verb="INSERT OR REPLACE")

    def aggregate_pages(self, task: str, target: str, head: str, run_id: str, abstain_below: float) -> int:
        """Page-level predictions: the mean of the page's paragraph probabilities."""
        cols = ["p_negative", "p_neutral", "p_positive"] if task == "sentiment" else ["p_favor", "p_against", "p_none"]
        labels = [c[2:] for c in cols]
        means = ", ".join(f"avg({c}) AS {c}" for c in cols)
        best = "CASE " + " ".join(f"WHEN {c} = greatest({', '.join(cols)}) THEN '{label}'" for c, label in zip(cols, labels)) + " END"
        self.con.execute(
            f"""
            INSERT OR REPLACE INTO predictions ({', '.join(COLUMNS)})
            SELECT page_id, 'page', page_id, ?, ?, {best}, greatest({', '.join(cols)}), greatest({', '.join(cols)}) < ?,
                   {', '.join(c if c in cols else 'NULL' for c in ['p_negative', 'p_neutral', 'p_positive', 'p_favor', 'p_against', 'p_none'])},
                   backbone, backbone_fingerprint, ?, head_version, ?, ?
            FROM (SELECT page_id, {means}, any_value(backbone) AS backbone, any_value(backbone_fingerprint) AS backbone_fingerprint,
                         any_value(head_version) AS head_version
                  FROM predictions WHERE item_kind = 'paragraph' AND task = ? AND target = ? AND head = ? GROUP BY page_id)
            """,
            [task, target, abstain_below, head, run_id, datetime.now(timezone.utc).replace(tzinfo=None), task, target, head],
        )
        return self.con.execute("SELECT count(*) FROM predictions WHERE item_kind = 'page' AND task = ? AND target = ? AND head = ?", [task, target, head]).fetchall()[0][0]

    def predictions(self, task: str | None = None) -> pd.DataFrame:
        """All predictions (optionally of one task)."""
        if task:
            return self.con.execute("SELECT * FROM predictions WHERE task = ? ORDER BY item_id", [task]).df()
        return self.con.execute("SELECT * FROM predictions ORDER BY item_id, task").df()
