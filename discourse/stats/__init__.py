"""Read-only aggregates over the store -> DataFrames with intervals; one implementation of every
number, used by `discourse export` and the dashboard."""

from discourse.stats.browse import (
    THREAD_SORTS, StoreStatus, article, article_list, author_stances, corpus_counts, evaluation_table, filter_choices, framing_summary, model_provenance,
    store_status, theme_table, thread,
)
from discourse.stats.export import FORMATS, WHATS, build_table, export_bytes, head_confusion, read_back, write
from discourse.stats.gap import GapQuery, frame_shares, js_divergence, stance_gap
from discourse.stats.intervals import cluster_bootstrap, correct_for_confusion, wilson
from discourse.stats.shares import INTERVALS, MEASURES, ShareQuery, class_shares, confusion_for
from discourse.store.filters import CorpusFilter
from discourse.stats.threads import agreement_ratios, reply_network, tree_metrics, write_network

__all__ = [
    "THREAD_SORTS", "StoreStatus", "article", "article_list", "author_stances", "corpus_counts", "evaluation_table", "export_bytes", "filter_choices",
    "framing_summary", "model_provenance", "store_status", "theme_table", "thread",
    "FORMATS", "INTERVALS", "CorpusFilter", "confusion_for", "MEASURES", "WHATS", "GapQuery", "ShareQuery", "agreement_ratios", "build_table", "class_shares",
    "cluster_bootstrap", "correct_for_confusion", "frame_shares", "head_confusion", "js_divergence", "read_back", "reply_network",
    "stance_gap", "tree_metrics", "wilson", "write", "write_network",
]
