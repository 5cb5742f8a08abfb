"""Shared CLI pieces: settings from options, coded errors shown without tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from discourse.config import Settings, load_settings
from discourse.errors import DiscourseError

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB store file [default: ./discourse.duckdb or the settings file's db_path].")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML) overriding the packaged defaults.")]


def settings_from(config: Path | None, **overrides: Any) -> Settings:
    """Resolve settings once: defaults -> user file -> command-line options."""
    cleaned = {k: (str(v) if isinstance(v, Path) else v) for k, v in overrides.items() if v is not None}
    return load_settings(config, **cleaned)


def coded_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Show DiscourseError as its coded one-line message and exit 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DiscourseError as exc:
            err_console.print(f"[bold red]error[/] {exc}")
            raise typer.Exit(2) from exc

    return wrapper
