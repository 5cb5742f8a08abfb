"""Evaluation numbers on a tiny hand-computed fixture."""

from __future__ import annotations

import pytest

from discourse.nlp.metrics import report_by_language

GOLD = ["favor", "favor", "against", "against", "against", "none"]
PRED = ["favor", "against", "against", "against", "none", "none"]
LANGS = ["en", "en", "ru", "ru", "zh", "zh"]


def test_hand_computed_report():
    report = report_by_language(GOLD, PRED, LANGS, ["favor", "against", "none"])
    # favor: P 1/1, R 1/2, F1 2/3 ; against: P 2/3, R 2/3, F1 2/3 ; none: P 1/2, R 1/1, F1 2/3
    assert report["accuracy"] == pytest.approx(4 / 6)
    assert report["per_class"]["favor"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert report["per_class"]["none"]["precision"] == 0.5
    assert report["macro_f1"] == pytest.approx(2 / 3)
    assert report["confusion"] == [[1, 1, 0], [0, 2, 1], [0, 0, 1]]
    assert report["per_language"]["ru"]["accuracy"] == 1.0
    assert report["per_language"]["en"]["n"] == 2
