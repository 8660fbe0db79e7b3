"""The analyses: /gaps, /coverage, /network, /transitions, /critical, POST /scenarios.

The same JSON as the CLI's --json; cached by the store's version (the X-Cache header
says hit or miss).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, BeforeValidator, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from graphsvc.analysis.results import (
    CoverageReport,
    CriticalReport,
    GapReport,
    NetworkReport,
    ScenarioChanges,
    ScenarioResult,
    TimeComparison,
    TransitionsReport,
)
from graphsvc.api.bodies import strict_body
from graphsvc.api.deps import Read, Reading
from graphsvc.api.examples import SCENARIO_EXAMPLE
from graphsvc.api.params import AsOf, Day, id_query
from graphsvc.api.responses import ERRORS
from graphsvc.model.types import iso_day
from graphsvc.serving import analyses
from graphsvc.serving.replay import replayable
from graphsvc.store import GraphStore

router = APIRouter(tags=["analysis"])

if TYPE_CHECKING:
    ScenarioBody = ScenarioChanges
else:
    ScenarioBody = strict_body(ScenarioChanges)

E = TypeVar("E", bound=Callable[..., Any])

Lang = Annotated[Literal["fi", "en"], Field(description="Language of names and messages.")]
Id = Annotated[str | None, Field(min_length=1, max_length=200)]
AsOfField = Annotated[
    Day, Field(description="Count what is active on this day (YYYY-MM-DD; default today).")
]


class AnalysisQuery(BaseModel):
    """The query of /gaps, /coverage, /transitions and /critical (as the CLI's options),
    validated in one step."""

    group: Id = Field(
        None, description="Only findings about this target group.", examples=["age-7-21"]
    )
    need: Id = Field(None, description="Only findings about this need.")
    area: Id = Field(None, description="Count coverage in this area.")
    as_of: AsOfField = None
    lang: Lang = "fi"

    def params(self) -> analyses.Params:
        return analyses.Params(
            group=self.group, need=self.need, area=self.area, as_of=self.as_of, lang=self.lang
        )


class NetworkQuery(BaseModel):
    """The query of /network."""

    group: Id = Field(
        None, description="Only providers serving this target group.", examples=["age-7-21"]
    )
    area: Id = Field(None, description="Only providers available in this area.")
    as_of: AsOfField = None
    lang: Lang = "fi"
    top: int = Field(20, ge=1, le=10_000, description="How many brokers to list.")

    def params(self) -> analyses.Params:
        return analyses.Params(
            group=self.group, area=self.area, as_of=self.as_of, lang=self.lang, top=self.top
        )


Params = Annotated[AnalysisQuery, Query()]


async def version_of(store: GraphStore) -> int:
    # The embedded store answers from a local file at once; a server is asked in a thread.
    if store.capabilities.embedded:
        return store.version()
    return await run_in_threadpool(store.version)


async def serve(r: Reading, name: str, p: analyses.Params) -> Response:
    store, cache = r.store, r.cache
    version = await version_of(store)
    hit, body = cache.peek(version, ("json", name, p.key()))
    if not hit:
        body, hit = await run_in_threadpool(analyses.encoded, store, cache, name, p, version)
    replayable(r.request)
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
async def gaps(q: Params, r: Read) -> Response:
    """The gap report: every finding, ranked (as `graphsvc gaps --json`)."""
    return await serve(r, "gaps", q.params())


@_analysis("/coverage", CoverageReport)
async def coverage(q: Params, r: Read) -> Response:
    """Coverage of each (group, need) (as `graphsvc coverage --json`)."""
    return await serve(r, "coverage", q.params())


@_analysis("/network", NetworkReport)
async def network(q: Annotated[NetworkQuery, Query()], r: Read) -> Response:
    """Partnership network metrics, components and brokers (as `graphsvc network --json`)."""
    return await serve(r, "network", q.params())


@_analysis("/transitions", TransitionsReport)
async def transitions(q: Params, r: Read) -> Response:
    """Transition gaps between consecutive age groups (the gap report's transition_gaps)."""
    return await serve(r, "transitions", q.params())


@_analysis("/critical", CriticalReport)
async def critical(q: Params, r: Read) -> Response:
    """Critical providers and bridges (the gap report's critical_providers and bridges)."""
    return await serve(r, "critical", q.params())


@router.post("/scenarios", response_model=ScenarioResult, responses=ERRORS)
async def scenarios(
    r: Read,
    changes: Annotated[
        ScenarioBody,
        Body(
            openapi_examples={
                "county": {
                    "summary": "What if the wellbeing county's units left?",
                    "value": SCENARIO_EXAMPLE,
                }
            }
        ),
    ],
    area: Annotated[str | None, id_query("Count coverage in this area.")] = None,
    as_of: AsOf = None,
    lang: Annotated[Literal["fi", "en"], Query(description="Language of the names.")] = "fi",
) -> Response:
    """Apply changes to a copy of the graph and compare before and after (no writes)."""
    p = analyses.Params(area=area, as_of=as_of, lang=lang)
    value, hit = await run_in_threadpool(analyses.scenario, r.store, r.cache, changes, p)
    body = analyses.encode(value)
    return Response(
        body, media_type="application/json", headers={"X-Cache": "hit" if hit else "miss"}
    )


@router.get(
    "/compare",
    responses={
        **ERRORS,
        200: {"model": TimeComparison, "description": "The two days compared"},
    },
    summary="Two days side by side (as `graphsvc compare --json`)",
)
async def compare(
    r: Read,
    start: Annotated[
        date,
        BeforeValidator(iso_day),
        Query(
            alias="from",
            description="The earlier day (YYYY-MM-DD); before `to`.",
            examples=["2022-12-31"],
        ),
    ],
    end: Annotated[
        Day,
        Query(
            alias="to",
            description="The later day (YYYY-MM-DD; default today); after `from`.",
            examples=["2023-01-01"],
        ),
    ] = None,
    area: Annotated[str | None, id_query("Count coverage in this area.")] = None,
    lang: Annotated[Literal["fi", "en"], Query(description="Language of the names.")] = "fi",
) -> Response:
    """What appeared and ended between two days (providers, services, partnerships),
    and which gaps opened and closed."""
    body, hit = await run_in_threadpool(
        analyses.comparison, r.store, r.cache, start, end, area, lang
    )
    replayable(r.request)
    return Response(
        body, media_type="application/json", headers={"X-Cache": "hit" if hit else "miss"}
    )
