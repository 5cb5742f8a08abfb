"""Reply-tree metrics and the participant network (GEXF readable by networkx)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from discourse.config import load_settings
from discourse.pipeline import ingest
from discourse.stats.threads import reply_network, tree_metrics, write_network

SEED_LIKE = Path(__file__).resolve().parents[2] / "data" / "sample" / "06_topwar_en.txt"


@pytest.fixture
def store(tmp_path):
    settings = load_settings(None, db_path=str(tmp_path / "t.duckdb"))
    ingest([SEED_LIKE], settings)
    return settings.db_path


def test_tree_metrics_match_the_parsed_thread(store):
    from discourse.parse import parse_path

    [page] = parse_path(SEED_LIKE)
    [row] = tree_metrics(store).to_dict("records")
    replies = [c for c in page.comments if c.parent_position is not None]
    assert row["comments"] == len(page.comments) and row["replies"] == len(replies)
    assert row["max_depth"] == max(c.depth for c in page.comments)
    counts = {}
    for c in replies:
        counts[c.parent_position] = counts.get(c.parent_position, 0) + 1
    assert row["most_replied_replies"] == max(counts.values())
    assert row["branching"] == pytest.approx(len(replies) / len(counts))


def test_network_round_trips_through_gexf(store, tmp_path):
    edges = reply_network(store)
    assert (edges["source_author"] != edges["target_author"]).all() and edges["replies"].min() >= 1
    graph = nx.read_gexf(write_network(edges, tmp_path / "net.gexf"))
    assert graph.number_of_edges() == len(edges)
    first = edges.iloc[0]
    assert graph[str(first.source_author)][str(first.target_author)]["weight"] == first.replies
