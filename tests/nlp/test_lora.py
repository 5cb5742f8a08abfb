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


def test_averaged_adapter_merges_to_the_mean_of_the_merged_models(tiny_bert):
    from discourse.nlp.lora import adapter_state, average_adapters

    first = _trained_wrappers(AutoModel.from_pretrained(str(tiny_bert)))
    second = add_lora(AutoModel.from_pretrained(str(tiny_bert)), rank=2, alpha=6.0)  # a different rank and alpha
    torch.manual_seed(2)
    for module in second.values():
        module.B.data.normal_(0, 0.05)
    one, two = adapter_state(first), adapter_state(second)

    state, alpha = average_adapters([(one, 8.0), (two, 6.0)], [0.25, 0.75])
    assert alpha == 6.0 and state[next(iter(state))].shape[0] == 6  # rank 4 + 2, scale 1

    def merged(adapter, adapter_alpha):
        model = AutoModel.from_pretrained(str(tiny_bert))
        merge_adapter(model, adapter, adapter_alpha)
        return model.state_dict()

    base, a, b, soup = (AutoModel.from_pretrained(str(tiny_bert)).state_dict(), merged(one, 8.0), merged(two, 6.0), merged(state, alpha))
    changed = [key for key in base if not torch.equal(base[key], a[key])]
    assert changed  # the adapters do move weights
    for key in base:
        torch.testing.assert_close(soup[key], base[key] + 0.25 * (a[key] - base[key]) + 0.75 * (b[key] - base[key]), atol=1e-6, rtol=1e-5)


def test_averaging_refuses_adapters_of_different_modules(tiny_bert):
    from discourse.nlp.lora import adapter_state, average_adapters

    full = adapter_state(_trained_wrappers(AutoModel.from_pretrained(str(tiny_bert))))
    part = {k: v for k, v in full.items() if ".0." in k}
    with pytest.raises(ValueError, match="same modules"):
        average_adapters([(full, 8.0), (part, 8.0)])
    with pytest.raises(ValueError, match="2 weights for 1"):
        average_adapters([(full, 8.0)], [0.5, 0.5])


def _saved_pair(folder):
    """Two small adapters with their records in `folder`, and the record of their average."""
    from safetensors.torch import save_file

    from discourse.nlp.e5s1 import sha256_file
    from discourse.nlp.lora import write_average

    torch.manual_seed(3)
    for name, rank in (("lora.a", 4), ("lora.b", 2)):
        save_file({"m.lora_A": torch.randn(rank, 5), "m.lora_B": torch.randn(3, rank)}, str(folder / f"{name}.safetensors"))
        (folder / f"{name}.json").write_text(f'{{"rank": {rank}, "alpha": {2.0 * rank}}}', "utf-8")
    sources = [folder / "lora.a.safetensors", folder / "lora.b.safetensors"]
    write_average(sources, [0.5, 0.5], folder / "expected.safetensors")
    return {"name": "lora.soup", "rank": 6, "alpha": 6.0, "sha256": sha256_file(folder / "expected.safetensors"),
            "averaged_from": [{"name": p.stem, "weight": 0.5, "sha256": sha256_file(p)} for p in sources]}


def test_averaged_adapter_is_derived_from_its_record_and_checked(tmp_path):
    import json

    from discourse.nlp.encoders import adapter_file

    models, home = tmp_path / "models", tmp_path / "home"
    models.mkdir()
    record = _saved_pair(models)
    (models / "lora.soup.json").write_text(json.dumps(record), "utf-8")

    derived = adapter_file(models, "lora.soup", home)
    assert derived == home / "adapters" / "lora.soup.safetensors"
    assert derived.read_bytes() == (models / "expected.safetensors").read_bytes()
    assert json.loads(derived.with_suffix(".json").read_text("utf-8"))["alpha"] == 6.0  # merging reads the alpha beside the weights
    assert adapter_file(models, "lora.a", home) == models / "lora.a.safetensors"  # a trained adapter is used as it is
    assert adapter_file(models, "lora.gone", home) == models / "lora.gone.safetensors"  # missing: the encoder reports it

    derived.unlink()
    (models / "lora.b.safetensors").write_bytes((models / "lora.a.safetensors").read_bytes())  # a source changed
    with pytest.raises(RuntimeError, match=r"E313.*lora.b.safetensors.*--config models/lora.b.yaml.*--config models/lora.soup.yaml"):
        adapter_file(models, "lora.soup", home)


def test_all_linear_wraps_every_linear_layer_of_each_block(tiny_bert):
    from discourse.nlp.lora import MODULE_SETS

    wrapped = add_lora(AutoModel.from_pretrained(str(tiny_bert)), rank=2, alpha=4.0, suffixes=MODULE_SETS["all_linear"])
    # query, key, value, attention output, feed-forward up and down, in each of the 2 layers
    assert len(wrapped) == 12 and any(name.endswith("intermediate.dense") for name in wrapped)


def _stacked_pair(models, home):
    """lora.a (trained on the base), lora.top (trained on top of lora.a) and lora.half (the mean of the
    lora.a and lora.top models, a record only)."""
    import json

    from safetensors.torch import save_file

    from discourse.nlp.e5s1 import sha256_file
    from discourse.nlp.lora import write_average

    torch.manual_seed(4)
    for name in ("lora.a", "lora.top"):
        save_file({"m.lora_A": torch.randn(2, 5), "m.lora_B": torch.randn(3, 2)}, str(models / f"{name}.safetensors"))
    below = {"name": "lora.a", "sha256": sha256_file(models / "lora.a.safetensors")}
    (models / "lora.a.json").write_text('{"rank": 2, "alpha": 4.0}', "utf-8")
    (models / "lora.top.json").write_text(json.dumps({"rank": 2, "alpha": 4.0, "stacked_on": below}), "utf-8")
    write_average([models / "lora.top.safetensors"], [0.5], home / "expected.safetensors")
    (models / "lora.half.json").write_text(json.dumps({
        "name": "lora.half", "rank": 2, "alpha": 2.0, "sha256": sha256_file(home / "expected.safetensors"), "stacked_on": below,
        "averaged_from": [{"name": "lora.top", "weight": 0.5, "sha256": sha256_file(models / "lora.top.safetensors")}]}), "utf-8")


def test_a_stacked_adapter_brings_the_one_beneath_it(tmp_path):
    from discourse.nlp.encoders import adapter_chain

    models, home = tmp_path / "models", tmp_path / "home"
    models.mkdir(), home.mkdir()
    _stacked_pair(models, home)
    assert adapter_chain(models, "lora.a", home) == [models / "lora.a.safetensors"]
    assert adapter_chain(models, "lora.top", home) == [models / "lora.a.safetensors", models / "lora.top.safetensors"]
    half = adapter_chain(models, "lora.half", home)  # derived, and its record beside it still names what it stands on
    assert half == [models / "lora.a.safetensors", home / "adapters" / "lora.half.safetensors"]
    assert half[1].read_bytes() == (home / "expected.safetensors").read_bytes()

    (models / "lora.a.safetensors").write_bytes((models / "lora.top.safetensors").read_bytes())  # retrained beneath
    (models / "experiments").mkdir()
    (models / "experiments" / "lora.top.yaml").write_text("name: lora.top\n", "utf-8")  # a run kept as an experiment
    with pytest.raises(RuntimeError, match=r"E313\] adapter lora.top was trained on top of lora.a.*--config models/experiments/lora.top.yaml"):
        adapter_chain(models, "lora.top", home)
