"""A page's bad query parameter in the page's language: which parameter, what it was,
what it must be. (The API keeps pydantic's English in its JSON.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphsvc.web.i18n import translator

#: pydantic error type -> (the words of what is expected, the ctx value they show)
EXPECTED: dict[str, tuple[str, str | None]] = {
    "int_parsing": ("expect.int", None),
    "int_from_float": ("expect.int", None),
    "int_type": ("expect.int", None),
    "float_parsing": ("expect.number", None),
    "greater_than_equal": ("expect.ge", "ge"),
    "less_than_equal": ("expect.le", "le"),
    "greater_than": ("expect.gt", "gt"),
    "less_than": ("expect.lt", "lt"),
    "string_too_long": ("expect.max_length", "max_length"),
    "string_too_short": ("expect.min_length", "min_length"),
    "too_long": ("expect.max_items", "max_length"),
    "date_parsing": ("expect.date", None),
    "date_from_datetime_parsing": ("expect.date", None),
    "bool_parsing": ("expect.bool", None),
    "literal_error": ("expect.one_of", "expected"),
    "enum": ("expect.one_of", "expected"),
}


def _shown(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def describe(error: dict[str, Any], t: Callable[..., str]) -> tuple[str, str]:
    """(the parameter's name, one sentence about it) for one pydantic error."""
    loc = [p for p in error.get("loc", ()) if isinstance(p, str)]
    name = loc[1] if len(loc) > 1 and loc[0] in ("query", "path") else ".".join(loc)
    if error.get("type") == "missing":
        return name, t("invalid.missing", name=name)
    key, ctx_key = EXPECTED.get(str(error.get("type")), ("expect.valid", None))
    ctx = error.get("ctx") or {}
    expected = t(key, n=_shown(ctx.get(ctx_key, ""))) if ctx_key else t(key)
    return name, t(
        "invalid.value", name=name, value=_shown(error.get("input", "")), expected=expected
    )


def page_words(errors: list[dict[str, Any]], lang: str) -> tuple[str, list[dict[str, Any]]]:
    """The message and details of a page's invalid request, in `lang`."""
    t = translator(lang)
    described = [describe(e, t) for e in errors] or [("", t("expect.valid"))]
    details = [{"field": name, "message": text} for name, text in described]
    return described[0][1], details if len(details) > 1 else []
