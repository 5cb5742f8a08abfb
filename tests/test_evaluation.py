"""`discourse evaluate`'s numbers on a tiny fixture whose metrics are computed by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from discourse.evaluation import evaluate_frame, read_labelled

FIXTURE = """id,text,target,label,lang,source,split
a,joint lunar station is great,russia_china_cooperation,favor,en,t,test
b,never trust them,russia_china_cooperation,against,en,t,test
c,это распил,russia_china_cooperation,against,ru,t,test
d,погода хорошая,russia_china_cooperation,none,ru,t,test
e,中俄合作好,russia_china_cooperation,favor,zh,t,test
f,sentiment row,,positive,en,t,test
"""
# The stand-in classifier answers favor, against, favor, none, against for a..e:
ANSWERS = {"a": ("favor", 0.9), "b": ("against", 0.8), "c": ("favor", 0.6), "d": ("none", 0.7), "e": ("against", 0.55)}


class FixedClassifier:
    """Returns fixed stance answers (the rest of the probability mass split evenly)."""

    def predict(self, batch: pd.DataFrame, target) -> pd.DataFrame:
        rows = []
        for item in batch["item_id"]:
            label, confidence = ANSWERS[item]
            probs = {f"p_{name}": (confidence if name == label else (1 - confidence) / 2) for name in ("favor", "against", "none")}
            rows.append({"item_id": item, "task": "stance", "target": target.key, "label": label, **probs})
        return pd.DataFrame(rows)


def test_hand_computed_stance_report(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(FIXTURE, "utf-8")
    report = evaluate_frame(read_labelled(path, "stance"), "stance", FixedClassifier())
    # gold favor,against,against,none,favor vs predicted favor,against,favor,none,against -> 3/5 right
    assert report["n"] == 5 and report["accuracy"] == pytest.approx(0.6)
    # favor P 1/2 R 1/2 F1 .5 ; against P 1/2 R 1/2 F1 .5 ; none P 1 R 1 F1 1 -> macro 2/3
    assert report["macro_f1"] == pytest.approx(2 / 3)
    # SemEval-2016's score leaves "none" out: (F1 favor .5 + F1 against .5) / 2
    assert report["f_avg_favor_against"] == pytest.approx(0.5)
    assert report["confusion"] == [[1, 1, 0], [1, 1, 0], [0, 0, 1]]
    # ECE bins: .9 right, .8 right, .7 right, .6 wrong, .55 wrong -> (.1+.2+.3+.6+.55)/5
    assert report["ece"] == pytest.approx((0.1 + 0.2 + 0.3 + 0.6 + 0.55) / 5)
    assert report["per_language"]["ru"]["accuracy"] == pytest.approx(0.5)
    assert set(json.loads(json.dumps(report))) >= {"macro_f1", "accuracy", "per_class", "confusion", "ece", "n"}


def test_rows_for_the_other_task_are_left_out(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(FIXTURE, "utf-8")
    assert list(read_labelled(path, "sentiment")["id"]) == ["f"]
