"""The dashboard's only way to the data: `discourse.stats` functions, keyed by the store path of the
running app and cached until the store file changes (aggregation happens in DuckDB on the server;
the browser receives figures and one page of a thread, never the corpus)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import flask

from discourse import stats
from discourse.stats import CorpusFilter, GapQuery, ShareQuery

BOOTSTRAP = 1000  # same as `discourse export`, so a download equals the CLI's numbers
SEED = 0


@dataclass(frozen=True)
class View:
    """What the global filters select."""

    filters: CorpusFilter = CorpusFilter()
    target: str = "russia_china_cooperation"
    min_confidence: float = 0.0


def db_path() -> str:
    return flask.current_app.config["DISCOURSE_DB"]


def models_dir() -> Path:
    return Path(flask.current_app.config["DISCOURSE_MODELS"])


def _stamp(path: str) -> int:
    """Changes whenever the store file does (so cached numbers never outlive a new run)."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def cached(function):
    """Cache a data function per (store path, store version, arguments)."""
    inner = functools.lru_cache(maxsize=256)(lambda path, stamp, *args: function(path, *args))

    @functools.wraps(function)
    def wrapper(*args):
        path = db_path()
        return inner(path, _stamp(path), *args)

    wrapper.cache_clear = inner.cache_clear
    return wrapper


def status() -> stats.StoreStatus:
    return stats.store_status(db_path())


@cached
def choices(path: str) -> dict:
    return stats.filter_choices(path)


@cached
def counts(path: str, by: str, view: View):
    return stats.corpus_counts(path, by, view.filters)


@cached
def _confusion(path: str, task: str, target: str):
    return stats.confusion_for(path, models_dir(), task, target)


@cached
def shares(path: str, task: str, by: tuple[str, ...], view: View, who: tuple[str, ...] = ("public", "official")):
    return stats.class_shares(path, share_query(task, by, view, who, corrected=False))


def share_query(task: str, by: tuple[str, ...], view: View, who: tuple[str, ...] = ("public", "official"), corrected: bool = True) -> ShareQuery:
    """The ShareQuery behind a view (with the head's confusion correction, as `discourse export`)."""
    confusion = _confusion(task, view.target) if corrected else None
    return ShareQuery(task=task, target=view.target, by=by, who=who, min_confidence=view.min_confidence, bootstrap=BOOTSTRAP, seed=SEED,
                      confusion=confusion, filters=view.filters)


@cached
def gap(path: str, by: tuple[str, ...], view: View):
    return stats.stance_gap(path, GapQuery(target=view.target, by=by, bootstrap=BOOTSTRAP, seed=SEED, filters=view.filters,
                                           min_confidence=view.min_confidence))


@cached
def frames(path: str, by: tuple[str, ...], view: View):
    return stats.frame_shares(path, GapQuery(target=view.target, by=by, filters=view.filters))


@cached
def articles(path: str, view: View):
    return stats.article_list(path, view.target, view.filters)


@cached
def article(path: str, page_id: str, target: str):
    return stats.article(path, page_id, target)


@cached
def thread(path: str, page_id: str, target: str, sort: str, stance: str | None, sentiment: str | None, search: str, page: int, size: int):
    return stats.thread(path, page_id, target, sort=sort, stance=stance, sentiment=sentiment, search=search, page=page, size=size)


@cached
def themes(path: str, view: View):
    return stats.theme_table(path, view.target, view.filters)


@cached
def network(path: str, view: View):
    return stats.reply_network(path, view.filters), stats.author_stances(path, view.target, view.filters)


@cached
def agreement(path: str, view: View):
    return stats.agreement_ratios(path, view.filters)


@cached
def provenance(path: str):
    return stats.model_provenance(path, models_dir())


GROUPED_BY_SOURCE = ("stance", "sentiment", "gap")  # the dashboard's exports of these are per source


def export(what: str, fmt: str, view: View) -> tuple[str, bytes]:
    """A download of the current view, through the same table builder and writer as the CLI."""
    by = ("source",) if what in GROUPED_BY_SOURCE else ()
    task = what if what in ("stance", "sentiment") else "stance"
    return stats.export_bytes(db_path(), what, fmt, share_query(task, by, view))


def export_command(what: str, fmt: str, view: View) -> str:
    """The `discourse export` command line that gives the same file."""
    parts = ["discourse", "export", "--db", db_path(), "--what", what]
    if what in GROUPED_BY_SOURCE:
        parts += ["--by", "source"]
    if what != "sentiment":
        parts += ["--target", view.target]
    if view.min_confidence:
        parts += ["--min-confidence", str(view.min_confidence)]
    for source in view.filters.sources:
        parts += ["--source", source]
    for lang in view.filters.langs:
        parts += ["--lang", lang]
    if view.filters.date_from:
        parts += ["--since", view.filters.date_from]
    if view.filters.date_to:
        parts += ["--until", view.filters.date_to]
    parts += ["--format", fmt, "-o", f"discourse-{what}.{fmt}"]
    return " ".join(_shell_quote(p) for p in parts)


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
