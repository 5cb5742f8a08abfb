"""Discourse structure: reply-tree metrics per page, and the participant network (who replies to whom)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from discourse.store import open_store
from discourse.store.filters import NO_FILTER, CorpusFilter


def tree_metrics(db_path: str, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
    """Per page: comments, replies, max and mean depth, branching (mean direct replies of comments
    that got any), the most-replied comment, and how long the thread ran (hours, first to last)."""
    with open_store(db_path, create=False, read_only=True) as store:
        edges = store.reply_edges(filters)
    rows = []
    for page_id, part in edges.groupby("page_id", sort=True):
        replies = part["parent_position"].notna()
        children = part.loc[replies, "parent_position"].astype(int).value_counts()
        top = int(children.idxmax()) if not children.empty else None
        times = part["published_ts"].dropna()
        rows.append({
            "page_id": page_id, "source": part["source"].iloc[0], "comments": len(part), "replies": int(replies.sum()),
            "reply_share": float(replies.mean()), "max_depth": int(part["depth"].max()), "mean_depth": float(part["depth"].mean()),
            "branching": float(children.mean()) if not children.empty else 0.0,
            "most_replied_position": top, "most_replied_author": part.loc[part["position"] == top, "author"].iloc[0] if top is not None else None,
            "most_replied_replies": int(children.max()) if not children.empty else 0,
            "participants": int(part["author"].nunique()),
            "thread_hours": float((times.max() - times.min()).total_seconds() / 3600) if len(times) > 1 else 0.0,
        })
    return pd.DataFrame(rows)


def reply_network(db_path: str, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
    """Edges author -> parent author: replies, and how many agree / disagree / are neutral (reply
    stance toward the parent, when classified); `agreement` = (agree - disagree) / classified."""
    with open_store(db_path, create=False, read_only=True) as store:
        edges = store.reply_edges(filters)
    edges = edges[edges["parent_author"].notna() & edges["author"].notna() & (edges["author"] != edges["parent_author"])]
    for label in ("agree", "disagree", "neutral"):
        edges[label] = (edges["reply_stance"] == label).astype(int)
    grouped = edges.groupby(["author", "parent_author"])[["agree", "disagree", "neutral"]].sum()
    grouped.insert(0, "replies", edges.groupby(["author", "parent_author"]).size())
    classified = grouped[["agree", "disagree", "neutral"]].sum(axis=1)
    grouped["agreement"] = ((grouped["agree"] - grouped["disagree"]) / classified).where(classified > 0)
    return grouped.reset_index().rename(columns={"author": "source_author", "parent_author": "target_author"})


def agreement_ratios(db_path: str, filters: CorpusFilter = NO_FILTER) -> pd.DataFrame:
    """Per source: replies classified agree / disagree / neutral, and their shares."""
    with open_store(db_path, create=False, read_only=True) as store:
        edges = store.reply_edges(filters)
    edges = edges[edges["reply_stance"].notna()]
    counts = edges.groupby(["source", "reply_stance"]).size().unstack(fill_value=0).reindex(columns=["agree", "disagree", "neutral"], fill_value=0)
    shares = counts.div(counts.sum(axis=1), axis=0).add_suffix("_share")
    return counts.join(shares).reset_index()


def write_network(edges: pd.DataFrame, path: Path, fmt: str = "gexf") -> Path:
    """The participant network as GEXF (Gephi, networkx) or CSV (an edge list)."""
    path = Path(path)
    if fmt == "csv":
        edges.to_csv(path, index=False)
        return path
    import networkx as nx

    graph = nx.DiGraph()
    for row in edges.itertuples(index=False):
        agreement = getattr(row, "agreement", None)
        graph.add_edge(str(row.source_author), str(row.target_author), weight=int(row.replies),
                       agree=int(getattr(row, "agree", 0)), disagree=int(getattr(row, "disagree", 0)),
                       agreement=float(agreement) if agreement is not None and agreement == agreement else 0.0)
    nx.write_gexf(graph, path)
    return path
