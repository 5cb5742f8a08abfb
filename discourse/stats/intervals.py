"""Interval estimates for class shares: Wilson score intervals, page-cluster bootstrap, and
shares corrected for a classifier's measured confusion matrix."""

from __future__ import annotations

import numpy as np

Z95 = 1.959963984540054


def wilson(successes: np.ndarray, totals: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes out of n (vectorised); n = 0 gives (nan, nan)."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(totals, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denominator = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
    return np.where(n > 0, centre - half, np.nan), np.where(n > 0, centre + half, np.nan)


def correct_for_confusion(shares: np.ndarray, confusion: np.ndarray) -> np.ndarray:
    """True-class shares p with confusion^T p = observed shares (rows of `confusion`: true class,
    columns: predicted; row-normalised here); solved by least squares, clipped and renormalised."""
    m = np.asarray(confusion, dtype=float)
    m = m / np.clip(m.sum(axis=1, keepdims=True), 1e-12, None)
    observed = np.atleast_2d(shares)
    solved = np.linalg.lstsq(m.T, observed.T, rcond=None)[0].T
    solved = np.clip(solved, 0.0, None)
    solved = solved / np.clip(solved.sum(axis=1, keepdims=True), 1e-12, None)
    return solved if np.ndim(shares) > 1 else solved[0]


def cluster_bootstrap(page_counts: np.ndarray, replicates: int, seed: int, transform=None) -> tuple[np.ndarray, np.ndarray]:
    """95 % percentile intervals of class shares, resampling whole pages (clusters) with replacement.

    `page_counts` is (pages x classes) — counts, or probability sums for weighted shares;
    `transform` maps a (replicates x classes) array of shares to another one (e.g. confusion correction).
    """
    counts = np.asarray(page_counts, dtype=float)
    pages, classes = counts.shape
    if pages < 2:  # one cluster cannot show between-page variation: no interval rather than a false one
        return np.full(classes, np.nan), np.full(classes, np.nan)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(pages, np.full(pages, 1.0 / pages), size=replicates)  # replicates x pages
    totals = weights @ counts
    shares = totals / np.clip(totals.sum(axis=1, keepdims=True), 1e-12, None)
    if transform is not None:
        shares = transform(shares)
    return np.percentile(shares, 2.5, axis=0), np.percentile(shares, 97.5, axis=0)
