"""The framing gap: Jensen–Shannon divergence by hand, official vs public on the tiny store, frame shares."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from discourse.stats.gap import GapQuery, frame_shares, js_divergence, stance_gap
from discourse.store import open_store


def test_js_divergence_known_values():
    assert js_divergence(np.array([1, 2, 3]), np.array([2, 4, 6])) == pytest.approx(0.0)
    assert js_divergence(np.array([1, 0]), np.array([0, 1])) == pytest.approx(1.0)
    expected = 0.5 * math.log2(1 / 0.75) + 0.5 * (0.5 * math.log2(0.5 / 0.75) + 0.5 * math.log2(0.5 / 0.25))
    assert js_divergence(np.array([1.0, 0.0]), np.array([0.5, 0.5])) == pytest.approx(expected)


def test_stance_gap_on_hand_counts(tiny_store):
    gap = stance_gap(tiny_store, GapQuery(bootstrap=300, seed=1))
    # official paragraphs: favor 3, against 0, none 1 ; public comments: favor 3, against 6, none 1
    official = gap[(gap.who == "official") & (gap.measure == "share")].set_index("class")["value"]
    assert official.to_dict() == pytest.approx({"favor": 0.75, "against": 0.0, "none": 0.25})
    jsd = gap[gap.measure == "js_divergence"].iloc[0]
    assert jsd["value"] == pytest.approx(float(js_divergence(np.array([3, 0, 1]), np.array([3, 6, 1]))))
    assert jsd["ci_low"] <= jsd["value"] <= jsd["ci_high"] and jsd["n_pages"] == 3
    again = stance_gap(tiny_store, GapQuery(bootstrap=300, seed=1))
    assert again.equals(gap)


def test_frames_raised_by_one_side(tiny_store):
    rows = [("p1-c0", "comment", "p1", "cost_and_who_pays"), ("p1-c1", "comment", "p1", "cost_and_who_pays"), ("p1-c2", "comment", "p1", ""),
            ("p1:p0", "paragraph", "p1", "strategic_partnership_friendship"), ("p1:p1", "paragraph", "p1", "")]
    with open_store(tiny_store) as store:
        store.write_frames(pd.DataFrame([dict(item_id=i, item_kind=k, page_id=p, frame=f, score=0.1, codebook="frames.v1", detector="frames.e5.v1", run_id="r")
                                         for i, k, p, f in rows]))
    shares = frame_shares(tiny_store, GapQuery()).set_index("frame")
    assert shares.loc["cost_and_who_pays", "public_share"] == pytest.approx(2 / 3)
    assert shares.loc["cost_and_who_pays", "raised_by"] == "public_only"
    assert shares.loc["strategic_partnership_friendship", "official_share"] == pytest.approx(0.5)
    assert shares.loc["strategic_partnership_friendship", "raised_by"] == "official_only"
