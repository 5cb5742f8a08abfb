"""Trends: stance and sentiment over time (week or month), optionally split by source or language,
with 95 % bands; frames over time."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import Input, Output, callback, html

from dashboards import data, figures
from dashboards.components import (
    FILTER_INPUTS,
    figure_card,
    page_frame,
    safe_figure,
    view_from,
)

dash.register_page(__name__, path="/trends", name="Trends", title="discourse · Trends", order=2)


def layout(**params):
    return page_frame("Trends", params, lambda: _content(params))


def _content(params):
    return html.Div([
        dmc.Group(gap="md", align="flex-end", mb="sm", children=[
            dmc.SegmentedControl(id="tr-period", value="date:month", data=[{"value": "date:month", "label": "Month"}, {"value": "date:week", "label": "Week"}],
                                 **{"aria-label": "Period"}),
            dmc.Select(id="tr-split", label="Split by", value="none", allowDeselect=False, w=160,
                       data=[{"value": "none", "label": "No split"}, {"value": "source", "label": "Source"}, {"value": "lang", "label": "Language"}]),
            dmc.Select(id="tr-who", label="Whose words", value="public", allowDeselect=False, w=180,
                       data=[{"value": "public", "label": "Comments"}, {"value": "official", "label": "Official text"}]),
        ]),
        figure_card("tr-stance", "Stance over time", "Share of items per stance and period, with 95 % intervals (page bootstrap; Wilson for a single page)."),
        figure_card("tr-sentiment", "Sentiment over time", "Share of items per sentiment and period, with 95 % intervals."),
        figure_card("tr-frames", "Frames over time", "Share of texts carrying each frame per period (the ten most frequent frames)."),
    ])


@callback(Output("tr-stance", "figure"), Output("tr-sentiment", "figure"), Output("tr-frames", "figure"),
          *FILTER_INPUTS, Input("tr-period", "value"), Input("tr-split", "value"), Input("tr-who", "value"))
def update(source, lang, dates, target, minconf, period, split, who):
    view = view_from(source, lang, dates, target, minconf)
    period = period or "date:month"
    column = period.replace(":", "_")
    split = None if split in (None, "none") else split
    by = (period,) + ((split,) if split else ())
    who = who or "public"
    stance = safe_figure(lambda: figures.trend(data.shares("stance", by, view, (who,)), column, split, None, figures.STANCE_COLORS))
    sentiment = safe_figure(lambda: figures.trend(data.shares("sentiment", by, view, (who,)), column, split, None, figures.SENTIMENT_COLORS))
    frames = safe_figure(lambda: figures.frames_over_time(data.frames((period,), view), column, who, None))
    return stance, sentiment, frames
