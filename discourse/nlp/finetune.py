"""Multi-task LoRA fine-tuning of the e5 backbone (sentiment + target-conditioned stance) on CPU,
and building the fine-tuned backbone (base + merged adapter -> safetensors -> int8 ONNX)."""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
SCALE = 20.0  # unit embeddings times this feed the training heads (the shipped heads are refitted later)


@dataclass
class TaskData:
    """Texts with label indices; stance rows also carry their target phrase."""

    texts: list[str]
    labels: list[int]
    targets: list[str] = field(default_factory=list)


def _pool(model, tokenizer, texts: list[str], max_length: int, prefix: str):
    import torch

    batch = tokenizer([prefix + t for t in texts], truncation=True, max_length=max_length, padding=True, return_tensors="pt")
    hidden = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


def finetune_lora(backbone_dir: Path, sentiment: TaskData, stance: TaskData, out_path: Path, *, rank: int = 8, alpha: float = 16.0,
                  lr: float = 5e-4, epochs: float = 1.0, batch_size: int = 32, max_length: int = 96, seed: int = 13,
                  max_minutes: float = 60.0, threads: int = 0, prefix: str = "query: ", head_lr_factor: float = 4.0,
                  max_steps: int | None = None, bucket: int = 0, init_from: Path | None = None, modules: str = "default",
                  stacked_on: list[Path] | tuple[Path, ...] = ()) -> dict:
    """Train LoRA adapters with a sentiment head and a stance head on alternating batches; save the adapter.

    `bucket` > 0 sorts each run of `bucket` batches by token length before cutting them into batches (the
    batches are then shuffled): on this CPU that cut the time per step ~2.4x, as padding dominates a mixed
    batch of tweets and reviews. 0 keeps plain random batches (how lora.e5.v1 was trained).

    `stacked_on` adapters (each beside its `.json` record) are merged into the backbone first, in order, and
    the new adapter is trained on top of them over `modules` (a key of `discourse.nlp.lora.MODULE_SETS`):
    a way to add modules an earlier adapter did not wrap, which `init_from` (same modules, same rank) cannot."""
    import torch
    from torch import nn
    from transformers import AutoModel, AutoTokenizer

    from discourse.nlp.lora import MODULE_SETS, add_lora, save_adapter

    torch.manual_seed(seed)
    if threads:
        torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(str(backbone_dir), local_files_only=True)
    model = AutoModel.from_pretrained(str(backbone_dir), local_files_only=True, dtype=torch.float32)
    merge_adapters(model, stacked_on)
    wrapped = add_lora(model, rank, alpha, MODULE_SETS[modules])
    if init_from is not None:
        # Continue from a saved adapter (same rank): a longer schedule split over several runs.
        from discourse.nlp.lora import load_adapter

        state = load_adapter(init_from)
        with torch.no_grad():
            for name, module in wrapped.items():
                module.A.copy_(state[f"{name}.lora_A"])
                module.B.copy_(state[f"{name}.lora_B"])
    dim = model.config.hidden_size
    sentiment_head, stance_head = nn.Linear(dim, 3), nn.Linear(4 * dim, 3)
    adapter_params = [p for m in wrapped.values() for p in (m.A, m.B)]
    head_params = list(sentiment_head.parameters()) + list(stance_head.parameters())
    # Heads start from zero knowledge and read unit vectors (components ~0.05): they need a far
    # larger step than the low-rank updates, and their inputs are scaled up (x SCALE) for the same reason.
    optimizer = torch.optim.AdamW([{"params": adapter_params, "lr": lr}, {"params": head_params, "lr": lr * head_lr_factor}], weight_decay=0.01)
    rng = np.random.default_rng(seed)
    steps_per_task = int(max(len(sentiment.texts), len(stance.texts)) * epochs / batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=[lr, lr * head_lr_factor], total_steps=2 * steps_per_task, pct_start=0.1)

    def weights(labels: list[int]) -> torch.Tensor:
        counts = np.bincount(labels, minlength=3).astype(float) + 1
        return torch.tensor(counts.sum() / (3 * counts), dtype=torch.float32)

    losses = {"sentiment": nn.CrossEntropyLoss(weight=weights(sentiment.labels)), "stance": nn.CrossEntropyLoss(weight=weights(stance.labels))}
    total = min(steps_per_task, max_steps or steps_per_task)
    batches = {"sentiment": _batches(tokenizer, sentiment.texts, total, batch_size, bucket, rng),
               "stance": _batches(tokenizer, stance.texts, total, batch_size, bucket, rng)}
    model.train()
    started, history, done = time.time(), [], 0
    for step in range(total):
        if time.time() - started > max_minutes * 60:
            log.info("time budget reached after %d steps", step)
            break
        for task, data in (("sentiment", sentiment), ("stance", stance)):
            pick = batches[task][step]
            texts = [data.texts[i] for i in pick]
            y = torch.tensor([data.labels[i] for i in pick])
            vectors = _pool(model, tokenizer, texts, max_length, prefix) * SCALE
            if task == "sentiment":
                logits = sentiment_head(vectors)
            else:
                # A batch holds few distinct targets: encode each once, then spread them over the rows.
                phrases = sorted({data.targets[i] for i in pick})
                where = torch.tensor([phrases.index(data.targets[i]) for i in pick])
                goals = _pool(model, tokenizer, phrases, 32, prefix)[where] * SCALE
                logits = stance_head(torch.cat([vectors, goals, vectors * goals / SCALE, (vectors - goals).abs()], dim=1))
            loss = losses[task](logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            history.append((task, loss.item()))
        done = step + 1
        if step % 25 == 0:
            recent = history[-50:]
            log.info("step %d/%d  sentiment %.3f  stance %.3f  (%.1f min)", step, steps_per_task,
                     np.mean([l for t, l in recent if t == "sentiment"]), np.mean([l for t, l in recent if t == "stance"]), (time.time() - started) / 60)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    save_adapter(out_path, wrapped)
    record = {"rank": rank, "alpha": alpha, "lr": lr, "steps": done, "init_from": init_from.name if init_from else None, "modules": modules,
              "batch_size": batch_size, "max_length": max_length,
              "minutes": round((time.time() - started) / 60, 1), "final_loss": {t: _mean_or_none([l for k, l in history[-100:] if k == t]) for t in ("sentiment", "stance")},
              "sentiment_rows": len(sentiment.texts), "stance_rows": len(stance.texts), "seed": seed}
    out_path.with_suffix(".json").write_text(json.dumps(record, indent=2) + "\n", "utf-8")
    return record


def merge_adapters(model, adapters: list[Path] | tuple[Path, ...]) -> None:
    """Fold saved adapters (each beside its `.json` record, which gives its alpha) into `model`, in order."""
    from discourse.nlp.lora import load_adapter, merge_adapter

    for path in adapters:
        info = json.loads(Path(path).with_suffix(".json").read_text("utf-8"))
        merge_adapter(model, load_adapter(path), info["alpha"])


def _mean_or_none(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


def _batches(tokenizer, texts: list[str], steps: int, batch_size: int, bucket: int, rng: np.random.Generator) -> list[np.ndarray]:
    """`steps` batches of row indices, epoch after epoch of fresh permutations (length-bucketed when `bucket`)."""
    lengths = np.array([len(ids) for ids in tokenizer(texts, truncation=True, max_length=512)["input_ids"]]) if bucket else None
    batches: list[np.ndarray] = []
    while len(batches) < steps:
        order = rng.permutation(len(texts))
        if bucket:
            runs = [order[i:i + bucket * batch_size] for i in range(0, len(order), bucket * batch_size)]
            order = np.concatenate([run[np.argsort(lengths[run], kind="stable")] for run in runs])
        epoch = [order[i:i + batch_size] for i in range(0, len(order) - batch_size + 1, batch_size)]
        if bucket:
            epoch = [epoch[i] for i in rng.permutation(len(epoch))]
        batches.extend(epoch)
    return batches[:steps]


def build_variant(base_dir: Path, adapter_path: Path, dest: Path, beneath: list[Path] | tuple[Path, ...] = ()) -> Path:
    """base backbone + merged adapter -> a converted-backbone folder (manifest included) with its int8 ONNX.
    `beneath`: adapters the top one was trained on top of (`stacked_on`), merged first, in order."""
    from discourse.nlp.convert import locked
    from discourse.nlp.onnx_export import ensure_onnx

    with locked(dest):
        if not (dest / "discourse_backbone.json").is_file():
            # torch and transformers only load when the variant is built (once), not on every use.
            import torch
            from safetensors.torch import save_file
            from transformers import AutoModel

            from discourse.nlp.e5s1 import sha256_file

            info = json.loads(adapter_path.with_suffix(".json").read_text("utf-8"))
            staging = dest.with_name(dest.name + ".partial")
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(base_dir, staging, ignore=shutil.ignore_patterns("onnx", "model.safetensors", "*.lock"))
            model = AutoModel.from_pretrained(str(base_dir), local_files_only=True, dtype=torch.float32)
            merge_adapters(model, [*beneath, adapter_path])
            save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(staging / "model.safetensors"), metadata={"format": "pt"})
            manifest = json.loads((base_dir / "discourse_backbone.json").read_text("utf-8"))
            manifest["name"] = dest.name
            manifest["adapter"] = {"file": adapter_path.name, "sha256": sha256_file(adapter_path), **info}
            if beneath:
                manifest["adapter"]["beneath"] = [{"file": p.name, "sha256": sha256_file(p)} for p in beneath]
            manifest["files"] = {"model.safetensors": {"sha256": sha256_file(staging / "model.safetensors"), "bytes": (staging / "model.safetensors").stat().st_size}}
            (staging / "discourse_backbone.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
            staging.rename(dest)
    ensure_onnx(dest)
    return dest
