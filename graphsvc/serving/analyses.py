"""The analyses as the service serves them: the same functions and JSON shapes as the
CLI's `--json` (graphsvc.cli.analysis: gap_report, coverage_report, network_report,
run_scenario, dumped with model_dump(mode="json")), computed once per store version and
kept as encoded JSON, so that a cached answer costs a dictionary look-up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from graphsvc.errors import UnknownId
from graphsvc.model import Dataset, Population
from graphsvc.serving.cache import ResultCache
from graphsvc.serving.requests import snapshot
from graphsvc.store import GraphStore


@dataclass(frozen=True)
class Params:
    """The parameters every analysis takes (as the CLI's options)."""

    group: str | None = None
    need: str | None = None
    area: str | None = None
    as_of: date | None = None
    lang: str = "fi"
    top: int | None = 20  # brokers listed by /network

    def key(self) -> tuple[Any, ...]:
        # The default day is today: part of the key, so that a result never outlives it.
        return (self.group, self.need, self.area, self.as_of or date.today(), self.lang, self.top)


def _report(ds: Dataset, p: Params, population: Population | None = None) -> Any:
    from graphsvc.analysis import gap_report

    return gap_report(
        ds,
        group=p.group,
        need=p.need,
        area=p.area,
        as_of=p.as_of,
        lang=p.lang,
        population=population,
    )


def population_of(store: GraphStore, cache: ResultCache) -> Population:
    """The store's residents by area and age, cached by store version like a snapshot."""
    from graphsvc.store.population import read_population

    value: Population = cache.get_or_compute(
        store.version(), ("population",), lambda: read_population(store)
    )[0]
    return value


def _coverage(ds: Dataset, p: Params) -> Any:
    from graphsvc.analysis import coverage_report

    return coverage_report(ds, group=p.group, need=p.need, area=p.area, as_of=p.as_of, lang=p.lang)


def _network(ds: Dataset, p: Params) -> Any:
    from graphsvc.analysis import network_report

    return network_report(
        ds, group=p.group, area=p.area, as_of=p.as_of, lang=p.lang, top_brokers=p.top
    )


def _transitions(ds: Dataset, p: Params) -> Any:
    from graphsvc.analysis.results import TransitionsReport

    return TransitionsReport.of(_report(ds, p))


def _critical(ds: Dataset, p: Params) -> Any:
    from graphsvc.analysis.results import CriticalReport

    return CriticalReport.of(_report(ds, p))


#: name -> builder; each returns what the CLI's `--json` prints (gaps, coverage, network)
BUILDERS: dict[str, Callable[[Dataset, Params], Any]] = {
    "gaps": _report,
    "coverage": _coverage,
    "network": _network,
    "transitions": _transitions,
    "critical": _critical,
}


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def encode(value: Any) -> bytes:
    return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def result(store: GraphStore, cache: ResultCache, name: str, p: Params) -> tuple[Any, bool]:
    """The model (or payload) of analysis `name`, cached by store version; (value, hit)."""
    version = store.version()
    key = ("model", name, p.key())
    hit, value = cache.peek(version, key)
    if hit:
        return value, True
    build = BUILDERS[name]
    if name == "gaps":  # (the report with residents: transitions and critical need none)
        people = population_of(store, cache)
        return cache.get_or_compute(
            version, key, lambda: _run(store, cache, lambda ds: _report(ds, p, people))
        )
    return cache.get_or_compute(version, key, lambda: _run(store, cache, lambda ds: build(ds, p)))


def _run(store: GraphStore, cache: ResultCache, analysis: Callable[[Dataset], Any]) -> Any:
    """`analysis` over the snapshot; an unknown id is named as the query parameter it
    came in (the analyses check the ids they are given, once)."""
    try:
        return analysis(snapshot(store, cache))
    except UnknownId as exc:
        raise exc.at("query") from None


def encoded(
    store: GraphStore, cache: ResultCache, name: str, p: Params, version: int | None = None
) -> tuple[bytes, bool]:
    """The JSON bytes of analysis `name`, cached by store version; (bytes, hit)."""
    version = store.version() if version is None else version
    key = ("json", name, p.key())
    hit, value = cache.peek(version, key)
    if hit:
        return value, True
    return cache.get_or_compute(version, key, lambda: encode(result(store, cache, name, p)[0]))


def scenario(store: GraphStore, cache: ResultCache, changes: Any, p: Params) -> tuple[Any, bool]:
    """A scenario's result (before, after, diff), cached by store version and changes."""
    from graphsvc.analysis import run_scenario

    def compute() -> Any:
        return _run(
            store,
            cache,
            lambda ds: run_scenario(ds, changes, as_of=p.as_of, area=p.area, lang=p.lang),
        )

    version = store.version()
    key = ("scenario", changes.model_dump_json(), p.key())
    return cache.get_or_compute(version, key, compute)


def comparison_result(
    store: GraphStore,
    cache: ResultCache,
    start: date,
    end: date | None,
    area: str | None,
    lang: str,
) -> Any:
    """Two days compared (`compare_days`, a TimeComparison), cached by store version.
    `end` defaults to today."""
    from graphsvc.analysis import compare_days

    last = end or date.today()

    def compute() -> Any:
        return _run(store, cache, lambda ds: compare_days(ds, start, last, area=area, lang=lang))

    key = ("compare", start, last, area, lang)
    return cache.get_or_compute(store.version(), key, compute)[0]


def comparison(
    store: GraphStore,
    cache: ResultCache,
    start: date,
    end: date | None,
    area: str | None,
    lang: str,
) -> tuple[bytes, bool]:
    """The JSON of `comparison_result`, cached too; (bytes, hit)."""
    key = ("json", "compare", start, end or date.today(), area, lang)

    def compute() -> bytes:
        return encode(comparison_result(store, cache, start, end, area, lang))

    return cache.get_or_compute(store.version(), key, compute)
