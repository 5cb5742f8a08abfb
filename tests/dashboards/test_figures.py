"""Figure builders are pure: the same table gives the same traces, empty input says why."""

from __future__ import annotations

import pandas as pd

from dashboards import figures
from discourse import stats
from discourse.stats import ShareQuery


def test_distribution_plots_each_side_with_its_intervals(tiny_store):
    shares = stats.class_shares(tiny_store, ShareQuery())
    fig = figures.distribution(shares, "t")
    names = [trace.name for trace in fig.data]
    assert names == ["Official text (n=4)", "Comments (n=10)"]
    comments = fig.data[1]
    assert list(comments.x) == ["favor", "against", "none"]
    assert list(comments.y) == [0.3, 0.6, 0.1]
    assert all(high >= 0 for high in comments.error_y.array) and all(low >= 0 for low in comments.error_y.arrayminus)
    assert figures.distribution(shares, "t").to_json() == fig.to_json()


def test_side_by_side_has_one_bar_per_source_and_side(tiny_store):
    shares = stats.class_shares(tiny_store, ShareQuery(by=("source",)))
    fig = figures.side_by_side(shares, "source", None)
    assert [trace.name for trace in fig.data] == ["favor", "against", "none"]
    assert len(fig.data[0].y) == 4 and any("VO · Comments (n=4)" == label for label in fig.data[0].y)


def test_single_page_groups_fall_back_to_wilson_intervals(tiny_store):
    rows = figures._share_rows(stats.class_shares(tiny_store, ShareQuery(by=("source",))))
    vo = rows[rows["source"] == "VO"]
    assert set(vo["interval"]) == {"Wilson 95 %"} and vo["ci_low"].notna().all()


def test_gap_and_trend_and_counts(tiny_store):
    gap = stats.stance_gap(tiny_store, stats.GapQuery(by=("source",)))
    assert len(figures.gap_dots(gap, "source", None).data[0].x) == 2
    trend = figures.trend(stats.class_shares(tiny_store, ShareQuery(by=("date:month",), who=("public",))), "date_month", None, None, figures.STANCE_COLORS)
    assert {trace.name for trace in trend.data if trace.showlegend is not False} == {"favor", "against", "none"}
    counts = figures.counts_bar(stats.corpus_counts(tiny_store, "source"), None)
    assert [trace.name for trace in counts.data] == ["Comments", "Pages"]


def test_empty_tables_give_a_figure_that_says_why():
    for fig in (figures.distribution(pd.DataFrame(), None), figures.theme_bars(pd.DataFrame(), None),
                figures.frame_gap_heatmap(pd.DataFrame(), "source", None), figures.reply_network(pd.DataFrame(), pd.DataFrame(), None)):
        assert fig.layout.annotations and fig.layout.annotations[0].text


def test_reply_network_colours_authors_by_stance():
    edges = pd.DataFrame({"source_author": ["a", "c", "d"], "target_author": ["b", "a", "a"], "replies": [2, 1, 1],
                          "agree": [1, 0, 0], "disagree": [0, 1, 0], "neutral": [0, 0, 0], "agreement": [1.0, -1.0, float("nan")]})
    stances = pd.DataFrame({"author": ["a", "b"], "comments": [3, 1], "stance": ["favor", "against"]})
    fig = figures.reply_network(edges, stances, None)
    names = {trace.name for trace in fig.data}
    assert {"reply: agree", "reply: disagree", "author mostly favor", "author mostly against", "author mostly unclassified"} <= names
