"""Build a synthetic DuckDB store with N comments (for classification, dashboard and export benchmarks).

Texts are recombined from the sample corpus's real comment sentences, so lengths, languages and
scripts look like the corpus; pages are spread over sources and 2019–2024.

    python benchmarks/synthetic_store.py --comments 100000 --db /tmp/synthetic.duckdb
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def sentence_pool() -> dict[str, list[str]]:
    """Sentences of the sample corpus's comments, by language."""
    from discourse.parse import parse_path

    pool: dict[str, list[str]] = {}
    for path in sorted((REPO / "data" / "sample").glob("[0-9]*")):
        for page in parse_path(path):
            for comment in page.comments:
                for sentence in re.split(r"(?<=[.!?。！？])\s*", comment.own_text):
                    if len(sentence) > 8:
                        pool.setdefault(comment.lang or page.lang or "en", []).append(sentence)
    return pool


def build(db: Path, comments: int, per_page: int = 100, seed: int = 7) -> None:
    """Write `comments` comments on comments/per_page pages into a fresh store at `db`."""
    from discourse.store import open_store
    from discourse.types import Comment, Page

    rng = random.Random(seed)
    pool = sentence_pool()
    langs = sorted(pool)
    sources = ["TASS", "Военное обозрение", "新浪", "观察者网", "The Eurasia Ledger", "Невский курьер", "Pacific Ridge Review"]
    start = datetime(2019, 1, 1)
    with open_store(db) as store:
        run = store.start_run("synthetic", {"comments": comments}, "bench")
        for p in range(max(1, comments // per_page)):
            lang = langs[p % len(langs)]
            published = start + timedelta(days=rng.randrange(6 * 365))
            page_id = f"syn{p:07d}"
            items = []
            for i in range(per_page):
                text = " ".join(rng.choice(pool[lang]) for _ in range(rng.randint(1, 4)))
                parent = rng.randrange(i) if i and rng.random() < 0.4 else None
                items.append(Comment(
                    id=f"{page_id}-{i:05d}", page_id=page_id, position=i, text=text, own_text=text,
                    parent_id=f"{page_id}-{parent:05d}" if parent is not None else None, parent_position=parent,
                    depth=0 if parent is None else 1, author=f"user{rng.randrange(5000)}", lang=lang,
                    published=(published + timedelta(minutes=rng.randrange(4000))).strftime("%Y-%m-%dT%H:%M"),
                ))
            body = tuple(rng.choice(pool[lang]) for _ in range(6))
            page = Page(id=page_id, path=f"synthetic/{page_id}.html", body=body, format="html", profile="synthetic",
                        source=sources[p % len(sources)], lang=lang, title=f"Synthetic page {p}",
                        published=published.strftime("%Y-%m-%dT%H:%M"), comments=tuple(items))
            store.save_page(page, f"synthetic:{page_id}", run)
        store.finish_run(run, "ok")


def add_predictions(db: Path, seed: int = 7) -> int:
    """Random but plausible stance and sentiment predictions for every comment and paragraph of a
    synthetic store (Dirichlet probabilities, skewed per source), so the dashboard and exports have
    numbers to aggregate; never used for any quality figure."""
    import numpy as np
    import pandas as pd

    from discourse.store import open_store

    rng = np.random.default_rng(seed)
    with open_store(db) as store:
        items = store.con.execute(
            """SELECT c.comment_id AS item_id, 'comment' AS item_kind, c.page_id FROM comments c
               UNION ALL SELECT p.page_id || ':p' || CAST(t.i - 1 AS VARCHAR), 'paragraph', p.page_id FROM pages p, range(1, len(p.body) + 1) t(i)"""
        ).df()
        written = 0
        for task, labels, target in (("stance", ("favor", "against", "none"), "russia_china_cooperation"), ("sentiment", ("negative", "neutral", "positive"), "")):
            skew = rng.dirichlet(np.ones(3) * 2, size=items["page_id"].nunique()) * 6 + 0.5
            page_skew = dict(zip(items["page_id"].unique(), skew))
            probs = np.vstack([rng.dirichlet(page_skew[p]) for p in items["page_id"]])
            frame = pd.DataFrame({"item_id": items["item_id"], "item_kind": items["item_kind"], "page_id": items["page_id"], "task": task,
                                  "target": target, "label": np.array(labels)[probs.argmax(1)], "confidence": probs.max(1), "abstain": False,
                                  "backbone": "synthetic", "backbone_fingerprint": "synthetic", "head": f"{task}.synthetic", "head_version": 1,
                                  "run_id": "synthetic", "created_at": pd.Timestamp("2026-01-01")})
            for i, label in enumerate(labels):
                frame[f"p_{label}"] = probs[:, i]
            written += store.write_predictions(frame)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/discourse-synthetic.duckdb"))
    parser.add_argument("--predictions", action="store_true", help="also write random stance/sentiment predictions (for dashboard benchmarks)")
    args = parser.parse_args()
    if args.db.exists():
        args.db.unlink()
    build(args.db, args.comments)
    print(f"wrote {args.comments} comments to {args.db}")
    if args.predictions:
        print(f"wrote {add_predictions(args.db)} synthetic predictions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
