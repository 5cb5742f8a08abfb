"""Head training from a config: fit at the config's length, evaluation sets encoded as `discourse classify` encodes them."""

import csv
import json

import numpy as np
import yaml

from discourse.config import load_settings
from discourse.training import train
from tests.nlp.conftest import tiny_bert  # noqa: F401  (fixture)

WORDS = ["russia", "china", "trade", "space", "cooperation", "news", "россия", "китай", "торговля", "космос"]


def _write_csv(path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "target", "label", "lang", "source", "split"])
        writer.writeheader()
        writer.writerows(rows)


def _rows(n: int, seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    labels = ["negative", "neutral", "positive"]
    return [{"id": f"r{i}", "text": " ".join(rng.choice(WORDS, size=int(rng.integers(4, 30)))), "target": "",
             "label": labels[i % 3], "lang": "en", "source": "test", "split": "train"} for i in range(n)]


def test_head_is_fitted_short_and_evaluated_at_the_inference_length(tiny_bert, tmp_path):  # noqa: F811
    _write_csv(tmp_path / "train.csv", _rows(60, 1))
    _write_csv(tmp_path / "dev.csv", _rows(24, 2))
    config = {"name": "sentiment.tiny.v1", "task": "sentiment", "backbone": str(tiny_bert), "max_length": 8, "seed": 3,
              "head": {"hidden": 0, "C": 1.0}, "data": [{"name": "train", "path": str(tmp_path / "train.csv")}],
              "evaluate": [{"name": "dev", "path": str(tmp_path / "dev.csv")}]}
    (tmp_path / "head.yaml").write_text(yaml.safe_dump(config), "utf-8")
    settings = load_settings(None, home=str(tmp_path / "home"), max_length=32)
    metadata = train(tmp_path / "head.yaml", settings, tmp_path, out_dir=tmp_path / "out")
    assert metadata["max_length"] == 8 and metadata["evaluated_max_length"] == 32
    assert metadata["metrics"]["dev"]["n"] == 24 and metadata["metrics"]["calibration_split"]["n"] == 6
    saved = json.loads((tmp_path / "out" / "sentiment.tiny.v1.json").read_text("utf-8"))
    assert saved["evaluated_max_length"] == 32
    card = (tmp_path / "out" / "sentiment.tiny.v1.md").read_text("utf-8")
    assert "fitted on texts cut at 8 tokens; evaluation sets (not the calibration split) encoded at 32" in card
    # Cached under home (not in the model's folder): training rows and the calibration split at 8, dev rows at 32.
    assert len(list((tmp_path / "home" / "embeddings").rglob("*.npy"))) == 3
    assert not list(tiny_bert.rglob("*.npy"))


def test_evaluation_length_can_be_pinned_in_the_config(tiny_bert, tmp_path):  # noqa: F811
    _write_csv(tmp_path / "train.csv", _rows(30, 4))
    config = {"name": "sentiment.tiny.v2", "task": "sentiment", "backbone": str(tiny_bert), "max_length": 8, "evaluate_max_length": 8,
              "seed": 3, "data": [{"name": "train", "path": str(tmp_path / "train.csv")}],
              "evaluate": [{"name": "dev", "path": str(tmp_path / "train.csv")}]}
    (tmp_path / "head.yaml").write_text(yaml.safe_dump(config), "utf-8")
    metadata = train(tmp_path / "head.yaml", load_settings(None, home=str(tmp_path / "home"), max_length=32), tmp_path, out_dir=tmp_path / "out")
    assert metadata["evaluated_max_length"] == 8
    # Same length, same texts: the evaluation reuses the training rows' encoding (training rows + calibration split only).
    assert len(list((tmp_path / "home" / "embeddings").rglob("*.npy"))) == 2
    assert "max length 8 tokens" in (tmp_path / "out" / "sentiment.tiny.v2.md").read_text("utf-8")


def test_external_holdout_is_a_stable_tenth_that_entries_can_exclude_or_select(tmp_path):
    from discourse.training import in_external_holdout, read_rows

    rows = _rows(400, 5)
    for i, row in enumerate(rows):
        row["text"] += f" #{i}"  # distinct texts
    _write_csv(tmp_path / "set.csv", rows)
    entry = {"name": "set", "path": "shared:set.csv"}
    read = {mode: read_rows({**entry, "holdout": mode}, "sentiment", tmp_path, {}, 1).texts for mode in ("exclude", "only")}
    assert sorted(read["exclude"] + read["only"]) == sorted(r["text"] for r in rows)  # a partition
    assert 20 <= len(read["only"]) <= 70  # ~10 % (26 of 256 hash buckets)
    assert all(in_external_holdout(t) for t in read["only"]) and not any(in_external_holdout(t) for t in read["exclude"])
    # sampling happens after the holdout is taken out, so a capped set never draws holdout rows
    capped = read_rows({**entry, "holdout": "exclude", "max_rows": 50}, "sentiment", tmp_path, {}, 1).texts
    assert len(capped) == 50 and not any(in_external_holdout(t) for t in capped)


def test_comparison_head_fits_without_the_external_holdout_and_is_scored_on_it(tiny_bert, tmp_path):  # noqa: F811
    from discourse.training import in_external_holdout

    rows = _rows(300, 6)
    for i, row in enumerate(rows):
        row["text"] += f" {i}"
    (tmp_path / "train").mkdir()
    _write_csv(tmp_path / "train" / "ext.csv", rows)
    _write_csv(tmp_path / "own.csv", _rows(40, 7))
    base = {"name": "sentiment.tiny.v3", "task": "sentiment", "backbone": str(tiny_bert), "max_length": 8, "seed": 3,
            "data": [{"name": "ext", "path": "shared:train/ext.csv"}, {"name": "own", "path": str(tmp_path / "own.csv")}],
            "evaluate": []}
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base), "utf-8")
    # an experiment config names its base and states only what it changes
    (tmp_path / "holdout.yaml").write_text(yaml.safe_dump({"base": str(tmp_path / "base.yaml"), "name": "sentiment.tiny.holdout",
                                                           "external_holdout": True}), "utf-8")
    settings = load_settings(None, home=str(tmp_path / "home"), max_length=8)
    metadata = train(tmp_path / "holdout.yaml", settings, tmp_path, out_dir=tmp_path / "out")
    held = sum(in_external_holdout(r["text"]) for r in rows)
    metrics = metadata["metrics"]
    assert metrics["holdout_ext"]["n"] == held > 0 and "holdout_own" not in metrics  # only external sets are held out
    assert metrics["calibration_split"]["n"] == (340 - held) // 10  # the holdout is neither fitted nor calibrated on
    assert metadata["external_holdout_mean"] == {"sets": 0, "macro_f1": None}  # < 100 holdout rows: reported, not averaged
    assert "external holdout: mean macro-F1 n/a over 0 sets" in (tmp_path / "out" / "sentiment.tiny.holdout.md").read_text("utf-8")
    assert metadata["holdout_max_length"] == 8  # scored at the fitting length unless asked otherwise

    # `holdout_at_evaluate_length` scores the holdout as classify encodes (settings.max_length), the head fitted at 8
    (tmp_path / "at_eval.yaml").write_text(yaml.safe_dump({"base": str(tmp_path / "holdout.yaml"), "name": "sentiment.tiny.at_eval",
                                                           "holdout_at_evaluate_length": True}), "utf-8")
    longer = train(tmp_path / "at_eval.yaml", load_settings(None, home=str(tmp_path / "home"), max_length=16), tmp_path, out_dir=tmp_path / "out")
    assert (longer["max_length"], longer["holdout_max_length"]) == (8, 16)
    assert longer["metrics"]["holdout_ext"]["n"] == held


def test_holdout_mean_counts_only_sets_with_enough_rows():
    from discourse.training import _holdout_mean

    metrics = {"calibration_split": {"n": 900, "macro_f1": 0.1}, "holdout_a": {"n": 150, "macro_f1": 0.8},
               "holdout_b": {"n": 100, "macro_f1": 0.6}, "holdout_c": {"n": 99, "macro_f1": 0.0}}
    assert _holdout_mean(metrics) == {"sets": 2, "macro_f1": 0.7}


def test_lora_average_config_writes_a_record_of_its_sources_and_result(tmp_path, monkeypatch):
    import pytest
    import torch
    from safetensors.torch import save_file

    import discourse.training as training
    from discourse.errors import DiscourseError

    models = tmp_path / "models"
    models.mkdir()
    monkeypatch.setattr(training, "REPO_MODELS", models)
    torch.manual_seed(0)
    for name, rank in (("lora.a", 4), ("lora.b", 2)):
        save_file({"m.lora_A": torch.randn(rank, 5), "m.lora_B": torch.randn(3, rank)}, str(models / f"{name}.safetensors"))
        (models / f"{name}.json").write_text(json.dumps({"rank": rank, "alpha": 2.0 * rank}), "utf-8")
    config = tmp_path / "soup.yaml"
    config.write_text(yaml.safe_dump({"name": "lora.soup", "task": "lora_average", "average": ["lora.a", "lora.b"]}), "utf-8")

    record = training.average_adapter(config, tmp_path / "out")  # a folder that does not exist yet
    assert record["rank"] == 6 and [p["weight"] for p in record["averaged_from"]] == [0.5, 0.5]
    assert json.loads((tmp_path / "out" / "lora.soup.json").read_text("utf-8")) == record
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["lora.soup.json"]  # the weights are derived where used
    from discourse.nlp.e5s1 import sha256_file
    from discourse.nlp.lora import write_average

    write_average([models / "lora.a.safetensors", models / "lora.b.safetensors"], [0.5, 0.5], tmp_path / "again.safetensors")
    assert sha256_file(tmp_path / "again.safetensors") == record["sha256"]
    assert record["averaged_from"][0]["sha256"] == sha256_file(models / "lora.a.safetensors")

    config.write_text(yaml.safe_dump({"name": "lora.soup", "task": "lora_average", "average": ["lora.a", "lora.gone"]}), "utf-8")
    with pytest.raises(DiscourseError, match=r"E215.*lora.gone.safetensors"):
        training.average_adapter(config, tmp_path)
    config.write_text(yaml.safe_dump({"name": "lora.soup", "task": "lora_average", "average": ["lora.a", "lora.b"], "weights": [1, 1]}), "utf-8")
    with pytest.raises(DiscourseError, match=r"E216.*summing to 1"):
        training.average_adapter(config, tmp_path)
    save_file({"other.lora_A": torch.randn(2, 5), "other.lora_B": torch.randn(3, 2)}, str(models / "lora.b.safetensors"))
    config.write_text(yaml.safe_dump({"name": "lora.soup", "task": "lora_average", "average": ["lora.a", "lora.b"]}), "utf-8")
    with pytest.raises(DiscourseError, match=r"E216.*same modules"):
        training.average_adapter(config, tmp_path)


def test_lora_average_with_the_adapter_beneath_gives_it_the_remaining_weight(tmp_path, monkeypatch):
    import pytest
    import torch
    from safetensors.torch import save_file

    import discourse.training as training
    from discourse.errors import DiscourseError

    models = tmp_path / "models"
    models.mkdir()
    monkeypatch.setattr(training, "REPO_MODELS", models)
    torch.manual_seed(0)
    below = {"name": "lora.a", "sha256": "ab" * 32}
    for name, record in (("lora.a", {}), ("lora.top", {"stacked_on": below})):
        save_file({"m.lora_A": torch.randn(2, 5), "m.lora_B": torch.randn(3, 2)}, str(models / f"{name}.safetensors"))
        (models / f"{name}.json").write_text(json.dumps({"rank": 2, "alpha": 4.0, **record}), "utf-8")
    config = tmp_path / "half.yaml"
    config.write_text(yaml.safe_dump({"name": "lora.half", "task": "lora_average", "stack_on": "lora.a", "average": ["lora.top"]}), "utf-8")

    record = training.average_adapter(config, tmp_path / "out")
    assert record["stacked_on"] == below and record["averaged_from"][0]["weight"] == 0.5  # the default: the mean of the two models
    config.write_text(yaml.safe_dump({"name": "lora.half", "task": "lora_average", "stack_on": "lora.a", "average": ["lora.top"], "weights": [1.0]}), "utf-8")
    with pytest.raises(DiscourseError, match=r"E216.*less than 1"):
        training.average_adapter(config, tmp_path)
    config.write_text(yaml.safe_dump({"name": "lora.half", "task": "lora_average", "stack_on": "lora.top", "average": ["lora.top"]}), "utf-8")
    with pytest.raises(DiscourseError, match=r"E216.*not all trained on top of lora.top"):
        training.average_adapter(config, tmp_path)


def test_lora_config_with_unknown_modules_is_refused_before_any_work(tmp_path):
    import pytest

    import discourse.training as training
    from discourse.errors import DiscourseError

    config = tmp_path / "lora.yaml"
    config.write_text(yaml.safe_dump({"name": "lora.x", "task": "lora", "lora": {"modules": "everything"}}), "utf-8")
    with pytest.raises(DiscourseError, match=r"E217.*'everything'.*default, all_linear"):
        training.train_adapter(config, load_settings(None, home=str(tmp_path / "home")), tmp_path)


def test_a_failure_mode_that_yaml_reads_as_a_mapping_is_refused(tmp_path):
    import pytest

    from discourse.errors import DiscourseError
    from discourse.training import load_config

    config = tmp_path / "head.yaml"
    # unquoted "… (rows below: plastic bags) …" is a mapping to YAML, and would print as a dict in the card
    config.write_text("name: h\nfailure_modes:\n  - Plain sentence.\n  - Unseen targets (rows below: plastic bags) score lower.\n", "utf-8")
    with pytest.raises(DiscourseError, match=r"E218.*item 1 is a dict"):
        load_config(config)
    config.write_text("name: h\nfailure_modes:\n  - Plain sentence.\n  - \"Unseen targets (rows below: plastic bags) score lower.\"\n", "utf-8")
    assert load_config(config)["failure_modes"][1] == "Unseen targets (rows below: plastic bags) score lower."
