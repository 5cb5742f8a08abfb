"""Encodings: BOMs, declared charsets, detection; binary and empty input give coded errors."""

from __future__ import annotations

import pytest

from discourse.errors import DiscourseError
from discourse.parse import parse_bytes
from discourse.parse.decode import decode_bytes, sniff_format

RU = "Россия и Китай договорились о совместной лунной станции. Эксперты сомневаются в сроках проекта."
ZH = "中俄两国签署了关于共同建设国际月球科研站的谅解备忘录，网友纷纷表示支持。"
HTML = "<html><head><meta charset='{charset}'><title>t</title></head><body><article><h1>Заголовок</h1><p>{text}</p><p>{text}</p></article></body></html>"


@pytest.mark.parametrize(
    "encoding, text",
    [("utf-8", RU), ("utf-8-sig", RU), ("utf-16", RU), ("cp1251", RU * 3), ("koi8-r", RU * 3), ("gb18030", ZH * 3), ("gbk", ZH * 3)],
)
def test_plain_text_round_trips(encoding, text):
    decoded, found = decode_bytes(text.encode(encoding), "page.txt")
    assert decoded.lstrip("\ufeff") == text
    assert found


@pytest.mark.parametrize("charset, codec, text", [("windows-1251", "cp1251", RU), ("koi8-r", "koi8-r", RU), ("gbk", "gbk", ZH), ("gb2312", "gb18030", ZH)])
def test_declared_html_charset_is_honoured(charset, codec, text):
    data = HTML.format(charset=charset, text=text).encode(codec)
    page = parse_bytes(data, "page.html")
    assert text in page.body_text


def test_utf8_bom_html_parses():
    data = "\ufeff".encode() + HTML.format(charset="utf-8", text=RU).encode("utf-8")
    assert RU in parse_bytes(data, "page.html").body_text


@pytest.mark.parametrize(
    "data, reason",
    [(b"%PDF-1.4 binary", "PDF"), (b"\x89PNG\r\n\x1a\n....", "PNG"), (b"\x1f\x8b\x08\x00gzip", "gzip"), (bytes(range(256)) * 8, "NUL")],
)
def test_binary_input_is_refused_with_a_code(data, reason):
    with pytest.raises(DiscourseError) as info:
        decode_bytes(data, "x.bin")
    assert info.value.code == "E003" and reason in str(info.value)


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_input_is_refused(data):
    with pytest.raises(DiscourseError) as info:
        decode_bytes(data, "empty.html")
    assert info.value.code == "E002"


@pytest.mark.parametrize(
    "text, path, expected",
    [("<!DOCTYPE html><html>", "x", "html"), ("Title\n\nBody text", "x.txt", "text"), ('{"text": "hi"}\n', "x", "jsonl"), ("plain", "a.htm", "html")],
)
def test_format_sniffing(text, path, expected):
    assert sniff_format(text, path) == expected
