"""Read-only views of the store as plain data, shared by `discourse show` and tests."""

from __future__ import annotations

import json
from typing import Any

from discourse.store import open_store


def _clean(value: Any) -> Any:
    """None for SQL NULLs that pandas hands back as NaN / NaT / NA; anything else unchanged."""
    import pandas as pd

    if isinstance(value, (list, tuple, dict, str)):
        return value
    return None if value is None or pd.isna(value) else value


def pages_overview(db_path: str) -> list[dict[str, Any]]:
    """One row per current page: id, source, site, lang, published, comments, title."""
    with open_store(db_path, create=False, read_only=True) as store:
        frame = store.pages()
    columns = ["page_id", "source", "site", "lang", "published", "n_comments", "title"]
    return [{("id" if k == "page_id" else k): _clean(v) for k, v in row.items()} for row in frame[columns].to_dict("records")]


def page_view(db_path: str, page_id: str | None) -> list[dict[str, Any]]:
    """Pages (one, or all current ones) with body text and comments, parent as an index."""
    with open_store(db_path, create=False, read_only=True) as store:
        ids = [store.page(page_id)["page_id"]] if page_id else list(reversed(store.page_ids()))
        views = []
        for pid in ids:
            page = store.page(pid)
            comments = store.comments(pid)
            framing = _framing(store, pid)
            views.append(
                {
                    "id": pid, "title": _clean(page["title"]), "lead": _clean(page["lead"]),
                    "published": _clean(page["published"]), "source": _clean(page["source"]) or _clean(page["site"]),
                    "lang": _clean(page["lang"]), "url": _clean(page["url"]), "path": page["path"],
                    "body": "\n\n".join(page["body"] if page["body"] is not None else []),
                    "comments": [_comment(row) for row in comments.to_dict("records")],
                    **framing,
                }
            )
    return views


def _comment(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["comment_id"], "author": _clean(row["author"]), "display_name": _clean(row["display_name"]),
        "published": _clean(row["published"]), "parent": None if _clean(row["parent_position"]) is None else int(row["parent_position"]),
        "depth": int(row["depth"]), "text": row["text"], "own_text": row["own_text"],
        "quotes": json.loads(row["quotes"] or "[]"), "likes": None if _clean(row["likes"]) is None else int(row["likes"]),
        "lang": _clean(row["lang"]),
    }


def _framing(store, page_id: str) -> dict[str, Any]:
    """Official quotes, and the official text's vs the comments' stance, sentiment and frames."""
    quotes = store.con.execute("SELECT speaker, role, kind, text FROM official_quotes WHERE page_id = ? ORDER BY position", [page_id]).df()
    labels = store.con.execute(
        """SELECT CASE WHEN item_kind = 'comment' THEN 'public' ELSE 'official' END AS who, task, label, count(*) AS n
           FROM predictions WHERE page_id = ? AND item_kind IN ('comment', 'paragraph', 'quote') GROUP BY ALL ORDER BY ALL""",
        [page_id]).df()
    frames = store.con.execute(
        """SELECT CASE WHEN item_kind = 'comment' THEN 'public' ELSE 'official' END AS who, frame, count(DISTINCT item_id) AS n
           FROM frame_hits WHERE page_id = ? AND frame <> '' GROUP BY ALL ORDER BY n DESC, frame""", [page_id]).df()
    summary: dict[str, Any] = {"official": {}, "public": {}}
    for side in summary:
        part = labels[labels["who"] == side]
        summary[side] = {task: dict(zip(group["label"], map(int, group["n"]))) for task, group in part.groupby("task")}
        summary[side]["frames"] = dict(zip(frames[frames["who"] == side]["frame"], map(int, frames[frames["who"] == side]["n"])))
    return {"official_quotes": quotes.to_dict("records"), "framing": summary}
