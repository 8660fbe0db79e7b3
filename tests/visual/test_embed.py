"""The outer layer: analyses run for a view, and the iframe page from view parameters."""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.analysis.results import ScenarioChanges, Status
from graphsvc.errors import InvalidData, UnknownId
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, RelKind, Sector
from graphsvc.store import GraphStore
from tests.visual.conftest import DAY
from visual.embed import analysis_inputs, embed_html, view_params, view_spec
from visual.spec import ViewParams
from visual.style import NodeKind


def test_coverage_and_betweenness_from_the_analysis(tiny: Dataset) -> None:
    # in mid-2020 the ties run company – daycare-unit – ngo – parish (jkl has none)
    params = ViewParams(as_of=date(2020, 6, 1), size_by="betweenness", view="all")
    inputs = analysis_inputs(tiny, params)
    assert {k: c.status for k, c in inputs.coverage.items()} == {
        ("kids", "daycare"): Status.COVERED,
        ("kids", "clubs"): Status.FRAGILE,
        ("mh", "therapy"): Status.FRAGILE,
        ("mh", "digital"): Status.UNCOVERED,
    }
    assert inputs.betweenness is not None
    assert {p: round(b, 3) for p, b in inputs.betweenness.items() if b} == {
        "daycare-unit": 0.333,
        "ngo": 0.333,
    }
    spec = view_spec(tiny, params)
    size = {n.ref: n.size for n in spec.nodes if n.kind is NodeKind.PROVIDER}
    assert size["daycare-unit"] == size["ngo"] > size["company"] == size["parish"]
    assert spec.node("n:digital").status is Status.UNCOVERED
    assert (
        analysis_inputs(tiny, params.model_copy(update={"size_by": "degree"})).betweenness is None
    )


def test_scenario_removing_a_sector(tiny: Dataset) -> None:
    params = ViewParams(as_of=DAY, group="kids", view="all")
    inputs = analysis_inputs(tiny, params, remove_sectors=["ngo"])
    assert inputs.removed_providers == {"ngo"}
    # digital was uncovered already: not new
    assert inputs.newly_uncovered == {("kids", "clubs"), ("mh", "therapy")}
    assert inputs.coverage[("kids", "clubs")].status is Status.UNCOVERED
    assert inputs.scenario_label == "Järjestö poistettu"
    spec = view_spec(tiny, params, remove_sectors=["ngo"])
    assert spec.node("p:ngo").removed and spec.node("n:clubs").newly_uncovered
    assert spec.node("n:clubs").label.startswith("⚠")


def test_scenario_moves_and_partnerships_are_drawn(tiny: Dataset) -> None:
    params = ViewParams(as_of=DAY, view="partners", lang="en")
    changes = ScenarioChanges(
        move_sectors={"ngo": Sector.COMPANY},
        add_partnerships=[("jkl", "parish")],
        remove_partnerships=[("ngo", "parish")],  # the ngo's only tie on DAY
        remove_providers=["company"],
    )
    spec = view_spec(tiny, params, changes=changes)
    assert spec.node("p:ngo").sector is Sector.COMPANY
    ties = {frozenset((e.source, e.target)) for e in spec.edges if e.kind is RelKind.PARTNERS_WITH}
    assert frozenset(("p:jkl", "p:parish")) in ties
    assert frozenset(("p:ngo", "p:parish")) not in ties
    # the removed provider is drawn greyed, with its tie
    assert spec.node("p:company").removed
    assert frozenset(("p:daycare-unit", "p:company")) in ties
    label = analysis_inputs(tiny, params, changes=changes).scenario_label
    mll = "Mannerheimin Lastensuojeluliiton Keski-Suomen piiri ry"
    assert label == (
        f"Päiväkoti Pikkuiset Oy removed; {mll} moves to company; "
        f"Jyväskylän kaupunki and Seurakunta partner; {mll} and Seurakunta no longer partners"
    )


def test_embed_from_a_dataset_or_a_store(tiny: Dataset, sqlite_store: GraphStore) -> None:
    apply_dataset(sqlite_store, tiny)
    a = embed_html(tiny, group="kids", as_of="2025-06-01", today=DAY)
    b = embed_html(sqlite_store, group="kids", as_of="2025-06-01", today=DAY)
    assert a == b and 'class="gv-mode-embed"' in a
    assert 'class="gv-mode-presentation"' in embed_html(tiny, mode="presentation", today=DAY)


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({"group": "nobody"}, UnknownId, "group: no target group with id 'nobody'"),
        (
            {"provider": "ngo", "radius": 2, "area": "atlantis"},
            UnknownId,
            "^area: no area with id .atlantis.",
        ),
        ({"lang": "sv"}, InvalidData, "lang"),
        ({"provider": "ngo", "radius": 0}, InvalidData, "radius"),
        ({"sector": "pirates"}, InvalidData, "sectors"),
        ({"as_of": "last tuesday"}, InvalidData, "as_of"),
        ({"provider": "ngo", "group": "kids"}, InvalidData, "cannot be combined"),
    ],
    ids=["group", "area", "lang", "radius", "sector", "date", "combination"],
)
def test_bad_parameters(
    tiny: Dataset, params: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        embed_html(tiny, **params)  # type: ignore[arg-type]


def test_view_params_take_one_or_many_sectors() -> None:
    assert view_params(sector="ngo").sectors == ("ngo",)
    assert view_params(sector=["parish", "city"]).sectors == ("city", "parish")
    assert view_params(radius=None).radius == 1
