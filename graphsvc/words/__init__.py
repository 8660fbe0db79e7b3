"""The word catalogue: every word a person reads — on the pages, in the views (titles,
tooltips, legends), in the analysis' findings — by key, one table per language.

One concept has one key and so one word everywhere: the city sector is
``sector.city`` ("kaupunki") on a page, in a legend and in a finding alike. The
catalogue sits below the analysis, the views and the pages and imports only the model.

Adding a language is adding one table: a module ``graphsvc/words/<lang>.py`` with
``WORDS`` and one line in `TABLES`. A key missing from a language falls back to the
default language (Finnish, which has every key), so a half-translated table shows
Finnish words, never a key or an error.

>>> word("sector.city", "fi"), word("sector.city", "en"), word("sector.city", "sv")
('kaupunki', 'city', 'kaupunki')
>>> Words("en").status("fragile"), Words("fi").status("fragile", capital=True)
('one provider only', 'Yhden toimijan varassa')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

from graphsvc.words import en, fi

#: the language of every key, and of a page or view that asks for no other
DEFAULT_LANG: Final = "fi"

#: the tables, by language code
TABLES: Final[Mapping[str, Mapping[str, str]]] = {
    "fi": fi.WORDS,
    "en": en.WORDS,
}
LANGS: Final = tuple(TABLES)

#: the finding kinds that are coverage statuses: they are named by the status' word
_STATUS_FINDINGS = frozenset({"uncovered", "fragile", "single_sector"})


def table(lang: str) -> Mapping[str, str]:
    """The table of `lang`, or the default language's when there is none."""
    return TABLES.get(lang, TABLES[DEFAULT_LANG])


def word(key: str, lang: str, **values: object) -> str:
    """The text of `key` in `lang` (the default language's if `lang` lacks it; the key
    itself if no language has it — a test forbids that), with `values` filled in."""
    text = TABLES.get(lang, {}).get(key) or TABLES[DEFAULT_LANG].get(key, key)
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether the catalogue knows `key`."""
    return key in TABLES[DEFAULT_LANG]


def capital(text: str) -> str:
    """`text` as it starts a label: the first letter upper case, the rest as it is.

    >>> capital("yhden sektorin varassa"), capital("NGO")
    ('Yhden sektorin varassa', 'NGO')
    """
    return text[:1].upper() + text[1:]


def _code(code: object) -> str:
    # an enum member (a StrEnum) or its value
    return str(getattr(code, "value", code))


class Words:
    """The catalogue in one language: `w(key, **values)` and the domain's words by code.

    Each domain word comes as it stands mid-sentence; `capital=True` gives the form
    that starts a label (a legend row, a badge, a tooltip value).
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in TABLES else DEFAULT_LANG

    def __call__(self, key: str, **values: object) -> str:
        return word(key, self.lang, **values)

    def _domain(self, prefix: str, code: object, capital_: bool) -> str:
        key = f"{prefix}.{_code(code)}"
        text = word(key, self.lang) if has(key) else _code(code).replace("_", " ")
        return capital(text) if capital_ else text

    def sector(self, code: object, *, capital: bool = False) -> str:
        """A sector's word: "kaupunki", "järjestö", …"""
        return self._domain("sector", code, capital)

    def columns(self, codes: Iterable[str]) -> dict[str, str]:
        """The headings of a CSV file's columns for a person: {code: "Vakavuus", …}."""
        return {c: self._domain("column", c, True) for c in codes}

    def status(self, code: object, *, capital: bool = False) -> str:
        """A coverage status' word: "ei toimijaa", "yhden toimijan varassa", …"""
        return self._domain("status", code, capital)

    def finding(self, code: object, *, capital: bool = False) -> str:
        """A kind of finding: a coverage status' word, "siirtymäaukko" or "alueellinen aukko"."""
        prefix = "status" if _code(code) in _STATUS_FINDINGS else "finding"
        return self._domain(prefix, code, capital)

    def partnership(self, code: object, *, capital: bool = False) -> str:
        """A kind of partnership: "ostopalvelu", "palveluseteli", …"""
        return self._domain("partnership", code, capital)

    def label(self, code: object, *, capital: bool = False) -> str:
        """A node label (`Label` value): "toimija", "kohderyhmä", …"""
        return self._domain("label", code, capital)

    def relation(self, code: object, *, capital: bool = False) -> str:
        """A relationship type (`RelKind` value): "kumppanuus", "tarjoaa palvelun", …"""
        return self._domain("relation", code, capital)

    def noun(self, code: object, n: int) -> str:
        """The word for `n` things of a node label or relationship type, as it follows
        the number: "toimija" (1), "toimijaa" (3); "provider", "providers"."""
        if n != 1:
            return self(f"count.{_code(code)}")
        prefix = "label" if has(f"label.{_code(code)}") else "relation"
        return self._domain(prefix, code, False)

    def measure(self, code: object, *, capital: bool = False) -> str:
        """A measure of a provider's place: "yhteyksien määrä", "välittäjäasema"."""
        return self._domain("measure", code, capital)

    def number(self, n: int) -> str:
        """A whole number as people write it: 10 000 in Finnish, 10,000 in English.

        >>> Words("fi").number(16779), Words("en").number(16779), Words("fi").number(999)
        ('16\u00a0779', '16,779', '999')
        """
        text = f"{n:,}"
        return text.replace(",", "\u00a0") if self.lang == "fi" else text

    def date(self, day: date) -> str:
        """A date as people write it: 1.3.2025 in Finnish, 2025-03-01 in English."""
        return f"{day.day}.{day.month}.{day.year}" if self.lang == "fi" else day.isoformat()

    def ages(self, lo: float | None, hi: float | None) -> str:
        """An age range as people say it: "7–21-vuotiaat", "yli 65-vuotiaat"; "" for none.

        >>> fi, en = Words("fi"), Words("en")
        >>> fi.ages(7, 21), fi.ages(66, None), fi.ages(None, 6), en.ages(66, None)
        ('7–21-vuotiaat', 'yli 65-vuotiaat', 'enintään 6-vuotiaat', 'over 65')
        """
        if lo is not None and hi is not None:
            return self("age.range", lo=f"{lo:g}", hi=f"{hi:g}")
        if lo is not None:
            # the forum says "yli 65-vuotiaat" of a group that starts at 66
            if float(lo).is_integer() and lo >= 1:
                return self("age.over", n=f"{lo - 1:g}")
            return self("age.from", lo=f"{lo:g}")
        if hi is not None:
            return self("age.up_to", hi=f"{hi:g}")
        return ""
