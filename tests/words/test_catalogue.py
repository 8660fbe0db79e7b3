"""The word catalogue: every key in every language, every code of the domain named,
no key that nothing uses, and a language with missing words falls back to Finnish."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from graphsvc import words
from graphsvc.analysis.results import (
    BROKER_COLUMNS,
    CRITICAL_COLUMNS,
    GROUP_EI_COLUMNS,
    RANKED_COLUMNS,
    GapKind,
    Status,
)
from graphsvc.importing.report import CSV_COLUMNS
from graphsvc.model import GroupKind, Label, PartnershipKind, RelKind, Sector
from graphsvc.words import DEFAULT_LANG, LANGS, TABLES, Words, has, word

ROOT = Path(__file__).resolve().parents[2]

#: the key families whose keys are codes of the domain: every code has a word, and a
#: key whose code is not one of them names nothing
CODES: dict[str, set[str]] = {
    "sector": {s.value for s in Sector},
    "status": {s.value for s in Status},
    "partnership": {k.value for k in PartnershipKind},
    "label": {lb.value for lb in Label},
    "relation": {r.value for r in RelKind},
    "count": {lb.value for lb in Label} | {RelKind.PARTNERS_WITH.value},
    "finding": {k.value for k in GapKind} - {s.value for s in Status},
    "message": {k.value for k in GapKind} | {"in_area", "areas"},  # areas: a folded row
    "group_kind": {k.value for k in GroupKind},
    "measure": {"degree", "betweenness"},
    "column": {
        *RANKED_COLUMNS,
        *CRITICAL_COLUMNS,
        *BROKER_COLUMNS,
        *GROUP_EI_COLUMNS,
        *CSV_COLUMNS,
    },
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_is_in_every_language_with_the_same_blanks(lang: str) -> None:
    default, table = TABLES[DEFAULT_LANG], TABLES[lang]
    assert set(table) == set(default)
    assert all(text.strip() for text in table.values())
    wrong = {k for k in default if _fields(default[k]) != _fields(table[k])}
    assert wrong == set()


@pytest.mark.parametrize("family", sorted(CODES))
def test_every_code_of_the_domain_has_a_word_and_every_word_a_code(family: str) -> None:
    keys = {k.split(".", 1)[1] for k in TABLES[DEFAULT_LANG] if k.startswith(family + ".")}
    assert keys == CODES[family]


def test_a_language_without_a_table_is_the_default() -> None:
    assert word("sector.city", "sv") == word("sector.city", DEFAULT_LANG) == "kaupunki"
    assert Words("sv").lang == DEFAULT_LANG
    assert Words("xx").status(Status.FRAGILE) == "yhden toimijan varassa"


def test_a_new_language_is_one_table_and_its_missing_words_fall_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a half-done Swedish table: what it has it says, the rest is Finnish, nothing crashes
    monkeypatch.setitem(words.TABLES, "sv", {"sector.city": "stad"})  # type: ignore[index]
    sv = Words("sv")
    assert sv.lang == "sv"
    assert sv.sector(Sector.CITY, capital=True) == "Stad"
    assert sv.sector(Sector.NGO) == "järjestö"
    assert sv("view.removed", names="MLL") == "MLL poistettu"
    assert sv.noun(Label.PROVIDER, 3) == "toimijaa"


def test_an_unknown_key_or_code_shows_as_itself() -> None:
    assert word("no.such.key", "en") == "no.such.key"
    assert Words("en").sector("guild") == "guild"
    assert not has("no.such.key")


@pytest.mark.parametrize(
    "lo, hi, fi, en",
    [
        (0, 6, "0–6-vuotiaat", "0–6 year-olds"),
        (7, 21, "7–21-vuotiaat", "7–21 year-olds"),
        (66, None, "yli 65-vuotiaat", "over 65"),  # as the forum writes it
        (None, 6, "enintään 6-vuotiaat", "up to 6 year-olds"),
        (0.5, None, "0.5 vuotta täyttäneet", "0.5 and over"),
        (None, None, "", ""),
    ],
)
def test_ages_as_people_say_them(lo: float | None, hi: float | None, fi: str, en: str) -> None:
    assert Words("fi").ages(lo, hi) == fi and Words("en").ages(lo, hi) == en


def test_the_finding_of_a_coverage_status_is_the_status_word() -> None:
    for lang in LANGS:
        w = Words(lang)
        for status in (Status.UNCOVERED, Status.FRAGILE, Status.SINGLE_SECTOR):
            assert w.finding(GapKind(status.value)) == w.status(status)


# --- no orphans ----------------------------------------------------------------------


def _sources() -> str:
    paths = [
        *(ROOT / "graphsvc").rglob("*.py"),
        *(ROOT / "visual").rglob("*.py"),
        *(ROOT / "graphsvc" / "web" / "templates").glob("*.html"),
    ]
    tables = {ROOT / "graphsvc" / "words" / f"{lang}.py" for lang in LANGS}
    return "\n".join(p.read_text(encoding="utf-8") for p in paths if p not in tables)


def test_no_key_is_an_orphan() -> None:
    """Every key is used: written whole in the code or a template, or made of a prefix
    the code completes (``t("nav." ~ key)``, ``f"view.{key}"``) and a code it completes
    it with; a key of a domain family is used when its code is (see CODES)."""
    text = _sources()
    literals = set(re.findall(r"""["']([A-Za-z_][\w.]*)["']""", text))
    prefixes = set(re.findall(r"""["']([a-z_]+)\.["']\s*[~+]""", text))  # Jinja: "nav." ~ key
    prefixes |= set(re.findall(r"""f["']([a-z_]+)\.\{""", text))  # Python: f"expect.{kind}"
    prefixes |= set(re.findall(r"""label\(["']([a-z_]+)["']""", text))  # label("reason", r)
    orphans = []
    for key in TABLES[DEFAULT_LANG]:
        prefix, _, rest = key.partition(".")
        if prefix in CODES or key in literals:
            continue
        if not (rest and prefix in prefixes and rest in literals):
            orphans.append(key)
    assert orphans == []


def test_the_orphan_check_sees_the_keys_it_should() -> None:
    text = _sources()
    # a few keys and how they are used, so that the check cannot pass by seeing nothing
    assert 't("nav.label")' in text or "t('nav.label')" in text
    assert 'f"view.{key}"' in text
