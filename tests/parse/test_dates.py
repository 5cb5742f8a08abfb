"""Dates as pages show them become ISO 8601 local time."""

from __future__ import annotations

from datetime import datetime

import pytest

from discourse.parse.dates import parse_date


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
