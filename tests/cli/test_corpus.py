"""`discourse ingest` / `discourse show` through the real CLI (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from discourse.cli import app

SEEDS_OR_SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
runner = CliRunner()


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "ingest" in result.output and "show" in result.output


def test_ingest_then_show_json(tmp_path):
    db = str(tmp_path / "c.duckdb")
    result = runner.invoke(app, ["ingest", str(SEEDS_OR_SAMPLE / "06_topwar_en.txt"), "--db", db])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["show", "--all", "--json", "--db", db])
    pages = json.loads(shown.output)
    assert len(pages) == 1
    page = pages[0]
    assert set(page) >= {"title", "lead", "published", "source", "body", "comments"}
    comment = page["comments"][1]
    assert set(comment) >= {"author", "display_name", "published", "parent", "depth", "own_text", "quotes"}
    parents = [c["parent"] for c in page["comments"]]
    assert all(p is None or 0 <= p < len(parents) for p in parents)
    assert any(c["quotes"] for c in page["comments"])


def test_show_one_page_by_prefix_and_list(tmp_path):
    db = str(tmp_path / "c.duckdb")
    runner.invoke(app, ["ingest", str(SEEDS_OR_SAMPLE / "08_wordpress_en.html"), "--db", db])
    listing = json.loads(runner.invoke(app, ["show", "--json", "--db", db]).output)
    one = runner.invoke(app, ["show", listing[0]["id"][:8], "--db", db])
    assert one.exit_code == 0 and listing[0]["title"][:20] in one.output


def test_exit_codes(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "c.duckdb")])
    assert result.exit_code == 1 and "E003" in result.output
    missing = runner.invoke(app, ["show", "--db", str(tmp_path / "nope.duckdb")])
    assert missing.exit_code == 2 and "E106" in missing.output
    good = tmp_path / "good.txt"
    good.write_text("A headline\n\nThe body of an article about a new gas pipeline.\n", "utf-8")
    strict = runner.invoke(app, ["ingest", str(good), str(bad), "--strict", "--db", str(tmp_path / "d.duckdb")])
    assert strict.exit_code == 1
    lenient = runner.invoke(app, ["ingest", str(good), str(bad), "--db", str(tmp_path / "e.duckdb")])
    assert lenient.exit_code == 0


def test_ingest_summary_names_the_files_it_left_out(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "page.html").write_bytes((SEEDS_OR_SAMPLE / "08_wordpress_en.html").read_bytes())
    (folder / "logo.png").write_bytes(b"\x89PNG")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "c.duckdb")])
    assert result.exit_code == 0, result.output
    assert "not page files, left out of the named folders: 1 (.png 1)" in " ".join(result.output.split())
