"""Thin typer commands over library functions; the CLI prints, the library logs."""

from __future__ import annotations

import sys

import typer

from discourse.cli import corpus, dashboard, export, models

app = typer.Typer(
    name="discourse",
    help="Parse saved news pages and their reader comments, classify sentiment and stance, "
    "and compare the public with the official framing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus.register(app)
models.register(app)
export.register(app)
dashboard.register(app)


@app.callback()
def _options(verbose: bool = typer.Option(False, "--verbose", "-v", help="Show the library's progress log on stderr.")) -> None:
    """Options for every command."""
    if verbose:
        import logging

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")


def main() -> None:
    """Console entry point."""
    app(prog_name="discourse")


if __name__ == "__main__":
    sys.exit(main())
