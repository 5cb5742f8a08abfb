"""Model cards: written from a head's training config and its metadata (metrics measured at training)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from discourse.config import REPO_MODELS
from discourse.nlp.encoders import rebuild_command


def _metrics_table(metrics: dict[str, Any]) -> list[str]:
    lines = ["| evaluation set | n | accuracy | macro-F1 | ECE | macro-F1 per language |", "|---|---|---|---|---|---|"]
    for name, report in metrics.items():
        languages = ", ".join(f"{lang} {sub['macro_f1']:.3f} (n={sub['n']})" for lang, sub in report.get("per_language", {}).items())
        ece = f"{report['ece']:.3f}" if report.get("ece") is not None else ""
        lines.append(f"| {name} | {report['n']} | {report['accuracy']:.3f} | {report['macro_f1']:.3f} | {ece} | {languages} |")
        if "f_avg_favor_against" in report:
            lines.append(f"| {name} (SemEval-2016 score: mean F1 of favor and against) | {report['n']} | | {report['f_avg_favor_against']:.3f} | | |")
        if "binary" in report:
            binary = report["binary"]
            lines.append(f"| {name} (two-way: argmax of negative vs positive) | {binary['n']} | {binary['accuracy']:.3f} | {binary['macro_f1']:.3f} | {binary['ece']:.3f} | |")
    return lines


def holdout_mean_text(metadata: dict[str, Any]) -> str | None:
    """"external holdout: mean macro-F1 0.787 over 7 sets" for a comparison head, else None."""
    mean = metadata.get("external_holdout_mean")
    if not mean:
        return None
    value = "n/a" if mean["macro_f1"] is None else f"{mean['macro_f1']:.3f}"
    return f"external holdout: mean macro-F1 {value} over {mean['sets']} sets with >= 100 rows"


def _holdout_mean_line(metadata: dict[str, Any]) -> list[str]:
    text = holdout_mean_text(metadata)
    return ["", f"Selection number ({text})."] if text else []


def _lengths(metadata: dict[str, Any]) -> str:
    fitted, evaluated = metadata["max_length"], metadata.get("evaluated_max_length", metadata["max_length"])
    if fitted == evaluated:
        return f"max length {fitted} tokens"
    return f"fitted on texts cut at {fitted} tokens; evaluation sets (not the calibration split) encoded at {evaluated}, as `discourse classify` does"


def _adapter_chain(name: str) -> list[dict[str, Any]]:
    """The adapter's training record, then the records of the adapters it continued from (as far as they are in models/)."""
    chain: list[dict[str, Any]] = []
    while name and len(chain) < 20:  # the bound only guards against a cycle of records
        record = REPO_MODELS / f"{name}.json"
        if not record.is_file():
            break
        info = json.loads(record.read_text("utf-8"))
        chain.append({**info, "name": name})
        name = Path(info["init_from"]).stem if info.get("init_from") else ""
    return chain


def _adapter_name(metadata: dict[str, Any]) -> str | None:
    """"e5-small+lora.e5.v4.int8" -> "lora.e5.v4"; None for a backbone without an adapter."""
    backbone = metadata["backbone"]
    return backbone.split("+", 1)[1].rsplit(".", 1)[0] if "+" in backbone else None


def _adapter_lines(metadata: dict[str, Any]) -> list[str]:
    """What the backbone's LoRA adapter is, for heads trained on an adapted backbone."""
    name = _adapter_name(metadata)
    if name is None:
        return []
    text, below = _adapter_text(name, "  ")
    return [f"- Adapter: `{name}` {text}".rstrip(), *below]


def _adapter_text(name: str, indent: str, depth: int = 0) -> tuple[str, list[str]]:
    """One adapter described from its records, and sub-items (at `indent`) for the adapters it is built from."""
    chain = _adapter_chain(name)
    if not chain or depth > 5:  # the bound only guards against a cycle of records
        return "", []

    def item(part: str) -> list[str]:
        text, below = _adapter_text(part, indent + "  ", depth + 1)
        return [f"{indent}- `{part}`: {text or '(its record is not in models/)'}", *below]

    info, lines = chain[0], []
    beneath = info.get("stacked_on", {}).get("name")
    if sources := info.get("averaged_from"):
        parts = [f"`{p['name']}` (weight {p['weight']:g})" for p in sources]
        if beneath:
            parts.append(f"the model beneath them, `{beneath}` (weight {1 - sum(p['weight'] for p in sources):g})")
        what = "the models" if beneath else "the updates of"
        text = (f"(LoRA rank {info['rank']}), the weighted average of {what} {' and '.join(parts)}, merged into the weights before the int8 export. "
                f"Shipped as its record (`models/{name}.json`); the weights are derived from the adapters below on first use and checked "
                f"against the record's sha256. Rebuild the record: `{rebuild_command(REPO_MODELS, name)}`")
        # the sources all stand on `beneath` (average_adapter checks it), so it is described under them
        for source in sources:
            lines += item(source["name"])
    else:
        text = _trained_adapter_text(name, chain)
        if beneath:
            text += f". Trained on top of `{beneath}` (merged beneath it first), over {info.get('modules', 'default')} modules"
            lines += item(beneath)
    return text, lines


def _trained_adapter_text(name: str, chain: list[dict[str, Any]]) -> str:
    """How a fine-tuned adapter was trained, run by run, from its records."""
    if not chain:
        return "(its record is not in models/)"
    info, runs = chain[0], chain[::-1]
    head = (f"(LoRA rank {info['rank']}, alpha {info['alpha']}; multi-task sentiment + stance on "
            f"{info['sentiment_rows']} + {info['stance_rows']} rows, batch {info['batch_size']} per task, 2 CPU cores), merged into the weights before the int8 export. ")
    # The first run we have a record of may itself have continued an adapter whose record is gone.
    missing = f" (continuing `{Path(runs[0]['init_from']).stem}`, whose record is not in models/)" if runs[0].get("init_from") else ""
    if len(runs) == 1:
        return head + f"Trained in one run of {info['steps']} steps in {info['minutes']} min{missing}; rebuild with `{rebuild_command(REPO_MODELS, name)}`"
    each = ", ".join(f"`{run['name']}` {run['steps']} steps in {run['minutes']} min" for run in runs)
    return (head + f"Trained in {len(runs)} runs, each continuing the one before{missing}: {each}; {sum(run['steps'] for run in runs)} steps, "
            f"{round(sum(run['minutes'] for run in runs), 1)} min in all. Rebuild: `discourse train --config models/<run>.yaml` for each run in that order")


def write_card(config: dict[str, Any], metadata: dict[str, Any], path: Path) -> None:
    """Render models/<name>.md."""
    licences = {entry.get("name"): entry.get("licence", "") for entry in config.get("data", [])}
    rows = [f"| {name} | {count} | {licences.get(name, '')} |" for name, count in metadata["trained_on"].items()]
    card = [
        f"# {metadata['name']} — {metadata['task']} head",
        "",
        config.get("summary", "").strip(),
        "",
        "## What it is",
        f"- Task: **{metadata['task']}**, labels {', '.join(metadata.get('labels', []))}",
        f"- Backbone: `{metadata['backbone']}` (sha256 `{metadata['backbone_fingerprint'][:16]}…`), `query: ` prefix; {_lengths(metadata)}",
        *_adapter_lines(metadata),
        f"- Features: {metadata['features']}",
        f"- Classifier: {'MLP' if config.get('head', {}).get('hidden') else 'multinomial logistic regression'} {config.get('head', {})}, temperature-calibrated on a held-out {int(100 * config.get('calibration_fraction', 0.1))} % split",
        f"- Abstain: predictions whose calibrated confidence is below {metadata['abstain_below']} are flagged `abstain`",
        f"- Seed {metadata['seed']}; rebuild with `{rebuild_command(REPO_MODELS, metadata['name'])}` ({metadata['seconds']} s on 2 CPU cores, encoding included when the embedding cache is cold)",
        "",
        "## Training data",
        f"{metadata['training_rows']} rows.",
        "",
        "| set | rows | licence |",
        "|---|---|---|",
        *rows,
        "",
        config.get("data_notes", "").strip(),
        "",
        "## Evaluation",
        "Measured when the head was trained (numbers in the `.json` next to this card). `../shared/dev/` sets are",
        "development sets (never trained on); `written_test_*` are the held-out 20 % of the project's own examples.",
        *(["The calibration split is held out from this head only: the adapter's fine-tuning data overlaps it,",
           "so its scores flatter the model; the dev sets and `written_test_*` are unseen by adapter and head alike."]
          if _adapter_name(metadata) else []),
        "",
        *_metrics_table(metadata["metrics"]),
        *_holdout_mean_line(metadata),
        "",
        "## Calibration",
        "Reliability on the held-out calibration split (after temperature scaling):",
        "",
        "| confidence bin | mean confidence | accuracy | n |",
        "|---|---|---|---|",
        *[f"| {b['low']:.1f}–{b['high']:.1f} | {b['confidence']:.3f} | {b['accuracy']:.3f} | {b['n']} |" for b in metadata["metrics"].get("calibration_split", {}).get("reliability", [])],
        "",
        "## Known failure modes",
        *[f"- {item}" for item in config.get("failure_modes", [])],
        "",
    ]
    Path(path).write_text("\n".join(line for line in card) + "\n", "utf-8")
