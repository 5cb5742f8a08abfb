"""LoRA adapters for the e5 backbone: small trainable low-rank updates of the attention projections.

Written here rather than taken from `peft` because it is ~60 lines and the adapter must be merged
into plain BertModel weights before the int8 ONNX export (inference never sees LoRA modules).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
from torch import nn

DEFAULT_TARGETS = ("attention.self.query", "attention.self.value", "attention.output.dense", "output.dense")
# every Linear of a BERT layer: the default four plus the key projection and the feed-forward up-projection
ALL_LINEAR = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense")
MODULE_SETS = {"default": DEFAULT_TARGETS, "all_linear": ALL_LINEAR}


class LoRALinear(nn.Module):
    """y = W x + (alpha / r) * B A x, with W frozen and A, B trained (B starts at zero)."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        for parameter in self.base.parameters():
            parameter.requires_grad_(False)
        self.rank, self.scale = rank, alpha / rank
        self.A = nn.Parameter(torch.empty(rank, base.in_features))
        self.B = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Base projection plus the low-rank update."""
        return self.base(x) + (x @ self.A.T @ self.B.T) * self.scale

    def merged(self) -> nn.Linear:
        """A plain Linear with the update folded into its weight."""
        linear = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None)
        with torch.no_grad():
            linear.weight.copy_(self.base.weight + self.scale * self.B @ self.A)
            if self.base.bias is not None:
                linear.bias.copy_(self.base.bias)
        return linear


def _targets(model: nn.Module, suffixes: tuple[str, ...]) -> list[str]:
    return [name for name, module in model.named_modules() if isinstance(module, nn.Linear) and name.startswith("encoder.layer.") and name.endswith(suffixes)]


def _set(model: nn.Module, name: str, module: nn.Module) -> None:
    parent_name, _, child = name.rpartition(".")
    setattr(model.get_submodule(parent_name), child, module)


def add_lora(model: nn.Module, rank: int = 8, alpha: float = 16.0, suffixes: tuple[str, ...] = DEFAULT_TARGETS) -> dict[str, LoRALinear]:
    """Freeze `model` and wrap its target Linear layers with LoRA; return the wrappers by name."""
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    wrapped = {}
    for name in _targets(model, suffixes):
        wrapper = LoRALinear(model.get_submodule(name), rank, alpha)
        _set(model, name, wrapper)
        wrapped[name] = wrapper
    return wrapped


def adapter_state(wrapped: dict[str, LoRALinear]) -> dict[str, torch.Tensor]:
    """The trained A and B matrices, keyed "<module>.lora_A" / "<module>.lora_B"."""
    state = {}
    for name, module in wrapped.items():
        state[f"{name}.lora_A"] = module.A.detach().clone().contiguous()
        state[f"{name}.lora_B"] = module.B.detach().clone().contiguous()
    return state


def merge_adapter(model: nn.Module, state: dict[str, torch.Tensor], alpha: float) -> int:
    """Fold a saved adapter into a plain model's Linear weights in place; return layers changed."""
    changed = 0
    for key in state:
        if not key.endswith(".lora_A"):
            continue
        name = key[: -len(".lora_A")]
        a, b = state[key], state[f"{name}.lora_B"]
        linear = model.get_submodule(name)
        with torch.no_grad():
            linear.weight += (alpha / a.shape[0]) * b @ a
        changed += 1
    return changed


def save_adapter(path: Path, wrapped: dict[str, LoRALinear]) -> None:
    """Write the adapter as safetensors (a few MB at most)."""
    save_adapter_state(path, adapter_state(wrapped))


def save_adapter_state(path: Path, state: dict[str, torch.Tensor]) -> None:
    """Write A and B matrices (as `adapter_state` keys them) as safetensors."""
    from safetensors.torch import save_file

    save_file(state, str(path))


def load_adapter(path: Path) -> dict[str, torch.Tensor]:
    """Read an adapter written by `save_adapter`."""
    from safetensors.torch import load_file

    return load_file(str(path))


def average_adapters(adapters: list[tuple[dict[str, torch.Tensor], float]], weights: list[float] | None = None) -> tuple[dict[str, torch.Tensor], float]:
    """The weighted mean of several adapters' merged updates (a "model soup" of fine-tunes of one backbone),
    as one adapter: (state, alpha). Exact: sum_i w_i (alpha_i / r_i) B_i A_i is written as B' A' with
    A' = [A_1; ...; A_n] and B' = [w_1 (alpha_1 / r_1) B_1, ...], rank R = sum r_i and alpha R (scale 1)."""
    if not adapters:
        raise ValueError("no adapters to average")
    weights = weights or [1.0 / len(adapters)] * len(adapters)
    if len(weights) != len(adapters):
        raise ValueError(f"{len(weights)} weights for {len(adapters)} adapters")
    keys = set(adapters[0][0])
    if any(set(state) != keys for state, _ in adapters[1:]):
        raise ValueError("the adapters do not wrap the same modules")
    state: dict[str, torch.Tensor] = {}
    for key in sorted(k for k in keys if k.endswith(".lora_A")):
        name = key[: -len(".lora_A")]
        a_parts, b_parts = [], []
        for (adapter, alpha), weight in zip(adapters, weights, strict=True):
            a, b = adapter[key], adapter[f"{name}.lora_B"]
            a_parts.append(a)
            b_parts.append(b * (weight * alpha / a.shape[0]))
        state[key] = torch.cat(a_parts, dim=0).contiguous()
        state[f"{name}.lora_B"] = torch.cat(b_parts, dim=1).contiguous()
    first = min(k for k in keys if k.endswith(".lora_A"))
    rank = sum(adapter[first].shape[0] for adapter, _ in adapters)
    return state, float(rank)


def write_average(sources: list[Path], weights: list[float], dest: Path) -> int:
    """Average adapter files (each beside its `.json` training record, which gives its alpha) into `dest`,
    written whole or not at all; return its rank (its alpha too: scale 1). The same inputs give the same bytes."""
    alphas = [float(json.loads(path.with_suffix(".json").read_text("utf-8"))["alpha"]) for path in sources]
    state, rank = average_adapters([(load_adapter(path), alpha) for path, alpha in zip(sources, alphas, strict=True)], weights)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    save_adapter_state(partial, state)
    partial.replace(dest)
    return int(rank)


def materialise_average(record: dict, models_dir: Path, dest: Path) -> Path:
    """The weights of an averaged adapter, derived from the adapters its record names (checked against
    their recorded sha256) into `dest` once, and checked against the record's own sha256; shipped as a
    record only, since the weights are a pure function of files already in models/."""
    from discourse.nlp.convert import locked
    from discourse.nlp.e5s1 import sha256_file

    # the record goes beside the weights, as beside a trained adapter (merging reads its alpha there)
    record_text = json.dumps(record, indent=2) + "\n"
    beside = dest.with_suffix(".json")
    with locked(dest):
        if not beside.is_file() or beside.read_text("utf-8") != record_text:
            beside.write_text(record_text, "utf-8")
        if dest.is_file() and sha256_file(dest) == record["sha256"]:
            return dest
        sources = [Path(models_dir) / f"{source['name']}.safetensors" for source in record["averaged_from"]]
        for source, path in zip(record["averaged_from"], sources, strict=True):
            if not path.is_file() or sha256_file(path) != source["sha256"]:
                from discourse.nlp.encoders import rebuild_command

                raise RuntimeError(f"[E313] adapter {record['name']} averages {path}, which is missing or not the file it was built from "
                                   f"(rebuild it with `{rebuild_command(models_dir, source['name'])}`, "
                                   f"or the average on the current file with `{rebuild_command(models_dir, record['name'])}`)")
        write_average(sources, [float(source["weight"]) for source in record["averaged_from"]], dest)
        if sha256_file(dest) != record["sha256"]:
            raise RuntimeError(f"[E313] adapter {record['name']} derived here differs from its record's sha256 (different torch or safetensors?)")
        return dest
