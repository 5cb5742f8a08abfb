"""Official quotes and frame hits (reads and writes for the framing step)."""

from __future__ import annotations

import pandas as pd

_ITEMS = """
    SELECT c.comment_id AS item_id, 'comment' AS item_kind, c.page_id, c.own_text AS text, coalesce(c.lang, p.lang) AS lang
    FROM comments c JOIN pages p USING (page_id) WHERE p.is_current AND length(trim(c.own_text)) > 0
    UNION ALL
    SELECT p.page_id || ':p' || CAST(t.i - 1 AS VARCHAR), 'paragraph', p.page_id, p.body[t.i], p.lang
    FROM pages p, range(1, len(p.body) + 1) t(i) WHERE p.is_current AND length(trim(p.body[t.i])) > 0
    UNION ALL
    SELECT q.quote_id, 'quote', q.page_id, q.text, p.lang FROM official_quotes q JOIN pages p USING (page_id) WHERE p.is_current
"""


class FramingStore:
    """Mixin for Store: official quotes per page, and frames per item."""

    def current_pages(self) -> pd.DataFrame:
        """Current pages' ids, languages and body paragraphs."""
        return self.con.execute("SELECT page_id, lang, body FROM pages WHERE is_current ORDER BY page_id").df()

    def replace_quotes(self, page_id: str, rows: list[dict], run_id: str) -> int:
        """Replace a page's official quotes (extraction is cheap and deterministic)."""
        with self.transaction():
            self.con.execute("DELETE FROM official_quotes WHERE page_id = ?", [page_id])
            if rows:
                columns = ["quote_id", "page_id", "paragraph", "position", "speaker", "role", "text", "kind", "cue", "run_id"]
                self.insert_frame("official_quotes", pd.DataFrame(rows).assign(run_id=run_id), columns)
        return len(rows)

    def quotes(self, page_id: str) -> pd.DataFrame:
        """A page's official quotes in order."""
        return self.con.execute("SELECT * FROM official_quotes WHERE page_id = ? ORDER BY position", [page_id]).df()

    def unframed(self, detector: str, limit: int) -> pd.DataFrame:
        """Items (comments, paragraphs, official quotes) not yet scored by this frame detector."""
        return self.con.execute(
            f"SELECT * FROM ({_ITEMS}) i WHERE NOT EXISTS (SELECT 1 FROM frame_hits h WHERE h.item_id = i.item_id AND h.detector = ?) ORDER BY item_id LIMIT ?",
            [detector, limit],
        ).df()

    def write_frames(self, frame: pd.DataFrame) -> int:
        """Insert or replace frame hits for a batch of items."""
        if frame.empty:
            return 0
        columns = ["item_id", "item_kind", "page_id", "frame", "score", "codebook", "detector", "run_id"]
        return self.insert_frame("frame_hits", frame, columns, verb="INSERT OR REPLACE")

    def frame_hits(self, detector: str | None = None) -> pd.DataFrame:
        """All frame hits (optionally of one detector), without the no-frame markers."""
        where = "AND detector = ?" if detector else ""
        return self.con.execute(f"SELECT * FROM frame_hits WHERE frame <> '' {where} ORDER BY item_id, score DESC", [detector] if detector else []).df()

    def comment_texts(self) -> pd.DataFrame:
        """Current pages' comments with own words, in a stable order (comment id)."""
        return self.con.execute(
            """SELECT c.comment_id, c.page_id, c.own_text AS text, coalesce(c.lang, p.lang) AS lang
               FROM comments c JOIN pages p USING (page_id) WHERE p.is_current AND length(trim(c.own_text)) > 0
               ORDER BY c.comment_id"""
        ).df()

    def write_themes(self, run_id: str, themes: pd.DataFrame, assignment: pd.DataFrame) -> None:
        """Store a themes run (themes and each comment's theme) in one transaction."""
        with self.transaction():
            for name, frame in (("themes", themes), ("comment_themes", assignment)):
                self.insert_frame(name, frame, list(frame.columns))

    def latest_themes(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The most recent themes run: its themes and its comment assignments."""
        runs = self.con.execute("SELECT run_id FROM runs WHERE kind = 'themes' AND status = 'ok' ORDER BY started_at DESC LIMIT 1").fetchall()
        if not runs:
            return pd.DataFrame(), pd.DataFrame()
        run = runs[0][0]
        return (self.con.execute("SELECT * FROM themes WHERE run_id = ? ORDER BY theme", [run]).df(),
                self.con.execute("SELECT * FROM comment_themes WHERE run_id = ? ORDER BY comment_id", [run]).df())
