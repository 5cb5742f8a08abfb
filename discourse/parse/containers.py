"""Page bytes inside a container: gzip/bzip2/xz-compressed files and MHTML single-file saves.

Browsers save "Webpage, single file" as MHTML (a MIME multipart message whose HTML part is usually
quoted-printable), and web archives and crawlers keep pages gzip-compressed (``page.html.gz``). Both are
unwrapped here with the standard library (gzip/bz2/lzma, email), so the parsers only ever see the page.
"""

from __future__ import annotations

import bz2
import email
import email.policy
import gzip
import lzma
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from discourse.errors import DiscourseError

# magic bytes, name, decompressor factory (for bytes in memory), file opener (for streaming)
_COMPRESSED = (
    (b"\x1f\x8b", "gzip", lambda: gzip.zlib.decompressobj(16 + gzip.zlib.MAX_WBITS), gzip.open),
    (b"BZh", "bzip2", bz2.BZ2Decompressor, bz2.open),
    (b"\xfd7zXZ\x00", "xz", lzma.LZMADecompressor, lzma.open),
)
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")
MHTML_SUFFIXES = (".mht", ".mhtml")
_MIME_HEAD = re.compile(rb"^\s*(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?content-type:\s*multipart/related", re.I)
_CHUNK = 1 << 20
# What a decompressing reader raises on damaged or truncated input (gzip.BadGzipFile is an OSError).
DAMAGED_STREAM = (EOFError, gzip.BadGzipFile, lzma.LZMAError, gzip.zlib.error)


@dataclass(frozen=True)
class Unwrapped:
    """The page's own bytes, the name to sniff its format by, and what the container said about it."""

    data: bytes
    name: str
    charset: str | None = None
    url: str | None = None
    container: str | None = None


def inner_name(name: str) -> str:
    """The file name without a compression suffix: comments.jsonl.gz -> comments.jsonl."""
    lower = name.lower()
    return next((name[: -len(suffix)] for suffix in COMPRESSED_SUFFIXES if lower.endswith(suffix)), name)


def open_binary(path: Path) -> BinaryIO:
    """Open a file for streaming, decompressing it on the fly when its first bytes say it is compressed."""
    with path.open("rb") as handle:
        magic = handle.read(6)
    opener = next((opener for head, _, _, opener in _COMPRESSED if magic.startswith(head)), None)
    return opener(path, "rb") if opener else path.open("rb")


def unwrap(data: bytes, path: str, limit_bytes: int) -> Unwrapped:
    """Decompress and/or take the HTML part out of an MHTML save; plain pages pass through unchanged."""
    name, container = path, None
    for magic, kind, decompressor, _ in _COMPRESSED:
        if data.startswith(magic):
            data = _decompress(data, decompressor(), kind, path, limit_bytes)
            container, name = kind, inner_name(name)
            break
    if name.lower().endswith(MHTML_SUFFIXES) or _MIME_HEAD.match(data[:4096]):
        page = _mhtml_html_part(data, path)
        if page is not None:
            return Unwrapped(page.data, name + ".html", page.charset, page.url, "+".join(filter(None, (container, "mhtml"))))
    return Unwrapped(data, name, container=container)


def _decompress(data: bytes, decompressor, kind: str, path: str, limit_bytes: int) -> bytes:
    """Decompress in chunks, refusing more than `limit_bytes` of output (a small file can expand hugely)."""
    out = bytearray()
    try:
        for start in range(0, len(data), _CHUNK):
            out += decompressor.decompress(data[start:start + _CHUNK], max(limit_bytes + 1 - len(out), 1))
            if len(out) > limit_bytes:
                raise DiscourseError("E004", path=path, size_mb=len(out) / 1048576, limit_mb=limit_bytes / 1048576)
    except (*DAMAGED_STREAM, OSError, ValueError) as exc:
        raise DiscourseError("E014", path=path, kind=kind, reason=exc) from exc
    return bytes(out)


@dataclass(frozen=True)
class _Part:
    data: bytes
    charset: str | None
    url: str | None


def _mhtml_html_part(data: bytes, path: str) -> _Part | None:
    """The main text/html part of an MHTML message (the one at the snapshot's location, else the first)."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart():
        return None
    location = (message.get("Snapshot-Content-Location") or "").strip() or None
    html_parts = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not html_parts:
        raise DiscourseError("E003", path=path, reason="it is an MHTML archive without an HTML part")
    main = next((p for p in html_parts if location and (p.get("Content-Location") or "").strip() == location), html_parts[0])
    payload = main.get_payload(decode=True) or b""
    return _Part(payload, main.get_content_charset(), location or (main.get("Content-Location") or "").strip() or None)
