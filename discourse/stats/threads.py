"""Discourse structure: reply-tree metrics per page, and the participant network (who replies to whom)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from discourse.store import open_store


def tree_metrics(db_path: str) -> pd.DataFrame:
    """Per page: comments, replies, max and mean depth, branching (mean direct replies of comments
    that got any), the most-replied comment, and how long the thread ran (hours, first to last)."""
    with open_store(db_path, create=False, read_only=True) as store:
        edges = store.reply_edges()
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


def reply_network(db_path: str) -> pd.DataFrame:
    """Edges author -> parent author with the number of replies (self-replies and unknown authors left out)."""
    with open_store(db_path, create=False, read_only=True) as store:
        edges = store.reply_edges()
    edges = edges[edges["parent_author"].notna() & edges["author"].notna() & (edges["author"] != edges["parent_author"])]
    return edges.groupby(["author", "parent_author"]).size().reset_index(name="replies").rename(columns={"author": "source_author", "parent_author": "target_author"})


def write_network(edges: pd.DataFrame, path: Path, fmt: str = "gexf") -> Path:
    """The participant network as GEXF (Gephi, networkx) or CSV (an edge list)."""
    path = Path(path)
    if fmt == "csv":
        edges.to_csv(path, index=False)
        return path
    import networkx as nx

    graph = nx.DiGraph()
    for row in edges.itertuples(index=False):
        graph.add_edge(str(row.source_author), str(row.target_author), weight=int(row.replies))
    nx.write_gexf(graph, path)
    return path
