"""Article view: the article body with official quotes, speakers and frames highlighted, next to its
comment thread (tree, badges, quotes kept apart from the commenter's words, collapsible replies,
sorting, filtering, pagination) and a summary of official vs public framing."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
import pandas as pd
from dash import Input, Output, callback, clientside_callback, html

from dashboards import data
from dashboards.components import FILTER_INPUTS, page_frame, view_from, view_from_params
from dashboards.thread_view import article_body, framing_summary, thread_tree
from discourse.errors import DiscourseError

dash.register_page(__name__, path="/article", name="Article", title="discourse · Article", order=1)

PAGE_SIZE = 20


def layout(**params):
    return page_frame("Article", params, lambda: _content(params))


def _content(params):
    view = view_from_params(params)
    listed = data.articles(view)
    chosen = params.get("id") if isinstance(params.get("id"), str) else None
    if chosen is None and not listed.empty:
        chosen = listed.sort_values("n_comments", ascending=False)["page_id"].iloc[0]
    return html.Div([
        dmc.Select(id="ar-page", label="Article", placeholder="Choose an article", searchable=True, w="100%", maw=900, mb="sm",
                   data=_options(listed), value=chosen, nothingFoundMessage="No article matches the filters", limit=300),
        html.Div(id="ar-summary", className="card", role="region", **{"aria-label": "Official framing vs comments"}),
        dmc.Grid(gutter="lg", children=[
            dmc.GridCol(span={"base": 12, "lg": 6}, children=html.Section(
                className="card", **{"aria-labelledby": "ar-body-title"},
                children=[html.H2("Article and official quotes", id="ar-body-title", className="card-title"), html.Div(id="ar-body")])),
            dmc.GridCol(span={"base": 12, "lg": 6}, children=html.Section(className="card", **{"aria-labelledby": "ar-thread-title"}, children=[
                html.H2("Comments", id="ar-thread-title", className="card-title"),
                dmc.Group(gap="sm", align="flex-end", wrap="wrap", mb="xs", children=[
                    dmc.Select(id="ar-sort", label="Sort threads", value="thread", allowDeselect=False, w=170, data=[
                        {"value": "thread", "label": "Page order"}, {"value": "newest", "label": "Newest first"},
                        {"value": "oldest", "label": "Oldest first"}, {"value": "likes", "label": "Most liked"},
                        {"value": "replies", "label": "Most replies"}]),
                    dmc.Select(id="ar-stance", label="Stance", placeholder="Any stance", clearable=True, w=130,
                               data=["favor", "against", "none"]),
                    dmc.Select(id="ar-sentiment", label="Sentiment", placeholder="Any sentiment", clearable=True, w=140,
                               data=["negative", "neutral", "positive"]),
                    dmc.TextInput(id="ar-search", label="Search comments", placeholder="word or author", w=170, debounce=400),
                ]),
                html.P(id="ar-thread-count", className="card-description", role="status"),
                html.Div(id="ar-thread"),
                dmc.Pagination(id="ar-pages", total=1, value=1, mt="sm", withEdges=True, **{"aria-label": "Thread pages"}),
            ])),
        ]),
    ])


def _options(listed: pd.DataFrame) -> list[dict[str, str]]:
    return [{"value": r.page_id, "label": f"{r.title or '(untitled)'} · {r.source} · {str(r.published or '')[:10]} · {int(r.n_comments or 0)} comments"}
            for r in listed.itertuples(index=False)]


@callback(Output("ar-page", "data"), FILTER_INPUTS, prevent_initial_call=True)
def filter_articles(source, lang, dates, target, minconf):
    return _options(data.articles(view_from(source, lang, dates, target, minconf)))


# keep the chosen article in the URL, beside the filters
clientside_callback(
    """
    function(pageId) {
        const q = new URLSearchParams(window.location.search);
        if (pageId) { q.set('id', pageId); } else { q.delete('id'); }
        const query = q.toString();
        window.history.replaceState(window.history.state, '', window.location.pathname + (query ? '?' + query : ''));
        return window.dash_clientside.no_update;
    }
    """,
    Output("ar-page", "id"),
    Input("ar-page", "value"),
)


@callback(Output("ar-body", "children"), Output("ar-summary", "children"), Input("ar-page", "value"), Input("f-target", "value"))
def show_article(page_id, target):
    if not page_id:
        return dmc.Text("Choose an article above.", c="dimmed"), ""
    try:
        found = data.article(page_id, target or "russia_china_cooperation")
    except DiscourseError as exc:
        return dmc.Alert(exc.message, color="yellow"), ""
    return article_body(found), framing_summary(found)


@callback(Output("ar-thread", "children"), Output("ar-pages", "total"), Output("ar-pages", "value"), Output("ar-thread-count", "children"),
          Input("ar-page", "value"), Input("ar-sort", "value"), Input("ar-stance", "value"), Input("ar-sentiment", "value"),
          Input("ar-search", "value"), Input("ar-pages", "value"), Input("f-target", "value"))
def show_thread(page_id, sort, stance, sentiment, search, page, target):
    if not page_id:
        return "", 1, 1, ""
    if dash.ctx.triggered_id not in ("ar-pages", None):
        page = 1  # a new article, order or filter starts at its first page
    try:
        found = data.thread(page_id, target or "russia_china_cooperation", sort or "thread", stance, sentiment, search or "", int(page or 1), PAGE_SIZE)
    except DiscourseError as exc:
        return dmc.Alert(exc.message, color="yellow"), 1, 1, ""
    if found["comments"] == 0:
        return dmc.Text("This page has no comments.", c="dimmed"), 1, 1, "0 comments"
    count = (f"{found['comments']} comments in {found['threads']} threads" if not (stance or sentiment or search)
             else f"{int(found['rows']['matches'].sum())} matching comments shown with the comments they reply to")
    count += f" · page {found['page']} of {found['pages']}"
    return thread_tree(found["rows"]), found["pages"], found["page"], count
