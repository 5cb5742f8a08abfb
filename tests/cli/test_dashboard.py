"""`discourse dashboard` binds loopback unless asked, prints its URL; `discourse migrate` upgrades
an old store; export filters reject a bad date with a code."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from discourse.cli import app
from discourse.stats import store_status

runner = CliRunner()


def _capture(monkeypatch):
    calls = []
    monkeypatch.setattr("dashboards.app.serve", lambda db, models, host, port, debug: calls.append((db, host, port, debug)))
    return calls


def test_dashboard_binds_loopback_by_default_and_prints_the_url(monkeypatch, tiny_store):
    calls = _capture(monkeypatch)
    result = runner.invoke(app, ["dashboard", "--db", tiny_store])
    assert result.exit_code == 0, result.output
    assert calls == [(tiny_store, "127.0.0.1", 8050, False)]
    assert "http://127.0.0.1:8050/" in result.output


def test_dashboard_exposes_itself_only_when_asked(monkeypatch, tiny_store):
    calls = _capture(monkeypatch)
    result = runner.invoke(app, ["dashboard", "--db", tiny_store, "--host", "0.0.0.0", "--port", "9000"])
    assert result.exit_code == 0 and calls[0][1:] == ("0.0.0.0", 9000, False)
    assert "anyone who can reach this machine" in result.output


def test_dashboard_is_served_by_waitress_unless_debugging(monkeypatch, tiny_store):
    import dashboards.app

    served, ran = [], []
    monkeypatch.setattr("waitress.serve", lambda wsgi, **kw: served.append((wsgi, kw)))
    monkeypatch.setattr("dash.Dash.run", lambda self, **kw: ran.append(kw))
    dashboards.app.serve(tiny_store, "models", port=9001)
    (wsgi, options), = served
    assert wsgi.config["DISCOURSE_DB"].endswith(str(tiny_store).rsplit("/", 1)[-1]) and options["port"] == 9001
    assert options["host"] == "127.0.0.1" and not ran
    dashboards.app.serve(tiny_store, "models", port=9002, debug=True)
    assert ran == [{"host": "127.0.0.1", "port": 9002, "debug": True}] and len(served) == 1


def test_migrate_brings_an_old_store_up_to_date(tmp_path):
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '0')")
    assert store_status(str(db)).state in ("empty", "old_schema")
    result = runner.invoke(app, ["migrate", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert store_status(str(db)).state == "empty"  # current schema, no pages yet


def test_export_rejects_a_bad_date(tiny_store):
    result = runner.invoke(app, ["export", "--db", tiny_store, "--since", "03/2021"])
    assert result.exit_code == 2 and "E214" in result.output
