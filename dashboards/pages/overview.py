"""Overview: corpus counts, stance and sentiment distributions (official vs comments), official vs
public stance per source, and the framing gap per source."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import Output, callback, html

from dashboards import data, figures
from dashboards.components import (
    FILTER_INPUTS,
    figure_card,
    page_frame,
    safe_figure,
    view_from,
)

dash.register_page(__name__, path="/", name="Overview", title="discourse · Overview", order=0)


def layout(**params):
    return page_frame("Overview", params, lambda: _content(params))


def _content(params):
    return html.Div([
        html.P(id="ov-summary", className="summary", role="status"),
        dmc.SimpleGrid(cols={"base": 1, "md": 3}, children=[
            figure_card("ov-sources", "Corpus by source", "Pages and comments per source."),
            figure_card("ov-langs", "Corpus by language", "Pages and comments per language (a comment's own language)."),
            figure_card("ov-months", "Corpus by month", "Pages and comments per month (a comment's own time)."),
        ]),
        dmc.SimpleGrid(cols={"base": 1, "md": 2}, children=[
            figure_card("ov-stance", "Stance toward the target", "Share of items per stance, official text vs comments, with 95 % intervals."),
            figure_card("ov-sentiment", "Sentiment", "Share of items per sentiment, official text vs comments, with 95 % intervals."),
        ]),
        figure_card("ov-side-by-side", "Official vs public stance, per source",
                    "For each source, the stance mix of the official text (article paragraphs and the officials it quotes) above the comments'."),
        figure_card("ov-gap", "Framing gap per source", "How far the comments' stance mix departs from the official text's (Jensen–Shannon divergence, 95 % page-bootstrap interval)."),
        figure_card("ov-frame-gap", "Frames: comments vs official text", "Share of comments minus share of official texts carrying each frame, per source (blue: the comments raise it more; orange: the official text does)."),
    ])


# Three callbacks rather than one, so the server computes them in parallel threads.
@callback([Output(g, "figure") for g in ("ov-sources", "ov-langs", "ov-months")] + [Output("ov-summary", "children")], FILTER_INPUTS)
def update_counts(source, lang, dates, target, minconf):
    view = view_from(source, lang, dates, target, minconf)
    figs = [figures.counts_bar(data.counts(by, view), None) for by in ("source", "lang", "date:month")]
    counted = data.counts("lang", view)
    pages, comments = int(counted["pages"].sum()), int(counted["comments"].sum())
    summary = (f"{pages} page{'s' if pages != 1 else ''} and {comments} comment{'s' if comments != 1 else ''} match the filters"
               + (f" (minimum confidence {view.min_confidence:.2f} for the stance and sentiment figures)." if view.min_confidence else "."))
    return [*figs, summary]


@callback(Output("ov-stance", "figure"), Output("ov-sentiment", "figure"), FILTER_INPUTS)
def update_distributions(source, lang, dates, target, minconf):
    view = view_from(source, lang, dates, target, minconf)
    return (safe_figure(lambda: figures.distribution(data.shares("stance", (), view), None)),
            safe_figure(lambda: figures.distribution(data.shares("sentiment", (), view), None)))


@callback(Output("ov-side-by-side", "figure"), Output("ov-gap", "figure"), Output("ov-frame-gap", "figure"), FILTER_INPUTS)
def update_sources(source, lang, dates, target, minconf):
    view = view_from(source, lang, dates, target, minconf)
    return (safe_figure(lambda: figures.side_by_side(data.shares("stance", ("source",), view), "source", None)),
            safe_figure(lambda: figures.gap_dots(data.gap(("source",), view), "source", None)),
            safe_figure(lambda: figures.frame_gap_heatmap(data.frames(("source",), view), "source", None)))
