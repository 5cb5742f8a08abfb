"""Model cards name the adapter chain a head's backbone came from and say which scores the adapter has seen."""

import json

import pytest

from discourse import modelcard


def _metadata(backbone: str) -> dict:
    report = {"n": 10, "accuracy": 0.8, "macro_f1": 0.75, "ece": 0.05, "per_language": {"ru": {"n": 10, "macro_f1": 0.75}},
              "reliability": [{"low": 0.9, "high": 1.0, "confidence": 0.95, "accuracy": 0.9, "n": 10}]}
    return {"name": "stance.test.v9", "task": "stance", "labels": ["favor", "against", "none"], "backbone": backbone,
            "backbone_fingerprint": "ab" * 32, "max_length": 128, "features": "[t, g]", "abstain_below": 0.5, "seed": 1,
            "seconds": 3.0, "training_rows": 10, "trained_on": {"written_ru": 10}, "metrics": {"calibration_split": report}}


def _record(models, name: str, steps: int, minutes: float, init_from: str | None) -> None:
    (models / f"{name}.json").write_text(json.dumps({
        "rank": 16, "alpha": 32, "steps": steps, "minutes": minutes, "batch_size": 32, "init_from": init_from,
        "sentiment_rows": 100, "stance_rows": 50}), "utf-8")


@pytest.fixture
def models(tmp_path, monkeypatch):
    monkeypatch.setattr(modelcard, "REPO_MODELS", tmp_path)
    return tmp_path


def test_card_follows_the_adapter_chain_back_to_its_first_run(models):
    _record(models, "lora.t.v1", 1000, 60.0, None)
    _record(models, "lora.t.v2", 500, 30.0, "lora.t.v1.safetensors")
    _record(models, "lora.t.v3", 250, 15.5, "lora.t.v2.safetensors")
    modelcard.write_card({"data": [{"name": "written_ru", "licence": "CC0"}]}, _metadata("e5-small+lora.t.v3.int8"), models / "card.md")
    card = (models / "card.md").read_text("utf-8")
    adapter = next(line for line in card.splitlines() if line.startswith("- Adapter:"))
    assert "3 runs, each continuing the one before: `lora.t.v1` 1000 steps in 60.0 min, `lora.t.v2` 500 steps in 30.0 min, `lora.t.v3` 250 steps in 15.5 min" in adapter
    assert "1750 steps, 105.5 min in all" in adapter
    assert "adapter's fine-tuning data overlaps it" in card


def test_card_of_a_single_run_adapter_counts_its_own_steps(models):
    _record(models, "lora.t.v1", 1000, 60.0, None)
    modelcard.write_card({}, _metadata("e5-small+lora.t.v1.int8"), models / "card.md")
    adapter = next(line for line in (models / "card.md").read_text("utf-8").splitlines() if line.startswith("- Adapter:"))
    assert "one run of 1000 steps in 60.0 min" in adapter and "continuing" not in adapter


def test_card_says_when_the_record_of_an_earlier_run_is_missing(models):
    _record(models, "lora.t.v3", 250, 15.5, "lora.t.v2.safetensors")
    modelcard.write_card({}, _metadata("e5-small+lora.t.v3.int8"), models / "card.md")
    adapter = next(line for line in (models / "card.md").read_text("utf-8").splitlines() if line.startswith("- Adapter:"))
    assert "one run of 250 steps in 15.5 min (continuing `lora.t.v2`, whose record is not in models/)" in adapter


def test_card_on_a_frozen_backbone_has_no_adapter_and_no_overlap_warning(models):
    modelcard.write_card({}, _metadata("e5-small.int8"), models / "card.md")
    card = (models / "card.md").read_text("utf-8")
    assert "- Adapter:" not in card and "overlaps" not in card
    assert "| calibration_split | 10 | 0.800 | 0.750 | 0.050 | ru 0.750 (n=10) |" in card


def test_card_of_an_averaged_adapter_names_each_source_and_its_runs(models):
    _record(models, "lora.t.v1", 1000, 60.0, None)
    _record(models, "lora.t.v2", 500, 30.0, "lora.t.v1.safetensors")
    (models / "lora.t.soup.json").write_text(json.dumps({"rank": 32, "alpha": 32.0, "averaged_from": [
        {"name": "lora.t.v1", "weight": 0.5, "sha256": "a"}, {"name": "lora.t.v2", "weight": 0.5, "sha256": "b"}]}), "utf-8")
    modelcard.write_card({}, _metadata("e5-small+lora.t.soup.int8"), models / "card.md")
    lines = (models / "card.md").read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- Adapter:"))
    assert "`lora.t.soup` (LoRA rank 32), the weighted average of the updates of `lora.t.v1` (weight 0.5) and `lora.t.v2` (weight 0.5)" in lines[at]
    assert lines[at + 1].startswith("  - `lora.t.v1`: (LoRA rank 16") and "one run of 1000 steps" in lines[at + 1]
    assert lines[at + 2].startswith("  - `lora.t.v2`:") and "2 runs, each continuing the one before" in lines[at + 2]


def test_card_of_a_stacked_adapter_names_what_it_stands_on(models):
    _record(models, "lora.t.v1", 1000, 60.0, None)
    record = json.loads((models / "lora.t.v1.json").read_text("utf-8"))
    (models / "lora.t.top.json").write_text(json.dumps({**record, "steps": 300, "modules": "all_linear",
                                                        "stacked_on": {"name": "lora.t.v1", "sha256": "a"}}), "utf-8")
    (models / "lora.t.half.json").write_text(json.dumps({"rank": 8, "alpha": 8.0, "stacked_on": {"name": "lora.t.v1", "sha256": "a"},
                                                         "averaged_from": [{"name": "lora.t.top", "weight": 0.5, "sha256": "b"}]}), "utf-8")
    modelcard.write_card({}, _metadata("e5-small+lora.t.half.int8"), models / "card.md")
    lines = (models / "card.md").read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- Adapter:"))
    assert "weighted average of the models `lora.t.top` (weight 0.5) and the model beneath them, `lora.t.v1` (weight 0.5)" in lines[at]
    assert lines[at + 1].startswith("  - `lora.t.top`: (LoRA rank") and "one run of 300 steps" in lines[at + 1]
    assert "Trained on top of `lora.t.v1` (merged beneath it first), over all_linear modules" in lines[at + 1]
    assert lines[at + 2].startswith("    - `lora.t.v1`:") and "one run of 1000 steps" in lines[at + 2]
    assert len([line for line in lines if "- `lora.t.v1`:" in line]) == 1  # named once, under the adapter that stands on it
