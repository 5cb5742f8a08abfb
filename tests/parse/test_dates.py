"""Dates as pages show them become ISO 8601 local time."""

from __future__ import annotations

from datetime import datetime

import pytest

from discourse.parse.dates import parse_date, time_span


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("3 February 2021 13: 03", "2021-02-03T13:03"),
        ("3 февраля 2021 в 13:03", "2021-02-03T13:03"),
        ("February 3, 2021 at 1:03 pm", "2021-02-03T13:03"),
        ("February 03, 2021, 7:11", "2021-02-03T07:11"),
        ("2021-02-03T13:03:00+03:00", "2021-02-03T13:03"),
        ("2023年3月21日 14:05", "2023-03-21T14:05"),
        ("12.03.2023, 14:05", "2023-03-12T14:05"),
        ("October 13, 2020", "2020-10-13"),
        ("12 марта 2023, 14:05", "2023-03-12T14:05"),
        ("14:05 12.03.2023 (обновлено: 16:40 12.03.2023)", "2023-03-12T14:05"),
        ("Published: 7:30am, 15 Mar 2023", "2023-03-15T07:30"),
        ("Wed 15 Mar 2023 07.30 GMT", "2023-03-15T07:30"),
        ("no date here", None),
        ("31 February 2021", None),
    ],
)
def test_absolute_dates(raw, expected):
    assert parse_date(raw) == expected


def test_relative_and_yearless_dates_need_a_reference():
    reference = datetime(2024, 2, 8, 12, 0)
    assert parse_date("вчера в 14:05", reference) == "2024-02-07T14:05"
    assert parse_date("03-21 14:05", reference) == "2024-03-21T14:05"
    assert parse_date("вчера в 14:05") is None


def test_locate_date_says_where_the_date_starts():
    from discourse.parse.dates import locate_date

    assert locate_date("Karsten  Dörre / 22.04.2020") == ("2020-04-22", 16)
    assert locate_date("no date here") is None


@pytest.mark.parametrize(
    "raw, iso, shown",
    [
        ("[–]Hoplite_Harry 1843 points 4 hours ago", None, "4 hours ago"),
        ("Like · Reply · 41 · 2y", None, "2y"),
        ("6 часов назад", None, "6 часов назад"),
        ("3小时前", None, "3小时前"),
        ("Marek Wiśniewski • a year ago", None, "a year ago"),
        ("3 фев 2023 в 12:31Ответить", "2023-02-03T12:31", "3 фев 2023 в 12:31"),
        ("3月21日 10:15 来自北京", None, "3月21日 10:15"),  # no year shown and no page date: unplaced
    ],
)
def test_time_span_finds_absolute_and_relative_times(raw, iso, shown):
    found = time_span(raw)
    assert found is not None and found[0] == iso
    assert " ".join(raw.split())[found[1]:found[2]] == shown


def test_time_span_is_none_without_a_time():
    assert time_span("Five years ago it was only coal going the other way") is None
    assert time_span("In 2022 we already replaced most European cars") is None
