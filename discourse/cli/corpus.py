"""`discourse ingest` and `discourse show`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.tree import Tree

from discourse.cli.common import ConfigOption, DbOption, coded_errors, console, err_console, settings_from
from discourse.pipeline import IngestReport, ingest
from discourse.views import page_view, pages_overview


def register(app: typer.Typer) -> None:
    """Attach the corpus commands to the app."""
    app.command("ingest")(ingest_cmd)
    app.command("show")(show_cmd)


@coded_errors
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of saved pages (HTML, saved page text, JSONL of comments).")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="auto | text | html | jsonl")] = "auto",
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Descend into sub-folders.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero if any file was skipped.")] = False,
    config: ConfigOption = None,
) -> None:
    """Parse pages into the store: article body, metadata and comment threads. Idempotent."""
    settings = settings_from(config, db_path=db)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"), console=err_console, transient=True) as progress:
        task = progress.add_task("", total=None)

        def step(path: Path, outcome) -> None:
            progress.update(task, advance=1, description=path.name[:40])

        report = ingest(paths, settings, fmt=fmt, recursive=recursive, on_file=step)
    _print_report(report)
    if report.nothing_ingested or (strict and report.skipped):
        raise typer.Exit(1)


def _print_report(report: IngestReport) -> None:
    table = Table(title=f"ingest {report.run_id} → {report.db_path}", show_header=True)
    for name in ("files", "new pages", "new versions", "unchanged", "comments found", "comments stored", "skipped"):
        table.add_column(name, justify="right")
    table.add_row(
        str(report.files_seen), str(report.pages_new), str(report.pages_versioned), str(report.pages_unchanged),
        str(report.comments_found), str(report.comments_stored), str(len(report.skipped)),
    )
    console.print(table)
    if report.ignored:
        kinds = ", ".join(f"{suffix} {count}" for suffix, count in report.ignored.items())
        console.print(f"not page files, left out of the named folders: {sum(report.ignored.values())} ({kinds})")
    if report.skipped:
        skipped = Table(title="skipped", show_header=True)
        skipped.add_column("code")
        skipped.add_column("reason")
        for item in report.skipped:
            skipped.add_row(item.code, item.message)
        console.print(skipped)


@coded_errors
def show_cmd(
    page_id: Annotated[str | None, typer.Argument(help="Page id (or a unique prefix). Omit to list pages.")] = None,
    all_pages: Annotated[bool, typer.Option("--all", help="Show every current page in full.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of pages with their comments.")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Print a parsed page and its comment tree (or list the pages)."""
    settings = settings_from(config, db_path=db)
    if page_id is None and not all_pages:
        overview = pages_overview(settings.db_path)
        if as_json:
            typer.echo(json.dumps(overview, ensure_ascii=False, indent=2, default=str))
            return
        table = Table(title=f"pages in {settings.db_path}")
        for name in ("id", "source", "lang", "published", "comments", "title"):
            table.add_column(name)
        for row in overview:
            table.add_row(row["id"], str(row["source"] or row["site"] or ""), str(row["lang"] or ""), str(row["published"] or ""), str(row["n_comments"]), (row["title"] or "")[:70])
        console.print(table)
        return
    views = page_view(settings.db_path, None if all_pages else page_id)
    if as_json:
        typer.echo(json.dumps(views, ensure_ascii=False, indent=2, default=str))
        return
    for view in views:
        _print_page(view)


def _print_page(view: dict) -> None:
    console.rule(f"[bold]{view['title'] or '(no title)'}")
    meta = " · ".join(str(x) for x in (view["source"], view["published"], view["lang"], view["id"]) if x)
    console.print(f"[dim]{meta}[/]")
    if view["lead"]:
        console.print(f"[italic]{view['lead']}[/]")
    console.print(view["body"][:1500] + ("…" if len(view["body"]) > 1500 else ""), markup=False, highlight=False)
    _print_framing(view)
    tree = Tree(f"[bold]{len(view['comments'])} comments")
    nodes = {}
    for index, comment in enumerate(view["comments"]):
        label = f"[bold]{comment['author'] or '?'}[/] [dim]{comment['published'] or ''}[/]"
        parent = nodes.get(comment["parent"], tree) if comment["parent"] is not None else tree
        node = parent.add(label)
        for quote in comment["quotes"]:
            node.add(f"[dim]» {quote['text'][:120]} ({quote['source']})[/]")
        node.add(comment["own_text"][:300] or "[dim](only quotes)[/]")
        nodes[index] = node
    console.print(tree)


def _print_framing(view: dict) -> None:
    """Official framing beside the comments: quotes, stance/sentiment counts, top frames."""
    if view.get("official_quotes"):
        quotes = Table("speaker", "kind", "says", title="official voices")
        for quote in view["official_quotes"][:12]:
            quotes.add_row(str(quote["speaker"]), quote["kind"], quote["text"][:110])
        console.print(quotes)
    framing = view.get("framing", {})
    if any(framing.get(side) for side in ("official", "public")):
        table = Table("", "official text", "comments", title="official framing vs the comments")
        for task in ("stance", "sentiment"):
            cells = [", ".join(f"{k} {v}" for k, v in framing.get(side, {}).get(task, {}).items()) for side in ("official", "public")]
            table.add_row(task, *cells)
        tops = [", ".join(list(framing.get(side, {}).get("frames", {}))[:4]) for side in ("official", "public")]
        table.add_row("top frames", *tops)
        console.print(table)
