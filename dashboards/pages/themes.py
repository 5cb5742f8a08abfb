"""Themes & network: themes with keywords, stance mix and representative comments; the reply
network coloured by stance; agree/disagree ratios per source."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import Output, callback, html

from dashboards import data, figures
from dashboards.components import FILTER_INPUTS, figure_card, page_frame, view_from

dash.register_page(__name__, path="/themes", name="Themes & network", title="discourse · Themes & network", order=3)


def layout(**params):
    return page_frame("Themes & network", params, lambda: _content(params))


def _content(params):
    return html.Div([
        figure_card("th-bars", "Themes and their stance", "Clusters of similar comments (latest themes run), labelled by keywords, with the stance mix of their comments."),
        html.Section(className="card", **{"aria-labelledby": "th-table-title"}, children=[
            html.H2("Representative comments", id="th-table-title", className="card-title"),
            html.Div(id="th-table", className="table-wrap"),
        ]),
        dmc.SimpleGrid(cols={"base": 1, "lg": 2}, children=[
            figure_card("th-network", "Reply network", "Who replies to whom (the most connected participants). Nodes: the author's most frequent stance; lines: agreement of the reply."),
            figure_card("th-agreement", "Agreement in replies, per source", "Replies classified as agreeing, disagreeing or neutral toward the comment they answer."),
        ]),
    ])


@callback(Output("th-bars", "figure"), Output("th-table", "children"), Output("th-network", "figure"), Output("th-agreement", "figure"), *FILTER_INPUTS)
def update(source, lang, dates, target, minconf):
    view = view_from(source, lang, dates, target, minconf)
    themes = data.themes(view)
    edges, stances = data.network(view)
    return (figures.theme_bars(themes, None), theme_table(themes), figures.reply_network(edges, stances, None),
            figures.agreement_bars(data.agreement(view), None))


def theme_table(themes) -> html.Table | dmc.Text:
    """Theme, keywords, size and up to three representative comments (as text)."""
    if themes.empty:
        return dmc.Text("No themes for these filters (run `discourse themes`).", c="dimmed")
    head = html.Thead(html.Tr([html.Th("Theme", scope="col"), html.Th("Keywords", scope="col"), html.Th("Comments", scope="col"),
                               html.Th("Representative comments", scope="col")]))
    body = html.Tbody([html.Tr([html.Td(str(r.theme)), html.Td(r.keywords), html.Td(str(r.comments)),
                                html.Td(html.Ul([html.Li(text[:300] + ("…" if len(text) > 300 else "")) for text in r.representatives[:3]]))])
                       for r in themes.itertuples(index=False)])
    return html.Table([head, body], className="plain")
