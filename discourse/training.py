"""Train a head from a config (models/<head>.yaml): labelled CSVs -> cached embeddings -> Head.

Joins data files and the nlp layer; reproducible (fixed seeds, sorted inputs), so
`discourse train --config models/<head>.yaml` rebuilds the shipped file.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from discourse.config import REPO_MODELS, Settings
from discourse.errors import DiscourseError
from discourse.nlp.heads import SENTIMENT_LABELS, STANCE_LABELS, Head, stance_features
from discourse.nlp.metrics import report_by_language
from discourse.nlp.targets import load_targets

log = logging.getLogger(__name__)
REPO = Path(__file__).resolve().parents[1]


@dataclass
class Rows:
    """Texts with labels, languages, targets and sample weights."""

    texts: list[str]
    labels: list[str]
    langs: list[str]
    targets: list[str]
    weights: list[float]
    sources: list[str]


# The external holdout: a fixed ~10 % of every external (shared:) set, chosen by a hash of the text, that a
# model is selected on. Adapters from lora.e5.v5 on never train on it (`holdout: exclude`), and comparison heads
# (`external_holdout: true`) fit without it and are scored on it: a signal for unseen external data that is
# not a dev set. Earlier adapters (v2-v4) did see some of these rows, which can only flatter them.
HOLDOUT_SALT = "discourse-external-holdout-v1"
HOLDOUT_BUCKETS = 10
HOLDOUT_MIN_ROWS = 100  # sets with fewer holdout rows are reported but not averaged (too noisy to choose on)


def in_external_holdout(text: str) -> bool:
    """Whether a text belongs to the external holdout (stable across runs, sets and machines)."""
    return hashlib.sha256(f"{HOLDOUT_SALT}|{text.strip()}".encode()).digest()[0] % HOLDOUT_BUCKETS == 0


def resolve_path(spec: str, shared: Path) -> Path:
    """"shared:train/x.csv" -> ../shared/train/x.csv; "repo:data/train/x.csv" -> the checkout."""
    if spec.startswith("shared:"):
        return shared / spec.split(":", 1)[1]
    if spec.startswith("repo:"):
        return REPO / spec.split(":", 1)[1]
    return Path(spec)


def read_rows(entry: dict[str, Any], task: str, shared: Path, targets: dict, seed: int) -> Rows | None:
    """One dataset entry of a config, filtered and sampled; None when the file is absent."""
    path = resolve_path(entry["path"], shared)
    if not path.is_file():
        log.warning("training data %s not found; skipped", path)
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["label"] in (SENTIMENT_LABELS if task == "sentiment" else STANCE_LABELS)]
    if "split" in entry:
        rows = [r for r in rows if r.get("split") in ([entry["split"]] if isinstance(entry["split"], str) else entry["split"])]
    if task == "stance":
        rows = [r for r in rows if r.get("target")]
    elif not entry.get("entity_level", False):
        rows = [r for r in rows if not r.get("target")] or rows
    if "langs" in entry:
        rows = [r for r in rows if r["lang"] in entry["langs"]]
    if entry.get("holdout") in ("exclude", "only"):
        keep = entry["holdout"] == "only"
        rows = [r for r in rows if in_external_holdout(r["text"]) == keep]
    if entry.get("max_rows") and len(rows) > entry["max_rows"]:
        rows = random.Random(seed).sample(rows, entry["max_rows"])
    weight = float(entry.get("weight", 1.0))

    def target_phrase(row: dict[str, str]) -> str:
        key = row.get("target", "")
        return targets[key].phrase(row["lang"]) if key in targets else key

    return Rows(
        texts=[r["text"] for r in rows], labels=[r["label"] for r in rows], langs=[r["lang"] for r in rows],
        targets=[target_phrase(r) for r in rows] if task == "stance" else [""] * len(rows),
        weights=[weight] * len(rows), sources=[_entry_name(entry)] * len(rows),
    )


def subset(rows: Rows, index: np.ndarray) -> Rows:
    """The rows at `index`."""
    return Rows(*[[getattr(rows, f)[i] for i in index] for f in Rows.__dataclass_fields__])


def concat(parts: list[Rows]) -> Rows:
    """Several datasets as one."""
    return Rows(*[sum((getattr(p, field) for p in parts), []) for field in Rows.__dataclass_fields__])


class EmbeddingCache:
    """Encoder outputs stored per (encoder fingerprint, max length, exact text list): training reruns are cheap."""

    def __init__(self, home: Path, encoder) -> None:
        # A local-path backbone is named by its path: slugged, so the cache stays under home, not in the model folder.
        self.folder = home / "embeddings" / (re.sub(r"[^\w.+-]+", "_", encoder.name).strip("_") or "encoder")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.encoder = encoder

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embeddings of `texts`, from the cache when this exact list was encoded before."""
        key = hashlib.sha256(f"{self.encoder.fingerprint}|{self.encoder.max_length}|".encode() + "\x00".join(texts).encode()).hexdigest()[:24]
        path = self.folder / f"{key}.npy"
        if path.is_file():
            return np.load(path)
        vectors = self.encoder.encode(texts)
        np.save(path, vectors)
        return vectors


def load_config(path: Path) -> dict[str, Any]:
    """A training config; `base: models/x.yaml` (relative to the checkout) inherits that config's keys
    and overrides them with this file's, so an experiment states only what it changes."""
    config = yaml.safe_load(Path(path).read_text("utf-8"))
    if config.get("base"):
        parent = load_config(REPO / config.pop("base"))
        parent.update(config)
        config = parent
    # card text goes into the model card as written: a mapping here would print as a Python dict
    for index, item in enumerate(config.get("failure_modes", [])):
        if not isinstance(item, str):
            raise DiscourseError("E218", config=path, index=index, kind=type(item).__name__)
    return config


def config_encoder(config: dict[str, Any], settings: Settings, max_length: int):
    """The encoder a training config names (settings' backbone by default), at `max_length` tokens."""
    from discourse.nlp.encoders import load_encoder

    return load_encoder(config.get("backbone", settings.backbone), settings.home_dir, max_length=max_length,
                        batch_size=settings.batch_size, threads=settings.threads, models_dir=REPO_MODELS)


def features(task: str, cache: EmbeddingCache, rows: Rows) -> np.ndarray:
    """Head inputs: text embeddings (sentiment) or text/target pair features (stance)."""
    texts = cache.encode(rows.texts)
    if task == "sentiment":
        return texts
    unique = sorted(set(rows.targets))
    table = dict(zip(unique, cache.encode(unique)))
    return stance_features(texts, np.stack([table[t] for t in rows.targets]))


def _split(n: int, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    cut = int(n * fraction)
    return np.sort(order[cut:]), np.sort(order[:cut])


def evaluate_rows(head: Head, task: str, cache: EmbeddingCache, rows: Rows) -> dict[str, Any]:
    """Metrics of a head on labelled rows; binary sets (no neutral/none gold) also scored two-way."""
    probs = head.predict_proba(features(task, cache, rows))
    labels = list(head.labels)
    predicted = [labels[i] for i in probs.argmax(axis=1)]
    report = report_by_language(rows.labels, predicted, rows.langs, labels, probs)
    if task == "sentiment" and set(rows.labels) <= {"negative", "positive"}:
        two = probs[:, [labels.index("negative"), labels.index("positive")]]
        binary = ["negative" if a >= b else "positive" for a, b in two]
        report["binary"] = report_by_language(rows.labels, binary, rows.langs, ["negative", "positive"], two / two.sum(axis=1, keepdims=True))
    return report


def _entry_name(entry: dict[str, Any]) -> str:
    """The name a dataset entry's rows carry as their source."""
    return entry.get("name") or Path(str(entry["path"]).split(":", 1)[-1]).stem


def _external_holdout_mask(config: dict[str, Any], rows: Rows) -> np.ndarray:
    """True for the rows of external (shared:) sets that fall in the external holdout."""
    external = {_entry_name(entry) for entry in config["data"] if str(entry["path"]).startswith("shared:")}
    return np.array([source in external and in_external_holdout(text) for source, text in zip(rows.sources, rows.texts)])


def _external_holdout_metrics(head: Head, task: str, cache: EmbeddingCache, rows: Rows, held: np.ndarray) -> dict[str, Any]:
    """Metrics per external set on its holdout rows (keys `holdout_<set>`)."""
    sources = np.array(rows.sources)
    return {f"holdout_{source}": evaluate_rows(head, task, cache, subset(rows, np.flatnonzero(held & (sources == source))))
            for source in dict.fromkeys(sources[held])}


def _holdout_mean(metrics: dict[str, Any]) -> dict[str, Any]:
    """The selection number: mean macro-F1 over the holdout sets with >= HOLDOUT_MIN_ROWS rows."""
    counted = [m["macro_f1"] for name, m in metrics.items() if name.startswith("holdout_") and m["n"] >= HOLDOUT_MIN_ROWS]
    return {"sets": len(counted), "macro_f1": float(np.mean(counted)) if counted else None}


def train(config_path: Path, settings: Settings, shared: Path, out_dir: Path | None = None) -> dict[str, Any]:
    """Train, calibrate, evaluate and save one head; return its metadata."""
    config = load_config(config_path)
    task, seed = config["task"], int(config.get("seed", 13))
    random.seed(seed)
    np.random.seed(seed)
    targets, _ = load_targets(REPO_MODELS / "targets.yaml")
    encoder = config_encoder(config, settings, int(config.get("max_length", 128)))
    cache = EmbeddingCache(settings.home_dir, encoder)
    started = time.time()
    parts = [p for entry in config["data"] if (p := read_rows(entry, task, shared, targets, seed)) is not None]
    rows = concat(parts)
    labels = SENTIMENT_LABELS if task == "sentiment" else STANCE_LABELS
    X = features(task, cache, rows)  # all rows, so the embedding cache is shared with the shipped head's config
    y = np.array([labels.index(label) for label in rows.labels])
    held = _external_holdout_mask(config, rows) if config.get("external_holdout") else np.zeros(len(y), bool)
    kept = np.flatnonzero(~held)
    fit_idx, cal_idx = (kept[i] for i in _split(len(kept), float(config.get("calibration_fraction", 0.1)), seed))
    spec = config.get("head", {})
    head = Head(labels, hidden=int(spec.get("hidden", 0)), C=float(spec.get("C", 1.0)), alpha=float(spec.get("alpha", 1e-4)), seed=seed)
    head.fit(X[fit_idx], y[fit_idx], X[cal_idx], y[cal_idx], sample_weight=np.array(rows.weights)[fit_idx])
    metrics = {"calibration_split": evaluate_rows(head, task, cache, subset(rows, cal_idx))}
    # Evaluation sets are encoded as `discourse classify` / `evaluate` encode them (settings.max_length), so the
    # card's numbers are what a user gets; the head itself may be fitted on shorter, cheaper inputs.
    eval_length = int(config.get("evaluate_max_length", settings.max_length))
    eval_cache = cache if eval_length == encoder.max_length else EmbeddingCache(settings.home_dir, config_encoder(config, settings, eval_length))
    if held.any():
        # `holdout_at_evaluate_length: true` scores the holdout as a user's texts are encoded, so heads fitted
        # at different lengths compare on the same inputs.
        holdout_cache = eval_cache if config.get("holdout_at_evaluate_length") else cache
        metrics.update(_external_holdout_metrics(head, task, holdout_cache, rows, held))
    for entry in config.get("evaluate", []):
        part = read_rows(entry, task, shared, targets, seed)
        if part is not None and part.texts:
            metrics[entry["name"]] = evaluate_rows(head, task, eval_cache, part)
    counts = {}
    for source in rows.sources:
        counts[source] = counts.get(source, 0) + 1
    metadata = {
        "name": config["name"], "task": task, "labels": list(labels), "version": config.get("version", 1), "seed": seed,
        "backbone": encoder.name, "backbone_fingerprint": encoder.fingerprint, "max_length": encoder.max_length,
        "evaluated_max_length": eval_cache.encoder.max_length,
        "holdout_max_length": (eval_cache if config.get("holdout_at_evaluate_length") else cache).encoder.max_length,
        "features": "text embedding" if task == "sentiment" else "[t, g, t*g, |t-g|] of text and target embeddings",
        "trained_on": counts, "training_rows": len(rows.texts), "seconds": round(time.time() - started, 1),
        "abstain_below": float(config.get("abstain_below", 0.5)), "metrics": metrics,
    }
    if held.any():
        metadata["external_holdout_mean"] = _holdout_mean(metrics)
    out_dir = Path(out_dir or REPO_MODELS)
    out_dir.mkdir(parents=True, exist_ok=True)
    head.save(out_dir / config["name"], metadata)
    from discourse.modelcard import write_card

    write_card(config, metadata, out_dir / f"{config['name']}.md")
    return metadata


def train_adapter(config_path: Path, settings: Settings, shared: Path, out_dir: Path | None = None) -> dict[str, Any]:
    """Fine-tune a LoRA adapter for the e5 backbone on sentiment and stance data (config `task: lora`)."""
    from discourse.nlp.e5s1 import sha256_file
    from discourse.nlp.encoders import adapter_chain, ensure_backbone
    from discourse.nlp.finetune import TaskData, finetune_lora
    from discourse.nlp.lora import MODULE_SETS

    config = load_config(config_path)
    spec = config.get("lora", {})
    if str(spec.get("modules", "default")) not in MODULE_SETS:
        raise DiscourseError("E217", config=config_path, modules=spec["modules"], known=", ".join(MODULE_SETS))
    # `stack_on: <adapter>`: train a new adapter on top of that one, merged (with whatever it stands on) first
    beneath = adapter_chain(REPO_MODELS, spec["stack_on"], settings.home_dir) if spec.get("stack_on") else []
    for path in beneath:
        if not path.is_file():
            raise DiscourseError("E215", config=config_path, path=path)
    seed = int(config.get("seed", 13))
    targets, _ = load_targets(REPO_MODELS / "targets.yaml")
    # `repeat: k` in an entry shows its rows k times per epoch (small in-domain sets next to big general ones).
    sentiment = concat([p for e in config["sentiment_data"] if (p := read_rows(e, "sentiment", shared, targets, seed)) is not None
                        for _ in range(int(e.get("repeat", 1)))])
    stance = concat([p for e in config["stance_data"] if (p := read_rows(e, "stance", shared, targets, seed)) is not None
                     for _ in range(int(e.get("repeat", 1)))])
    out = Path(out_dir or REPO_MODELS) / f"{config['name']}.safetensors"
    record = finetune_lora(
        ensure_backbone(settings.home_dir),
        TaskData(sentiment.texts, [SENTIMENT_LABELS.index(x) for x in sentiment.labels]),
        TaskData(stance.texts, [STANCE_LABELS.index(x) for x in stance.labels], stance.targets),
        out, rank=int(spec.get("rank", 8)), alpha=float(spec.get("alpha", 16)), lr=float(spec.get("lr", 5e-4)),
        epochs=float(spec.get("epochs", 1.0)), batch_size=int(spec.get("batch_size", 32)), max_length=int(spec.get("max_length", 96)),
        seed=seed, max_minutes=float(spec.get("max_minutes", 60)), threads=settings.threads,
        max_steps=int(spec["max_steps"]) if spec.get("max_steps") else None, bucket=int(spec.get("bucket", 0)),
        init_from=REPO_MODELS / f"{spec['init_from']}.safetensors" if spec.get("init_from") else None,
        modules=str(spec.get("modules", "default")), stacked_on=beneath,
    )
    if beneath:
        record["stacked_on"] = {"name": spec["stack_on"], "sha256": sha256_file(beneath[-1])}
    counts: dict[str, int] = {}
    for source in sentiment.sources + stance.sources:
        counts[source] = counts.get(source, 0) + 1
    record.update({"name": config["name"], "trained_on": counts})
    out.with_suffix(".json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return record


def average_adapter(config_path: Path, out_dir: Path | None = None) -> dict[str, Any]:
    """The record of an averaged adapter (config `task: lora_average`, `average: [adapter names in models/]`,
    optional `weights`, default equal): its sources with their hashes and the sha256 of the averaged
    weights. The weights themselves are derived from the sources where they are used
    (`discourse.nlp.encoders.adapter_file`), so only the small record is shipped."""
    import tempfile

    from discourse.nlp.e5s1 import sha256_file
    from discourse.nlp.lora import write_average

    config = load_config(config_path)
    names = list(config["average"])
    # `stack_on: <adapter>`: the listed adapters were trained on top of it, and the model beneath takes the
    # weight the list leaves (soup46 + 0.5 x v7's update = the mean of the soup46 and v7 models)
    beneath = config.get("stack_on")
    weights = [float(w) for w in config.get("weights", [1.0 / (len(names) + bool(beneath))] * len(names))]
    if len(weights) != len(names) or min(weights) <= 0 or (sum(weights) >= 1 - 1e-6 if beneath else abs(sum(weights) - 1.0) > 1e-6):
        raise DiscourseError("E216", config=config_path, reason=f"weights {weights} must be {len(names)} positive numbers summing to "
                             + ("less than 1 (the adapter beneath takes the rest)" if beneath else "1"))
    paths = [REPO_MODELS / f"{name}.safetensors" for name in names]
    for path in paths:
        if not path.is_file():
            raise DiscourseError("E215", config=config_path, path=path)
    stacked = [json.loads(p.with_suffix(".json").read_text("utf-8")).get("stacked_on") for p in paths]
    if any((s or {}).get("name") != beneath for s in stacked) or any(s != stacked[0] for s in stacked):
        raise DiscourseError("E216", config=config_path, reason=f"not all trained on top of {beneath or 'the base model'}: {[(s or {}).get('name') for s in stacked]}")
    with tempfile.TemporaryDirectory() as scratch:
        averaged = Path(scratch) / f"{config['name']}.safetensors"
        try:
            rank = write_average(paths, weights, averaged)
        except ValueError as exc:  # adapters of different modules
            raise DiscourseError("E216", config=config_path, reason=str(exc)) from exc
        digest = sha256_file(averaged)
    out = Path(out_dir or REPO_MODELS) / f"{config['name']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    record = {"name": config["name"], "rank": rank, "alpha": float(rank), "seed": None, "sha256": digest,
              "averaged_from": [{"name": n, "weight": w, "sha256": sha256_file(p)} for n, w, p in zip(names, weights, paths, strict=True)]}
    if beneath:
        record["stacked_on"] = stacked[0]
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return record


def train_frames(config_path: Path, settings: Settings, out_dir: Path | None = None) -> dict[str, Any]:
    """Tune per-frame thresholds on half of the labelled framing examples; measure on the other half."""
    from discourse.nlp.frames import FrameScorer, load_codebook

    config = load_config(config_path)
    header, frames = load_codebook(REPO / config["codebook"])
    encoder = config_encoder(config, settings, int(config.get("max_length", 128)))
    with resolve_path(config["labelled"], REPO).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    tune, test = rows[0::2], rows[1::2]
    scorer = FrameScorer(encoder, frames, cue_bonus=float(config.get("cue_bonus", 0.02)), max_frames=int(config.get("max_frames", 3)))
    scorer.fit_thresholds([r["text"] for r in tune], [set(r["frames"].split(";")) for r in tune])
    predicted = [{f for f, _ in hits} for hits in scorer.detect([r["text"] for r in test])]
    gold = [set(r["frames"].split(";")) for r in test]
    per_frame = {}
    for frame in frames:
        tp = sum(1 for p, g in zip(predicted, gold) if frame.id in p and frame.id in g)
        n_pred, n_gold = sum(frame.id in p for p in predicted), sum(frame.id in g for g in gold)
        per_frame[frame.id] = {"precision": tp / n_pred if n_pred else 0.0, "recall": tp / n_gold if n_gold else 0.0,
                               "f1": 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0, "support": n_gold}
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    n_pred, n_gold = sum(map(len, predicted)), sum(map(len, gold))
    metrics = {"test_rows": len(test), "micro_precision": tp / max(1, n_pred), "micro_recall": tp / max(1, n_gold),
               "micro_f1": 2 * tp / max(1, n_pred + n_gold), "macro_f1": float(np.mean([m["f1"] for m in per_frame.values()])),
               "per_frame": per_frame,
               "per_language": {lang: _frame_micro([p for p, r in zip(predicted, test) if r["lang"] == lang], [g for g, r in zip(gold, test) if r["lang"] == lang]) for lang in ("en", "ru", "zh")}}
    metadata = {"name": config["name"], "task": "frames", "version": config.get("version", 1), "codebook": header,
                "backbone": encoder.name, "backbone_fingerprint": encoder.fingerprint, "tuned_on": len(tune), "metrics": metrics}
    out_dir = Path(out_dir or REPO_MODELS)
    out_dir.mkdir(parents=True, exist_ok=True)
    scorer.save(out_dir / f"{config['name']}.json", metadata)
    return metadata


def _frame_micro(predicted: list[set[str]], gold: list[set[str]]) -> dict[str, float]:
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    n_pred, n_gold = sum(map(len, predicted)), sum(map(len, gold))
    return {"n": len(gold), "precision": tp / max(1, n_pred), "recall": tp / max(1, n_gold), "f1": 2 * tp / max(1, n_pred + n_gold)}
