"""The analyses: /gaps, /coverage, /network, /transitions, /critical, POST /scenarios.

The same JSON as the CLI's --json; cached by the store's version (the X-Cache header
says hit or miss).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from graphsvc.analysis.results import (
    CoverageReport,
    CriticalReport,
    GapReport,
    NetworkReport,
    ScenarioChanges,
    ScenarioResult,
    TransitionsReport,
)
from graphsvc.api.deps import Cache, Reader, Store
from graphsvc.api.examples import SCENARIO_EXAMPLE
from graphsvc.api.responses import ERRORS
from graphsvc.serving import analyses
from graphsvc.serving.cache import ResultCache
from graphsvc.serving.requests import parse_day
from graphsvc.store import GraphStore

router = APIRouter(tags=["analysis"])

E = TypeVar("E", bound=Callable[..., Any])

Group = Annotated[
    str | None, Query(description="Only findings about this target group.", examples=["age-7-21"])
]
Need = Annotated[str | None, Query(description="Only findings about this need.")]
Area = Annotated[str | None, Query(description="Count coverage in this area.")]
AsOf = Annotated[
    str | None, Query(description="Count what is active on this day (YYYY-MM-DD; default today).")
]
Lang = Annotated[Literal["fi", "en"], Query(description="Language of names and messages.")]


async def params(
    group: Group = None, need: Need = None, area: Area = None, as_of: AsOf = None, lang: Lang = "fi"
) -> analyses.Params:
    return analyses.Params(
        group=group or None, need=need or None, area=area or None, as_of=parse_day(as_of), lang=lang
    )


async def network_params(
    group: Group = None,
    area: Area = None,
    as_of: AsOf = None,
    lang: Lang = "fi",
    top: Annotated[int, Query(ge=1, le=10_000, description="How many brokers to list.")] = 20,
) -> analyses.Params:
    return analyses.Params(
        group=group or None, area=area or None, as_of=parse_day(as_of), lang=lang, top=top
    )


Params = Annotated[analyses.Params, Depends(params)]
NetworkParams = Annotated[analyses.Params, Depends(network_params)]


async def version_of(store: GraphStore) -> int:
    # The embedded store answers from a local file at once; a server is asked in a thread.
    if store.capabilities.embedded:
        return store.version()
    return await run_in_threadpool(store.version)


async def serve(store: GraphStore, cache: ResultCache, name: str, p: analyses.Params) -> Response:
    version = await version_of(store)
    hit, body = cache.peek(version, ("json", name, p.key()))
    if not hit:
        body, hit = await run_in_threadpool(analyses.encoded, store, cache, name, p, version)
    return Response(
        body, media_type="application/json", headers={"X-Cache": "hit" if hit else "miss"}
    )


def _analysis(path: str, model: type[BaseModel]) -> Callable[[E], E]:
    """Register a GET route whose docstring is its summary, documenting the model of its
    200 answer (the body is the cached JSON bytes, sent as they are) and the one error
    shape."""

    def register(endpoint: E) -> E:
        summary = (endpoint.__doc__ or "").strip()
        responses = {**ERRORS, 200: {"model": model, "description": summary}}
        router.add_api_route(path, endpoint, methods=["GET"], summary=summary, responses=responses)
        return endpoint

    return register


@_analysis("/gaps", GapReport)
async def gaps(store: Store, cache: Cache, p: Params, _: Reader) -> Response:
    """The gap report: every finding, ranked (as `graphsvc gaps --json`)."""
    return await serve(store, cache, "gaps", p)


@_analysis("/coverage", CoverageReport)
async def coverage(store: Store, cache: Cache, p: Params, _: Reader) -> Response:
    """Coverage of each (group, need) (as `graphsvc coverage --json`)."""
    return await serve(store, cache, "coverage", p)


@_analysis("/network", NetworkReport)
async def network(store: Store, cache: Cache, p: NetworkParams, _: Reader) -> Response:
    """Partnership network metrics, components and brokers (as `graphsvc network --json`)."""
    return await serve(store, cache, "network", p)


@_analysis("/transitions", TransitionsReport)
async def transitions(store: Store, cache: Cache, p: Params, _: Reader) -> Response:
    """Transition gaps between consecutive age groups (the gap report's transition_gaps)."""
    return await serve(store, cache, "transitions", p)


@_analysis("/critical", CriticalReport)
async def critical(store: Store, cache: Cache, p: Params, _: Reader) -> Response:
    """Critical providers and bridges (the gap report's critical_providers and bridges)."""
    return await serve(store, cache, "critical", p)


@router.post("/scenarios", response_model=ScenarioResult, responses=ERRORS)
async def scenarios(
    store: Store,
    cache: Cache,
    _: Reader,
    changes: Annotated[
        ScenarioChanges,
        Body(
            openapi_examples={
                "county": {
                    "summary": "What if the wellbeing county's units left?",
                    "value": SCENARIO_EXAMPLE,
                }
            }
        ),
    ],
    area: Area = None,
    as_of: AsOf = None,
    lang: Lang = "fi",
) -> Response:
    """Apply changes to a copy of the graph and compare before and after (no writes)."""
    p = analyses.Params(area=area or None, as_of=parse_day(as_of), lang=lang)
    value, hit = await run_in_threadpool(analyses.scenario, store, cache, changes, p)
    body = analyses.encode(value)
    return Response(
        body, media_type="application/json", headers={"X-Cache": "hit" if hit else "miss"}
    )
