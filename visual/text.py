"""The views' words (titles, notes, tooltips, controls): `view.*` of the catalogue."""

from __future__ import annotations

from datetime import date

from graphsvc.words import Words, word


def t(key: str, lang: str, **values: object) -> str:
    """The catalogue's `view.<key>` in `lang`, with `values` filled in."""
    return word(f"view.{key}", lang, **values)


def date_text(day: date, lang: str) -> str:
    """A date as people write it: 1.3.2025 in Finnish, 2025-03-01 in English."""
    return Words(lang).date(day)


def capped(items: list[str], lang: str, limit: int = 15) -> tuple[str, ...]:
    """At most `limit` items, the rest counted in a last "… and N more"."""
    if len(items) <= limit:
        return tuple(items)
    return (*items[: limit - 1], t("more", lang, n=len(items) - limit + 1))
