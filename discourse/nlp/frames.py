"""Frame detection: a versioned codebook (models/codebooks/frames.v*.yaml) and a scorer that compares
a text's embedding with each frame's prototype (its descriptions and examples in en/ru/zh), plus a
bonus for the frame's cue words; per-frame thresholds are tuned on labelled examples."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

LANGS = ("en", "ru", "zh")


@dataclass(frozen=True)
class Frame:
    """One frame of the codebook."""

    id: str
    kind: str
    label: dict[str, str]
    description: dict[str, str]
    cues: dict[str, tuple[str, ...]]
    examples: dict[str, tuple[str, ...]]


def load_codebook(path: Path) -> tuple[dict[str, Any], list[Frame]]:
    """The codebook's header (name, version) and its frames; raises ValueError naming what is wrong."""
    data = yaml.safe_load(Path(path).read_text("utf-8"))
    frames, seen = [], set()
    for entry in data.get("frames", []):
        if entry["id"] in seen:
            raise ValueError(f"[E330] duplicate frame id {entry['id']!r} in {path}")
        seen.add(entry["id"])
        for field in ("label", "description", "cues", "examples"):
            missing = [lang for lang in LANGS if not entry.get(field, {}).get(lang)]
            if missing:
                raise ValueError(f"[E331] frame {entry['id']!r} in {path} lacks {field} in {', '.join(missing)}")
        frames.append(Frame(entry["id"], entry["kind"], dict(entry["label"]), dict(entry["description"]),
                            {k: tuple(v) for k, v in entry["cues"].items()}, {k: tuple(v) for k, v in entry["examples"].items()}))
    if not frames:
        raise ValueError(f"[E332] {path} defines no frames")
    return {"name": data.get("name", "frames"), "version": data.get("version", 1)}, frames


class FrameScorer:
    """Scores every frame for every text; `detect` keeps those above the frame's threshold."""

    def __init__(self, encoder, frames: list[Frame], *, cue_bonus: float = 0.03, thresholds: dict[str, float] | None = None, max_frames: int = 3) -> None:
        self.encoder = encoder
        self.frames = frames
        self.cue_bonus = cue_bonus
        self.thresholds = thresholds or {}
        self.max_frames = max_frames
        self._prototypes: np.ndarray | None = None

    def prototypes(self) -> np.ndarray:
        """One unit vector per frame: the mean embedding of its descriptions and examples."""
        if self._prototypes is None:
            rows = []
            for frame in self.frames:
                texts = [frame.description[lang] for lang in LANGS] + [e for lang in LANGS for e in frame.examples[lang]]
                mean = self.encoder.encode(texts).mean(axis=0)
                rows.append(mean / np.linalg.norm(mean))
            self._prototypes = np.stack(rows)
        return self._prototypes

    def scores(self, texts: list[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """(texts x frames): cosine to each prototype, centred per text (every text here is about
        Russia–China relations, so what matters is which frames stand out), plus the cue bonus."""
        vectors = self.encoder.encode(texts) if vectors is None else vectors
        similarity = vectors @ self.prototypes().T
        similarity = similarity - similarity.mean(axis=1, keepdims=True)
        lowered = [t.casefold() for t in texts]
        for j, frame in enumerate(self.frames):
            cues = [c.casefold() for lang in LANGS for c in frame.cues[lang]]
            similarity[:, j] += self.cue_bonus * np.array([any(c in t for c in cues) for t in lowered], dtype=float)
        return similarity

    def detect(self, texts: list[str], vectors: np.ndarray | None = None) -> list[list[tuple[str, float]]]:
        """Per text, up to `max_frames` (frame id, score) above the frame's threshold, best first."""
        scores = self.scores(texts, vectors)
        out = []
        for row in scores:
            hits = [(self.frames[j].id, float(row[j])) for j in np.argsort(-row) if row[j] >= self.thresholds.get(self.frames[j].id, np.inf)]
            out.append(hits[: self.max_frames])
        return out

    def fit_thresholds(self, texts: list[str], gold: list[set[str]], vectors: np.ndarray | None = None) -> "FrameScorer":
        """Per frame, the threshold that maximises F1 on labelled texts (tuning data only)."""
        scores = self.scores(texts, vectors)
        for j, frame in enumerate(self.frames):
            truth = np.array([frame.id in g for g in gold])
            best, best_f1 = float(np.quantile(scores[:, j], 0.9)), -1.0
            for threshold in np.unique(np.round(scores[:, j], 4)):
                predicted = scores[:, j] >= threshold
                tp = (predicted & truth).sum()
                f1 = 2 * tp / max(1, predicted.sum() + truth.sum())
                if f1 > best_f1:
                    best, best_f1 = float(threshold), f1
            self.thresholds[frame.id] = best
        return self

    def save(self, path: Path, metadata: dict[str, Any]) -> None:
        """Thresholds and settings as JSON (prototypes are rebuilt from the codebook)."""
        Path(path).write_text(json.dumps({"thresholds": self.thresholds, "cue_bonus": self.cue_bonus, "max_frames": self.max_frames, **metadata}, indent=2, ensure_ascii=False) + "\n", "utf-8")
