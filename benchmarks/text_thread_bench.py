"""Saved-text comment threads: per fixture set, how many gold comments the text parser finds with the
right own text, author, reply-or-top-level and time (tests/fixtures/text*, gold in *.expected.json).

    python benchmarks/text_thread_bench.py [--json out.json]

A comment counts as found when a parsed comment's own text starts with the gold `own_starts`; the other
fields are then compared on that comment. `text` shaped the parser; `text_heldout` was measured blind once
(see its README) and is reported apart; `text_blind2` (six more layouts) was measured blind at c5337ae.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from discourse.parse import parse_path  # noqa: E402
from tests.expectations import norm  # noqa: E402


def score_page(txt: Path, gold: dict) -> dict[str, int]:
    [page] = parse_path(txt)
    got, used = list(page.comments), set()
    counts = {"gold": len(gold["comments"]), "parsed": len(got), "own_text": 0, "author": 0, "reply_or_top": 0, "time": 0, "time_shown": 0}
    for want in gold["comments"]:
        j = next((k for k, c in enumerate(got) if k not in used and norm(c.own_text or "").startswith(norm(want["own_starts"]))), None)
        if j is None:
            continue
        used.add(j)
        comment = got[j]
        counts["own_text"] += 1
        counts["author"] += norm(comment.author) == norm(want["author"])
        counts["reply_or_top"] += (comment.parent_position is None) == (want["parent"] is None)
        if "published" in want:
            counts["time_shown"] += 1
            counts["time"] += comment.published == want["published"]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    report = {}
    for folder in ("text", "text_heldout", "text_blind2"):
        root = REPO / "tests" / "fixtures" / folder
        pages = {g.name.removesuffix(".expected.json"): score_page(root / g.name.replace(".expected.json", ".txt"), json.loads(g.read_text("utf-8")))
                 for g in sorted(root.glob("*.expected.json"))}
        total = {key: sum(p[key] for p in pages.values()) for key in next(iter(pages.values()))}
        report[folder] = {"pages": pages, "total": total}
        print(f"{folder}: {len(pages)} pages, {total['gold']} gold comments, {total['parsed']} parsed; own text {total['own_text']}, "
              f"author {total['author']}, reply/top {total['reply_or_top']}, time {total['time']} of {total['time_shown']} shown")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()
