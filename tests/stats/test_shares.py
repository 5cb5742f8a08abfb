"""Shares and intervals against hand computation; reproducible bootstrap; confusion correction."""

from __future__ import annotations

import numpy as np
import pytest

from discourse.errors import DiscourseError
from discourse.stats import ShareQuery, class_shares, cluster_bootstrap, correct_for_confusion, wilson


def _value(frame, **where):
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, where
    return rows.iloc[0]


def test_wilson_known_values():
    low, high = wilson(np.array([5, 0, 10]), np.array([10, 10, 10]))
    assert low[0] == pytest.approx(0.2366, abs=1e-4) and high[0] == pytest.approx(0.7634, abs=1e-4)
    assert low[1] == pytest.approx(0.0, abs=1e-12) and high[1] == pytest.approx(0.2775, abs=1e-4)
    assert high[2] == pytest.approx(1.0) and low[2] == pytest.approx(0.7225, abs=1e-4)
    assert np.isnan(wilson(np.array([0]), np.array([0]))[0][0])


def test_counts_and_shares_by_source_by_hand(tiny_store):
    frame = class_shares(tiny_store, ShareQuery(by=("source",), bootstrap=200))
    # public, TASS: comments favor 2, against 3, none 1 -> 6 ; VO: favor 1, against 3 -> 4
    assert _value(frame, who="public", source="TASS", **{"class": "against"}, measure="count")["value"] == 3
    tass = _value(frame, who="public", source="TASS", **{"class": "favor"}, measure="share", interval="wilson")
    assert tass["value"] == pytest.approx(2 / 6) and tass["n"] == 6 and tass["n_pages"] == 2
    lo, hi = wilson(np.array([2]), np.array([6]))
    assert (tass["ci_low"], tass["ci_high"]) == pytest.approx((lo[0], hi[0]))
    # official, TASS: paragraphs favor 3 of 3 ; VO: none 1 of 1
    assert _value(frame, who="official", source="TASS", **{"class": "favor"}, measure="share", interval="wilson")["value"] == 1.0
    assert _value(frame, who="official", source="VO", **{"class": "none"}, measure="count")["value"] == 1
    # confidence-weighted: VO comments are against x3 (p_favor .1) and favor x1 (p_favor .8) -> (0.3 + 0.8) / 4
    weighted = _value(frame, who="public", source="VO", **{"class": "favor"}, measure="share_confidence_weighted")
    assert weighted["value"] == pytest.approx((0.1 * 3 + 0.8) / 4)
    # VO has one page: no between-page interval rather than a false zero-width one
    assert np.isnan(_value(frame, who="public", source="VO", **{"class": "favor"}, measure="share", interval="cluster_bootstrap")["ci_low"])


def test_grouping_by_month_uses_comment_and_page_times(tiny_store):
    frame = class_shares(tiny_store, ShareQuery(by=("date:month",), bootstrap=100))
    march = _value(frame, who="public", date_month="2021-03", **{"class": "against"}, measure="count")
    assert march["value"] == 5 and march["n_pages"] == 2


def test_bootstrap_is_reproducible_with_a_seed():
    counts = np.array([[3, 1, 0], [0, 4, 1], [2, 2, 2], [5, 0, 0]])
    first = cluster_bootstrap(counts, 500, seed=7)
    assert np.array_equal(first[0], cluster_bootstrap(counts, 500, seed=7)[0])
    assert not np.array_equal(first[0], cluster_bootstrap(counts, 500, seed=8)[0])
    assert (first[0] <= counts.sum(0) / counts.sum()).all() and (counts.sum(0) / counts.sum() <= first[1]).all()


def test_confusion_correction_inverts_a_known_confusion():
    truth = np.array([0.5, 0.3, 0.2])
    confusion = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8]])
    observed = truth @ confusion
    assert correct_for_confusion(observed, confusion * 37) == pytest.approx(truth)


def test_filters_and_errors(tiny_store, tmp_path):
    frame = class_shares(tiny_store, ShareQuery(who=("public",), min_confidence=0.75, bootstrap=50))
    assert _value(frame, **{"class": "favor"}, measure="count")["value"] == 3  # only the .8-confident favors pass
    with pytest.raises(DiscourseError, match="E207"):
        class_shares(tiny_store, ShareQuery(by=("colour",)))
    with pytest.raises(DiscourseError, match="E208"):
        class_shares(tiny_store, ShareQuery(by=("depth",), who=("official",)))
    with pytest.raises(DiscourseError, match="E209"):
        class_shares(tiny_store, ShareQuery(target="NATO"))
    with pytest.raises(DiscourseError, match="E106"):
        class_shares(str(tmp_path / "missing.duckdb"), ShareQuery())


def test_filters_keep_only_the_chosen_sources_and_dates(tiny_store):
    from discourse.stats import CorpusFilter

    only_vo = class_shares(tiny_store, ShareQuery(who=("public",), filters=CorpusFilter(sources=("VO",))))
    counts = only_vo[(only_vo["measure"] == "count")].set_index("class")["value"]
    assert counts.to_dict() == {"favor": 1.0, "against": 3.0, "none": 0.0}
    march = class_shares(tiny_store, ShareQuery(who=("official",), filters=CorpusFilter(date_from="2021-03-01", date_to="2021-03-31")))
    # p2 (favor) and p3 (none) paragraphs are dated March; p1's two favour paragraphs are February
    counts = march[(march["measure"] == "count")].set_index("class")["value"]
    assert counts.to_dict() == {"favor": 1.0, "against": 0.0, "none": 1.0}


def test_a_bad_filter_date_is_a_coded_error():
    from discourse.errors import DiscourseError
    from discourse.stats import CorpusFilter

    with pytest.raises(DiscourseError) as caught:
        CorpusFilter.checked(date_from="21/03/2021")
    assert caught.value.code == "E214"
