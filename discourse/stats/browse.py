"""What a reader of the corpus needs besides shares: the store's state, what can be filtered on,
corpus counts, the article list, one article with its official framing and its comment thread
(sorted, filtered, paginated server-side), themes, and model provenance."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse.errors import DiscourseError
from discourse.stats.gap import js_divergence
from discourse.stats.shares import latest_heads
from discourse.store import open_store
from discourse.store.aggregates import PROBABILITIES
from discourse.store.filters import NO_FILTER, CorpusFilter

THREAD_SORTS = ("thread", "newest", "oldest", "likes", "replies")
DEFAULT_DETECTOR = "frames.e5.v1"


@dataclass(frozen=True)
class StoreStatus:
    """Whether a store can be shown, and if not, what the user should do."""

    state: str  # ok | missing | empty | unclassified | old_schema | new_schema | unreadable
    message: str
    pages: int = 0
    comments: int = 0

    @property
    def ok(self) -> bool:
        return self.state in ("ok", "unclassified")


def store_status(db_path: str) -> StoreStatus:
    """The store's state, with a message saying what to do when it cannot be shown."""
    try:
        with open_store(db_path, create=False, read_only=True) as store:
            counts = store.counts()
            predicted = store.con.execute("SELECT count(*) FROM predictions").fetchall()[0][0]
    except DiscourseError as exc:
        state = {"E106": "missing", "E103": "old_schema", "E102": "new_schema"}.get(exc.code, "unreadable")
        if state == "old_schema" and exc.fields.get("found") == 0:
            state = "empty"
        return StoreStatus(state, str(exc))
    if counts["pages"] == 0:
        return StoreStatus("empty", f"[E105] the store {db_path} is empty: ingest pages first with `discourse run PATH --db {db_path}`")
    if predicted == 0:
        return StoreStatus("unclassified", f"no predictions yet: run `discourse classify --db {db_path}`", counts["pages"], counts["comments"])
    return StoreStatus("ok", "", counts["pages"], counts["comments"])


def filter_choices(db_path: str) -> dict[str, Any]:
    """Sources and languages (most comments first), the date span (ISO days), stance targets."""
    with open_store(db_path, create=False, read_only=True) as store:
        found = store.filter_choices()

    def day(value):
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()

    return {
        "sources": found["sources"].to_dict("records"), "langs": found["langs"].to_dict("records"),
        "date_min": day(found["date_min"]), "date_max": day(found["date_max"]), "targets": found["targets"],
    }


def corpus_counts(db_path: str, by: str, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
    """Pages and comments per source, language or period (by = source | lang | date:month | date:week)."""
    with open_store(db_path, create=False, read_only=True) as store:
        return store.corpus_counts(by, filters)


def _detector(store) -> str:
    found = store.frame_detectors()
    return found[0] if found else DEFAULT_DETECTOR


def article_list(db_path: str, target: str, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
    """Articles matching the filters, newest first, with comment counts and stance splits."""
    with open_store(db_path, create=False, read_only=True) as store:
        _, stance = latest_heads(store, target)
        return store.article_rows(target, stance, filters)


def _shares(labels: pd.Series, classes: tuple[str, ...]) -> dict[str, float]:
    counts = labels.dropna().value_counts()
    n = int(counts.sum())
    return {c: (float(counts.get(c, 0)) / n if n else float("nan")) for c in classes} | {"n": n}


def _frame_shares(frames: pd.Series) -> pd.Series:
    """Share of items carrying each frame (an item may carry several)."""
    if frames.empty:
        return pd.Series(dtype=float)
    exploded = frames.fillna("").str.split(",").explode()
    return exploded[exploded != ""].value_counts() / len(frames)


def framing_summary(paragraphs: pd.DataFrame, quotes: pd.DataFrame, comments: pd.DataFrame) -> dict[str, Any]:
    """How the official text (paragraphs + official quotes) and the comments compare: stance and
    sentiment shares per side, Jensen–Shannon divergence of stance, frames each side raises."""
    official = pd.concat([paragraphs, quotes], ignore_index=True) if not quotes.empty else paragraphs
    sides = {"official": official, "public": comments}
    summary: dict[str, Any] = {}
    for side, items in sides.items():
        summary[side] = {
            "stance": _shares(items.get("stance", pd.Series(dtype=str)), PROBABILITIES["stance"]),
            "sentiment": _shares(items.get("sentiment", pd.Series(dtype=str)), PROBABILITIES["sentiment"]),
            "frames": _frame_shares(items.get("frames", pd.Series(dtype=str))).round(3).to_dict(),
        }
    o, p = summary["official"]["stance"], summary["public"]["stance"]
    summary["js_divergence"] = (float(js_divergence(np.array([o[c] for c in PROBABILITIES["stance"]]), np.array([p[c] for c in PROBABILITIES["stance"]])))
                                if o["n"] and p["n"] else None)
    of, pf = set(summary["official"]["frames"]), set(summary["public"]["frames"])
    summary["frames_public_only"] = sorted(pf - of, key=lambda f: -summary["public"]["frames"][f])
    summary["frames_official_only"] = sorted(of - pf, key=lambda f: -summary["official"]["frames"][f])
    summary["frames_shared"] = sorted(of & pf)
    return summary


def article(db_path: str, page_id: str, target: str) -> dict[str, Any]:
    """One article: metadata, paragraphs and official quotes (with predictions and frames), the
    full comment thread's predictions, and a summary of official vs public framing."""
    with open_store(db_path, create=False, read_only=True) as store:
        page = store.page(page_id)
        sentiment, stance = latest_heads(store, target)
        detector = _detector(store)
        paragraphs = store.paragraph_rows(page["page_id"], target, sentiment, stance, detector)
        quotes = store.quote_rows(page["page_id"], target, sentiment, stance, detector)
        comments = store.thread_rows(page["page_id"], target, sentiment, stance, detector)
    meta = {k: (None if not isinstance(page[k], str) and pd.isna(page[k]) else page[k])
            for k in ("page_id", "title", "lead", "published", "source", "site", "lang", "url", "author", "n_comments")}
    return {"page": meta, "paragraphs": paragraphs, "quotes": quotes, "heads": {"sentiment": sentiment, "stance": stance, "frames": detector},
            "summary": framing_summary(paragraphs, quotes, comments)}


def _tree_order(comments: pd.DataFrame) -> tuple[list[int], dict[int, list[int]]]:
    """Roots (in document order) and children per comment position (replies whose parent is not on
    the page count as roots, so nothing is hidden)."""
    positions = set(comments["position"].astype(int))
    children: dict[int, list[int]] = {}
    roots: list[int] = []
    for position, parent in zip(comments["position"].astype(int), comments["parent_position"]):
        if parent is None or pd.isna(parent) or int(parent) not in positions or int(parent) == position:
            roots.append(position)
        else:
            children.setdefault(int(parent), []).append(position)
    return roots, children


def thread(db_path: str, page_id: str, target: str, *, sort: str = "thread", stance: str | None = None, sentiment: str | None = None,
           search: str = "", page: int = 1, size: int = 25) -> dict[str, Any]:
    """One page of a comment thread: top-level comments sorted, each followed by its replies in
    order (with a `shown_depth` for indentation); a filter keeps matching comments and the
    comments they reply to. Returns rows, the number of top-level threads and of pages."""
    if sort not in THREAD_SORTS:
        raise DiscourseError("E211", field="sort", value=sort, allowed=", ".join(THREAD_SORTS))
    with open_store(db_path, create=False, read_only=True) as store:
        full_id = store.page(page_id)["page_id"]
        sentiment_head, stance_head = latest_heads(store, target)
        rows = store.thread_rows(full_id, target, sentiment_head, stance_head, _detector(store))
    rows = rows.set_index(rows["position"].astype(int), drop=False)
    roots, children = _tree_order(rows)
    match = pd.Series(True, index=rows.index)
    if stance:
        match &= rows["stance"] == stance
    if sentiment:
        match &= rows["sentiment"] == sentiment
    if search:
        match &= rows["text"].fillna("").str.contains(search, case=False, regex=False) | rows["author"].fillna("").str.contains(search, case=False, regex=False)
    filtered = bool(stance or sentiment or search)

    def subtree(position: int) -> list[int]:
        out, stack = [], [position]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(children.get(node, [])))
        return out

    trees = {root: subtree(root) for root in roots}
    if filtered:
        keep = set()
        for position in rows.index[match]:
            node = position
            while node is not None and node not in keep:  # the match and the comments it replies to
                keep.add(node)
                parent = rows.at[node, "parent_position"]
                node = int(parent) if parent is not None and not pd.isna(parent) and int(parent) in rows.index and int(parent) != node else None
        trees = {root: [n for n in nodes if n in keep] for root, nodes in trees.items() if root in keep}
    replies = {root: len(nodes) - 1 for root, nodes in trees.items()}
    order = list(trees)
    if sort == "newest":
        order.sort(key=lambda r: rows.at[r, "published_ts"] if pd.notna(rows.at[r, "published_ts"]) else pd.Timestamp.min, reverse=True)
    elif sort == "oldest":
        order.sort(key=lambda r: rows.at[r, "published_ts"] if pd.notna(rows.at[r, "published_ts"]) else pd.Timestamp.max)
    elif sort == "likes":
        order.sort(key=lambda r: -(rows.at[r, "likes"] if pd.notna(rows.at[r, "likes"]) else -1))
    elif sort == "replies":
        order.sort(key=lambda r: -replies[r])
    pages = max(1, -(-len(order) // size))
    page = min(max(1, page), pages)
    chosen = order[(page - 1) * size: page * size]
    visible = [n for root in chosen for n in trees[root]]
    out = rows.loc[visible].copy() if visible else rows.iloc[0:0].copy()
    base = {root: rows.at[root, "depth"] for root in chosen}
    root_of = {n: root for root in chosen for n in trees[root]}
    out["shown_depth"] = [int(rows.at[n, "depth"] - base[root_of[n]]) if pd.notna(rows.at[n, "depth"]) else 0 for n in visible]
    out["matches"] = match.loc[visible].to_numpy() if visible else []
    out["quotes"] = out["quotes"].map(lambda q: json.loads(q) if isinstance(q, str) and q else [])
    return {"rows": out.reset_index(drop=True), "threads": len(order), "pages": pages, "page": page, "comments": len(rows)}


def theme_table(db_path: str, target: str, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
    """Themes of the latest themes run with keywords, size within the filters, stance split and
    representative comments (text)."""
    with open_store(db_path, create=False, read_only=True) as store:
        themes, _ = store.latest_themes()
        if themes.empty:
            return pd.DataFrame(columns=["theme", "keywords", "comments", "favor", "against", "none", "representatives"])
        _, stance = latest_heads(store, target)
        split = store.theme_stances(target, stance, filters)
        ids = sorted({i for reps in themes["representatives"] for i in json.loads(reps or "[]")})
        texts = store.con.execute("SELECT comment_id, own_text FROM comments WHERE comment_id IN (SELECT unnest(?))", [ids]).df() if ids else pd.DataFrame(columns=["comment_id", "own_text"])
    text_of = dict(zip(texts["comment_id"], texts["own_text"]))
    themes = themes.assign(keywords=themes["keywords"].map(lambda k: ", ".join(json.loads(k or "[]"))),
                           representatives=themes["representatives"].map(lambda r: [text_of[i] for i in json.loads(r or "[]") if i in text_of]))
    merged = themes[["theme", "keywords", "representatives"]].merge(split, on="theme", how="inner")
    return merged[["theme", "keywords", "comments", "favor", "against", "none", "representatives"]].sort_values("comments", ascending=False).reset_index(drop=True)


def model_provenance(db_path: str, models_dir: Path) -> dict[str, Any]:
    """Which backbone, heads and hashes produced the stored predictions, the runs, and each head's
    model card and held-out evaluation (from its training record in `models_dir`)."""
    with open_store(db_path, create=False, read_only=True) as store:
        used = store.con.execute(
            """SELECT task, target, backbone, backbone_fingerprint, head, head_version, count(*) AS predictions,
                      min(created_at) AS first, max(created_at) AS last FROM predictions GROUP BY ALL ORDER BY task, target, head"""
        ).df()
        runs = store.runs()
    cards = []
    for head in sorted(set(used["head"])):
        card = Path(models_dir) / f"{head}.md"
        record = Path(models_dir) / f"{head}.json"
        metrics = json.loads(record.read_text("utf-8")).get("metrics", {}) if record.is_file() else {}
        cards.append({"head": head, "card": card.read_text("utf-8") if card.is_file() else None, "metrics": metrics})
    keep = [c for c in ("run_id", "kind", "started_at", "finished_at", "status", "tool_version", "files_seen", "pages_stored",
                        "comments_stored", "files_skipped", "items_classified", "batches_failed") if c in runs.columns]
    runs = runs[keep].copy()
    runs.insert(4, "seconds", (runs["finished_at"] - runs["started_at"]).dt.total_seconds().round(1))
    return {"used": used, "runs": runs, "cards": cards}


def evaluation_table(cards: list[dict[str, Any]]) -> pd.DataFrame:
    """Per head and held-out set: accuracy and macro-F1 (long format, for a figure)."""
    rows = [{"head": c["head"], "set": name, "metric": metric, "value": float(m[metric])}
            for c in cards for name, m in c["metrics"].items() if isinstance(m, dict)
            for metric in ("accuracy", "macro_f1") if isinstance(m.get(metric), (int, float))]
    return pd.DataFrame(rows, columns=["head", "set", "metric", "value"])


def author_stances(db_path: str, target: str, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
    """Per comment author: comments and their most frequent stance (for colouring a reply network)."""
    with open_store(db_path, create=False, read_only=True) as store:
        _, stance = latest_heads(store, target)
        counts = (store.class_counts(task="stance", target=target, head=stance, who="public", by=["author"], filters=filters)
                  if stance else pd.DataFrame(columns=["author", "class", "n"]))
    if counts.empty:
        return pd.DataFrame(columns=["author", "comments", "stance"])
    per_class = counts.groupby(["author", "class"])["n"].sum().reset_index().sort_values(["author", "n", "class"], ascending=[True, False, True])
    top = per_class.drop_duplicates("author").set_index("author")["class"]
    totals = per_class.groupby("author")["n"].sum()
    return pd.DataFrame({"author": top.index, "comments": totals.reindex(top.index).to_numpy(), "stance": top.to_numpy()})
