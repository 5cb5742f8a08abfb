"""Check a target-diversity file, data/train/written_targets_<lang>.csv, against written_targets.yaml.

Usage:  python data/train/check_written_targets.py LANG

Prints counts per target and label and every problem found: wrong columns, ids, labels or targets, a split that
breaks the rule in written_targets.yaml, too few rows of a label for a target, exact duplicates (within the file
or against written_<lang>.csv), and near-duplicate sentence frames (difflib ratio >= 0.75). Exit status 1 when
any problem is found.
"""
import argparse
import csv
import difflib
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
COLUMNS = ["id", "text", "target", "label", "lang", "source", "split"]
LABELS = {"favor", "against", "none"}
MIN_PER_LABEL = 4        # per target: enough of each class that a target's rows teach the contrast
NEAR_DUPLICATE = 0.75


def check(lang: str) -> list[str]:
    spec = yaml.safe_load((HERE / "written_targets.yaml").read_text("utf-8"))["targets"]
    phrase_to_key = {v[lang]: k for k, v in spec.items()}
    path = HERE / f"written_targets_{lang}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames
        rows = list(reader)
    problems = [] if columns == COLUMNS else [f"columns {columns} != {COLUMNS}"]
    counts: dict[str, Counter] = defaultdict(Counter)
    seen_ids: set[str] = set()
    per_target_rows: dict[str, list[dict]] = defaultdict(list)
    for n, row in enumerate(rows, 1):
        where = f"row {n} ({row.get('id')})"
        if row["id"] in seen_ids or not row["id"].startswith(f"wt-{lang}-"):
            problems.append(f"{where}: id must be unique and start wt-{lang}-")
        seen_ids.add(row["id"])
        if row["label"] not in LABELS:
            problems.append(f"{where}: label {row['label']!r}")
        if row["lang"] != lang or row["source"] != "discourse-written-targets":
            problems.append(f"{where}: lang/source {row['lang']!r}/{row['source']!r}")
        key = phrase_to_key.get(row["target"])
        if key is None:
            problems.append(f"{where}: target {row['target']!r} is not a {lang} phrase of written_targets.yaml")
            continue
        if not row["text"].strip():
            problems.append(f"{where}: empty text")
        counts[key][row["label"]] += 1
        per_target_rows[key].append(row)
        if spec[key]["group"] == "unseen" and row["split"] != "unseen":
            problems.append(f"{where}: target {key} is unseen, split must be 'unseen'")
        if spec[key]["group"] == "train" and row["split"] not in ("train", "test"):
            problems.append(f"{where}: split must be train or test")
    for key, target_rows in per_target_rows.items():
        if spec[key]["group"] == "train":
            tests = sum(r["split"] == "test" for r in target_rows)
            if not 0.15 <= tests / len(target_rows) <= 0.3:
                problems.append(f"{key}: {tests} of {len(target_rows)} rows are test (want about 20 %)")
    for key in spec:
        for label in sorted(LABELS):
            if counts[key][label] < MIN_PER_LABEL:
                problems.append(f"{key}: only {counts[key][label]} {label} rows (want >= {MIN_PER_LABEL})")
    texts = [r["text"].strip() for r in rows]
    older = HERE / f"written_{lang}.csv"
    if older.is_file():
        with older.open(encoding="utf-8", newline="") as handle:
            old_texts = {r["text"].strip() for r in csv.DictReader(handle)}
        problems += [f"text also in {older.name}: {t[:60]!r}" for t in set(texts) & old_texts]
    # the same text may appear under two targets (pairs), never twice under one
    pairs = Counter((r["text"].strip(), r["target"]) for r in rows)
    problems += [f"duplicate text+target: {t[:60]!r}" for (t, _), c in pairs.items() if c > 1]
    unique = sorted(set(texts))
    for i, a in enumerate(unique):
        matcher = difflib.SequenceMatcher(None, "", a)  # seq2 is the one difflib caches
        for b in unique[i + 1:]:
            matcher.set_seq1(b)
            if matcher.real_quick_ratio() >= NEAR_DUPLICATE and matcher.quick_ratio() >= NEAR_DUPLICATE and matcher.ratio() >= NEAR_DUPLICATE:
                problems.append(f"near-duplicate frame: {a[:50]!r} ~ {b[:50]!r}")
    print(f"{path.name}: {len(rows)} rows, {len(unique)} distinct texts")
    for key in spec:
        c = counts[key]
        print(f"  {key:24} {spec[key]['group']:6} favor {c['favor']:3} against {c['against']:3} none {c['none']:3}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("lang", choices=["ru", "en", "zh"])
    problems = check(parser.parse_args().lang)
    for problem in problems:
        print("PROBLEM:", problem)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
