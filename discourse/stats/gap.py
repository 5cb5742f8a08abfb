"""The framing gap: how far the public's stance departs from the official text's (Jensen–Shannon
divergence with a page-cluster bootstrap interval), and which frames each side raises."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from discourse.stats.shares import ShareQuery, resolve_head
from discourse.store import open_store
from discourse.store.aggregates import PROBABILITIES
from discourse.store.filters import NO_FILTER, CorpusFilter

RAISED_SHARE = 0.05  # a side "raises" a frame when at least this share of its texts carries it


def js_divergence(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Jensen–Shannon divergence, base 2 (0 = same distribution, 1 = disjoint), row-wise."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    p = p / np.clip(p.sum(axis=-1, keepdims=True), 1e-12, None)
    q = q / np.clip(q.sum(axis=-1, keepdims=True), 1e-12, None)
    m = (p + q) / 2

    def kl(a, b):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(a > 0, a * np.log2(a / np.where(b > 0, b, 1)), 0.0).sum(axis=-1)

    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def _page_matrix(counts: pd.DataFrame, labels: tuple[str, ...], pages: list[str]) -> np.ndarray:
    table = counts.pivot_table(index="page_id", columns="class", values="n", aggfunc="sum", fill_value=0) if not counts.empty else pd.DataFrame()
    return table.reindex(index=pages, columns=list(labels), fill_value=0).to_numpy(dtype=float)


@dataclass(frozen=True)
class GapQuery:
    """Grouping and estimation settings of the gap measures."""

    target: str = "russia_china_cooperation"
    by: tuple[str, ...] = ()
    bootstrap: int = 1000
    seed: int = 0
    head: str | None = None
    detector: str = "frames.e5.v1"
    filters: CorpusFilter = NO_FILTER
    min_confidence: float = 0.0


def stance_gap(db_path: str, query: GapQuery) -> pd.DataFrame:
    """Per group: official and public stance shares and their Jensen–Shannon divergence with a 95 %
    page-cluster bootstrap interval (pages that have either official text or comments)."""
    labels = PROBABILITIES["stance"]
    cols = [k.replace(":", "_") for k in query.by]
    with open_store(db_path, create=False, read_only=True) as store:
        head = resolve_head(store, ShareQuery(task="stance", target=query.target, head=query.head))
        official, public = (store.class_counts(task="stance", target=query.target, head=head, who=who, by=list(query.by),
                                               min_confidence=query.min_confidence, filters=query.filters) for who in ("official", "public"))
    keys = sorted(set(map(tuple, official[cols].astype(str).values)) | set(map(tuple, public[cols].astype(str).values))) if cols else [()]
    rng = np.random.default_rng(query.seed)
    rows = []
    for key in keys:
        mask_o = np.all([official[c].astype(str) == v for c, v in zip(cols, key)], axis=0) if cols else np.ones(len(official), bool)
        mask_p = np.all([public[c].astype(str) == v for c, v in zip(cols, key)], axis=0) if cols else np.ones(len(public), bool)
        o, p = official[mask_o], public[mask_p]
        pages = sorted(set(o["page_id"]) | set(p["page_id"]))
        mo, mp = _page_matrix(o, labels, pages), _page_matrix(p, labels, pages)
        group = dict(zip(cols, key))
        no, npub = int(mo.sum()), int(mp.sum())
        for who, matrix, n in (("official", mo, no), ("public", mp, npub)):
            shares = matrix.sum(axis=0) / n if n else np.full(len(labels), np.nan)
            rows += [{**group, "who": who, "measure": "share", "class": label, "value": shares[i], "ci_low": np.nan, "ci_high": np.nan, "n": n, "n_pages": len(pages)} for i, label in enumerate(labels)]
        value = float(js_divergence(mo.sum(0), mp.sum(0))) if no and npub else np.nan
        low = high = np.nan
        if no and npub and len(pages) >= 2:
            weights = rng.multinomial(len(pages), np.full(len(pages), 1 / len(pages)), size=query.bootstrap)
            sample = js_divergence(weights @ mo, weights @ mp)
            sample = sample[np.isfinite(sample) & ((weights @ mo).sum(1) > 0) & ((weights @ mp).sum(1) > 0)]
            if len(sample):
                low, high = np.percentile(sample, [2.5, 97.5])
        rows.append({**group, "who": "official_vs_public", "measure": "js_divergence", "class": "", "value": value, "ci_low": low, "ci_high": high, "n": no + npub, "n_pages": len(pages)})
    frame = pd.DataFrame(rows, columns=[*cols, "who", "measure", "class", "value", "ci_low", "ci_high", "n", "n_pages"])
    frame.insert(len(cols), "target", query.target)
    frame.attrs["head"] = head
    frame["interval"] = np.where(frame["measure"] == "js_divergence", "cluster_bootstrap", "none")
    return frame


def frame_shares(db_path: str, query: GapQuery) -> pd.DataFrame:
    """Per group and frame: the share of official texts and of comments carrying it, the difference,
    and which side raises it (public_only / official_only / both / neither)."""
    cols = [k.replace(":", "_") for k in query.by]
    with open_store(db_path, create=False, read_only=True) as store:
        sides = {who: store.frame_counts(detector=query.detector, who=who, by=list(query.by), filters=query.filters) for who in ("official", "public")}
    rows = []
    for who, counts in sides.items():
        if counts.empty:
            continue
        items = counts.groupby([*cols, "page_id"], dropna=False)["items"].max().groupby(cols or (lambda _: 0), dropna=False).sum() if cols else counts.groupby("page_id")["items"].max().sum()
        hits = counts[counts["frame"] != ""].groupby([*cols, "frame"], dropna=False)["n"].sum().reset_index()
        for row in hits.itertuples(index=False):
            total = items[tuple(getattr(row, c) for c in cols)] if cols and len(cols) > 1 else items[getattr(row, cols[0])] if cols else items
            rows.append({**{c: getattr(row, c) for c in cols}, "frame": row.frame, "who": who, "n": int(row.n), "items": int(total), "share": row.n / total if total else np.nan})
    long = pd.DataFrame(rows, columns=[*cols, "frame", "who", "n", "items", "share"])
    if long.empty:
        return long
    wide = long.pivot_table(index=[*cols, "frame"], columns="who", values="share", fill_value=0.0).reset_index()
    for side in ("official", "public"):
        if side not in wide:
            wide[side] = 0.0
    wide = wide.rename(columns={"official": "official_share", "public": "public_share"})
    wide["difference"] = wide["public_share"] - wide["official_share"]
    raised_o, raised_p = wide["official_share"] >= RAISED_SHARE, wide["public_share"] >= RAISED_SHARE
    wide["raised_by"] = np.select([raised_p & ~raised_o, raised_o & ~raised_p, raised_o & raised_p], ["public_only", "official_only", "both"], "neither")
    return wide.sort_values([*cols, "difference"], ascending=[True] * len(cols) + [False]).reset_index(drop=True)
