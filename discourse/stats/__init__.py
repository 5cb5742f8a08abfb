"""Read-only aggregates over the store -> DataFrames with intervals; one implementation of every
number, used by `discourse export` and the dashboard."""

from discourse.stats.export import FORMATS, WHATS, build_table, head_confusion, read_back, write
from discourse.stats.intervals import cluster_bootstrap, correct_for_confusion, wilson
from discourse.stats.shares import INTERVALS, MEASURES, ShareQuery, class_shares

__all__ = [
    "FORMATS", "INTERVALS", "MEASURES", "WHATS", "ShareQuery", "build_table", "class_shares", "cluster_bootstrap",
    "correct_for_confusion", "head_confusion", "read_back", "wilson", "write",
]
