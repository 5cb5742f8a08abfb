"""`discourse train` through the real CLI: the summary table prints every metric row a config produces."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from discourse.cli import app
from tests.nlp.conftest import tiny_bert  # noqa: F401  (fixture)
from tests.test_training import _rows, _write_csv

runner = CliRunner()


def test_train_prints_the_external_holdout_summary(tiny_bert, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DISCOURSE_HOME", str(tmp_path / "home"))
    rows = _rows(200, 8)
    for i, row in enumerate(rows):
        row["text"] += f" {i}"
    _write_csv(tmp_path / "ext.csv", rows)
    config = {"name": "sentiment.tiny.cli", "task": "sentiment", "backbone": str(tiny_bert), "max_length": 8, "seed": 3,
              "data": [{"name": "ext", "path": "shared:ext.csv"}], "external_holdout": True}
    (tmp_path / "head.yaml").write_text(yaml.safe_dump(config), "utf-8")
    result = runner.invoke(app, ["train", "--config", str(tmp_path / "head.yaml"), "--shared", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "holdout_ext" in result.output and "external holdout: mean macro-F1 n/a over 0 sets" in " ".join(result.output.split())
    assert (tmp_path / "out" / "sentiment.tiny.cli.npz").is_file()
