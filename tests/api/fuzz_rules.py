"""The API's rules that its OpenAPI document states in words but JSON Schema cannot:
one field compared with another. schemathesis is told of them through its hooks, so
that a request it calls valid is one the service must take.

    SCHEMATHESIS_HOOKS=tests.api.fuzz_rules schemathesis run …   (bench/fuzz_api.py does)

Every other rule is in the schema itself (bounds, patterns, enums, which labels a
relationship joins, what an age group needs); a rule here must be said in the
document too (a field's description or the operation's), and refused with a clear 422.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import schemathesis


def _after(a: Any, b: Any) -> bool:
    # (ISO days compare as text; the schema makes them ISO days)
    return isinstance(a, str) and isinstance(b, str) and a > b


def body_breaks_a_rule(body: Any) -> str | None:
    """The cross-field rule a request body breaks, or None."""
    if not isinstance(body, dict):
        return None
    low, high = body.get("min_age"), body.get("max_age")
    numbers = all(isinstance(a, int | float) and not isinstance(a, bool) for a in (low, high))
    if numbers and low > high:
        return "min_age is above max_age"
    if _after(body.get("valid_from"), body.get("valid_to")):
        return "valid_from is after valid_to"
    if body.get("kind") == "PARTNERS_WITH" and body.get("source") == body.get("target"):
        return "a provider does not partner with itself"
    if isinstance(body.get("query"), dict):  # a saved view
        broken = view_breaks_a_rule(body["query"])
        if broken:
            return broken
    properties = body.get("properties")
    if isinstance(properties, dict) and _after(properties.get("since"), properties.get("until")):
        return "since is after until"
    return None


def view_breaks_a_rule(query: Any) -> str | None:
    """The rule a view's parameters break (in a URL, or a saved view's query), or None:
    `provider` is not given with `group` or `need`; `view: map` needs a `group`; `zoom`,
    `x` and `y` come together; a scenario's partnership joins two different providers."""
    if not isinstance(query, dict):
        return None
    if query.get("provider") is not None and (
        query.get("group") is not None or query.get("need") is not None
    ):
        return "provider with group or need"
    if query.get("view") == "map" and query.get("group") is None:
        return "a service map without a group"
    if len({query.get(k) is None for k in ("zoom", "x", "y")}) > 1:
        return "zoom, x and y apart"
    for name in ("add_partnership", "remove_partnership"):
        pairs = query.get(name)
        for pair in pairs if isinstance(pairs, list) else [pairs]:
            ends = pair.split(",", 1) if isinstance(pair, str) else pair
            if isinstance(ends, list | tuple) and len(ends) == 2 and _same_id(*ends):
                return "a provider does not partner with itself"
    return None


def _same_id(a: Any, b: Any) -> bool:
    # (ids are stripped, and a number is its text)
    return (
        isinstance(a, str | int) and isinstance(b, str | int) and str(a).strip() == str(b).strip()
    )


def query_breaks_a_rule(query: Any) -> str | None:
    """The rule a query breaks, or None: /compare's `from` is before its `to` (today
    when not given); a view's rules (`view_breaks_a_rule`)."""
    if not isinstance(query, dict):
        return None
    start, end = query.get("from"), query.get("to") or date.today().isoformat()
    if isinstance(start, str) and isinstance(end, str) and start >= end:
        return "from is not before to"
    return view_breaks_a_rule(query)


@schemathesis.hook
def filter_case(ctx: Any, case: Any) -> bool:
    # (a case hook: schemathesis applies it in every phase, the coverage phase too)
    return body_breaks_a_rule(case.body) is None and query_breaks_a_rule(case.query) is None
