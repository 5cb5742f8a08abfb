"""A tiny store with hand-set predictions: two sources, three pages, 10 comments, 4 paragraphs."""

from __future__ import annotations

import pandas as pd
import pytest

from discourse.store import open_store
from discourse.types import Comment, Page

# page -> (source, month, [stance labels of its comments], [stance labels of its paragraphs])
LAYOUT = {
    "p1": ("TASS", "2021-02", ["favor", "favor", "against", "none"], ["favor", "favor"]),
    "p2": ("TASS", "2021-03", ["against", "against"], ["favor"]),
    "p3": ("VO", "2021-03", ["against", "against", "against", "favor"], ["none"]),
}
PROBS = {"favor": (0.8, 0.1, 0.1), "against": (0.1, 0.7, 0.2), "none": (0.2, 0.2, 0.6)}


@pytest.fixture
def tiny_store(tmp_path) -> str:
    path = str(tmp_path / "tiny.duckdb")
    rows = []
    with open_store(path) as store:
        run = store.start_run("test", {}, "t")
        for page_id, (source, month, comment_labels, paragraph_labels) in LAYOUT.items():
            comments = tuple(Comment(id=f"{page_id}-c{i}", page_id=page_id, position=i, text="t", own_text="t", lang="en",
                                     published=f"{month}-05T10:00", author=f"a{i}") for i in range(len(comment_labels)))
            store.save_page(Page(id=page_id, path=f"/{page_id}", body=tuple("para" for _ in paragraph_labels), format="html",
                                 profile="t", source=source, lang="en", published=f"{month}-01T09:00", comments=comments), page_id, run)
            items = [(f"{page_id}-c{i}", "comment", label) for i, label in enumerate(comment_labels)]
            items += [(f"{page_id}:p{i}", "paragraph", label) for i, label in enumerate(paragraph_labels)]
            for item_id, kind, label in items:
                favor, against, none = PROBS[label]
                rows.append(dict(item_id=item_id, item_kind=kind, page_id=page_id, task="stance", target="russia_china_cooperation",
                                 label=label, confidence=max(PROBS[label]), abstain=False, p_favor=favor, p_against=against, p_none=none,
                                 backbone="e5-small.int8", backbone_fingerprint="abc", head="stance.e5.v1", head_version=1,
                                 run_id="r1", created_at=pd.Timestamp("2026-01-01")))
        store.write_predictions(pd.DataFrame(rows))
    return path
