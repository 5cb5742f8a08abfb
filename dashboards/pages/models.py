"""Models & provenance: which backbone, heads and hashes produced the numbers shown, their held-out
evaluation and model cards, the runs and their times; export buttons for the current filters."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboards import data, figures
from dashboards.components import FILTER_STATES, page_frame, view_from

dash.register_page(__name__, path="/models", name="Models & provenance", title="discourse · Models & provenance", order=4)

EXPORTS = (("stance", "Stance shares by source"), ("sentiment", "Sentiment shares by source"), ("gap", "Framing gap by source"),
           ("comments", "Comments with predictions"))


def layout(**params):
    return page_frame("Models & provenance", params, lambda: _content(params))


def _content(params):
    found = data.provenance()
    used = found["used"].copy()
    for column in ("first", "last"):
        used[column] = used[column].astype(str).str[:19]
    return html.Div([
        html.Section(className="card", **{"aria-labelledby": "md-export-title"}, children=[
            html.H2("Export the current view", id="md-export-title", className="card-title"),
            html.P("The file holds the same table as `discourse export` for the filters above (95 % intervals, 1000 page-bootstrap replicates, seed 0), with its provenance.",
                   className="card-description"),
            dmc.Group(gap="sm", align="flex-end", children=[
                dmc.Select(id="md-what", label="Table", value="stance", allowDeselect=False, w=260, data=[{"value": v, "label": l} for v, l in EXPORTS]),
                dmc.Button("CSV", id="md-csv", variant="filled"),
                dmc.Button("Parquet", id="md-parquet", variant="filled"),
                dmc.Button("JSON", id="md-json", variant="filled"),
            ]),
            html.P("Same file from the command line:", className="card-description", style={"marginTop": "8px"}),
            html.Div(id="md-cli", className="cli"),
            html.P(id="md-export-status", role="status", className="card-description"),
            dcc.Download(id="md-download"),
        ]),
        html.Section(className="card", **{"aria-labelledby": "md-used-title"}, children=[
            html.H2("What produced the numbers", id="md-used-title", className="card-title"),
            html.Div(table(used.rename(columns={"backbone_fingerprint": "backbone sha256"})), className="table-wrap"),
        ]),
        html.Section(className="card", **{"aria-labelledby": "md-eval-title"}, children=[
            html.H2("Held-out evaluation of the heads in use", id="md-eval-title", className="card-title"),
            dcc.Graph(id="md-eval", figure=figures.evaluation_bars(_evaluation(found["cards"]), None), config={"displaylogo": False}),
        ]),
        html.Section(className="card", **{"aria-labelledby": "md-cards-title"}, children=[
            html.H2("Model cards", id="md-cards-title", className="card-title"),
            dmc.Accordion(multiple=True, children=[
                dmc.AccordionItem(value=card["head"], children=[
                    dmc.AccordionControl(card["head"]),
                    dmc.AccordionPanel(dcc.Markdown(card["card"] or "No model card in the models folder for this head.", className="model-card")),
                ]) for card in found["cards"]
            ]),
        ]),
        html.Section(className="card", **{"aria-labelledby": "md-runs-title"}, children=[
            html.H2("Runs", id="md-runs-title", className="card-title"),
            html.Div(table(found["runs"].assign(started_at=found["runs"]["started_at"].astype(str).str[:19],
                                                finished_at=found["runs"]["finished_at"].astype(str).str[:19])), className="table-wrap"),
        ]),
    ])


def _evaluation(cards):
    from discourse.stats import evaluation_table

    return evaluation_table(cards)


def table(frame: pd.DataFrame) -> html.Table:
    """A plain, accessible table (header cells scoped to columns); values shown as text."""
    head = html.Thead(html.Tr([html.Th(str(c), scope="col") for c in frame.columns]))
    body = html.Tbody([html.Tr([html.Td("" if v is None or (isinstance(v, float) and v != v) else str(v)) for v in row]) for row in frame.itertuples(index=False)])
    return html.Table([head, body], className="plain")


@callback(Output("md-cli", "children"), Input("md-what", "value"), *[Input(s.component_id, s.component_property) for s in FILTER_STATES])
def show_command(what, source, lang, dates, target, minconf):
    return data.export_command(what or "stance", "csv", view_from(source, lang, dates, target, minconf))


@callback(Output("md-download", "data"), Output("md-export-status", "children"),
          Input("md-csv", "n_clicks"), Input("md-parquet", "n_clicks"), Input("md-json", "n_clicks"), State("md-what", "value"), *FILTER_STATES,
          prevent_initial_call=True)
def download(_csv, _parquet, _json, what, source, lang, dates, target, minconf):
    from discourse.errors import DiscourseError

    fmt = {"md-csv": "csv", "md-parquet": "parquet", "md-json": "json"}[dash.ctx.triggered_id]
    try:
        name, payload = data.export(what or "stance", fmt, view_from(source, lang, dates, target, minconf))
    except DiscourseError as exc:
        return dash.no_update, exc.message
    return dcc.send_bytes(payload, name), f"Downloaded {name} ({len(payload):,} bytes)."
