"""Offline language identification for pages and comments."""

from __future__ import annotations

import pytest

from discourse.parse.lang import detect_language


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Россия и Китай договорились о строительстве лунной станции, но эксперты сомневаются.", "ru"),
        ("Russia and China agreed to build a lunar station, but experts are skeptical.", "en"),
        ("中俄两国将共同建设国际月球科研站。", "zh"),
        ("Україна та Китай підписали угоду про співпрацю.", "uk"),
        ("Russland und China wollen gemeinsam eine Mondstation bauen, sagen Experten.", "de"),
        ("ロシアと中国が月面基地を共同で建設する。", "ja"),
    ],
)
def test_detects_language(text, expected):
    assert detect_language(text) == expected


def test_short_or_empty_text_falls_back():
    assert detect_language("👍👍", fallback="ru") == "ru"
    assert detect_language("ok", fallback="zh") == "zh"
