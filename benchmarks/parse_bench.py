"""Parser benchmark on real pages: body/comment recall & precision vs gold snippets, and pages/s
for discourse's full parse vs `trafilatura.extract` alone, measured in one run.

    python benchmarks/parse_bench.py [--shared ../shared] [--json out.json] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def norm(text: str) -> str:
    """NFKC + casefold + collapsed white space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def load_pages(shared: Path, limit: int | None) -> list[tuple[str, bytes, dict]]:
    """(name, html bytes, gold) for every page of the comment-annotated trafilatura set."""
    folder = shared / "dev" / "trafilatura_comment_pages"
    gold = json.loads((folder / "evaldata_with_comments.json").read_text("utf-8"))
    pages = []
    for url, entry in sorted(gold.items()):
        path = folder / "html" / (entry["file"] + ".gz")
        if path.exists():
            pages.append((entry["file"], gzip.decompress(path.read_bytes()), {**entry, "url": url}))
    return pages[:limit] if limit else pages


def score(found: str, wanted: list[str], unwanted: list[str]) -> tuple[int, int, int, int]:
    """(hits, wanted total, leaks, unwanted total) of snippets in `found`."""
    hits = sum(1 for s in wanted if norm(s) in found)
    leaks = sum(1 for s in unwanted if norm(s) in found)
    return hits, len(wanted), leaks, len(unwanted)


def visible_text(data: bytes, name: str) -> str:
    """All text a browser would render from the saved HTML (no scripts), to tell which gold
    comment snippets the saved page holds at all (many pages load comments with JavaScript)."""
    from lxml import etree

    from discourse.parse.decode import decode_bytes

    text, _ = decode_bytes(data, name)
    tree = etree.fromstring(text.encode("utf-8"), etree.HTMLParser(encoding="utf-8", remove_comments=True))
    if tree is None:
        return ""
    for node in tree.iter("script", "style", "noscript"):
        node.text = ""
    return " ".join(tree.itertext())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds, alternating the two sides; the best of each counts")
    args = parser.parse_args()
    if not (args.shared / "dev" / "trafilatura_comment_pages").is_dir():
        print(f"skipped: {args.shared}/dev/trafilatura_comment_pages not found")
        return 0
    import trafilatura

    from discourse.errors import DiscourseError
    from discourse.parse import ParseOptions, parse_bytes

    pages = load_pages(args.shared, args.limit)
    options = ParseOptions()
    totals = dict(body_hits=0, body_wanted=0, body_leaks=0, body_unwanted=0, com_hits=0, com_wanted=0, com_leaks=0, com_unwanted=0, pages_with_comments=0, errors=0, present_hits=0, present_wanted=0)
    per_page = []
    # Warm both sides (imports, language model, stop lists) so the timings compare steady states.
    for _, data, _ in pages[:3]:
        trafilatura.extract(data)
        try:
            parse_bytes(data, "warmup.html", "html", options)
        except DiscourseError:
            pass
    started = time.perf_counter()
    for name, data, gold in pages:
        try:
            page = parse_bytes(data, name + ".html", "html", options)
        except DiscourseError as exc:
            totals["errors"] += 1
            per_page.append({"file": name, "error": str(exc)})
            continue
        body = norm(" ".join(page.body))
        comments = norm(" ".join(f"{c.author or ''} {c.display_name or ''} {c.text}" for c in page.comments))
        b = score(body, gold.get("with", []), gold.get("without", []) + gold.get("comments", []))
        visible = norm(visible_text(data, name))
        present = [s for s in gold.get("comments", []) if norm(s) in visible]
        p = score(comments, present, [])
        totals["present_hits"] += p[0]
        totals["present_wanted"] += p[1]
        c = score(comments, gold.get("comments", []), gold.get("with", []) + gold.get("without", []))
        for key, value in zip(("body_hits", "body_wanted", "body_leaks", "body_unwanted"), b):
            totals[key] += value
        for key, value in zip(("com_hits", "com_wanted", "com_leaks", "com_unwanted"), c):
            totals[key] += value
        totals["pages_with_comments"] += bool(page.comments)
        per_page.append({"file": name, "profile": page.profile, "n_comments": len(page.comments), "comment_recall": c[0] / c[1] if c[1] else None})
    # Throughput: alternate the two sides and keep each one's best round, so that load from other
    # processes on the machine does not favour whichever side happened to run in a quiet moment.
    ours_rounds, theirs_rounds = [time.perf_counter() - started], []
    for round_number in range(args.rounds):
        started = time.perf_counter()
        for _, data, _ in pages:
            trafilatura.extract(data)
        theirs_rounds.append(time.perf_counter() - started)
        if round_number + 1 < args.rounds:
            started = time.perf_counter()
            for name, data, _ in pages:
                try:
                    parse_bytes(data, name + ".html", "html", options)
                except DiscourseError:
                    pass
            ours_rounds.append(time.perf_counter() - started)
    ours, theirs = min(ours_rounds), min(theirs_rounds)
    n = len(pages)
    report = {
        "pages": n,
        "body_recall": totals["body_hits"] / max(1, totals["body_wanted"]),
        "body_precision": 1 - totals["body_leaks"] / max(1, totals["body_unwanted"]),
        "comment_recall": totals["com_hits"] / max(1, totals["com_wanted"]),
        "comment_recall_where_in_html": totals["present_hits"] / max(1, totals["present_wanted"]),
        "comment_snippets_in_html": f'{totals["present_wanted"]} of {totals["com_wanted"]} (the rest are loaded by JavaScript)',
        "comment_precision": 1 - totals["com_leaks"] / max(1, totals["com_unwanted"]),
        "pages_with_comments_found": totals["pages_with_comments"],
        "errors": totals["errors"],
        "discourse_pages_per_s": n / ours,
        "trafilatura_extract_pages_per_s": n / theirs,
        "slowdown_vs_trafilatura": ours / theirs,
        "note": "body precision = share of 'without' and comment snippets kept out of the body; comment precision = share of body/without snippets kept out of the comments",
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"summary": report, "pages": per_page}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
