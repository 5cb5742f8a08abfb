"""`discourse dashboard` and `discourse migrate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from discourse.cli.common import ConfigOption, DbOption, coded_errors, console, err_console, settings_from


def register(app: typer.Typer) -> None:
    """Attach the dashboard and migrate commands to the app."""
    app.command("dashboard")(dashboard_cmd)
    app.command("migrate")(migrate_cmd)


@coded_errors
def dashboard_cmd(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind; 0.0.0.0 exposes the dashboard to your network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8050,
    models: Annotated[Path | None, typer.Option("--models", help="Models folder with the model cards [default: the project's models/].")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Dash's development server (reloader, in-page errors) instead of waitress.")] = False,
    config: ConfigOption = None,
) -> None:
    """Serve the dashboard for a store: overview, article view, trends, themes & network, models & provenance."""
    from dashboards.app import serve
    from discourse.config import REPO_MODELS
    from discourse.stats import store_status

    settings = settings_from(config, db_path=db)
    status = store_status(settings.db_path)
    if not status.ok:
        err_console.print(f"[yellow]note[/] {status.message} (the dashboard explains this too)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]warning[/] binding {host}: anyone who can reach this machine can read the corpus")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.print(f"discourse dashboard for {settings.db_path}: [bold]http://{shown}:{port}/[/] (Ctrl+C to stop)", soft_wrap=True)
    serve(settings.db_path, models or REPO_MODELS, host=host, port=port, debug=debug)


@coded_errors
def migrate_cmd(db: DbOption = None, config: ConfigOption = None) -> None:
    """Bring a store written by an older discourse up to this version's schema."""
    from discourse.store import open_store

    settings = settings_from(config, db_path=db)
    with open_store(settings.db_path, create=False) as store:
        version = store.schema_version()
    console.print(f"{settings.db_path}: schema {version}")
