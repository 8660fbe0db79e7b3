"""The pages' words: the catalogue (`graphsvc.words`) as the templates call it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graphsvc.words import Words, has, word


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **values)` in `lang`; an unknown key shows as itself (tests forbid that)."""

    def t(key: str, **values: object) -> str:
        return word(key, lang, **values)

    return t


def label_of(lang: str) -> Callable[[str, str], str]:
    """`label(prefix, code)`: the words for a code (a summary key, a reason); a code with
    no words shows as itself, underscores as spaces. A summary of coverage statuses
    says the statuses' own words, as the badges and the legends do; a record of the
    change log (prefix "record") is a node's label, a relationship's type or a record
    kept beside the graph."""
    w = Words(lang)

    def label(prefix: str, code: str) -> str:
        if prefix == "summary" and not has(f"summary.{code}"):
            return w.status(code, capital=True)
        if prefix == "record":  # what a logged change is of: a node, a tie, a document
            for family in ("label", "relation"):
                if has(f"{family}.{code}"):
                    return label(family, code)
        key = f"{prefix}.{code}"
        return w(key) if has(key) else str(code).replace("_", " ")

    return label


def unknown_words(
    lang: str, unknown: Iterable[tuple[str, str]], *, hint: bool = True
) -> str | None:
    """One sentence per (kind, value) that names nothing — "Kohderyhmää »x« ei ole." —
    and, with `hint`, what to do about it; None when there are none."""
    t = translator(lang)
    words = [t(f"unknown.{kind}", value=value) for kind, value in unknown]
    if not words:
        return None
    return " ".join([*words, t("unknown.hint")] if hint else words)


def sector_name(sector: str, lang: str) -> str:
    """A sector's word as a label: "Kaupunki", "Järjestö", …"""
    return Words(lang).sector(sector, capital=True)
