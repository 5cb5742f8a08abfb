"""Pages inside containers: compressed files and MHTML single-file saves parse like the page itself."""

from __future__ import annotations

import bz2
import gzip
import lzma
import quopri
from pathlib import Path

import pytest

from discourse.errors import DiscourseError
from discourse.parse import ParseOptions, parse_bytes, parse_path

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
PAGE = SAMPLE / "08_wordpress_en.html"
RUSSIAN = """<html><head><title>Россия и Китай</title></head><body><article>
<p>Россия и Китай подписали соглашение о лунной станции, сообщили в Роскосмосе.</p>
<p>Эксперты сомневаются, что сроки реальны: кто за это заплатит?</p></article></body></html>"""


def mhtml(html: bytes, *, charset: str | None = "utf-8", location: str = "https://news.example/ru/1") -> bytes:
    """A Chrome-style "Webpage, single file" save: a quoted-printable HTML part and an image part."""
    boundary = "----MultipartBoundary--xyz----"
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    head = (
        f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {location}\r\nSubject: saved\r\n"
        f'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n\r\n'
        f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {location}\r\n\r\n"
    )
    image = f"\r\n--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--{boundary}--\r\n"
    return head.encode() + quopri.encodestring(html) + image.encode()


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress], ids=["gzip", "bzip2", "xz"])
def test_a_compressed_page_parses_like_the_page(tmp_path, compress):
    plain = parse_path(PAGE)[0]
    packed = tmp_path / (PAGE.name + ".gz")  # the suffix does not matter: the bytes say what they are
    packed.write_bytes(compress(PAGE.read_bytes()))
    page = parse_path(packed)[0]
    assert page.id == plain.id  # same page bytes -> same page, so a re-ingest finds it unchanged
    assert page.body == plain.body and page.title == plain.title
    assert [c.own_text for c in page.comments] == [c.own_text for c in plain.comments] and page.comments
    assert page.encoding.endswith(f"({'gzip' if compress is gzip.compress else 'bzip2' if compress is bz2.compress else 'xz'})")


def test_an_mhtml_save_is_decoded_not_parsed_as_mime_text(tmp_path):
    plain = parse_path(PAGE)[0]
    saved = tmp_path / "saved.mhtml"
    saved.write_bytes(mhtml(PAGE.read_bytes()))
    page = parse_path(saved)[0]
    assert page.body == plain.body and len(page.comments) == len(plain.comments) > 0
    assert not any("=3D" in p or "=C3" in p for p in page.body)  # no quoted-printable debris


def test_mhtml_charset_and_address_come_from_the_container(tmp_path):
    saved = tmp_path / "saved.mht"
    saved.write_bytes(mhtml(RUSSIAN.encode("cp1251"), charset="windows-1251", location="https://news.example/ru/1"))
    page = parse_path(saved)[0]
    assert page.title == "Россия и Китай" and "лунной станции" in page.body[0]
    assert page.url == "https://news.example/ru/1" and page.site == "news.example"


def test_mhtml_is_recognised_by_its_headers_whatever_the_name(tmp_path):
    saved = tmp_path / "saved.txt"
    saved.write_bytes(mhtml(RUSSIAN.encode()))
    assert parse_path(saved)[0].title == "Россия и Китай"


def test_broken_containers_get_coded_errors(tmp_path):
    with pytest.raises(DiscourseError) as damaged:
        parse_bytes(b"\x1f\x8b\x08\x00" + b"not really deflate data" * 4, "page.html.gz")
    assert damaged.value.code == "E014" and "gzip" in damaged.value.message

    no_html = mhtml(b"<html></html>").replace(b"Content-Type: text/html; charset=utf-8", b"Content-Type: text/css")
    with pytest.raises(DiscourseError) as empty:
        parse_bytes(no_html, "saved.mhtml")
    assert empty.value.code == "E003" and "without an HTML part" in empty.value.message

    bomb = gzip.compress(b"<p>" + b" " * (3 * 1048576))  # ~3 KB that expands past a 1 MB limit
    with pytest.raises(DiscourseError) as large:
        parse_bytes(bomb, "bomb.html.gz", options=ParseOptions(max_file_mb=1))
    assert large.value.code == "E004"


def test_compressed_comment_files_stream_and_damage_is_coded(tmp_path):
    lines = [
        '{"page_title": "Лунная станция", "page_url": "https://forum.example/t/1", "text": "Опять обещания, денег нет.", "author": "ivan"}',
        '{"page_title": "Лунная станция", "page_url": "https://forum.example/t/1", "text": "Хорошая новость для науки.", "author": "olga"}',
    ]
    packed = tmp_path / "comments.jsonl.gz"
    packed.write_bytes(gzip.compress("\n".join(lines).encode()))
    pages = parse_path(packed)
    assert [c.author for c in pages[0].comments] == ["ivan", "olga"]

    import random

    rng = random.Random(3)  # incompressible-ish texts, so the cut falls well inside the stream
    many = [f'{{"page_title": "T", "text": "comment {i} {rng.getrandbits(256):x}"}}' for i in range(3000)]
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress("\n".join(many).encode())[:-2000])  # the end of the stream is missing
    problems = []
    kept = parse_path(cut, problems=problems)[0].comments
    assert 0 < len(kept) < 3000 and kept[0].own_text.startswith("comment 0 ")
    assert [p.code for p in problems] == ["E014"] and f"lines 1-{len(kept)} were kept" in problems[0].message
