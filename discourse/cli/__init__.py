"""Thin typer commands over library functions; the CLI prints, the library logs."""

from __future__ import annotations

import sys

import typer

from discourse.cli import corpus, models

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


def main() -> None:
    """Console entry point."""
    app(prog_name="discourse")


if __name__ == "__main__":
    sys.exit(main())
