"""Evaluation numbers: accuracy, macro-F1, per-class P/R/F1, confusion matrix, ECE, per language."""

from __future__ import annotations

from typing import Any

import numpy as np

from discourse.nlp.heads import expected_calibration_error


def classification_report(y_true: list[str], y_pred: list[str], labels: list[str], probs: np.ndarray | None = None) -> dict[str, Any]:
    """Metrics for one set of predictions; `probs` columns follow `labels` (for ECE)."""
    index = {label: i for i, label in enumerate(labels)}
    truth = np.array([index[y] for y in y_true])
    guess = np.array([index[y] for y in y_pred])
    confusion = np.zeros((len(labels), len(labels)), dtype=int)
    np.add.at(confusion, (truth, guess), 1)
    per_class = {}
    for i, label in enumerate(labels):
        tp = confusion[i, i]
        precision = tp / confusion[:, i].sum() if confusion[:, i].sum() else 0.0
        recall = tp / confusion[i, :].sum() if confusion[i, :].sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": float(precision), "recall": float(recall), "f1": float(f1), "support": int(confusion[i, :].sum())}
    present = [label for label in labels if per_class[label]["support"] > 0]
    report = {
        "n": int(len(truth)),
        "accuracy": float((truth == guess).mean()) if len(truth) else 0.0,
        "macro_f1": float(np.mean([per_class[label]["f1"] for label in present])) if present else 0.0,
        "per_class": per_class,
        "labels": labels,
        "confusion": confusion.tolist(),
        "ece": None,
    }
    if {"favor", "against"} <= set(labels):
        # SemEval-2016 task 6's official score (and TweetEval's): mean F1 of favor and against, "none" left out.
        report["f_avg_favor_against"] = float((per_class["favor"]["f1"] + per_class["against"]["f1"]) / 2)
    if probs is not None and len(truth):
        report["ece"] = expected_calibration_error(np.asarray(probs), truth)
        report["reliability"] = reliability_bins(np.asarray(probs), truth)
    return report


def reliability_bins(probs: np.ndarray, truth: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Points of a reliability curve: per confidence bin, mean confidence, accuracy and count."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == truth
    edges = np.linspace(0.0, 1.0, bins + 1)
    points = []
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            points.append({"low": float(low), "high": float(high), "confidence": float(confidence[inside].mean()), "accuracy": float(correct[inside].mean()), "n": int(inside.sum())})
    return points


def report_by_language(y_true: list[str], y_pred: list[str], langs: list[str], labels: list[str], probs: np.ndarray | None = None) -> dict[str, Any]:
    """The overall report plus one per language under "per_language"."""
    overall = classification_report(y_true, y_pred, labels, probs)
    overall["per_language"] = {}
    for lang in sorted(set(langs)):
        keep = [i for i, value in enumerate(langs) if value == lang]
        overall["per_language"][lang] = classification_report(
            [y_true[i] for i in keep], [y_pred[i] for i in keep], labels, probs[keep] if probs is not None else None
        )
    return overall
