"""`discourse classify`, `discourse run`, `discourse evaluate`, `discourse train`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from discourse.cli.common import ConfigOption, DbOption, coded_errors, console, err_console, settings_from


def register(app: typer.Typer) -> None:
    """Attach the model commands to the app."""
    app.command("classify")(classify_cmd)
    app.command("run")(run_cmd)
    app.command("evaluate")(evaluate_cmd)
    app.command("train")(train_cmd)
    app.command("frames")(frames_cmd)
    app.command("themes")(themes_cmd)


TargetOption = Annotated[str | None, typer.Option("--target", help='Stance target: a key in models/targets.yaml (default russia_china_cooperation) or free text, e.g. "NATO expansion".')]
BackendOption = Annotated[str | None, typer.Option("--backend", help="onnx (int8, default) | torch (fp32 reference).")]
BatchOption = Annotated[int | None, typer.Option("--batch-size", help="Texts per encoder batch.")]


def _backbone(backend: str | None) -> str | None:
    if backend is None:
        return None
    if backend not in ("onnx", "torch"):
        raise typer.BadParameter("--backend must be onnx or torch")
    return "e5-small.int8" if backend == "onnx" else "e5-small.fp32"


ModelOption = Annotated[str | None, typer.Option("--model", help="A transformers model by local path or cached HF id: a sentiment classifier (used directly), an NLI model (zero-shot stance), or an encoder to use as the backbone (needs heads trained on it).")]


def load_classifier(settings, backbone: str | None, model: str | None):
    """The shipped heads, optionally with a plugged-in sentiment or NLI model (see `--model`)."""
    from discourse.nlp.hf_models import PluggedClassifier, SequenceModel, model_kind
    from discourse.pipeline import default_classifier

    kind = model_kind(model) if model else None
    heads = default_classifier(settings, backbone=model if kind == "encoder" else backbone)
    if kind in ("sentiment", "nli"):
        plugged = SequenceModel(model, max_length=settings.max_length, batch_size=settings.batch_size)
        return PluggedClassifier(heads, sentiment_model=plugged if kind == "sentiment" else None,
                                 nli_model=plugged if kind == "nli" else None, abstain_below=settings.abstain_below)
    return heads


def _classify(settings, target: str | None, backbone: str | None, model: str | None = None) -> None:
    from discourse.pipeline import classify

    classifier = load_classifier(settings, backbone, model)
    columns = (TextColumn("[bold]classify"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("", total=None, rate="")

        def step(done: int, total: int) -> None:
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, completed=done, total=total, rate=f"{done / elapsed:.0f} texts/s")

        report = classify(settings, target=target, on_batch=step, classifier=classifier)
    table = Table(title=f"classify {report.run_id} (target: {report.target})")
    for name in ("texts", "predictions", "pages aggregated", "failed batches", "seconds", "texts/s"):
        table.add_column(name, justify="right")
    table.add_row(str(report.items), str(report.predictions), str(report.pages_aggregated), str(len(report.failed_batches)), f"{report.seconds:.1f}", f"{report.items / max(report.seconds, 1e-9):.0f}")
    console.print(table)
    for failure in report.failed_batches:
        err_console.print(f"[yellow]failed batch[/] {failure}")


@coded_errors
def classify_cmd(
    db: DbOption = None,
    target: TargetOption = None,
    model: ModelOption = None,
    backend: BackendOption = None,
    batch_size: BatchOption = None,
    config: ConfigOption = None,
) -> None:
    """Classify sentiment and stance of every comment's own words and every article paragraph. Resumable."""
    settings = settings_from(config, db_path=db, batch_size=batch_size)
    _classify(settings, target, _backbone(backend), model)


@coded_errors
def run_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of saved pages.")],
    db: DbOption = None,
    recursive: Annotated[bool, typer.Option("--recursive", "-r")] = False,
    target: TargetOption = None,
    model: ModelOption = None,
    backend: BackendOption = None,
    batch_size: BatchOption = None,
    config: ConfigOption = None,
) -> None:
    """Ingest PATH..., extract the official framing (quotes, frames), classify, find themes: the whole job in one command."""
    from discourse.cli.corpus import ingest_cmd

    ingest_cmd(paths, db=db, recursive=recursive, config=config)
    frames_cmd(db=db, config=config)
    settings = settings_from(config, db_path=db, batch_size=batch_size)
    _classify(settings, target, _backbone(backend), model)
    themes_cmd(db=db, k=None, seed=0, config=config)


@coded_errors
def evaluate_cmd(
    file: Annotated[Path, typer.Argument(help="CSV with columns id,text,target,label,lang,source,split.")],
    task: Annotated[str, typer.Option("--task", help="sentiment | stance | reply (reply stance toward the parent; CSV columns id,lang,parent,reply,label)")],
    target: Annotated[str | None, typer.Option("--target", help="Override every row's stance target.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: macro_f1, accuracy, per_class, confusion, ece, n.")] = False,
    model: ModelOption = None,
    backend: BackendOption = None,
    config: ConfigOption = None,
) -> None:
    """Score the shipped heads (or a plugged-in model) on a labelled CSV: accuracy, macro-F1, per-class P/R/F1, confusion, ECE, per language."""
    from discourse.evaluation import evaluate_file

    settings = settings_from(config)
    report = evaluate_file(file, task, settings, target=target, classifier=load_classifier(settings, _backbone(backend), model))
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    semeval = f"  SemEval F-avg(favor, against) {report['f_avg_favor_against']:.3f}" if "f_avg_favor_against" in report else ""
    console.print(f"[bold]{task}[/] on {file} — n={report['n']}  accuracy {report['accuracy']:.3f}  macro-F1 {report['macro_f1']:.3f}{semeval}  ECE {report['ece']:.3f}")
    table = Table("class", "precision", "recall", "F1", "support")
    for label, row in report["per_class"].items():
        table.add_row(label, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", str(row["support"]))
    console.print(table)
    confusion = Table("gold \\ predicted", *report["labels"])
    for label, counts in zip(report["labels"], report["confusion"]):
        confusion.add_row(label, *map(str, counts))
    console.print(confusion)
    languages = Table("language", "n", "accuracy", "macro-F1")
    for lang, sub in report["per_language"].items():
        languages.add_row(lang, str(sub["n"]), f"{sub['accuracy']:.3f}", f"{sub['macro_f1']:.3f}")
    console.print(languages)


@coded_errors
def train_cmd(
    config_file: Annotated[Path, typer.Option("--config", help="A head's training config, e.g. models/stance.e5.v1.yaml.")],
    shared: Annotated[Path, typer.Option("--shared", help="Folder with the external train/ and dev/ sets.")] = Path("../shared"),
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the head [default: models/].")] = None,
) -> None:
    """Train (and calibrate, evaluate, save) a head from its config; reproducible."""
    from discourse.modelcard import holdout_mean_text
    from discourse.training import average_adapter, load_config, train, train_adapter, train_frames

    settings = settings_from(None)
    task = load_config(config_file)["task"]
    if task == "frames":
        with console.status(f"tuning {config_file} …"):
            meta = train_frames(config_file, settings, out)
        m = meta["metrics"]
        console.print(f"{meta['name']}: held-out micro P {m['micro_precision']:.3f} R {m['micro_recall']:.3f} F1 {m['micro_f1']:.3f}, macro-F1 {m['macro_f1']:.3f} ({m['test_rows']} texts)")
        return
    if task == "lora_average":
        record = average_adapter(config_file, out)
        parts = ", ".join(f"{p['name']} x{p['weight']:g}" for p in record["averaged_from"])
        if below := record.get("stacked_on"):
            parts += f" and {below['name']} (beneath) x{1 - sum(p['weight'] for p in record['averaged_from']):g}"
        console.print(f"adapter {record['name']}: weight average of {parts} (rank {record['rank']})")
        return
    if task == "lora":
        with console.status(f"fine-tuning {config_file} …"):
            record = train_adapter(config_file, settings, shared, out)
        console.print(f"adapter {record['name']}: {record['steps']} steps in {record['minutes']} min, final loss {record['final_loss']}")
        return
    with console.status(f"training {config_file} …"):
        meta = train(config_file, settings, shared, out)
    table = Table("evaluation set", "n", "accuracy", "macro-F1", "ECE", title=f"{meta['name']} ({meta['training_rows']} training rows, {meta['seconds']} s)")
    for name, report in meta["metrics"].items():
        table.add_row(name, str(report["n"]), f"{report['accuracy']:.3f}", f"{report['macro_f1']:.3f}", f"{report['ece']:.3f}" if report["ece"] is not None else "")
    console.print(table)
    if holdout := holdout_mean_text(meta):
        console.print(holdout)


@coded_errors
def frames_cmd(db: DbOption = None, config: ConfigOption = None) -> None:
    """Official framing: extract who each article quotes and what they say, and detect frames
    (models/codebooks/frames.v1.yaml) in paragraphs, official quotes and comments. Resumable."""
    from discourse.pipeline import frames

    settings = settings_from(config, db_path=db)
    with console.status("framing …"):
        report = frames(settings)
    table = Table("pages", "official quotes", "texts scored", "frame hits", title=f"frames {report.run_id}")
    table.add_row(str(report.pages), str(report.quotes), str(report.items_scored), str(report.frame_hits))
    console.print(table)


@coded_errors
def themes_cmd(
    db: DbOption = None,
    k: Annotated[int | None, typer.Option("--k", help="Number of themes [default: grows with the corpus, 2..20].")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed (the same input and seed give the same themes).")] = 0,
    config: ConfigOption = None,
) -> None:
    """Themes in the comments: clusters of similar comments with keywords and representative comments."""
    from discourse.pipeline import themes

    settings = settings_from(config, db_path=db)
    with console.status("finding themes …"):
        report = themes(settings, k=k, seed=seed)
    table = Table("theme", "comments", "keywords", title=f"themes {report.run_id} ({report.comments} comments)")
    for theme in report.themes:
        table.add_row(str(theme.theme), str(theme.size), ", ".join(theme.keywords))
    console.print(table)
