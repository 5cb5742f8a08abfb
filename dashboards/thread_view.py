"""The article view's pieces: the body with official quotes marked, the official-vs-comments
summary, and the comment thread as nested lists. All text goes in as strings (React escapes it)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboards.components import frame_badges, label_badge


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

