"""Coded messages: greppable, testable, and what a user sees instead of a traceback."""

from __future__ import annotations


class Errors:
    """Message templates, one per code. Parse E0xx, store E1xx, pipeline/CLI E2xx, nlp E3xx."""

    E001 = "cannot read {path}: {reason}"
    E002 = "{path} is empty"
    E003 = "{path} looks binary, not a page: {reason}"
    E004 = "{path} is too large to parse ({size_mb:.1f} MB > limit {limit_mb:.1f} MB; raise `max_file_mb` to allow it)"
    E005 = "cannot decode {path}: {reason}"
    E006 = "{path}: no article text or comments found"
    E007 = "{path}: malformed JSON on line {line}: {reason}"
    E008 = "{path}: unknown input format {fmt!r} (use auto, text, html or jsonl)"
    E009 = "{path}: HTML could not be parsed: {reason}"
    E010 = "{path}: unexpected parser failure: {reason}"
    E011 = "{path}: JSON record on line {line} lacks required field {field!r}"
    E012 = "{path} does not exist"
    E013 = "{path}: not a JSONL file of comments (no record has a 'text' field; see `discourse ingest --help`)"
    E014 = "{path}: its {kind} data is damaged or cut off ({reason})"
    E101 = "cannot open store {path}: {reason}"
    E102 = "store {path} was written by a newer discourse (schema {found} > {supported}); upgrade discourse"
    E103 = "store {path} has schema {found}, older than this discourse reads ({supported}); run `discourse migrate --db {path}`"
    E104 = "no page with id {page_id!r} in the store (try `discourse show --all`)"
    E105 = "the store {path} is empty: ingest pages first with `discourse ingest PATH`"
    E106 = "store {path} does not exist: ingest pages first with `discourse ingest PATH --db {path}`"
    E201 = "nothing could be ingested from {n} file(s)"
    E202 = "no input files found under {paths}"
    E203 = "cannot read settings file {path}: {reason}"
    E205 = "unknown task {task!r} (use sentiment or stance)"
    E206 = "{path} has no rows labelled for {task}"
    E207 = "unknown grouping {key!r} (use one of: {allowed})"
    E208 = "grouping by {key!r} applies to comments only; use --public"
    E209 = "no {task} predictions for target {target!r} in the store: run `discourse classify{hint}` first"
    E210 = "nothing to export: no {what} match the filters"
    E211 = "unknown export {field} {value!r} (use one of: {allowed})"
    E212 = "{what}: grouping by themes or frames is not available in this version yet"
    E213 = "cannot write {path}: {reason}"
    E214 = "bad date {value!r} for {field}: give a day as YYYY-MM-DD"
    E215 = "{config}: adapter {path} it builds on is not there; train it first"
    E216 = "{config}: cannot average these adapters: {reason}"
    E217 = "{config}: unknown LoRA modules {modules!r}; use one of {known}"
    E218 = "{config}: failure_modes item {index} is a {kind}, not a sentence (YAML reads 'word: text' as a mapping; quote the item)"
    E204 = "unknown setting {name!r} in {origin}"


class DiscourseError(Exception):
    """An error with a stable code; str() gives "[E001] message"."""

    def __init__(self, code: str, **fields: object) -> None:
        template = getattr(Errors, code)
        self.code = code
        self.fields = fields
        self.message = template.format(**fields)
        super().__init__(f"[{code}] {self.message}")
