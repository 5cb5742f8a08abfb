"""Article view: the article body with official quotes, speakers and frames highlighted, next to its
comment thread (tree, badges, quotes kept apart from the commenter's words, collapsible replies,
sorting, filtering, pagination) and a summary of official vs public framing."""

from __future__ import annotations

from typing import Any

import dash
import dash_mantine_components as dmc
import pandas as pd
from dash import Input, Output, callback, clientside_callback, html

from dashboards import data
from dashboards.components import FILTER_INPUTS, filter_bar, frame_badges, guard, label_badge, view_from, view_from_params
from discourse.errors import DiscourseError

dash.register_page(__name__, path="/article", name="Article", title="discourse · Article", order=1)

PAGE_SIZE = 20


def layout(**params):
    blocked = guard(params)
    if blocked is not None:
        return blocked
    view = view_from_params(params)
    listed = data.articles(view)
    chosen = params.get("id") if isinstance(params.get("id"), str) else None
    if chosen is None and not listed.empty:
        chosen = listed.sort_values("n_comments", ascending=False)["page_id"].iloc[0]
    return html.Div([
        html.H1("Article", className="page-title"),
        filter_bar(params),
        dmc.Select(id="ar-page", label="Article", placeholder="Choose an article", searchable=True, w="100%", maw=900, mb="sm",
                   data=_options(listed), value=chosen, nothingFoundMessage="No article matches the filters"),
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


def article_body(found: dict[str, Any]) -> list:
    """Title, metadata and paragraphs; official quotes are marked in place, their speaker named."""
    page, paragraphs, quotes = found["page"], found["paragraphs"], found["quotes"]
    by_paragraph: dict[int, list] = {}
    for quote in quotes.itertuples(index=False):
        if quote.paragraph is not None and not pd.isna(quote.paragraph):
            by_paragraph.setdefault(int(quote.paragraph), []).append(quote)
    meta = " · ".join(str(v) for v in (page.get("source") or page.get("site"), str(page.get("published") or "")[:16], page.get("lang"),
                                         page.get("author")) if v)
    body = [html.H3(page.get("title") or "(untitled)", className="article-title"), html.P(meta, className="card-description")]
    if page.get("url"):
        body.append(html.P(html.A(page["url"], href=page["url"], target="_blank", rel="noopener noreferrer"), className="card-description"))
    if page.get("lead"):
        body.append(html.P(html.Strong(page["lead"])))
    for row in paragraphs.itertuples(index=False):
        body.append(html.Div(className="article-body", children=[
            html.P(_marked(row.text or "", by_paragraph.get(int(row.paragraph), []))),
            html.Span(className="paragraph-meta", children=[label_badge("stance", row.stance, row.stance_confidence),
                                                           label_badge("sentiment", row.sentiment, row.sentiment_confidence), *frame_badges(row.frames)]),
        ]))
    if not quotes.empty:
        body.append(html.H3("Who the article quotes", className="card-title"))
        body.append(html.Ul(className="quote-list", children=[html.Li([
            html.Span(f"{q.speaker or 'unnamed'}" + (f", {q.role}" if q.role else ""), className="badge badge-speaker"),
            html.Span(f"({q.kind}) ", className="card-description"), html.Q(q.text or ""), html.Br(),
            label_badge("stance", q.stance, q.stance_confidence), label_badge("sentiment", q.sentiment, q.sentiment_confidence), *frame_badges(q.frames),
        ]) for q in quotes.itertuples(index=False)]))
    return body


def _marked(text: str, quotes: list) -> list:
    """The paragraph as strings with each official quote found in it wrapped in <mark> (text only)."""
    spans = []
    for quote in quotes:
        start = text.find(quote.text or "\0")
        if start >= 0:
            spans.append((start, start + len(quote.text), quote))
    spans.sort(key=lambda s: s[0])
    out, cursor = [], 0
    for start, end, quote in spans:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        speaker = quote.speaker or "unnamed"
        out.append(html.Mark(text[start:end], className="official-quote", title=f"official quote: {speaker}"))
        out.append(html.Span(f" — {speaker}", className="badge badge-speaker"))
        cursor = end
    out.append(text[cursor:])
    return out


def framing_summary(found: dict[str, Any]) -> list:
    """A few sentences comparing the official text's stance, sentiment and frames with the comments'."""
    summary = found["summary"]
    official, public = summary["official"], summary["public"]

    def mix(side: dict, task: str) -> str:
        shares = side[task]
        if not shares["n"]:
            return "no predictions"
        parts = sorted(((k, v) for k, v in shares.items() if k != "n"), key=lambda kv: -kv[1])
        return ", ".join(f"{v:.0%} {k}" for k, v in parts) + f" (n={shares['n']})"

    def frames(names: list[str], side: dict) -> str:
        return ", ".join(f"{n.replace('_', ' ')} ({side['frames'][n]:.0%})" for n in names[:5]) or "none"

    items = [
        html.Li([html.Strong("Stance — official text: "), mix(official, "stance"), html.Strong("; comments: "), mix(public, "stance")]),
        html.Li([html.Strong("Sentiment — official text: "), mix(official, "sentiment"), html.Strong("; comments: "), mix(public, "sentiment")]),
    ]
    if summary["js_divergence"] is not None:
        jsd = summary["js_divergence"]
        word = "close to" if jsd < 0.05 else "somewhat apart from" if jsd < 0.2 else "far from"
        items.append(html.Li(f"The comments' stance mix is {word} the official text's (Jensen–Shannon divergence {jsd:.2f}; 0 = same, 1 = disjoint)."))
    items.append(html.Li([html.Strong("Frames only the comments raise: "), frames(summary["frames_public_only"], public)]))
    items.append(html.Li([html.Strong("Frames only the official text raises: "), frames(summary["frames_official_only"], official)]))
    if summary["frames_shared"]:
        items.append(html.Li([html.Strong("Frames both raise: "), ", ".join(f.replace("_", " ") for f in summary["frames_shared"][:6])]))
    heads = found["heads"]
    return [html.H2("Official framing vs comments", className="card-title"), html.Ul(items, className="framing-summary"),
            html.P(f"Models: {heads['stance']} (stance), {heads['sentiment']} (sentiment), {heads['frames']} (frames).", className="card-description")]


def thread_tree(rows: pd.DataFrame) -> html.Ul:
    """Nested lists of comments (parent → replies); replies fold with a native, keyboard-operable
    <details>. Quotes are shown as block quotes with their source, apart from the own words."""
    rows = rows.reset_index(drop=True)
    positions = set(rows["position"].astype(int))
    authors = dict(zip(rows["comment_id"], rows["author"].fillna("anonymous")))
    children: dict[int | None, list[int]] = {}
    for i, row in rows.iterrows():
        parent = row["parent_position"]
        key = int(parent) if parent is not None and not pd.isna(parent) and int(parent) in positions and int(parent) != int(row["position"]) else None
        children.setdefault(key, []).append(i)

    def node(i: int, depth: int) -> html.Li:
        row = rows.iloc[i]
        kids = children.get(int(row["position"]), [])
        card = comment_card(row, authors)
        if not kids:
            return html.Li(card, **{"aria-level": str(depth + 1)})
        n = len(kids)
        replies = html.Details(open=True, className="replies", children=[
            html.Summary(f"{n} {'reply' if n == 1 else 'replies'}"),
            html.Ul([node(k, depth + 1) for k in kids], className="thread", role="group"),
        ])
        return html.Li([card, replies], **{"aria-level": str(depth + 1)})

    return html.Ul([node(i, 0) for i in children.get(None, [])], className="thread", id="thread-root")


def comment_card(row: pd.Series, authors: dict[str, str]) -> html.Article:
    """One comment: author, time, likes, stance and sentiment badges, quotes, own words, frames."""
    author = row["display_name"] if isinstance(row["display_name"], str) and row["display_name"] else row["author"]
    author = author if isinstance(author, str) and author else "anonymous"
    head = [html.Span(author, className="comment-author"), html.Span(str(row["published"] or "")[:16].replace("T", " "), className="comment-time"),
            label_badge("stance", row["stance"], row["stance_confidence"]), label_badge("sentiment", row["sentiment"], row["sentiment_confidence"])]
    if row["likes"] is not None and not pd.isna(row["likes"]):
        head.append(html.Span(f"▲ {int(row['likes'])}", className="comment-likes", title=f"{int(row['likes'])} likes"))
    quotes = []
    for quote in row["quotes"] or []:
        if quote.get("source") == "comment":
            source = f"quoting {authors.get(quote.get('ref'), 'another comment')}"
        elif quote.get("source") == "article":
            ref = str(quote.get("ref") or "")
            source = "quoting the article" + (f" (paragraph {int(ref[1:]) + 1})" if ref[1:].isdigit() else "")
        else:
            source = "quoting"
        quotes.append(html.Blockquote([html.Span(source, className="quote-source"), quote.get("text") or ""], className="comment-quote"))
    classes = "comment" + ("" if bool(row.get("matches", True)) else " dimmed")
    return html.Article(className=classes, id=f"c-{row['comment_id']}", **{"aria-label": f"Comment by {author}", "data-depth": str(int(row["depth"] or 0))},
                        children=[html.Div(head, className="comment-head"), *quotes,
                                  html.P(row["own_text"] or "", className="own-words"), html.Div(frame_badges(row["frames"]))])

