"""LoRA adapters: the wrapped model computes what the merged plain model computes, and adapters round-trip."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from transformers import AutoModel, AutoTokenizer  # noqa: E402

from discourse.nlp.lora import add_lora, load_adapter, merge_adapter, save_adapter  # noqa: E402


def _trained_wrappers(model):
    wrapped = add_lora(model, rank=4, alpha=8.0)
    torch.manual_seed(1)
    for module in wrapped.values():  # B starts at zero; give it values so the update is not a no-op
        module.B.data.normal_(0, 0.05)
    return wrapped


def _hidden(model, tokenizer):
    batch = tokenizer(["russia china trade", "космос и торговля"], padding=True, return_tensors="pt")
    with torch.no_grad():
        return model(**batch).last_hidden_state


def test_only_adapter_matrices_train(tiny_bert):
    model = AutoModel.from_pretrained(str(tiny_bert))
    wrapped = _trained_wrappers(model)
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    assert trainable and all(name.endswith((".A", ".B")) for name in trainable)
    # query, value, attention output and feed-forward output of each of the 2 layers
    assert len(wrapped) == 8


def test_merged_weights_equal_the_wrapped_model(tiny_bert, tmp_path):
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_bert))
    adapted = AutoModel.from_pretrained(str(tiny_bert)).eval()
    wrapped = _trained_wrappers(adapted)
    expected = _hidden(adapted, tokenizer)
    save_adapter(tmp_path / "adapter.safetensors", wrapped)

    plain = AutoModel.from_pretrained(str(tiny_bert)).eval()
    before = _hidden(plain, tokenizer)
    changed = merge_adapter(plain, load_adapter(tmp_path / "adapter.safetensors"), alpha=8.0)
    assert changed == len(wrapped)
    assert not torch.allclose(before, expected, atol=1e-4)  # the adapter does change the output ...
    torch.testing.assert_close(_hidden(plain, tokenizer), expected, atol=1e-5, rtol=1e-4)  # ... and merging keeps it
