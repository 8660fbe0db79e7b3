"""The synthetic network generator: deterministic, the right size and shape, valid."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from functools import cache

import pytest

from graphsvc.model import (
    AreaKind,
    Dataset,
    GroupKind,
    PartnershipKind,
    Sector,
)
from graphsvc.synth import generate


@cache
def _ds(n: int, seed: int = 0) -> Dataset:
    # cached: tests only read the dataset
    return generate(n, seed)


def _dump(ds: Dataset) -> str:
    return json.dumps(ds.to_document(), ensure_ascii=False)


def _degrees(ds: Dataset) -> Counter[str]:
    deg: Counter[str] = Counter({p.id: 0 for p in ds.providers})
    for p in ds.partnerships:
        deg[p.source] += 1
        deg[p.target] += 1
    return deg


def _coverage(ds: Dataset) -> dict[tuple[str, str], set[str]]:
    """(group, need) → providers, with groups derived from age ranges where not given."""
    ages = [g for g in ds.target_groups if g.kind is GroupKind.AGE]
    cov: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in ds.services:
        groups = s.groups or [g.id for g in ages if g.overlaps(s)]
        for g in groups:
            for need in s.needs:
                cov[(g, need)].add(s.provider)
    return cov


# --- determinism -------------------------------------------------------------------


def test_same_seed_gives_identical_document() -> None:
    assert _dump(generate(300, 7)) == _dump(generate(300, 7))
    assert gc.isenabled()  # generate() pauses the cyclic collector and must restore it


def test_different_seed_gives_different_document() -> None:
    a, b = generate(300, 1), generate(300, 2)
    assert _dump(a) != _dump(b)
    assert {(p.source, p.target) for p in a.partnerships} != {
        (p.source, p.target) for p in b.partnerships
    }


def test_same_seed_identical_across_hash_seeds() -> None:
    # set or dict-of-str ordering leaking into the output would differ between processes
    code = (
        "import hashlib, json; from graphsvc.synth import generate; "
        "print(hashlib.sha256(json.dumps(generate(250, 3).to_document(), "
        "ensure_ascii=False).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
        digests.add(out)
    here = hashlib.sha256(_dump(generate(250, 3)).encode()).hexdigest()
    assert digests == {here}


# --- size and bounds ---------------------------------------------------------------


@pytest.mark.parametrize("n", [100, 1234, 2000])
def test_exactly_n_providers(n: int) -> None:
    assert len(_ds(n).providers) == n


def test_services_per_provider() -> None:
    ds = _ds(2000)
    per = Counter(s.provider for s in ds.services)
    assert set(per) == {p.id for p in ds.providers}  # every provider offers something
    assert min(per.values()) >= 1
    assert max(per.values()) <= 4
    assert 1.7 <= len(ds.services) / len(ds.providers) <= 2.3
    for s in ds.services:
        assert 1 <= len(s.needs) <= 3, s.id
        assert s.groups or s.min_age is not None or s.max_age is not None, s.id


@pytest.mark.parametrize("bad", [99, 100_001, 0, -1])
def test_out_of_range_sizes_are_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="between 100 and 100,000"):
        generate(bad)


def test_non_integer_size_is_refused() -> None:
    with pytest.raises(TypeError):
        generate(150.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        generate(True)


def test_bounds_are_inclusive() -> None:
    assert len(_ds(100).providers) == 100


# --- integrity ---------------------------------------------------------------------


def test_ids_unique_and_references_resolve() -> None:
    ds = _ds(2000)
    ids = {}
    for list_name in ("target_groups", "needs", "areas", "providers", "services", "networks"):
        items = [n.id for n in getattr(ds, list_name)]
        assert len(items) == len(set(items)), f"duplicate ids in {list_name}"
        assert all(i and i == i.strip() and len(i) <= 200 for i in items)
        ids[list_name] = set(items)
    for gn in ds.group_needs:
        assert gn.group in ids["target_groups"] and gn.need in ids["needs"]
        assert 1 <= gn.priority <= 3
    assert len({(g.group, g.need) for g in ds.group_needs}) == len(ds.group_needs)
    for a in ds.areas:
        assert a.parent is None or a.parent in ids["areas"]
    for p in ds.providers:
        assert p.parent is None or p.parent in ids["providers"]
        assert p.parent != p.id
    for s in ds.services:
        assert s.provider in ids["providers"]
        assert set(s.needs) <= ids["needs"]
        assert set(s.groups) <= ids["target_groups"]
        assert set(s.areas) <= ids["areas"]
        for ref in (s.needs, s.groups, s.areas):
            assert len(ref) == len(set(ref)), s.id
    for net in ds.networks:
        assert net.members and set(net.members) <= ids["providers"]
        assert len(net.members) == len(set(net.members))
    keys = [(p.source, p.target, p.kind) for p in ds.partnerships]
    assert len(keys) == len(set(keys))
    for tie in ds.partnerships:
        assert tie.source != tie.target
        assert tie.source in ids["providers"] and tie.target in ids["providers"]
    # every relationship the dataset yields joins existing nodes
    assert sum(1 for _ in ds.relationships()) > len(ds.services) * 3


def test_organisation_trees_have_no_cycles() -> None:
    ds = _ds(2000)
    parent = {p.id: p.parent for p in ds.providers}
    for pid in parent:
        seen: set[str] = set()
        cur: str | None = pid
        while cur is not None:
            assert cur not in seen, f"PART_OF cycle through {pid}"
            seen.add(cur)
            cur = parent[cur]
        assert len(seen) <= 4  # root → division → unit (→ nothing deeper)


def test_round_trip_without_none_values() -> None:
    ds = _ds(200)
    back = Dataset.model_validate(ds.model_dump(exclude_none=True))
    assert back == ds
    assert back.to_document() == ds.to_document()
    doc = Dataset.model_validate(ds.to_document())
    assert _dump(doc) == _dump(ds)


def test_round_trip_through_model_dump() -> None:
    ds = _ds(200)
    assert Dataset.model_validate(ds.model_dump()) == ds


def test_constructed_values_have_validated_types() -> None:
    # model_construct skips validation, so the generator must build exactly the types
    # validation would (StrEnum == str and 1 == 1.0, so equality alone would not notice)
    ds = _ds(200)
    back = Dataset.model_validate(ds.model_dump(exclude_none=True))
    for list_name in (
        "target_groups",
        "needs",
        "group_needs",
        "areas",
        "providers",
        "services",
        "partnerships",
        "networks",
    ):
        for made, valid in zip(getattr(ds, list_name), getattr(back, list_name), strict=True):
            assert set(made.__dict__) == set(type(made).model_fields)
            for field, value in made.__dict__.items():
                other = getattr(valid, field)
                assert type(value) is type(other), (list_name, made, field)
                assert value == other
                if isinstance(value, list):
                    assert [type(v) for v in value] == [type(v) for v in other]
                if isinstance(value, dict):
                    assert list(value) == list(other), "name languages must be sorted"


# --- shape -------------------------------------------------------------------------


def test_default_age_groups_and_special_groups() -> None:
    groups = {g.id: g for g in _ds(100).target_groups}
    expected = {
        "age-0-6": (0, 6),
        "age-7-21": (7, 21),
        "age-22-65": (22, 65),
        "age-66-plus": (66, None),
    }
    for gid, (lo, hi) in expected.items():
        assert groups[gid].kind is GroupKind.AGE
        assert (groups[gid].min_age, groups[gid].max_age) == (lo, hi)
    for gid in (
        "mental-health",
        "substance-abuse",
        "immigrants",
        "long-term-unemployed",
        "disabled",
    ):
        assert groups[gid].kind is GroupKind.SPECIAL
    assert all(isinstance(g.name, dict) and {"fi", "en"} <= set(g.name) for g in groups.values())


def test_needs_and_group_needs() -> None:
    ds = _ds(100)
    assert 35 <= len(ds.needs) <= 50
    assert all(
        isinstance(n.name, dict) and {"fi", "en"} <= set(n.name) and n.category for n in ds.needs
    )
    pairs = {(g.group, g.need) for g in ds.group_needs}
    assert len(pairs) < len(ds.target_groups) * len(ds.needs) / 2  # not every pair
    assert {g.priority for g in ds.group_needs} == {1, 2, 3}
    assert {g.group for g in ds.group_needs} == {g.id for g in ds.target_groups}


def test_areas_nest_region_municipality_district() -> None:
    ds = _ds(2000)
    kinds = {a.id: a.kind for a in ds.areas}
    regions = [a for a in ds.areas if a.kind is AreaKind.REGION]
    muns = [a for a in ds.areas if a.kind is AreaKind.MUNICIPALITY]
    assert len(regions) == 1 and regions[0].parent is None
    assert len(muns) == 2  # about one per 1,000 providers
    assert all(m.parent == regions[0].id for m in muns)
    districts = Counter(a.parent for a in ds.areas if a.kind is AreaKind.DISTRICT)
    assert set(districts) == {m.id for m in muns}
    assert min(districts.values()) >= 3
    assert all(p is not None and kinds[p] is AreaKind.MUNICIPALITY for p in districts)
    assert len([a for a in _ds(100).areas if a.kind is AreaKind.MUNICIPALITY]) == 1


def test_sector_mix() -> None:
    ds = _ds(2000)
    sectors = Counter(p.sector for p in ds.providers)
    assert len(sectors) >= 6
    assert set(sectors) == set(Sector)  # at this size every sector turns up
    top3 = {s for s, _ in sectors.most_common(3)}
    assert top3 == {Sector.CITY, Sector.NGO, Sector.COMPANY}
    assert len({p.sector for p in _ds(100).providers}) >= 6


def test_organisation_trees() -> None:
    ds = _ds(2000)
    by_id = {p.id: p for p in ds.providers}
    children = Counter(p.parent for p in ds.providers if p.parent)
    city_roots = [p for p in ds.providers if p.sector is Sector.CITY and p.parent is None]
    assert len(city_roots) == 2  # one per municipality
    for root in city_roots:
        divisions = [p for p in ds.providers if p.parent == root.id]
        assert len(divisions) >= 2
        assert sum(children[d.id] for d in divisions) > 10  # units under the divisions
    units = [
        p for p in ds.providers if p.sector is Sector.CITY and p.parent and by_id[p.parent].parent
    ]
    assert len(units) > 100
    chapters = [p for p in ds.providers if p.sector is Sector.NGO and p.parent]
    assert chapters
    assert all(c.parent and by_id[c.parent].sector is Sector.NGO for c in chapters)


def test_services_have_areas_channels_and_groups() -> None:
    ds = _ds(2000)
    with_areas = sum(1 for s in ds.services if s.areas)
    assert 0.6 < with_areas / len(ds.services) < 0.95
    assert sum(1 for s in ds.services if not s.groups) > len(ds.services) / 5  # age range
    assert len({s.channel for s in ds.services}) >= 4
    kinds = {a.id: a.kind for a in ds.areas}
    assert any(kinds[a] is AreaKind.DISTRICT for s in ds.services for a in s.areas)


def test_isolated_providers_and_hubs() -> None:
    for n in (1000, 2000):
        ds = _ds(n)
        deg = _degrees(ds)
        isolated = sum(1 for d in deg.values() if d == 0)
        assert 0.02 * n <= isolated <= 0.10 * n, isolated
        mean = sum(deg.values()) / n
        assert 2.5 <= mean <= 5
        assert max(deg.values()) >= 5 * mean


def test_partnership_kinds_follow_sectors() -> None:
    ds = _ds(2000)
    sector = {p.id: p.sector for p in ds.providers}
    public = {Sector.CITY, Sector.WELLBEING_COUNTY}
    kinds = Counter(p.kind for p in ds.partnerships)
    for k in (
        PartnershipKind.PURCHASE,
        PartnershipKind.FRAMEWORK_AGREEMENT,
        PartnershipKind.VOUCHER,
        PartnershipKind.GRANT,
        PartnershipKind.PROJECT,
        PartnershipKind.REFERRAL,
        PartnershipKind.NETWORK,
        PartnershipKind.CO_LOCATION,
    ):
        assert kinds[k] > 0, k
    for p in ds.partnerships:
        if p.kind in (PartnershipKind.VOUCHER, PartnershipKind.FRAMEWORK_AGREEMENT):
            assert sector[p.source] in public and sector[p.target] is Sector.COMPANY
        if p.kind is PartnershipKind.GRANT:
            assert sector[p.source] in public
            assert sector[p.target] in (Sector.NGO, Sector.PROJECT)


def test_dates_make_as_of_matter() -> None:
    ds = _ds(2000)
    assert sum(1 for p in ds.providers if p.valid_to) > 20
    assert sum(1 for p in ds.providers if p.valid_from) > 20
    assert sum(1 for s in ds.services if s.valid_from or s.valid_to) > 40
    assert any(p.since for p in ds.partnerships) and any(p.until for p in ds.partnerships)
    day = date(2020, 6, 1)
    active = sum(1 for p in ds.providers if p.active_on(day))
    assert active < len(ds.providers)
    assert sum(1 for p in ds.providers if p.active_on(date(2025, 6, 1))) != active
    for p in ds.providers:
        assert not (p.valid_from and p.valid_to) or p.valid_from <= p.valid_to
    for s in ds.partnerships:
        assert not (s.since and s.until) or s.since <= s.until


def test_gaps_exist() -> None:
    ds = _ds(2000)
    cov = _coverage(ds)
    counts = [len(cov.get((g.group, g.need), ())) for g in ds.group_needs]
    assert counts.count(0) >= 3  # uncovered
    assert counts.count(1) >= 3  # fragile
    assert sum(1 for c in counts if c >= 2) > len(counts) / 2  # but mostly covered


def test_networks_have_members() -> None:
    ds = _ds(2000)
    assert 3 <= len(ds.networks) <= 12
    assert any(n.id == "hyvinvointifoorumi" for n in ds.networks)
    assert all(len(n.members) >= 5 for n in ds.networks)
