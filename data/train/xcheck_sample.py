"""Draw a reproducible blind sample for the label-quality cross-check (see AGREEMENT.md).

Usage:  python data/train/xcheck_sample.py OUT_DIR [--n-per-task 60] [--seed 20261121] [--files written_targets]

For every data/train/<files>_<lang>.csv (default written_<lang>.csv) that exists (lang in ru, zh, en) this draws
60 sentiment rows (empty target) and 60 stance rows (non-empty target) with a fresh
random.Random(seed) per file, and writes OUT_DIR/<lang>_blind.csv with columns
id,task,target,text -- the label column is deliberately left out.
"""
import argparse
import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent          # data/train/
LANGS = ("ru", "zh", "en")
SEED = 20261121


def sample_file(path: Path, n: int, seed: int):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["id"])
    sent = [r for r in rows if not r["target"].strip()]
    stance = [r for r in rows if r["target"].strip()]
    rng = random.Random(seed)
    out = []
    for task, pool in (("sentiment", sent), ("stance", stance)):
        for r in rng.sample(pool, min(n, len(pool))):
            out.append({"id": r["id"], "task": task, "target": r["target"], "text": r["text"]})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--n-per-task", type=int, default=60)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--files", default="written", help="file stem: written (written_<lang>.csv) or written_targets")
    args = ap.parse_args()
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        src = HERE / f"{args.files}_{lang}.csv"
        if not src.exists():
            print(f"{lang}: {src} missing, skipped")
            continue
        rows = sample_file(src, args.n_per_task, args.seed)
        dst = out_dir / f"{lang}_blind.csv"
        with dst.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["id", "task", "target", "text"])
            w.writeheader()
            w.writerows(rows)
        print(f"{lang}: {len(rows)} rows -> {dst}")


if __name__ == "__main__":
    main()
