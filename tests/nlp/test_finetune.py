"""Multi-task LoRA fine-tuning: batch plans (length buckets, epochs) and a short run on a tiny local model."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("torch")

from transformers import AutoTokenizer  # noqa: E402

from discourse.nlp.finetune import TaskData, _batches, finetune_lora  # noqa: E402
from discourse.nlp.lora import load_adapter  # noqa: E402

WORDS = ["russia", "china", "trade", "space", "cooperation", "news", "россия", "китай", "中", "俄"]


def _texts(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, size=int(rng.integers(1, 30)))) for _ in range(n)]


SHORT_RUN = dict(rank=2, alpha=4, epochs=2, batch_size=8, max_length=32, max_steps=2)


def _tasks(n: int, seed: int) -> tuple[TaskData, TaskData]:
    """n sentiment and n stance rows (target "trade") of random words."""
    return (TaskData(_texts(n, seed), [i % 3 for i in range(n)]),
            TaskData(_texts(n, seed + 1), [i % 3 for i in range(n)], targets=["trade"] * n))


@pytest.mark.parametrize("bucket", [0, 4])
def test_each_epoch_shows_every_row_once(tiny_bert, bucket):
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_bert))
    texts = _texts(64)
    batches = _batches(tokenizer, texts, steps=16, batch_size=8, bucket=bucket, rng=np.random.default_rng(3))
    assert len(batches) == 16 and all(len(b) == 8 for b in batches)
    for epoch in (batches[:8], batches[8:]):
        assert sorted(np.concatenate(epoch).tolist()) == list(range(64))


def test_buckets_group_similar_lengths(tiny_bert):
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_bert))
    texts = _texts(256, seed=1)
    lengths = np.array([len(t.split()) for t in texts])

    def padding(bucket: int) -> int:
        plan = _batches(tokenizer, texts, steps=32, batch_size=8, bucket=bucket, rng=np.random.default_rng(5))
        return int(sum(lengths[b].max() * len(b) - lengths[b].sum() for b in plan))

    assert padding(8) < padding(0) / 3


def test_short_run_writes_an_adapter_and_its_record(tiny_bert, tmp_path):
    sentiment = TaskData(_texts(40, 2), [i % 3 for i in range(40)])
    stance = TaskData(_texts(40, 3), [i % 3 for i in range(40)], targets=["russia china cooperation", "trade"] * 20)
    out = tmp_path / "lora.test.safetensors"
    record = finetune_lora(tiny_bert, sentiment, stance, out, rank=2, alpha=4, epochs=2, batch_size=8, max_length=32, max_steps=3, bucket=2)
    assert record["steps"] == 3 and all(np.isfinite(v) for v in record["final_loss"].values())
    state = load_adapter(out)
    assert {key.rsplit(".", 1)[1] for key in state} == {"lora_A", "lora_B"}
    assert any(float(v.abs().sum()) > 0 for k, v in state.items() if k.endswith("lora_B"))  # B moved off zero
    assert json.loads(out.with_suffix(".json").read_text("utf-8"))["rank"] == 2


def test_a_run_stopped_by_its_time_budget_records_the_steps_it_took(tiny_bert, tmp_path):
    sentiment = TaskData(_texts(16, 2), [i % 3 for i in range(16)])
    stance = TaskData(_texts(16, 3), [i % 3 for i in range(16)], targets=["trade"] * 16)
    record = finetune_lora(tiny_bert, sentiment, stance, tmp_path / "lora.none.safetensors", rank=2, alpha=4, epochs=2,
                           batch_size=8, max_length=32, max_minutes=0)
    assert record["steps"] == 0 and record["final_loss"] == {"sentiment": None, "stance": None}


def test_a_run_can_continue_from_a_saved_adapter(tiny_bert, tmp_path):
    import torch

    sentiment, stance = _tasks(40, 4)
    first, second = tmp_path / "first.safetensors", tmp_path / "second.safetensors"
    finetune_lora(tiny_bert, sentiment, stance, first, **SHORT_RUN)
    # With a zero learning rate nothing moves, so the second adapter is exactly where the first one ended.
    record = finetune_lora(tiny_bert, sentiment, stance, second, lr=0.0, init_from=first, **SHORT_RUN)
    before, after = load_adapter(first), load_adapter(second)
    assert record["init_from"] == "first.safetensors" and before.keys() == after.keys()
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert any(float(v.abs().sum()) > 0 for k, v in after.items() if k.endswith("lora_B"))


def test_a_run_can_stand_on_a_saved_adapter_and_wrap_every_linear_layer(tiny_bert, tmp_path):
    import torch
    from transformers import AutoModel

    from discourse.nlp.finetune import merge_adapters

    sentiment, stance = _tasks(40, 6)
    below, top = tmp_path / "below.safetensors", tmp_path / "top.safetensors"
    finetune_lora(tiny_bert, sentiment, stance, below, **SHORT_RUN)
    record = finetune_lora(tiny_bert, sentiment, stance, top, modules="all_linear", stacked_on=[below], **SHORT_RUN)
    assert record["modules"] == "all_linear"
    assert len({k.rsplit(".", 1)[0] for k in load_adapter(top)}) == 12 and len({k.rsplit(".", 1)[0] for k in load_adapter(below)}) == 8
    # the same steps without the adapter beneath see a different model, so they end elsewhere
    alone = finetune_lora(tiny_bert, sentiment, stance, tmp_path / "alone.safetensors", modules="all_linear", **SHORT_RUN)
    assert alone["final_loss"] != record["final_loss"]

    base = AutoModel.from_pretrained(str(tiny_bert)).state_dict()
    stacked = AutoModel.from_pretrained(str(tiny_bert))
    merge_adapters(stacked, [below, top])  # what build_variant merges for a stacked adapter; alpha 4 / rank 2 from the records
    merged, lower, upper = stacked.state_dict(), load_adapter(below), load_adapter(top)
    value, up = "encoder.layer.0.attention.self.value", "encoder.layer.0.intermediate.dense"  # wrapped by both / by the top one only
    torch.testing.assert_close(merged[f"{value}.weight"], base[f"{value}.weight"] + 2 * lower[f"{value}.lora_B"] @ lower[f"{value}.lora_A"]
                               + 2 * upper[f"{value}.lora_B"] @ upper[f"{value}.lora_A"])
    assert float(upper[f"{up}.lora_B"].abs().sum()) > 0  # the top adapter did move the feed-forward up-projection
    torch.testing.assert_close(merged[f"{up}.weight"], base[f"{up}.weight"] + 2 * upper[f"{up}.lora_B"] @ upper[f"{up}.lora_A"])
