"""The thread as nested lists, without a browser: nesting, quotes apart, text never markup."""

from __future__ import annotations

import json

import pandas as pd
from dash import html

from dashboards.thread_view import thread_tree


def _rows():
    base = dict(display_name=None, published="2024-01-01T10:00", likes=None, lang="en", sentiment="neutral", sentiment_confidence=0.5,
                stance="none", stance_confidence=0.6, frames="", matches=True)
    return pd.DataFrame([
        {**base, "comment_id": "c0", "position": 0, "parent_position": None, "depth": 0, "author": "ann", "own_text": "root", "quotes": []},
        {**base, "comment_id": "c1", "position": 1, "parent_position": 0, "depth": 1, "author": "<b>bob</b>",
         "own_text": "<script>alert(1)</script>", "quotes": json.loads('[{"text": "root", "source": "comment", "ref": "c0"}]')},
        {**base, "comment_id": "c2", "position": 2, "parent_position": 1, "depth": 2, "author": "cy", "own_text": "deep", "quotes": []},
    ])


def _find(component, predicate, found=None):
    found = [] if found is None else found
    if predicate(component):
        found.append(component)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if hasattr(child, "to_plotly_json"):
            _find(child, predicate, found)
    return found


def test_replies_nest_inside_their_parent():
    tree = thread_tree(_rows())
    articles = _find(tree, lambda c: isinstance(c, html.Article))
    assert [a.id for a in articles] == ["c-c0", "c-c1", "c-c2"]
    lists = _find(tree, lambda c: isinstance(c, html.Ul))
    assert len(lists) == 3  # root list, replies of c0, replies of c1


def test_markup_stays_a_string_and_quotes_are_block_quotes():
    tree = thread_tree(_rows())
    strings = [p.children for p in _find(tree, lambda c: isinstance(c, html.P))]
    assert "<script>alert(1)</script>" in strings
    quotes = _find(tree, lambda c: isinstance(c, html.Blockquote))
    assert len(quotes) == 1 and quotes[0].children[1] == "root"
    assert "quoting ann" == quotes[0].children[0].children
    assert not _find(tree, lambda c: type(c).__name__ in ("Script", "Img", "B"))
