"""Class shares per group, in tidy long format: one row per group x class x measure."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from discourse.errors import DiscourseError
from discourse.stats.intervals import cluster_bootstrap, correct_for_confusion, wilson
from discourse.store import open_store
from discourse.store.aggregates import PROBABILITIES
from discourse.store.filters import NO_FILTER, CorpusFilter

INTERVALS = {
    "wilson": "Wilson score 95 % interval; treats items as independent",
    "cluster_bootstrap": "95 % percentile interval, bootstrap resampling whole pages (comments within a page are not independent)",
    "none": "counts carry no interval",
}
MEASURES = {
    "count": "items predicted in the class",
    "share": "count / all items of the group",
    "share_confidence_weighted": "sum of the class probability / items (expected share under the calibrated probabilities)",
    "share_confusion_corrected": "shares adjusted with the head's confusion matrix measured on held-out data (model card)",
}


@dataclass(frozen=True)
class ShareQuery:
    """What to count: task, target, grouping, who, filters, and how to estimate intervals."""

    task: str = "stance"
    target: str = "russia_china_cooperation"
    by: tuple[str, ...] = ()
    who: tuple[str, ...] = ("public", "official")
    min_confidence: float = 0.0
    head: str | None = None
    bootstrap: int = 1000
    seed: int = 0
    confusion: tuple[tuple[float, ...], ...] | None = None
    weighted: bool = True
    filters: CorpusFilter = NO_FILTER
    extra: dict = field(default_factory=dict)


def resolve_head(store, query: ShareQuery) -> str:
    """The head to report: the one asked for, else the one with the most recent predictions."""
    heads = store.heads_for(query.task, query.target)
    if query.head:
        if query.head not in heads:
            raise DiscourseError("E209", task=query.task, target=query.target, hint=f" (head {query.head})")
        return query.head
    if not heads:
        hint = f' --target "{query.target}"' if query.task == "stance" else ""
        raise DiscourseError("E209", task=query.task, target=query.target, hint=hint)
    return heads[0]


def latest_heads(store, target: str) -> tuple[str | None, str | None]:
    """The sentiment head and the stance head (for `target`) with the most recent predictions."""
    sentiment, stance = store.heads_for("sentiment", ""), store.heads_for("stance", target)
    return (sentiment[0] if sentiment else None), (stance[0] if stance else None)


def _group_rows(counts: pd.DataFrame, labels: tuple[str, ...], query: ShareQuery, group_cols: list[str], who: str) -> list[dict]:
    rows: list[dict] = []
    if counts.empty:
        return rows
    confusion = np.array(query.confusion) if query.confusion else None
    grouped = counts.groupby(group_cols, dropna=False, sort=True) if group_cols else [((), counts)]
    for key, part in grouped:
        key = key if isinstance(key, tuple) else (key,)
        group = dict(zip(group_cols, key))
        per_page = part.pivot_table(index="page_id", columns="class", values="n", aggfunc="sum", fill_value=0).reindex(columns=list(labels), fill_value=0)
        weights = part.groupby("page_id")[[f"w_{label}" for label in labels]].sum()
        totals = per_page.to_numpy().sum(axis=0)
        n = int(totals.sum())
        n_pages = int(len(per_page))
        low_w, high_w = wilson(totals, np.full(len(labels), n))
        low_b, high_b = cluster_bootstrap(per_page.to_numpy(), query.bootstrap, query.seed)
        shares = totals / n if n else np.full(len(labels), np.nan)
        base = {"who": who, **group, "n": n, "n_pages": n_pages}
        for i, label in enumerate(labels):
            rows.append({**base, "class": label, "measure": "count", "value": float(totals[i]), "ci_low": np.nan, "ci_high": np.nan, "interval": "none"})
            rows.append({**base, "class": label, "measure": "share", "value": shares[i], "ci_low": low_w[i], "ci_high": high_w[i], "interval": "wilson"})
            rows.append({**base, "class": label, "measure": "share", "value": shares[i], "ci_low": low_b[i], "ci_high": high_b[i], "interval": "cluster_bootstrap"})
        if query.weighted and n:
            mass = weights.to_numpy()
            low, high = cluster_bootstrap(mass, query.bootstrap, query.seed)
            weighted = mass.sum(axis=0) / mass.sum()
            rows += [{**base, "class": label, "measure": "share_confidence_weighted", "value": weighted[i], "ci_low": low[i], "ci_high": high[i], "interval": "cluster_bootstrap"} for i, label in enumerate(labels)]
        if confusion is not None and n:
            corrected = correct_for_confusion(shares, confusion)
            low, high = cluster_bootstrap(per_page.to_numpy(), query.bootstrap, query.seed, transform=lambda s: correct_for_confusion(s, confusion))
            rows += [{**base, "class": label, "measure": "share_confusion_corrected", "value": corrected[i], "ci_low": low[i], "ci_high": high[i], "interval": "cluster_bootstrap"} for i, label in enumerate(labels)]
    return rows


def class_shares(db_path: str, query: ShareQuery) -> pd.DataFrame:
    """Counts and shares with intervals per group, class and measure, for the public (comments' own
    words) and/or the official text (article paragraphs), as a tidy long DataFrame."""
    labels = PROBABILITIES[query.task]
    with open_store(db_path, create=False, read_only=True) as store:
        head = resolve_head(store, query)
        rows: list[dict] = []
        group_cols = [key.replace(":", "_") for key in query.by]
        for who in query.who:
            counts = store.class_counts(task=query.task, target=query.target, head=head, who=who, by=list(query.by), min_confidence=query.min_confidence,
                                         filters=query.filters)
            rows += _group_rows(counts, labels, query, group_cols, who)
    frame = pd.DataFrame(rows, columns=["who", *group_cols, "class", "measure", "value", "ci_low", "ci_high", "interval", "n", "n_pages"])
    frame.insert(1, "task", query.task)
    frame.insert(2, "target", query.target if query.task == "stance" else "")
    frame.attrs["head"] = head
    return frame


def confusion_for(db_path: str, models_dir, task: str, target: str) -> tuple[tuple[float, ...], ...] | None:
    """The confusion matrix of the head that made the newest predictions for task/target, from its
    training record in `models_dir` (None when it has none), as a ShareQuery wants it."""
    from discourse.stats.export import head_confusion

    with open_store(db_path, create=False, read_only=True) as store:
        heads = store.heads_for(task, target)
    matrix = head_confusion(models_dir, heads[0]) if heads else None
    return tuple(tuple(row) for row in matrix) if matrix else None
