"""Read queries for browsing the corpus (the dashboard's filter choices, corpus counts, one article
with its paragraphs, official quotes and thread, each item with its predictions and frames)."""

from __future__ import annotations

import pandas as pd

from discourse.store.aggregates import _LATEST_THEMES, _check_groups, _column, _group_sql
from discourse.store.filters import NO_FILTER, CorpusFilter

_PREDICTED = """
    LEFT JOIN predictions s ON s.item_id = {item} AND s.task = 'sentiment' AND s.head = ?
    LEFT JOIN predictions t ON t.item_id = {item} AND t.task = 'stance' AND t.target = ? AND t.head = ?
    LEFT JOIN (SELECT item_id, string_agg(frame, ',' ORDER BY score DESC) AS frames FROM frame_hits
               WHERE frame <> '' AND detector = ? GROUP BY item_id) f ON f.item_id = {item}
"""
_LABELS = """s.label AS sentiment, s.confidence AS sentiment_confidence, t.label AS stance, t.confidence AS stance_confidence,
             coalesce(f.frames, '') AS frames"""


class BrowseStore:
    """Mixin for Store: what there is to filter on, counts, and one article in full."""

    def filter_choices(self) -> dict:
        """Sources and languages (with comment counts), the date span, and the stance targets with
        predictions."""
        sources = self.con.execute(
            """SELECT coalesce(p.source, p.site, 'unknown') AS value, count(DISTINCT p.page_id) AS pages, count(c.comment_id) AS comments
               FROM pages p LEFT JOIN comments c USING (page_id) WHERE p.is_current GROUP BY ALL ORDER BY comments DESC, value"""
        ).df()
        langs = self.con.execute(
            """SELECT value, sum(n) AS n FROM (
                   SELECT coalesce(c.lang, p.lang, 'unknown') AS value, count(*) AS n FROM comments c JOIN pages p USING (page_id) WHERE p.is_current GROUP BY ALL
                   UNION ALL SELECT coalesce(lang, 'unknown'), count(*) FROM pages WHERE is_current GROUP BY ALL)
               GROUP BY value ORDER BY n DESC, value"""
        ).df()
        span = self.con.execute(
            """SELECT min(ts), max(ts) FROM (SELECT published_ts AS ts FROM pages WHERE is_current
               UNION ALL SELECT c.published_ts FROM comments c JOIN pages p USING (page_id) WHERE p.is_current)"""
        ).fetchall()[0]
        targets = [r[0] for r in self.con.execute(
            "SELECT target FROM predictions WHERE task = 'stance' GROUP BY target ORDER BY count(*) DESC, target").fetchall()]
        return {"sources": sources, "langs": langs, "date_min": span[0], "date_max": span[1], "targets": targets}

    def corpus_counts(self, by: str, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
        """Pages and comments per value of one grouping key (source, lang, date:month, date:week)."""
        _check_groups([by], "official")
        where_o, params_o = filters.sql("official")
        where_p, params_p = filters.sql("public")
        pages = self.con.execute(
            f"SELECT {_group_sql(by, 'official')} AS key, count(*) AS pages FROM pages p WHERE p.is_current{where_o} GROUP BY ALL", params_o).df()
        comments = self.con.execute(
            f"""SELECT {_group_sql(by, 'public')} AS key, count(*) AS comments FROM comments c JOIN pages p USING (page_id)
                WHERE p.is_current{where_p} GROUP BY ALL""", params_p).df()
        merged = pages.merge(comments, on="key", how="outer").fillna(0)
        merged[["pages", "comments"]] = merged[["pages", "comments"]].astype(int)
        merged.insert(0, "by", _column(by))
        return merged.sort_values("key").reset_index(drop=True)

    def article_rows(self, target: str, stance_head: str | None, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
        """Current pages matching the filters with their comment count and how the comments' and the
        article's stance predictions split (for choosing an article to read)."""
        where, params = filters.sql("official")
        return self.con.execute(
            f"""SELECT p.page_id, p.title, coalesce(p.source, p.site, 'unknown') AS source, p.lang, p.published, p.published_ts, p.n_comments,
                       count(*) FILTER (WHERE t.item_kind = 'comment' AND t.label = 'favor') AS public_favor,
                       count(*) FILTER (WHERE t.item_kind = 'comment' AND t.label = 'against') AS public_against,
                       any_value(t.label) FILTER (WHERE t.item_kind = 'page') AS official_stance
                FROM pages p LEFT JOIN predictions t ON t.page_id = p.page_id AND t.task = 'stance' AND t.target = ? AND t.head = ?
                WHERE p.is_current{where} GROUP BY ALL ORDER BY p.published_ts DESC NULLS LAST, p.page_id""",
            [target, stance_head, *params],
        ).df()

    def paragraph_rows(self, page_id: str, target: str, sentiment_head: str | None, stance_head: str | None, detector: str) -> pd.DataFrame:
        """A page's body paragraphs in order, each with its predictions and frames."""
        item = "p.page_id || ':p' || CAST(t_.i - 1 AS VARCHAR)"
        return self.con.execute(
            f"""SELECT t_.i - 1 AS paragraph, p.body[t_.i] AS text, {_LABELS}
                FROM pages p, range(1, len(p.body) + 1) t_(i) {_PREDICTED.format(item=item)}
                WHERE p.page_id = ? ORDER BY paragraph""",
            [sentiment_head, target, stance_head, detector, page_id],
        ).df()

    def quote_rows(self, page_id: str, target: str, sentiment_head: str | None, stance_head: str | None, detector: str) -> pd.DataFrame:
        """A page's official quotes (speaker, role, kind, paragraph) with their predictions and frames."""
        return self.con.execute(
            f"""SELECT q.quote_id, q.paragraph, q.position, q.speaker, q.role, q.kind, q.text, {_LABELS}
                FROM official_quotes q {_PREDICTED.format(item="q.quote_id")}
                WHERE q.page_id = ? ORDER BY q.position""",
            [sentiment_head, target, stance_head, detector, page_id],
        ).df()

    def thread_rows(self, page_id: str, target: str, sentiment_head: str | None, stance_head: str | None, detector: str) -> pd.DataFrame:
        """A page's comments in document order with thread place, quotes, predictions and frames."""
        return self.con.execute(
            f"""SELECT c.comment_id, c.position, c.parent_position, c.depth, c.author, c.display_name, c.published, c.published_ts,
                       c.text, c.own_text, c.quotes, c.likes, c.lang, {_LABELS}
                FROM comments c {_PREDICTED.format(item="c.comment_id")}
                WHERE c.page_id = ? ORDER BY c.position""",
            [sentiment_head, target, stance_head, detector, page_id],
        ).df()

    def theme_stances(self, target: str, stance_head: str | None, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
        """Per theme of the latest themes run: comments (within the filters) and their stance split."""
        where, params = filters.sql("public")
        return self.con.execute(
            f"""SELECT ct.theme, count(*) AS comments,
                       count(*) FILTER (WHERE t.label = 'favor') AS favor, count(*) FILTER (WHERE t.label = 'against') AS against,
                       count(*) FILTER (WHERE t.label = 'none') AS "none"
                FROM comment_themes ct JOIN comments c ON c.comment_id = ct.comment_id JOIN pages p ON p.page_id = c.page_id
                LEFT JOIN predictions t ON t.item_id = c.comment_id AND t.task = 'stance' AND t.target = ? AND t.head = ?
                WHERE p.is_current AND ct.run_id = {_LATEST_THEMES}{where}
                GROUP BY ct.theme ORDER BY comments DESC""",
            [target, stance_head, *params],
        ).df()

    def frame_detectors(self) -> list[str]:
        """Frame detectors with stored hits, most used first."""
        return [r[0] for r in self.con.execute("SELECT detector FROM frame_hits GROUP BY detector ORDER BY count(*) DESC").fetchall()]
