"""Bytes -> text: BOMs, declared charsets, detection; binary sniffing; input format sniffing."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from discourse.errors import DiscourseError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of formats people save by mistake next to their pages.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (also .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"SQLite format 3", "an SQLite database"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# Charsets pages declare that Python knows by another name or that deserve a superset.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "windows-1251": "cp1251", "win-1251": "cp1251", "utf8": "utf-8"}


def _sniff_binary(data: bytes, path: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DiscourseError("E003", path=path, reason=f"it is {what}")
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16/32 without BOM has NULs in a regular pattern; anything else with NULs is binary.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2 or 1
        if not (even > 0.3 * half or odd > 0.3 * half):
            raise DiscourseError("E003", path=path, reason="it contains NUL bytes")
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.1:
        raise DiscourseError("E003", path=path, reason="it is mostly control bytes")


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, path: str, charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes to text; return (text, encoding) or raise a coded error. `charset` is what a
    container declared for the bytes (an MHTML part's header); it is tried first after a BOM."""
    if not data.strip():
        raise DiscourseError("E002", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError as exc:
                raise DiscourseError("E005", path=path, reason=exc) from exc
    _sniff_binary(data, path)
    if charset:
        charset = _CHARSET_ALIASES.get(charset.lower(), charset.lower())
        try:
            return data.decode(charset), charset
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8",):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:200_000]).best()
    if best is None:
        # A truncated multi-byte tail must not lose the page: decode what is decodable.
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > 0.05 * len(text):
            raise DiscourseError("E005", path=path, reason="no text encoding fits these bytes")
        return text, "utf-8 (with replacements)"
    encoding = _CHARSET_ALIASES.get(best.encoding, best.encoding)
    return data.decode(encoding, errors="replace"), encoding


_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|article|section|p|table|span|header|main|ul|ol|li|script|style|link)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"</?(html|head|body|div|p|span|article|a|br|li|ul|script|meta)\b[^>]*>", re.I)


def sniff_format(text: str, path: str) -> str:
    """Guess `html`, `jsonl` or `text` from a file's name and first characters."""
    lower = path.lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    head = text[:4096]
    if _HTML_START.match(head) or lower.endswith((".html", ".htm", ".xhtml", ".mhtml")):
        return "html"
    if head.lstrip().startswith("{") and head.lstrip().split("\n", 1)[0].rstrip().endswith("}"):
        return "jsonl"
    if len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    return "text"
