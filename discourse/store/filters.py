"""Corpus filters shared by every aggregate: which sources, languages and dates to count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from discourse.errors import DiscourseError


@dataclass(frozen=True)
class CorpusFilter:
    """Sources and languages to keep (empty = all) and an inclusive date range (ISO dates).

    Dates are the item's own: a comment's time (its page's when it has none), a paragraph's page
    time; languages are the comment's (its page's when unknown) or the page's for official text."""

    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    @classmethod
    def checked(cls, *, sources: tuple[str, ...] = (), langs: tuple[str, ...] = (), date_from: str | None = None,
                date_to: str | None = None) -> "CorpusFilter":
        """A filter from user input; a date that is not YYYY-MM-DD is a coded error (E214)."""
        for name, value in (("date_from", date_from), ("date_to", date_to)):
            if value:
                try:
                    date.fromisoformat(value[:10])
                except ValueError:
                    raise DiscourseError("E214", field=name, value=value) from None
        return cls(tuple(sources), tuple(langs), date_from[:10] if date_from else None, date_to[:10] if date_to else None)

    def sql(self, who: str) -> tuple[str, list]:
        """` AND ...` conditions over aliases p (pages) and, for the public, c (comments), and their
        parameters; ('', []) when nothing is filtered."""
        when = "coalesce(c.published_ts, p.published_ts)" if who == "public" else "p.published_ts"
        lang = "coalesce(c.lang, p.lang, 'unknown')" if who == "public" else "coalesce(p.lang, 'unknown')"
        parts, params = [], []
        if self.sources:
            parts.append("coalesce(p.source, p.site, 'unknown') IN (SELECT unnest(?))")
            params.append(list(self.sources))
        if self.langs:
            parts.append(f"{lang} IN (SELECT unnest(?))")
            params.append(list(self.langs))
        if self.date_from:
            parts.append(f"{when} >= CAST(? AS TIMESTAMP)")
            params.append(date.fromisoformat(self.date_from[:10]).isoformat())
        if self.date_to:
            # inclusive end date: everything before the next midnight
            parts.append(f"{when} < CAST(? AS TIMESTAMP)")
            params.append((date.fromisoformat(self.date_to[:10]) + timedelta(days=1)).isoformat())
        return "".join(f" AND {part}" for part in parts), params


NO_FILTER = CorpusFilter()
