"""Classification heads on frozen sentence embeddings: sentiment, and target-conditioned stance.

Estimators follow scikit-learn's contract (``__init__`` stores arguments, ``fit`` returns self,
learned state ends in ``_``). Trained heads are saved as numpy arrays plus JSON metadata — small
files, no pickle — and predict without scikit-learn.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

SENTIMENT_LABELS = ("negative", "neutral", "positive")
STANCE_LABELS = ("favor", "against", "none")


def stance_features(text_vectors: np.ndarray, target_vectors: np.ndarray) -> np.ndarray:
    """Pair features for a (text, target) pair: [t, g, t*g, |t-g|] (the classic NLI combination)."""
    return np.concatenate([text_vectors, target_vectors, text_vectors * target_vectors, np.abs(text_vectors - target_vectors)], axis=1).astype(np.float32)


def _file(stem: Path, suffix: str) -> Path:
    """"models/stance.e5.v1" + ".npz" (Path.with_suffix would eat the ".v1")."""
    stem = Path(stem)
    return stem.parent / (stem.name + suffix)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises held-out negative log-likelihood (Guo et al. 2017)."""
    from scipy.optimize import minimize_scalar

    def nll(log_t: float) -> float:
        probs = _softmax(logits / np.exp(log_t))
        return float(-np.mean(np.log(probs[np.arange(len(y)), y] + 1e-12)))

    result = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(result.x))


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """ECE with equal-width confidence bins."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)


class Head:
    """A softmax classifier (logistic regression, or an MLP with `hidden` units) with temperature calibration."""

    def __init__(self, labels: tuple[str, ...], *, hidden: int = 0, C: float = 1.0, alpha: float = 1e-4, max_iter: int = 300, seed: int = 0, class_weight: str | None = "balanced") -> None:
        self.labels = labels
        self.hidden = hidden
        self.C = C
        self.alpha = alpha
        self.max_iter = max_iter
        self.seed = seed
        self.class_weight = class_weight

    def fit(self, X: np.ndarray, y: np.ndarray, X_cal: np.ndarray | None = None, y_cal: np.ndarray | None = None, sample_weight: np.ndarray | None = None) -> "Head":
        """Fit on (X, y) — label indices into `labels` — then calibrate on the held-out (X_cal, y_cal)."""
        if self.hidden:
            from sklearn.neural_network import MLPClassifier

            model = MLPClassifier(hidden_layer_sizes=(self.hidden,), alpha=self.alpha, max_iter=self.max_iter, early_stopping=True, random_state=self.seed)
            model.fit(X, y, sample_weight=sample_weight)
            self.weights_ = [w.astype(np.float32) for w in model.coefs_]
            self.biases_ = [b.astype(np.float32) for b in model.intercepts_]
        else:
            from sklearn.linear_model import LogisticRegression

            model = LogisticRegression(C=self.C, max_iter=self.max_iter * 10, class_weight=self.class_weight, random_state=self.seed)
            model.fit(X, y, sample_weight=sample_weight)
            self.weights_ = [model.coef_.T.astype(np.float32)]
            self.biases_ = [model.intercept_.astype(np.float32)]
        self.classes_ = np.array(self.labels)
        self.temperature_ = 1.0
        if X_cal is not None and y_cal is not None and len(y_cal):
            self.temperature_ = fit_temperature(self.decision_function(X_cal), y_cal)
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Uncalibrated logits, one column per label."""
        hidden = np.asarray(X, dtype=np.float32)
        for layer, (weight, bias) in enumerate(zip(self.weights_, self.biases_)):
            hidden = hidden @ weight + bias
            if layer < len(self.weights_) - 1:
                hidden = np.maximum(hidden, 0.0)
        if hidden.shape[1] == 1:  # a binary sklearn model keeps one logit column
            hidden = np.concatenate([-hidden / 2, hidden / 2], axis=1)
        return hidden

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated class probabilities."""
        return _softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Most probable label per row."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def save(self, path: Path, metadata: dict[str, Any]) -> None:
        """Write `path`.npz (arrays) and `path`.json (labels, temperature, metadata)."""
        arrays = {f"w{i}": w for i, w in enumerate(self.weights_)} | {f"b{i}": b for i, b in enumerate(self.biases_)}
        np.savez_compressed(_file(path, ".npz"), **arrays)
        info = {"labels": list(self.labels), "temperature": self.temperature_, "hidden": self.hidden, "layers": len(self.weights_), **metadata}
        _file(path, ".json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> tuple["Head", dict[str, Any]]:
        """Read a head written by `save`; return it with its metadata."""
        info = json.loads(_file(path, ".json").read_text("utf-8"))
        arrays = np.load(_file(path, ".npz"))
        head = cls(tuple(info["labels"]), hidden=info.get("hidden", 0))
        head.weights_ = [arrays[f"w{i}"] for i in range(info["layers"])]
        head.biases_ = [arrays[f"b{i}"] for i in range(info["layers"])]
        head.classes_ = np.array(head.labels)
        head.temperature_ = float(info["temperature"])
        return head, info
