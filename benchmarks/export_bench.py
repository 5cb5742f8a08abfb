"""Export speed on a large synthetic store: stance shares grouped by source x month (aggregation in
DuckDB; intervals in numpy), timed in one run.

    python benchmarks/export_bench.py --comments 1000000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def add_predictions(db: Path) -> int:
    """Stance predictions for every comment and paragraph, labels drawn from fixed shares (synthetic)."""
    import duckdb

    con = duckdb.connect(str(db))
    con.execute("""
        INSERT INTO predictions
        SELECT item_id, kind, page_id, 'stance', 'russia_china_cooperation', label, 0.7, false,
               NULL, NULL, NULL,
               CASE label WHEN 'favor' THEN 0.7 ELSE 0.15 END, CASE label WHEN 'against' THEN 0.7 ELSE 0.15 END,
               CASE label WHEN 'none' THEN 0.7 ELSE 0.15 END,
               'synthetic', 'synthetic', 'stance.synthetic', 1, 'bench', now()
        FROM (
            SELECT comment_id AS item_id, 'comment' AS kind, page_id,
                   CASE WHEN hash(comment_id) % 10 < 3 THEN 'favor' WHEN hash(comment_id) % 10 < 8 THEN 'against' ELSE 'none' END AS label
            FROM comments
            UNION ALL
            SELECT page_id || ':p0', 'paragraph', page_id, CASE WHEN hash(page_id) % 10 < 7 THEN 'favor' ELSE 'none' END FROM pages
        )
    """)
    count = con.execute("SELECT count(*) FROM predictions").fetchall()[0][0]
    con.close()
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/discourse-export-bench.duckdb"))
    parser.add_argument("--bootstrap", type=int, default=1000)
    args = parser.parse_args()
    from benchmarks.synthetic_store import build
    from discourse.stats import ShareQuery, build_table, write

    if args.db.exists():
        args.db.unlink()
    started = time.perf_counter()
    build(args.db, args.comments)
    built = time.perf_counter() - started
    predictions = add_predictions(args.db)
    query = ShareQuery(target="russia_china_cooperation", by=("source", "date:month"), bootstrap=args.bootstrap, seed=0)
    started = time.perf_counter()
    frame, provenance = build_table(str(args.db), "stance", query)
    aggregated = time.perf_counter() - started
    started = time.perf_counter()
    write(frame, provenance, "parquet", args.db.with_suffix(".parquet"), str(args.db))
    written = time.perf_counter() - started
    print(json.dumps({"comments": args.comments, "predictions": predictions, "store_build_s": round(built, 1),
                      "export_stance_by_source_x_month_s": round(aggregated, 2), "write_parquet_s": round(written, 2),
                      "rows": len(frame), "groups": int(frame[["who", "source", "date_month"]].drop_duplicates().shape[0]),
                      "bootstrap_replicates": args.bootstrap}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
