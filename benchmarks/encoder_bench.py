"""Bare forward throughput: int8 ONNX (onnxruntime) vs fp32 torch AutoModel on the same batches.

    python benchmarks/encoder_bench.py [--home DIR] [--texts 512] [--batch 32] [--max-length 128] [--join 1] [--threads N]

Tokenisation happens once, outside the timed loops; both sides get identical padded batches and
the same thread count. Prints one JSON object: sentences/s for each backend and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from discourse.nlp.encoders import E5_PREFIX, ensure_backbone  # noqa: E402
from discourse.nlp.onnx_export import ONNX_INT8, ONNX_SUBDIR, load_sentences  # noqa: E402


def make_batches(folder: Path, n_texts: int, batch: int, max_length: int, join: int) -> list[dict[str, np.ndarray]]:
    """Tokenise the verify sentences (cycled to n_texts, `join` per text) into padded int64 batches."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.enable_truncation(max_length)
    tok.enable_padding(pad_id=1, pad_token="<pad>")
    sentences = load_sentences()
    texts = [
        E5_PREFIX + " ".join(sentences[(i * join + j) % len(sentences)] for j in range(join)) for i in range(n_texts)
    ]
    out = []
    for start in range(0, n_texts, batch):
        encs = tok.encode_batch(texts[start : start + batch])
        out.append(
            {
                "input_ids": np.array([e.ids for e in encs], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encs], dtype=np.int64),
            }
        )
    return out


def bench_onnx(path: Path, batches: list[dict[str, np.ndarray]], threads: int) -> float:
    """Sentences/s of session.run over all batches (after one warm-up batch)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    session.run(None, batches[0])
    started = time.perf_counter()
    for batch in batches:
        session.run(None, batch)
    return sum(len(b["input_ids"]) for b in batches) / (time.perf_counter() - started)


def bench_torch(folder: Path, batches: list[dict[str, np.ndarray]], threads: int) -> float:
    """Sentences/s of AutoModel fp32 forward over all batches (after one warm-up batch)."""
    import torch
    from transformers import AutoModel

    if threads:
        torch.set_num_threads(threads)
    model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
    tensors = [{k: torch.from_numpy(v) for k, v in b.items()} for b in batches]
    with torch.inference_mode():
        model(**tensors[0])
        started = time.perf_counter()
        for batch in tensors:
            model(**batch).last_hidden_state
    return sum(len(b["input_ids"]) for b in batches) / (time.perf_counter() - started)


def main() -> int:
    """Run both benchmarks and print the comparison as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path(os.environ.get("DISCOURSE_HOME", "~/.cache/discourse")))
    parser.add_argument("--texts", type=int, default=512)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--join", type=int, default=1, help="sentences per text (6 fills 128 tokens)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    folder = ensure_backbone(args.home.expanduser())
    batches = make_batches(folder, args.texts, args.batch, args.max_length, args.join)
    onnx_sps = bench_onnx(folder / ONNX_SUBDIR / ONNX_INT8, batches, args.threads)
    torch_sps = bench_torch(folder, batches, args.threads)
    result = {
        "texts": args.texts,
        "batch": args.batch,
        "max_length": args.max_length,
        "threads": args.threads,
        "mean_tokens": float(np.mean([b["attention_mask"].sum(1).mean() for b in batches])),
        "onnx_int8_sentences_per_s": round(onnx_sps, 1),
        "torch_fp32_sentences_per_s": round(torch_sps, 1),
        "speedup_int8_over_fp32": round(onnx_sps / torch_sps, 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
