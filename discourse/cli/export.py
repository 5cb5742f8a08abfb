"""`discourse export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from discourse.cli.common import ConfigOption, DbOption, coded_errors, err_console, settings_from


def register(app: typer.Typer) -> None:
    """Attach the export command to the app."""
    app.command("export")(export_cmd)


@coded_errors
def export_cmd(
    db: DbOption = None,
    what: Annotated[str, typer.Option("--what", help="stance | sentiment | comments | pages | frames | gap | threads | network")] = "stance",
    by: Annotated[list[str] | None, typer.Option("--by", help="Group by page | source | lang | date:week | date:month | depth | author | theme | frame (repeatable).")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Stance target key or free text [default: the settings' target].")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", help="Leave out predictions less confident than this.")] = 0.0,
    official: Annotated[bool, typer.Option("--official", help="Only the official text (article paragraphs).")] = False,
    public: Annotated[bool, typer.Option("--public", help="Only the public (comments' own words).")] = False,
    both: Annotated[bool, typer.Option("--both", help="Both, side by side (default).")] = False,
    corrected: Annotated[bool, typer.Option("--corrected/--no-corrected", help="Add shares corrected with the head's confusion matrix.")] = True,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap replicates for cluster intervals.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap (same seed, same intervals).")] = 0,
    source: Annotated[list[str] | None, typer.Option("--source", help="Keep only these sources (repeatable).")] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Keep only these languages (repeatable).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Keep items dated on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Keep items dated on or before this day (YYYY-MM-DD).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv | json | parquet | xlsx | gexf (network only)")] = "csv",
    out: Annotated[str, typer.Option("-o", "--output", help="File to write (a .provenance.json sidecar is written beside it), or - for stdout.")] = "-",
    config: ConfigOption = None,
) -> None:
    """Export stance/sentiment statistics (counts, shares, 95 % intervals) or per-comment / per-page tables, with provenance."""
    from discourse.config import REPO_MODELS
    from discourse.stats import CorpusFilter, ShareQuery, build_table, confusion_for, write

    settings = settings_from(config, db_path=db)
    if sum([official, public, both]) > 1:
        raise typer.BadParameter("give at most one of --official, --public, --both")
    who = ("official",) if official else ("public",) if public else ("public", "official")
    resolved_target = target or settings.target
    filters = CorpusFilter.checked(sources=tuple(source or ()), langs=tuple(lang or ()), date_from=since, date_to=until)
    confusion = confusion_for(settings.db_path, REPO_MODELS, what, resolved_target) if corrected and what in ("stance", "sentiment") else None
    query = ShareQuery(target=resolved_target, by=tuple(by or ()), who=who, min_confidence=min_confidence,
                       bootstrap=bootstrap, seed=seed, confusion=confusion, filters=filters)
    frame, provenance = build_table(settings.db_path, what, query)
    text = write(frame, provenance, fmt, None if out == "-" else Path(out), settings.db_path)
    if text is not None:
        sys.stdout.write(text)
    else:
        err_console.print(f"wrote {len(frame)} rows to {out} (+ {out}.provenance.json)")
