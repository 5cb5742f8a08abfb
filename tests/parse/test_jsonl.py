"""Comment files named .json: one document (list or {"comments": [...]}, BOM or not), or JSON Lines under
that name, kept record by record; a broken single document is one coded error."""

from __future__ import annotations

import gzip

import pytest

from discourse.errors import DiscourseError
from discourse.parse import parse_path

RECORDS = ['{"text": "Первый комментарий о станции", "author": "a", "page_title": "Луна"}',
           '{"text": "Second comment on the station", "author": "b", "page_title": "Луна"}']


def _comments(pages) -> list[str]:
    return sorted(c.text for page in pages for c in page.comments)


def test_json_lines_saved_as_json_keep_every_record(tmp_path):
    path = tmp_path / "comments.json"
    path.write_text("\n".join(RECORDS) + "\n", "utf-8")
    problems = []
    assert _comments(parse_path(path, problems=problems)) == ["Second comment on the station", "Первый комментарий о станции"]
    assert problems == []


def test_a_bad_line_among_json_lines_costs_only_that_line(tmp_path):
    path = tmp_path / "comments.json.gz"
    path.write_bytes(gzip.compress(("\n".join([RECORDS[0], '{"text": "cut', RECORDS[1]]) + "\n").encode("utf-8")))
    problems = []
    assert len(_comments(parse_path(path, problems=problems))) == 2
    assert [(p.code, "line 2" in p.message) for p in problems] == [("E007", True)]


def test_a_json_array_with_a_byte_order_mark_is_one_document(tmp_path):
    path = tmp_path / "export.json"
    path.write_bytes("\ufeff[\n  ".encode("utf-8") + ",\n  ".join(RECORDS).encode("utf-8") + b"\n]\n")
    problems = []
    assert len(_comments(parse_path(path, problems=problems))) == 2 and problems == []


def test_a_broken_single_document_is_one_coded_error(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"comments": [\n  {"text": "fine",\n   "author": "a"},\n  {"text": \n', "utf-8")
    with pytest.raises(DiscourseError) as caught:
        parse_path(path)
    assert caught.value.code == "E007" and "export.json" in str(caught.value)
