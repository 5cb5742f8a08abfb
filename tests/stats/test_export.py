"""Every format round-trips; provenance is present and right; the CLI reports bad arguments clearly."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.stats import ShareQuery, build_table, read_back, write

runner = CliRunner()


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet", "xlsx"])
@pytest.mark.parametrize("what", ["stance", "comments", "pages"])
def test_formats_round_trip(tiny_store, tmp_path, fmt, what):
    frame, provenance = build_table(tiny_store, what, ShareQuery(by=("source",) if what == "stance" else (), bootstrap=100))
    out = tmp_path / f"out.{fmt}"
    write(frame, provenance, fmt, out, tiny_store)
    back = read_back(out, fmt)
    assert list(back.columns) == list(frame.columns) and len(back) == len(frame)
    numeric = frame.select_dtypes("number").columns
    pd.testing.assert_frame_equal(back[numeric].reset_index(drop=True).astype(float), frame[numeric].reset_index(drop=True).astype(float), check_dtype=False)
    sidecar = json.loads((tmp_path / f"out.{fmt}.provenance.json").read_text())
    assert sidecar["rows"] == len(frame)


def test_provenance_names_models_filters_and_corpus(tiny_store):
    frame, provenance = build_table(tiny_store, "stance", ShareQuery(by=("source",), min_confidence=0.1, bootstrap=100, seed=3))
    assert provenance["models"][0]["head"] == "stance.e5.v1" and provenance["models"][0]["backbone_sha256"] == "abc"
    assert provenance["filters"] == {"by": ["source"], "who": ["public", "official"], "min_confidence": 0.1,
                                     "sources": [], "langs": [], "date_from": None, "date_to": None}
    assert provenance["corpus_sha256"] == hashlib.sha256(b"p1\np2\np3").hexdigest()
    assert provenance["intervals"]["seed"] == 3 and provenance["pages"] == 3 and provenance["comments"] == 10


def test_csv_header_carries_provenance(tiny_store):
    result = runner.invoke(app, ["export", "--db", tiny_store, "--by", "source", "--bootstrap", "50"])
    assert result.exit_code == 0
    head = [line for line in result.output.splitlines() if line.startswith("#")]
    assert any(line.startswith("# models:") for line in head) and any("cluster_bootstrap" in line for line in head)


@pytest.mark.parametrize("args, code", [
    (["--by", "colour"], "E207"),
    (["--by", "theme", "--official"], "E208"),
    (["--what", "everything"], "E211"),
    (["--format", "pdf"], "E211"),
    (["--min-confidence", "1.5"], "E210"),
    (["--format", "parquet"], "E213"),
])
def test_bad_arguments_exit_2_with_a_code(tiny_store, args, code):
    result = runner.invoke(app, ["export", "--db", tiny_store, *args])
    assert result.exit_code == 2 and code in result.output


def test_missing_store(tmp_path):
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "E106" in result.output
