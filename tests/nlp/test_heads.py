"""Heads follow the estimator contract, calibrate, and round-trip through their files."""

from __future__ import annotations

import numpy as np
import pytest

from discourse.nlp.heads import SENTIMENT_LABELS, Head, expected_calibration_error, fit_temperature, stance_features


def _blobs(n=600, d=16, seed=0):
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(3, d)) * 2
    y = rng.integers(0, 3, size=n)
    return (centers[y] + rng.normal(size=(n, d))).astype(np.float32), y


@pytest.mark.parametrize("hidden", [0, 8])
def test_fit_predict_contract(hidden):
    X, y = _blobs()
    head = Head(SENTIMENT_LABELS, hidden=hidden, seed=1)
    assert not hasattr(head, "weights_")  # __init__ only stores arguments
    assert head.fit(X[:500], y[:500], X[500:], y[500:]) is head
    probs = head.predict_proba(X)
    assert probs.shape == (len(X), 3) and np.allclose(probs.sum(axis=1), 1.0)
    assert list(head.classes_) == list(SENTIMENT_LABELS)
    accuracy = (probs.argmax(axis=1) == y).mean()
    assert accuracy > 0.9
    assert set(head.predict(X[:5])) <= set(SENTIMENT_LABELS)


def test_save_and_load_give_identical_predictions(tmp_path):
    X, y = _blobs()
    head = Head(SENTIMENT_LABELS, hidden=8, seed=2).fit(X, y, X[:100], y[:100])
    head.save(tmp_path / "h", {"name": "h", "note": "test"})
    loaded, info = Head.load(tmp_path / "h")
    assert info["note"] == "test" and info["temperature"] == pytest.approx(head.temperature_)
    assert np.allclose(loaded.predict_proba(X), head.predict_proba(X), atol=1e-6)
    assert (tmp_path / "h.npz").stat().st_size < 50_000  # small files, no pickle


def test_temperature_fixes_overconfidence():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, size=4000)
    logits = rng.normal(size=(4000, 3))
    logits[np.arange(4000), y] += 1.0
    overconfident = logits * 6  # same ranking, far too sharp
    t = fit_temperature(overconfident, y)
    assert 4 < t < 8
    sharp = np.exp(overconfident) / np.exp(overconfident).sum(1, keepdims=True)
    calibrated = np.exp(overconfident / t) / np.exp(overconfident / t).sum(1, keepdims=True)
    assert expected_calibration_error(calibrated, y) < expected_calibration_error(sharp, y) / 2


def test_ece_on_a_hand_computed_example():
    probs = np.array([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0.6, 0.3, 0.1]])
    y = np.array([0, 1, 0, 0])
    # bin (0.8,0.9]: confidence .9, accuracy .5 -> |.5-.9|*.5 = .2 ; bin (0.5,0.6]: .6 vs 1.0 -> .4*.5 = .2
    assert expected_calibration_error(probs, y) == pytest.approx(0.4)


def test_stance_features_layout():
    t = np.array([[1.0, 2.0]], dtype=np.float32)
    g = np.array([[3.0, -1.0]], dtype=np.float32)
    assert stance_features(t, g).tolist() == [[1, 2, 3, -1, 3, -2, 2, 3]]
