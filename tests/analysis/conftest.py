"""A tiny builder of hand-drawn networks for the analysis tests."""

from __future__ import annotations

import doctest
import importlib
from datetime import date
from typing import Any

from graphsvc.model import Dataset

#: the as-of day of every test (nothing depends on today's date)
DAY = date(2025, 6, 1)

AGE_GROUPS = {
    "kids": (0, 6),
    "youth": (7, 21),
    "adults": (22, 65),
    "seniors": (66, None),
}


def build(
    *,
    groups: list[Any] | None = None,
    demand: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
    providers: list[Any] = (),  # type: ignore[assignment]
    services: list[dict[str, Any]] = (),  # type: ignore[assignment]
    ties: list[tuple[Any, ...] | dict[str, Any]] = (),  # type: ignore[assignment]
    areas: list[tuple[str, str, str | None]] = (),  # type: ignore[assignment]
) -> Dataset:
    """A Dataset from shorthand.

    groups: ids of AGE_GROUPS, ("id", "special"), or dicts (default: the four age groups);
    demand: (group, need[, priority]) — the needs are made from it;
    providers: "id" (sector city) or ("id", "sector") or dicts;
    services: dicts; `id` and `name` default, `needs`/`groups` may be one string;
    ties: (a, b[, kind]) or dicts; areas: (id, kind, parent).
    """
    gs = [_group(g) for g in (groups if groups is not None else list(AGE_GROUPS))]
    needs = sorted({d[1] for d in demand} | {n for s in services for n in _list(s, "needs")})
    return Dataset.model_validate(
        {
            "target_groups": gs,
            "needs": [{"id": n, "name": {"fi": f"tarve {n}", "en": f"need {n}"}} for n in needs],
            "group_needs": [
                {"group": d[0], "need": d[1], "priority": d[2] if len(d) > 2 else 2} for d in demand
            ],
            "areas": [{"id": a, "name": a.title(), "kind": k, "parent": p} for a, k, p in areas],
            "providers": [_provider(p) for p in providers],
            "services": [_service(i, s) for i, s in enumerate(services)],
            "partnerships": [
                t
                if isinstance(t, dict)
                else {"source": t[0], "target": t[1], "kind": t[2] if len(t) > 2 else "other"}
                for t in ties
            ],
        }
    )


def _group(g: Any) -> dict[str, Any]:
    if isinstance(g, dict):
        return g
    if isinstance(g, tuple):
        return {"id": g[0], "name": g[0], "kind": g[1]}
    lo, hi = AGE_GROUPS[g]
    # None is left out: model.Age rejects an explicit null (reported)
    return _drop_none(
        {
            "id": g,
            "name": {"fi": f"ryhmä {g}", "en": f"group {g}"},
            "kind": "age",
            "min_age": lo,
            "max_age": hi,
        }
    )


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _provider(p: Any) -> dict[str, Any]:
    if isinstance(p, dict):
        return {"name": p["id"], "sector": "city", **p}
    pid, sector = (p, "city") if isinstance(p, str) else p
    return {"id": pid, "name": {"fi": f"tuottaja {pid}", "en": f"provider {pid}"}, "sector": sector}


def _list(s: dict[str, Any], key: str) -> list[str]:
    value = s.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _service(i: int, s: dict[str, Any]) -> dict[str, Any]:
    out = _drop_none({"id": f"s{i}", "name": f"s{i}", **s})
    for key in ("needs", "groups", "areas"):
        out[key] = _list(s, key)
    return out


def run_doctests(module: str) -> doctest.TestResults:
    """Run a module's docstring examples; they are part of the contract too."""
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
    return result
