"""Evaluate the shipped heads on a labelled CSV (the `discourse evaluate` command's library side)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd

from discourse.config import Settings
from discourse.errors import DiscourseError
from discourse.nlp.metrics import report_by_language


def read_labelled(path: Path, task: str) -> pd.DataFrame:
    """Rows of a labelled CSV (id,text,target,label,lang,source,split) valid for `task`."""
    if not Path(path).is_file():
        raise DiscourseError("E012", path=path)
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        frame = pd.DataFrame(list(csv.DictReader(handle)))
    missing = {"text", "label"} - set(frame.columns)
    if missing:
        raise DiscourseError("E011", path=path, line=1, field=sorted(missing)[0])
    labels = ("negative", "neutral", "positive") if task == "sentiment" else ("favor", "against", "none")
    frame = frame[frame["label"].isin(labels)].reset_index(drop=True)
    for column in ("target", "lang", "id"):
        if column not in frame:
            frame[column] = ""
    return frame


def evaluate_frame(frame: pd.DataFrame, task: str, classifier, registry: dict | None = None, target: str | None = None) -> dict[str, Any]:
    """Predict every row (grouped by its stance target: a targets.yaml key or free text) and score."""
    from discourse.nlp.targets import Target

    registry_phrase = registry or {}
    frame = frame.assign(item_id=frame["id"].where(frame["id"] != "", frame.index.astype(str)), lang=frame["lang"].replace("", "en"))
    parts = []
    groups = [(target, frame)] if target or task == "sentiment" else list(frame.groupby("target", sort=True))
    for name, group in groups:
        spec = registry_phrase.get(name) or Target(key=name or "", phrasings={"en": name or "", "ru": name or "", "zh": name or ""})
        predicted = classifier.predict(group[["item_id", "text", "lang"]], spec)
        parts.append(predicted[predicted["task"] == task].assign(gold=group["label"].to_numpy(), lang=group["lang"].to_numpy()))
    result = pd.concat(parts, ignore_index=True)
    labels = ["negative", "neutral", "positive"] if task == "sentiment" else ["favor", "against", "none"]
    probs = result[[f"p_{label}" for label in labels]].to_numpy()
    return report_by_language(result["gold"].tolist(), result["label"].tolist(), result["lang"].tolist(), labels, probs)


def evaluate_file(path: Path, task: str, settings: Settings, *, target: str | None = None, backbone: str | None = None, classifier=None) -> dict[str, Any]:
    """`discourse evaluate`: metrics of the shipped heads on a labelled CSV."""
    from discourse.nlp.targets import load_targets
    from discourse.config import REPO_MODELS
    from discourse.pipeline import default_classifier

    if task not in ("sentiment", "stance", "reply"):
        raise DiscourseError("E205", task=task)
    if task == "reply":
        return evaluate_replies(path, classifier or default_classifier(settings, backbone=backbone))
    frame = read_labelled(path, task)
    if frame.empty:
        raise DiscourseError("E206", path=path, task=task)
    classifier = classifier or default_classifier(settings, backbone=backbone)
    registry, _ = load_targets(REPO_MODELS / "targets.yaml")
    report = evaluate_frame(frame, task, classifier, registry, target)
    report["ece"] = float(report["ece"]) if report["ece"] is not None else float("nan")
    return report


def evaluate_replies(path: Path, classifier) -> dict[str, Any]:
    """Reply stance toward the parent on a CSV with columns id,lang,parent,reply,label (agree/disagree/neutral)."""
    if not Path(path).is_file():
        raise DiscourseError("E012", path=path)
    frame = pd.read_csv(path, dtype=str).fillna("")
    missing = {"parent", "reply", "label"} - set(frame.columns)
    if missing:
        raise DiscourseError("E011", path=path, line=1, field=sorted(missing)[0])
    frame = frame[frame["label"].isin(["agree", "disagree", "neutral"])].reset_index(drop=True)
    if frame.empty:
        raise DiscourseError("E206", path=path, task="reply")
    batch = pd.DataFrame({"item_id": frame.get("id", frame.index.astype(str)), "text": frame["reply"], "parent_text": frame["parent"],
                          "lang": frame.get("lang", "en"), "page_id": ""})
    predicted = pd.concat([classifier.predict_replies(batch.iloc[i:i + 64]) for i in range(0, len(batch), 64)], ignore_index=True)
    labels = ["agree", "disagree", "neutral"]
    probs = predicted[["p_favor", "p_against", "p_none"]].to_numpy()
    report = report_by_language(frame["label"].tolist(), predicted["label"].tolist(), batch["lang"].tolist(), labels, probs)
    report["ece"] = float(report["ece"]) if report["ece"] is not None else float("nan")
    return report
