"""The views with a purpose: a group's service map, the partnership network and its
clusters, worked out by hand on the tiny network (see conftest) and a synthetic one."""

from __future__ import annotations

from collections import Counter

from graphsvc.model import Dataset, Sector
from graphsvc.synth import generate
from tests.visual.conftest import DAY
from visual.embed import view_spec
from visual.partners import CLUSTER_ABOVE
from visual.servicemap import SIDE
from visual.spec import ViewParams
from visual.style import NodeKind


def test_service_map_of_a_group(tiny: Dataset) -> None:
    spec = view_spec(tiny, ViewParams(group="kids", as_of=DAY))
    assert spec.view == "map"
    # day care: two providers of two sectors (covered); clubs: the NGO alone (fragile)
    assert spec.title == "Lapset 0–6: 1 tarve yhden toimijan varassa"
    needs = [n for n in spec.nodes if n.kind is NodeKind.NEED]
    assert sorted(needs, key=lambda n: n.y)[0].ref == "clubs"  # the worst first, on top
    assert {n.ref: (n.x, n.anchor) for n in needs} == {
        "clubs": (0.0, "inside"),
        "daycare": (0.0, "inside"),
    }
    providers = {n.ref: (n.x, n.anchor) for n in spec.nodes if n.kind is NodeKind.PROVIDER}
    # three sectors of one provider each: the city alone on the left, the rest right
    assert providers == {
        "daycare-unit": (-SIDE, "left"),
        "ngo": (SIDE, "right"),
        "company": (SIDE, "right"),
    }
    # services folded into one line per provider and need (no service nodes)
    assert {(e.source, e.target, e.detail) for e in spec.edges} == {
        ("p:daycare-unit", "n:daycare", "1"),
        ("p:company", "n:daycare", "1"),
        ("p:ngo", "n:clubs", "1"),
    }
    ngo = spec.node("p:ngo")
    assert ngo.tooltip.sections[0] == ("Vastaa tarpeisiin", ("Kerhot: Perhekerho",))
    headings = {h.text for h in spec.headings}
    assert headings == {"Tarpeet", "Kaupunki", "Järjestö", "Yritys"}
    assert spec.options.physics is False
    # the same input, the same picture
    assert view_spec(tiny, ViewParams(group="kids", as_of=DAY)) == spec
    legend = spec.legend.texts()
    assert "Solmut" not in legend and "Yhden toimijan varassa" in legend


def test_service_map_in_english_and_of_one_need(tiny: Dataset) -> None:
    spec = view_spec(tiny, ViewParams(group="mh", as_of=DAY, lang="en"))
    # therapy: the NGO alone (fragile); digital support: nobody (uncovered)
    assert spec.title == "Mental health: 1 need with no provider, 1 need depends on one provider"
    assert [n.ref for n in sorted(spec.nodes, key=lambda n: n.y) if n.kind is NodeKind.NEED] == [
        "digital",
        "therapy",
    ]
    one = view_spec(tiny, ViewParams(group="kids", need="daycare", as_of=DAY))
    assert {n.ref for n in one.nodes} == {"daycare", "daycare-unit", "company"}


def test_partnership_network(tiny: Dataset) -> None:
    spec = view_spec(tiny, ViewParams(as_of=DAY))
    assert spec.view == "partners" and spec.title == "Yhteistyöverkosto"
    assert {n.kind for n in spec.nodes} == {NodeKind.PROVIDER}
    assert len(spec.nodes) == 5
    # the day care unit's project with the NGO ended in 2021
    assert {(e.source, e.target) for e in spec.edges} == {
        ("p:daycare-unit", "p:company"),
        ("p:ngo", "p:parish"),
    }
    # the NGO alone meets clubs for children and therapy: critical; no path runs
    # through anyone, so nobody is a broker
    assert [n.ref for n in spec.nodes if n.critical] == ["ngo"]
    assert not any(n.broker for n in spec.nodes)
    assert "Kriittinen toimija" in spec.legend.texts()
    # each sector's providers stand together under the sector's name
    assert {h.text for h in spec.headings} == {"Kaupunki", "Järjestö", "Yritys", "Seurakunta"}


def test_a_large_partnership_network_opens_as_clusters() -> None:
    ds = generate(CLUSTER_ABOVE + 100, seed=3)
    spec = view_spec(ds, ViewParams(size_by="degree"))
    sectors = Counter(p.sector.value for p in ds.restricted(as_of=spec.data_date).providers)
    clusters = {n.ref: n.members for n in spec.nodes if n.kind is NodeKind.CLUSTER}
    assert clusters == dict(sectors)
    assert all(n.kind is NodeKind.CLUSTER for n in spec.nodes)
    assert any("klusteri" in x or "ryhmiksi" in x for x in spec.notes)
    # open one cluster: its providers are drawn, the others stay clusters
    opened = view_spec(ds, ViewParams(size_by="degree", open=("ngo",)))
    shown = Counter(n.kind for n in opened.nodes)
    assert shown[NodeKind.PROVIDER] == sectors["ngo"]
    assert shown[NodeKind.CLUSTER] == len(sectors) - 1
    # every tie is drawn once: between two open providers, or inside a line's count
    ties = sum(
        int(e.detail[1:]) if e.detail and e.detail.startswith("×") else 1 for e in opened.edges
    )
    inside = sum(
        int(dict(n.tooltip.lines)["Kumppanuus"].replace("\u00a0", ""))
        for n in opened.nodes
        if n.kind is NodeKind.CLUSTER
    )
    active = ds.restricted(as_of=spec.data_date)
    kept = {p.id for p in active.providers}
    total = sum(1 for ps in active.partnerships if ps.source in kept and ps.target in kept)
    assert ties + inside == total


def test_a_large_service_map_folds_each_sector_into_one_row() -> None:
    from visual.servicemap import FOLD_ABOVE

    ds = generate(1000, seed=5)
    group = "age-7-21"
    spec = view_spec(ds, ViewParams(group=group))
    needs = [n for n in spec.nodes if n.kind is NodeKind.NEED]
    rows = {n.ref: n.members for n in spec.nodes if n.kind is NodeKind.CLUSTER}
    assert not any(n.kind is NodeKind.PROVIDER for n in spec.nodes)
    assert sum(rows.values() or [0]) > FOLD_ABOVE and len(needs) > 5
    # a folded row's line to a need counts the sector's providers that meet it
    links = sum(int(e.detail[1:]) for e in spec.edges if e.detail and e.detail.startswith("×"))
    opened = view_spec(ds, ViewParams(group=group, open=("ngo",)))
    ngo = [n for n in opened.nodes if n.kind is NodeKind.PROVIDER]
    assert len(ngo) == rows["ngo"] and all(n.sector is Sector.NGO for n in ngo)
    assert "ngo" not in {n.ref for n in opened.nodes if n.kind is NodeKind.CLUSTER}
    ngo_links = sum(1 for e in opened.edges if e.source.startswith("p:"))
    folded_ngo = sum(int(e.detail[1:]) for e in spec.edges if e.source == "c:ngo" and e.detail)
    assert ngo_links == folded_ngo and links >= folded_ngo
    assert [n.ref for n in needs] == [
        n.ref for n in opened.nodes if n.kind is NodeKind.NEED
    ]  # the needs stay where they were


def test_ties_are_drawn_by_kind_with_a_legend_row_each(tiny: Dataset) -> None:
    spec = view_spec(tiny, ViewParams(as_of=DAY))
    looks = {e.detail: (e.dashes, e.color) for e in spec.edges}
    # a voucher is a contract (solid); a network is working together (dashed)
    assert looks["voucher"][0] == () and looks["network"][0] == (6.0, 4.0)
    rows = [i.key for s in spec.legend.sections if s.key == "edge" for i in s.items]
    assert rows == ["ties-contract", "ties-together"]
