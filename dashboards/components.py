"""Building blocks shared by the pages: the global filter bar (kept in the URL), class badges, the
empty/error states, and figure cards. Comment and article text is always passed to components as
plain strings (React escapes it), never as HTML or Markdown."""

from __future__ import annotations

import json
from typing import Any

import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from dashboards import data, figures
from discourse.errors import DiscourseError
from discourse.stats import CorpusFilter

FILTER_INPUTS = [Input("f-source", "value"), Input("f-lang", "value"), Input("f-dates", "value"), Input("f-target", "value"), Input("f-minconf", "value")]
FILTER_STATES = [State(i.component_id, i.component_property) for i in FILTER_INPUTS]
NAV = (("nav-overview", "/"), ("nav-article", "/article"), ("nav-trends", "/trends"), ("nav-themes", "/themes"), ("nav-models", "/models"))
DEFAULT_TARGET = "russia_china_cooperation"
TARGET_LABELS = {DEFAULT_TARGET: "Russia–China cooperation"}


def as_list(value: Any) -> list[str]:
    """A URL parameter (absent, one value, or repeated) as a list of strings."""
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def view_from(source, lang, dates, target, minconf) -> data.View:
    """The View selected by the filter controls' values (bad dates are ignored, not fatal)."""
    dates = [d for d in (dates or []) if d] if isinstance(dates, list) else []
    try:
        filters = CorpusFilter.checked(sources=tuple(as_list(source)), langs=tuple(as_list(lang)),
                                       date_from=dates[0] if dates else None, date_to=dates[1] if len(dates) > 1 else None)
    except Exception:  # noqa: BLE001 - a hand-edited URL with a bad date falls back to no date filter
        filters = CorpusFilter(tuple(as_list(source)), tuple(as_list(lang)))
    try:
        confidence = min(max(float(minconf or 0), 0.0), 1.0)
    except (TypeError, ValueError):
        confidence = 0.0
    return data.View(filters=filters, target=target or "russia_china_cooperation", min_confidence=confidence)


def default_target() -> str:
    """The project's default target, or, when the store has no predictions for it, the target with
    the most predictions (a store classified only for "NATO expansion" opens on that)."""
    targets = data.choices()["targets"]
    return DEFAULT_TARGET if DEFAULT_TARGET in targets or not targets else targets[0]


def view_from_params(params: dict[str, Any]) -> data.View:
    """The View a shared URL's query parameters describe."""
    dates = [params.get("from"), params.get("to")]
    return view_from(params.get("source"), params.get("lang"), dates if any(dates) else None, params.get("target") or default_target(),
                     params.get("minconf"))


def filter_bar(params: dict[str, Any]) -> html.Section:
    """Source, language, date range, stance target, minimum confidence; initial values from the URL."""
    choices = data.choices()
    view = view_from_params(params)
    sources = [{"value": s["value"], "label": f"{s['value']} ({s['comments']} comments)"} for s in choices["sources"]]
    langs = [{"value": s["value"], "label": s["value"]} for s in choices["langs"]]
    targets = sorted(set(choices["targets"]) | {view.target})
    return html.Section(
        **{"aria-label": "Filters"}, className="filters",
        children=dmc.Group(align="flex-end", gap="md", wrap="wrap", children=[
            dmc.MultiSelect(id="f-source", label="Sources", placeholder="All sources", data=sources, value=list(view.filters.sources),
                            searchable=True, clearable=True, w=260),
            dmc.MultiSelect(id="f-lang", label="Languages", placeholder="All languages", data=langs, value=list(view.filters.langs),
                            clearable=True, w=180),
            dmc.DatePickerInput(id="f-dates", type="range", label="Dates", placeholder="Any date", clearable=True, allowSingleDateInRange=True,
                                value=[view.filters.date_from, view.filters.date_to],
                                minDate=choices["date_min"], maxDate=choices["date_max"], valueFormat="YYYY-MM-DD", w=240,
                                ariaLabels={"previousMonth": "Previous month", "nextMonth": "Next month"}),
            dmc.Select(id="f-target", label="Stance target", data=[{"value": t, "label": TARGET_LABELS.get(t, t)} for t in targets],
                       value=view.target, allowDeselect=False, w=230),
            dmc.NumberInput(id="f-minconf", label="Min. confidence", min=0, max=1, step=0.05, decimalScale=2, value=view.min_confidence, w=140),
        ]),
    )


# The URL keeps the filters (so a view can be shared) without reloading the page: the browser's
# history entry is replaced, and the navigation links carry the same query. Registered on each app
# by dashboards.app (see register_url_sync).
URL_SYNC_JS = """
    function(source, lang, dates, target, minconf) {
        const NAV_PATHS = %s, DEFAULT_TARGET = %s;
        const filters = new URLSearchParams();
        (source || []).forEach(v => filters.append('source', v));
        (lang || []).forEach(v => filters.append('lang', v));
        if (dates && dates[0]) { filters.set('from', dates[0]); }
        if (dates && dates[1]) { filters.set('to', dates[1]); }
        if (target && target !== DEFAULT_TARGET) { filters.set('target', target); }
        if (minconf) { filters.set('minconf', String(minconf)); }
        const current = new URLSearchParams(window.location.search);
        ['source', 'lang', 'from', 'to', 'target', 'minconf'].forEach(k => current.delete(k));
        filters.forEach((v, k) => current.append(k, v));
        const query = current.toString();
        window.history.replaceState(window.history.state, '', window.location.pathname + (query ? '?' + query : ''));
        const suffix = filters.toString() ? '?' + filters.toString() : '';
        return NAV_PATHS.map(p => p + suffix);
    }
""" % (json.dumps([path for _, path in NAV]), json.dumps(DEFAULT_TARGET))


def register_url_sync(app) -> None:
    """Keep the filters in the URL and in the navigation links of `app`."""
    app.clientside_callback(URL_SYNC_JS, [Output(nav_id, "href") for nav_id, _ in NAV], FILTER_INPUTS)


def guard(params: dict[str, Any]) -> Any | None:
    """An explanation instead of the page when the store cannot be shown (missing, empty, old)."""
    status = data.status()
    if status.ok:
        return None
    titles = {"missing": "No store yet", "empty": "The store is empty", "old_schema": "This store was written by an older discourse",
              "new_schema": "This store was written by a newer discourse", "unreadable": "The store cannot be read"}
    steps = {
        "missing": [f"discourse run data/sample --db {data.db_path()}", f"discourse dashboard --db {data.db_path()}"],
        "empty": [f"discourse run PATH_TO_SAVED_PAGES --db {data.db_path()}"],
        "old_schema": [f"discourse migrate --db {data.db_path()}"],
    }.get(status.state, [])
    return html.Div(id="store-status", role="status", children=dmc.Alert(
        title=titles.get(status.state, "The store cannot be shown"), color="yellow", variant="light", styles={"title": {"color": "#5c3c00"}},
        children=[dmc.Text(status.message, size="sm"),
                  *([dmc.Text("Run this, then reload the page:", size="sm", mt="sm"), dmc.Code("\n".join(steps), block=True)] if steps else [])],
    ))


BADGE_LABELS = {"favor", "against", "none", "negative", "neutral", "positive"}  # each has a .badge-<label> style


def label_badge(task: str, label: str | None, confidence: float | None) -> html.Span:
    """A text badge ("stance: against 0.82"); colour repeats what the text says."""
    if not label:
        return html.Span(f"{task}: –", className="badge badge-missing", title=f"no {task} prediction")
    text = f"{task}: {label}" + (f" {confidence:.2f}" if confidence is not None and confidence == confidence else "")
    return html.Span(text, className=f"badge badge-{label if label in BADGE_LABELS else 'none'}",
                     title=f"{task} {label}, confidence {confidence:.2f}" if confidence is not None and confidence == confidence else f"{task} {label}")


def frame_badges(frames: str | None) -> list[html.Span]:
    return [html.Span(f.replace("_", " "), className="badge badge-frame", title=f"frame: {f}") for f in (frames or "").split(",") if f]


def figure_card(graph_id: str, title: str, description: str) -> html.Section:
    """A titled section holding one graph; the description is read by screen readers."""
    heading = f"{graph_id}-title"
    return html.Section(className="card", **{"aria-labelledby": heading}, children=[
        html.H2(title, id=heading, className="card-title"),
        html.P(description, className="card-description"),
        dcc.Loading(dcc.Graph(id=graph_id, config={"displaylogo": False, "responsive": True}, className="graph"), type="dot", delay_show=400),
    ])


def safe_figure(build):
    """The figure, or a blank one carrying the coded message (e.g. no predictions for a target)."""
    try:
        return build()
    except DiscourseError as exc:
        return figures.empty_figure(exc.message)


def page_frame(title: str, params: dict[str, Any], build) -> Any:
    """A page: its title and the filter bar above what `build()` returns, or the store's
    explanation when it cannot be shown (build is not called then)."""
    blocked = guard(params)
    if blocked is not None:
        return blocked
    return html.Div([html.H1(title, className="page-title"), filter_bar(params), build()])
