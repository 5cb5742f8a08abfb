"""Classification throughput, in one run: (a) the bare int8 ONNX encoder forward, (b) discourse's
classify path end to end (store -> tokenise -> encode once -> both heads -> store), (c) a plain
transformers AutoModel fp32 loop on the same converted backbone. Optionally peak RSS while
classifying a large synthetic store (streamed in batches, never held whole).

    python benchmarks/classify_bench.py [--comments 3000] [--rss-comments 100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def texts_from(db: Path, n: int) -> list[str]:
    """The own words of the first n comments of a store."""
    from discourse.store import open_store

    with open_store(db, read_only=True) as store:
        return [r[0] for r in store.con.execute("SELECT own_text FROM comments ORDER BY comment_id LIMIT ?", [n]).fetchall()]


def bare_onnx(texts: list[str], encoder) -> float:
    """(a) texts/s of tokenise + int8 forward + pooling alone, on the classifier's own encoder."""
    encoder.encode(texts[:64])
    started = time.perf_counter()
    encoder.encode(texts)
    return len(texts) / (time.perf_counter() - started)


def end_to_end(db: Path, settings, classifier) -> float:
    """(b) texts/s of `discourse classify` on a store of those comments (comments only)."""
    from discourse.pipeline import classify

    report = classify(settings.with_overrides(db_path=str(db)), kinds=("comment",), classifier=classifier, replies=False)
    return report.items / report.seconds


def transformers_fp32(texts: list[str], settings) -> float:
    """(c) texts/s of a plain AutoModel loop (fp32, mean pooling) on the converted backbone (an adapted
    backbone has the same shapes, merged weights, so the same cost)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from discourse.nlp.encoders import ensure_backbone

    folder = ensure_backbone(settings.home_dir)
    tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
    started = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(texts), settings.batch_size):
            batch = tokenizer(["query: " + t for t in texts[i:i + settings.batch_size]], truncation=True, max_length=settings.max_length, padding=True, return_tensors="pt")
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1)
            _ = (hidden * mask).sum(1) / mask.sum(1)
    return len(texts) / (time.perf_counter() - started)


def peak_rss_classify(comments: int) -> dict:
    """Peak RSS of a separate process classifying a synthetic store of `comments` comments."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.duckdb"
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "synthetic_store.py"), "--comments", str(comments), "--db", str(db)], check=True, capture_output=True)
        # VmHWM, not getrusage: Linux carries ru_maxrss across fork + exec, so the child would report this
        # (benchmark) process's peak whenever that is the larger one.
        code = ("import sys; sys.path.insert(0, %r)\n"
                "from discourse.config import load_settings\nfrom discourse.pipeline import classify\n"
                "r = classify(load_settings(None, db_path=%r), kinds=('comment',), replies=False)\n"
                "hwm = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
                "print(r.items, r.seconds, hwm)") % (str(REPO), str(db))
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return {"comments": int(out[0]), "seconds": float(out[1]), "peak_rss_mb": int(out[2]) / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--rss-comments", type=int, default=0, help="also measure peak RSS on a synthetic store this big (e.g. 100000)")
    args = parser.parse_args()
    from discourse.config import load_settings
    from discourse.pipeline import default_classifier

    settings = load_settings(None)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "synthetic_store.py"), "--comments", str(args.comments), "--db", str(db)], check=True, capture_output=True)
        texts = texts_from(db, args.comments)
        classifier = default_classifier(settings)  # (a) and (b) share the default heads' encoder
        a = bare_onnx(texts, classifier.encoder)
        b = end_to_end(db, settings, classifier)
        c = transformers_fp32(texts, settings)
    report = {"texts": len(texts), "a_bare_int8_forward_per_s": a, "b_discourse_classify_per_s": b, "c_transformers_fp32_per_s": c,
              "b_over_a": b / a, "b_over_c": b / c, "goal": "b >= 0.8 a and b >= 3 c"}
    if args.rss_comments:
        report["rss"] = peak_rss_classify(args.rss_comments)
    report["this_process_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # (a)-(c), fp32 torch included
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
