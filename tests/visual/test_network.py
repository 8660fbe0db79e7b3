"""Dataset -> VisSpec on the hand-built `tiny` graph; every count is worked out by hand."""

from __future__ import annotations

import json
import random

import pytest

from graphsvc.analysis.results import Status
from graphsvc.errors import UnknownId
from graphsvc.model import Dataset, RelKind, Sector
from tests.visual.conftest import DAY, tiny_document
from visual import style
from visual.network import PHYSICS_MAX_NODES, ViewInputs, build_view
from visual.spec import CoverageCell, ViewParams, VisSpec
from visual.style import NodeKind


def view(ds: Dataset, inputs: ViewInputs | None = None, **params: object) -> VisSpec:
    params.setdefault("as_of", DAY)
    params.setdefault("size_by", "degree")
    return build_view(ds, ViewParams(**{"view": "all", **params}), inputs)  # type: ignore[arg-type]


def kinds(spec: VisSpec) -> dict[str, int]:
    return {k: v for k, v in spec.counts().items() if k not in ("nodes", "edges")}


# (params, nodes, edges, breakdown) — on DAY the ngo–daycare project has ended
CASES = [
    pytest.param(
        {},
        20,
        26,
        # 2 groups, 4 needs, 4 areas, 5 providers, 4 services, 1 network; HAS_NEED 4,
        # OFFERS 4, MEETS 4, SERVES 4 (s-club by age), AVAILABLE_IN 2, PARTNERS_WITH 2,
        # PART_OF 4 (one provider tie, three area ties), MEMBER_OF 2
        {
            "group": 2,
            "need": 4,
            "area": 4,
            "provider": 5,
            "service": 4,
            "network": 1,
            "HAS_NEED": 4,
            "OFFERS": 4,
            "MEETS": 4,
            "SERVES": 4,
            "AVAILABLE_IN": 2,
            "PARTNERS_WITH": 2,
            "PART_OF": 4,
            "MEMBER_OF": 2,
        },
        id="whole",
    ),
    pytest.param(
        {"group": "kids"},
        9,
        12,
        # kids, its 2 needs, the 3 services serving kids, their 3 providers; the voucher
        # between daycare-unit and company is the only tie among them
        {
            "group": 1,
            "need": 2,
            "service": 3,
            "provider": 3,
            "HAS_NEED": 2,
            "SERVES": 3,
            "MEETS": 3,
            "OFFERS": 3,
            "PARTNERS_WITH": 1,
        },
        id="group",
    ),
    pytest.param(
        {"group": "mh"},
        5,
        5,
        {
            "group": 1,
            "need": 2,
            "service": 1,
            "provider": 1,
            "HAS_NEED": 2,
            "SERVES": 1,
            "MEETS": 1,
            "OFFERS": 1,
        },
        id="group-with-a-gap",
    ),
    pytest.param(
        {"need": "daycare"},
        6,
        8,
        {
            "need": 1,
            "group": 1,
            "service": 2,
            "provider": 2,
            "HAS_NEED": 1,
            "MEETS": 2,
            "SERVES": 2,
            "OFFERS": 2,
            "PARTNERS_WITH": 1,
        },
        id="need",
    ),
    pytest.param(
        {"group": "kids", "need": "clubs"},
        4,
        4,
        {
            "group": 1,
            "need": 1,
            "service": 1,
            "provider": 1,
            "HAS_NEED": 1,
            "MEETS": 1,
            "SERVES": 1,
            "OFFERS": 1,
        },
        id="group-need",
    ),
    pytest.param(
        {"provider": "ngo", "radius": 1},
        5,
        4,
        # ngo, its 2 services, its active partner parish, the forum
        {
            "provider": 2,
            "service": 2,
            "network": 1,
            "OFFERS": 2,
            "PARTNERS_WITH": 1,
            "MEMBER_OF": 1,
        },
        id="provider-radius-1",
    ),
    pytest.param(
        {"provider": "ngo", "radius": 2},
        10,
        11,
        # + clubs, kids, therapy, mh and daycare-unit (through the forum)
        {
            "provider": 3,
            "service": 2,
            "network": 1,
            "need": 2,
            "group": 2,
            "OFFERS": 2,
            "MEETS": 2,
            "SERVES": 2,
            "HAS_NEED": 2,
            "PARTNERS_WITH": 1,
            "MEMBER_OF": 2,
        },
        id="provider-radius-2",
    ),
    pytest.param(
        {"sectors": ["ngo", "city"]},
        17,
        20,
        # company and parish left out, and with them the voucher and the network tie
        {
            "group": 2,
            "need": 4,
            "area": 4,
            "provider": 3,
            "service": 3,
            "network": 1,
            "HAS_NEED": 4,
            "OFFERS": 3,
            "MEETS": 3,
            "SERVES": 3,
            "AVAILABLE_IN": 1,
            "PART_OF": 4,
            "MEMBER_OF": 2,
        },
        id="sectors",
    ),
    pytest.param(
        {"area": "district"},
        15,
        18,
        # services counted in Keltinmäki: s-day (there) and the two with no area; s-private
        # is in Kuokkala. Areas: Keltinmäki and those above it
        {
            "group": 2,
            "need": 4,
            "area": 3,
            "provider": 2,
            "service": 3,
            "network": 1,
            "HAS_NEED": 4,
            "OFFERS": 3,
            "MEETS": 3,
            "SERVES": 3,
            "AVAILABLE_IN": 1,
            "PARTNERS_WITH": 0,
            "PART_OF": 2,
            "MEMBER_OF": 2,
        },
        id="area",
    ),
    pytest.param(
        {"as_of": "2019-06-01"},
        18,
        22,
        # company starts in 2020: it and its service go; the project partnership is active
        {
            "group": 2,
            "need": 4,
            "area": 4,
            "provider": 4,
            "service": 3,
            "network": 1,
            "HAS_NEED": 4,
            "OFFERS": 3,
            "MEETS": 3,
            "SERVES": 3,
            "AVAILABLE_IN": 1,
            "PARTNERS_WITH": 2,
            "PART_OF": 4,
            "MEMBER_OF": 2,
        },
        id="as-of",
    ),
]


@pytest.mark.parametrize(("params", "n_nodes", "n_edges", "breakdown"), CASES)
def test_hand_counted_views(
    tiny: Dataset, params: dict[str, object], n_nodes: int, n_edges: int, breakdown: dict[str, int]
) -> None:
    spec = view(tiny, **params)
    assert (len(spec.nodes), len(spec.edges)) == (n_nodes, n_edges)
    assert kinds(spec) == {k: v for k, v in breakdown.items() if v}


def test_ids_are_unique_and_edges_join_shown_nodes(tiny: Dataset) -> None:
    spec = view(tiny)
    ids = [n.id for n in spec.nodes]
    assert len(ids) == len(set(ids))
    assert {"p:jkl", "a:jkl"} <= set(ids)  # a provider and an area share the data id
    assert len({e.id for e in spec.edges}) == len(spec.edges)
    assert all(e.source in ids and e.target in ids for e in spec.edges)


def test_group_view_has_the_groups_services_and_partnership(tiny: Dataset) -> None:
    spec = view(tiny, group="kids")
    assert {n.id for n in spec.nodes} == {
        "g:kids",
        "n:daycare",
        "n:clubs",
        "s:s-day",
        "s:s-club",
        "s:s-private",
        "p:daycare-unit",
        "p:ngo",
        "p:company",
    }
    [tie] = [e for e in spec.edges if e.kind is RelKind.PARTNERS_WITH]
    assert (tie.source, tie.target, tie.detail) == ("p:daycare-unit", "p:company", "voucher")


def test_unknown_ids_and_bad_combinations(tiny: Dataset) -> None:
    with pytest.raises(UnknownId, match="group: no target group with id 'nobody'"):
        view(tiny, group="nobody")
    with pytest.raises(UnknownId, match="^area: no area with id"):
        view(tiny, area="atlantis")
    with pytest.raises(ValueError, match="cannot be combined"):
        view(tiny, provider="ngo", group="kids")


COVERAGE = {
    ("kids", "daycare"): CoverageCell(status=Status.COVERED, providers=2),
    ("kids", "clubs"): CoverageCell(status=Status.FRAGILE, providers=1),
    ("mh", "therapy"): CoverageCell(status=Status.FRAGILE, providers=1),
    ("mh", "digital"): CoverageCell(status=Status.UNCOVERED, providers=0),
}


def test_needs_coloured_by_status_and_uncovered_unmistakable(tiny: Dataset) -> None:
    spec = view(tiny, ViewInputs(coverage=COVERAGE), group="mh")
    digital, therapy = spec.node("n:digital"), spec.node("n:therapy")
    assert digital.status is Status.UNCOVERED and therapy.status is Status.FRAGILE
    assert digital.color == style.STATUS_COLORS[Status.UNCOVERED]
    assert therapy.color == style.STATUS_COLORS[Status.FRAGILE]
    # not by colour alone: a heavy black border, a bigger node, a mark in the label
    assert digital.border == "#000000" and digital.border_width > therapy.border_width
    assert digital.size > therapy.size
    assert digital.label.startswith("⚠") and not therapy.label.startswith("⚠")
    assert [i.key for s in spec.legend.sections if s.key == "status" for i in s.items] == [
        "uncovered",
        "fragile",
    ]
    # the tooltip lists the coverage of each group that has the need
    assert any(
        "Ei toimijaa (0 toimijaa)" in line
        for _, items in digital.tooltip.sections
        for line in items
    )


def test_a_need_shows_its_worst_status_over_groups(tiny: Dataset) -> None:
    coverage = dict(COVERAGE)
    spec = view(tiny, ViewInputs(coverage=coverage), need="daycare")
    assert spec.node("n:daycare").status is Status.COVERED
    spec = view(tiny, ViewInputs(coverage={}), need="daycare")
    assert spec.node("n:daycare").status is None
    assert spec.node("n:daycare").color == style.UNKNOWN_STATUS_COLOR


def test_scenario_greys_removed_providers_and_marks_new_gaps(tiny: Dataset) -> None:
    inputs = ViewInputs(
        coverage=COVERAGE,
        removed_providers=frozenset({"ngo"}),
        newly_uncovered=frozenset({("kids", "clubs")}),
        scenario_label="Järjestö poistettu",
    )
    spec = view(tiny, inputs, group="kids")
    ngo, club = spec.node("p:ngo"), spec.node("s:s-club")
    assert ngo.removed and club.removed and not spec.node("p:company").removed
    assert ngo.color == style.REMOVED_FILL and ngo.border_dashes
    assert spec.node("n:clubs").newly_uncovered and not spec.node("n:daycare").newly_uncovered
    removed_edges = {e.id for e in spec.edges if e.removed}
    # every tie of the removed provider and of its service
    assert removed_edges == {
        "OFFERS:p:ngo>s:s-club",
        "MEETS:s:s-club>n:clubs",
        "SERVES:s:s-club>g:kids",
    }
    assert "Skenaario: Järjestö poistettu" in spec.subtitle
    assert [i.key for s in spec.legend.sections if s.key == "scenario" for i in s.items] == [
        "removed",
        "newly_uncovered",
    ]


def test_size_by_betweenness_or_degree(tiny: Dataset) -> None:
    between = {"daycare-unit": 0.0, "ngo": 0.5, "company": 0.0}
    spec = view(tiny, ViewInputs(betweenness=between), group="kids", size_by="betweenness")
    sizes = {n.ref: n.size for n in spec.nodes if n.kind is NodeKind.PROVIDER}
    assert sizes["ngo"] == style.PROVIDER_SIZE[1]
    assert sizes["company"] == sizes["daycare-unit"] == style.PROVIDER_SIZE[0]
    by_degree = view(tiny, group="kids", size_by="degree")
    degree = {n.ref: n.measure for n in by_degree.nodes if n.kind is NodeKind.PROVIDER}
    assert degree == {"daycare-unit": 2, "ngo": 1, "company": 2}  # OFFERS + the voucher
    missing = view(tiny, group="kids", size_by="betweenness")  # nothing computed it
    assert missing.notes == ("Välittäjäasemaa ei ole laskettu: koko kertoo yhteyksien määrän.",)
    assert {n.ref: n.measure for n in missing.nodes if n.kind is NodeKind.PROVIDER} == degree


def test_names_whole_on_canvas_and_in_tooltip(tiny: Dataset) -> None:
    ngo = view(tiny, group="kids").node("p:ngo")
    assert ngo.name == "Mannerheimin Lastensuojeluliiton Keski-Suomen piiri ry"
    assert ngo.label == ngo.name  # the view wraps a long name; it never cuts one
    assert ngo.tooltip.title == ngo.name
    sections = dict(ngo.tooltip.sections)
    assert sections["Palvelut"] == ("Perhekerho", "Terapiaryhmä")
    assert sections["Kumppanit"] == ("Seurakunta (verkostoyhteistyö)",)
    assert ("Sektori", "Järjestö") in ngo.tooltip.lines


def test_language(tiny: Dataset) -> None:
    fi, en = view(tiny, group="kids"), view(tiny, group="kids", lang="en")
    assert fi.node("g:kids").label == "Lapset 0–6" and en.node("g:kids").label == "Children 0–6"
    assert fi.title == "Lapset 0–6: palveluverkosto"
    assert en.title == "Children 0–6: service network"
    assert en.data_date_text == "Data as of 2025-06-01" and fi.data_date_text == "Tiedot 1.6.2025"
    assert "Sector" in en.legend.texts() and "Sektori" in fi.legend.texts()


def test_encoding_by_sector_kind_and_relationship(tiny: Dataset) -> None:
    spec = view(tiny)
    assert spec.node("p:ngo").color == style.SECTOR_COLORS[Sector.NGO]
    assert spec.node("s:s-club").color == style.SECTOR_COLORS[Sector.NGO]  # its provider's
    assert {n.kind: n.shape for n in spec.nodes} == {
        k: style.vis_shape(k) for k in NodeKind if k is not NodeKind.CLUSTER
    }
    styles = {e.kind: (e.color, e.width, e.dashes) for e in spec.edges}
    assert len(set(styles.values())) == len(styles)  # every kind looks different
    sectors = [i.key for s in spec.legend.sections if s.key == "sector" for i in s.items]
    assert sectors == ["city", "ngo", "company", "parish"]  # only those shown, palette order


def test_search_text_is_folded(tiny: Dataset) -> None:
    node = view(tiny, group="kids").node("s:s-day")
    assert "paivakoti keltinmaki" in node.search and "day care centre" in node.search


def test_same_input_same_spec_whatever_the_order(tiny: Dataset) -> None:
    first = view(tiny).model_dump_json()
    assert view(tiny).model_dump_json() == first
    doc = tiny_document()
    rng = random.Random(3)
    for key in ("providers", "services", "needs", "partnerships", "group_needs", "areas"):
        rng.shuffle(doc[key])
    shuffled = view(Dataset.model_validate(doc))
    assert {n.id: (n.x, n.y) for n in shuffled.nodes} == {
        n["id"]: (n["x"], n["y"]) for n in json.loads(first)["nodes"]
    }


def test_physics_only_below_the_threshold(tiny: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    small = view(tiny)
    assert small.options.physics is True and small.options.hide_edges_on_drag is False
    assert any(e.dashes for e in small.edges) and any(e.arrow for e in small.edges)
    assert (
        build_view(tiny, ViewParams(as_of=DAY, view="all"), physics=False).options.physics is False
    )
    assert PHYSICS_MAX_NODES >= 100
    monkeypatch.setattr("visual.network.PHYSICS_MAX_NODES", 19)  # tiny has 20 nodes
    large = view(tiny)
    assert large.options.physics is False and large.options.hide_edges_on_drag is True
    # thousands of dashed lines are slow to redraw: large views draw plain lines
    assert not any(e.dashes or e.arrow for e in large.edges)
    assert not any(i.dashes for s in large.legend.sections if s.key == "edge" for i in s.items)
    assert large.notes == ("Suuri näkymä: yhteydet piirretään yhtenäisinä viivoina ilman nuolia.",)
    assert [(n.x, n.y) for n in large.nodes] == [(n.x, n.y) for n in small.nodes]


def test_empty_view(tiny: Dataset) -> None:
    spec = view(tiny, area="other", sectors=["parish"])  # parish offers nothing anywhere
    assert kinds(spec).get("provider", 0) == 0 and kinds(spec).get("service", 0) == 0


def test_title_names_what_a_filter_left_out(tiny: Dataset) -> None:
    spec = view(tiny, provider="ngo", sectors=["parish"])  # the ngo itself is filtered out
    assert spec.nodes == ()
    assert spec.title == (
        "Mannerheimin Lastensuojeluliiton Keski-Suomen piiri ry: lähiverkosto (säde 1)"
    )


def test_title_names_the_area_not_a_provider_with_its_id(tiny: Dataset) -> None:
    # `jkl` is both an area (Jyväskylä) and a provider (Jyväskylän kaupunki)
    assert view(tiny, area="jkl").subtitle == "Alue: Jyväskylä"


def test_scenario_legend_leaves_out_a_removed_sectors_colour(tiny: Dataset) -> None:
    inputs = ViewInputs(removed_providers=frozenset({"ngo"}))  # the only NGO: drawn hollow
    legend = view(tiny, inputs).legend
    sectors = next(s for s in legend.sections if s.key == "sector")
    assert [i.key for i in sectors.items] == ["city", "company", "parish"]
    assert "removed" in [i.key for s in legend.sections for i in s.items]
