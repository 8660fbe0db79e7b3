"""Enums, multilingual names and the scalar types of the model (ids, ages, dates, lists)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import (
    Annotated,
    Any,
    Final,
)

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)

DATASET_FORMAT: Final = "graphsvc-dataset"
DATASET_VERSION: Final = 1
LANGUAGES = ("fi", "en", "sv")
#: the fields that hold a text per language (a workbook gives name_fi, name_en, …)
MULTILINGUAL = frozenset({"name", "description"})


class Label(StrEnum):
    """Node labels."""

    PROVIDER = "Provider"
    TARGET_GROUP = "TargetGroup"
    NEED = "Need"
    SERVICE = "Service"
    AREA = "Area"
    NETWORK = "Network"


class RelKind(StrEnum):
    """Relationship types."""

    OFFERS = "OFFERS"
    MEETS = "MEETS"
    SERVES = "SERVES"
    HAS_NEED = "HAS_NEED"
    AVAILABLE_IN = "AVAILABLE_IN"
    PARTNERS_WITH = "PARTNERS_WITH"
    PART_OF = "PART_OF"
    MEMBER_OF = "MEMBER_OF"


class Sector(StrEnum):
    CITY = "city"
    WELLBEING_COUNTY = "wellbeing_county"
    STATE = "state"
    NGO = "ngo"
    COMPANY = "company"
    EDUCATION = "education"
    PARISH = "parish"
    PROJECT = "project"
    INFORMAL = "informal"


class GroupKind(StrEnum):
    AGE = "age"
    SPECIAL = "special"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"
    OUTREACH = "outreach"


class AreaKind(StrEnum):
    DISTRICT = "district"
    MUNICIPALITY = "municipality"
    REGION = "region"


class PartnershipKind(StrEnum):
    PURCHASE = "purchase"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    VOUCHER = "voucher"
    GRANT = "grant"
    PROJECT = "project"
    REFERRAL = "referral"
    NETWORK = "network"
    CO_LOCATION = "co_location"
    OTHER = "other"


#: Allowed (source label, target label) pairs of each relationship type.
ENDPOINTS: dict[RelKind, tuple[tuple[Label, Label], ...]] = {
    RelKind.OFFERS: ((Label.PROVIDER, Label.SERVICE),),
    RelKind.MEETS: ((Label.SERVICE, Label.NEED),),
    RelKind.SERVES: ((Label.SERVICE, Label.TARGET_GROUP),),
    RelKind.HAS_NEED: ((Label.TARGET_GROUP, Label.NEED),),
    RelKind.AVAILABLE_IN: ((Label.SERVICE, Label.AREA),),
    RelKind.PARTNERS_WITH: ((Label.PROVIDER, Label.PROVIDER),),
    RelKind.PART_OF: ((Label.PROVIDER, Label.PROVIDER), (Label.AREA, Label.AREA)),
    RelKind.MEMBER_OF: ((Label.PROVIDER, Label.NETWORK),),
}


# --- strict input ------------------------------------------------------------------
#
# Files are read leniently: a workbook's "a|b" is a list, "7,5" an age, "" no date, a
# YAML number an id. A model validated with `strict=True` in its config (the API's
# request bodies, graphsvc.api.bodies) takes JSON as its schema says and nothing else:
# the validators below skip their lenient paths then.

#: Unicode's White_Space: what pydantic-core strips from every string of the models
#: (Python's `str.strip()` takes \x1c-\x1f too, so the models use `blank()`)
WHITESPACE: Final = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: a character that is not white space, as a pattern that Python, Rust (pydantic-core)
#: and ECMA-262 (the OpenAPI document's readers) read alike: what makes a text not blank
NOT_BLANK: Final = (
    "[^\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def blank(text: str) -> bool:
    """Whether `text` is empty once stripped as the models strip."""
    return not text.strip(WHITESPACE)


def strict(info: ValidationInfo) -> bool:
    """Whether the model being validated reads strictly (its config says strict)."""
    return bool(info.config and info.config.get("strict"))


def iso_day(value: Any) -> Any:
    """YYYY-MM-DD and a real day (not 2025-02-30) as a date; nothing else that
    `date.fromisoformat` would take (20250101, 2025-W01-1). Other values pass."""
    if isinstance(value, str):
        if not _DAY.fullmatch(value):
            raise ValueError("not a date (use YYYY-MM-DD)")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("not a date (use YYYY-MM-DD)") from None
    return value


# --- names -------------------------------------------------------------------------


def _stripped(text: str) -> str:
    return text.strip(WHITESPACE)


def _check_name(value: Any, info: ValidationInfo) -> Any:
    if strict(info) and isinstance(value, Mapping):
        # (leniently an empty text is dropped; the API refuses it, as its schema says)
        for text in value.values():
            if isinstance(text, str) and blank(text):
                raise ValueError("a name in a language must not be empty")
    if isinstance(value, str):
        if blank(value):
            raise ValueError("name must not be empty")
        return value
    if type(value) is dict and value:  # the common case, without the Mapping ABC check
        for lang, text in value.items():
            if type(lang) is not str or type(text) is not str or blank(text):
                break
        else:
            keys = list(value)
            # sorted as the stripped codes they become, so that validating twice is still
            # one order
            order = sorted(keys, key=_stripped)
            return value if keys == order else {k: value[k] for k in order}
    if isinstance(value, Mapping):
        if not value:
            raise ValueError("name must have at least one language")
        clean: dict[str, str] = {}
        for lang, text in value.items():
            if not isinstance(lang, str) or not isinstance(text, str):
                raise ValueError("a multilingual name maps language codes to strings")
            if not blank(text):
                clean[lang] = text
        if not clean:
            raise ValueError("name must not be empty")
        return {k: clean[k] for k in sorted(clean, key=_stripped)}
    raise ValueError('name must be a string or a map of languages, e.g. {"fi": "…", "en": "…"}')


_TEXT = {"type": "string", "minLength": 1, "pattern": NOT_BLANK}
Name = Annotated[
    str | dict[str, str],
    BeforeValidator(_check_name),
    WithJsonSchema(
        {
            "anyOf": [
                _TEXT,
                {"type": "object", "minProperties": 1, "additionalProperties": _TEXT},
            ],
            "description": 'A text, or a text per language: {"fi": "…", "en": "…"}.',
        }
    ),
]


def pick(name: str | Mapping[str, str] | None, lang: str = "fi") -> str:
    """Return `name` in language `lang`, falling back to fi, en, sv, then any language.

    >>> pick({"fi": "Nuoret", "en": "Young people"}, "en")
    'Young people'
    >>> pick({"fi": "Nuoret"}, "en")
    'Nuoret'
    >>> pick("Päiväkoti", "en")
    'Päiväkoti'
    """
    if name is None:
        return ""
    if isinstance(name, str):
        return name
    for candidate in (lang, *LANGUAGES):
        if name.get(candidate):
            return name[candidate]
    return next(iter(name.values()), "")


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Fold text for search: lower case, Finnish and other diacritics removed.

    >>> fold("Päiväkoti ÅLAND")
    'paivakoti aland'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed if decomposed.isascii() else _COMBINING.sub("", decomposed)


#: Finnish and Swedish put å, ä and ö after z: three characters that sort after "z"
_NORDIC = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def collation(text: str, lang: str = "fi") -> str:
    """A key that sorts names as people of `lang` expect: case and other accents
    ignored, and in Finnish and Swedish å, ä, ö after z.

    >>> sorted(["Äänekoski", "Oulu", "Zürich", "Åbo"], key=collation)
    ['Oulu', 'Zürich', 'Åbo', 'Äänekoski']
    >>> sorted(["Äänekoski", "Oulu", "Zürich"], key=lambda t: collation(t, "en"))
    ['Äänekoski', 'Oulu', 'Zürich']
    """
    text = text.casefold()
    return fold(text.translate(_NORDIC) if lang in ("fi", "sv") else text)


def all_names(name: str | Mapping[str, str] | None) -> list[str]:
    if name is None:
        return []
    if isinstance(name, str):
        return [name]
    return list(name.values())


# --- scalar types ------------------------------------------------------------------


def _age(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str) and not strict(info):
        value = value.strip().replace(",", ".")
        if not value:
            return None
    return value


def _age_out(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


Age = Annotated[
    Annotated[float, Field(ge=0, le=130)] | None,
    BeforeValidator(_age),
    Field(default=None),
    PlainSerializer(_age_out, return_type=int | float | None),
]


def _date(value: Any, info: ValidationInfo) -> Any:
    # Only ISO dates (YYYY-MM-DD); pydantic would also take 1700000000 as a timestamp.
    if isinstance(value, date) or value is None:
        return value
    if isinstance(value, str) and strict(info):
        return iso_day(value)
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)") from None
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")


IsoDate = Annotated[date | None, BeforeValidator(_date), Field(default=None)]


# An id: text of 1 to 200 characters, stripped (the models strip every string); a
# number becomes its text (YAML reads `id: 17` as a number). All checked by
# pydantic-core itself, with no Python call: ids are the most validated field there is.
Id = Annotated[
    str, Field(min_length=1, max_length=200, coerce_numbers_to_str=True, pattern=NOT_BLANK)
]


def _id_list(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str) and not strict(info):
        return [v for v in (p.strip() for p in value.split("|")) if v]
    return value


IdList = Annotated[list[Id], BeforeValidator(_id_list), Field(default_factory=list)]


def _str_list(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str) and not strict(info):
        return [v for v in (p.strip() for p in value.split("|")) if v]
    return value


StrList = Annotated[list[str], BeforeValidator(_str_list), Field(default_factory=list)]
