"""Demand profiles: ready sets of target groups, needs and group needs to add to a store.

An import from a registry (HSDS, PTV) brings providers and services but no demand side:
with no group needs there is nothing for the gap report to check. A profile supplies it.
`statutory` holds the needs Finnish law obliges a municipality or a wellbeing services
county to meet for each age group (each group need's note names the act);
`jyvaskyla-forum` the demo's own groups and needs.

A profile only adds: a group, need or group need already in the store is kept as it is
(the stored version goes through the import, so it counts as unchanged), and applying a
profile twice changes nothing. It is imported through `apply_dataset`, the one import
path: checked, planned and written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from graphsvc.errors import UnknownId
from graphsvc.importing.apply import apply_dataset
from graphsvc.importing.report import ImportReport
from graphsvc.model import Dataset, GroupNeed, Label, RelKind
from graphsvc.store.base import GraphStore


@dataclass(frozen=True)
class Profile:
    """A shipped demand profile: its name, its words and where its data is."""

    name: str
    #: its words' code: `profile.<key>` is its title, `profile_about.<key>` what it is
    key: str
    #: a YAML file in graphsvc/data/demand, or "demo" for the demo dataset's demand side
    source: str


PROFILES: tuple[Profile, ...] = (
    Profile("statutory", "statutory", "statutory.yaml"),
    Profile("jyvaskyla-forum", "jyvaskyla_forum", "demo"),
)


def profile_names() -> list[str]:
    return [p.name for p in PROFILES]


def profile(name: str) -> Profile:
    for p in PROFILES:
        if p.name == name:
            return p
    raise UnknownId(
        f"There is no demand profile {name!r}; the profiles are "
        f"{', '.join(profile_names())} (graphsvc demand list)."
    )


@cache
def _load(name: str) -> Dataset:
    import yaml

    source = profile(name).source
    if source == "demo":
        from graphsvc.demo import demo_dataset

        ds = demo_dataset()
    else:
        text = resources.files("graphsvc.data").joinpath("demand", source).read_text("utf-8")
        ds = Dataset.model_validate(yaml.safe_load(text))
    return Dataset(
        name=f"demand profile {name}",
        target_groups=ds.target_groups,
        needs=ds.needs,
        group_needs=ds.group_needs,
    )


def profile_dataset(name: str) -> Dataset:
    """The profile's groups, needs and group needs (a fresh copy); UnknownId when there is
    no profile of that name."""
    return _load(name).model_copy(deep=True)


def apply_profile(store: GraphStore, name: str, *, dry_run: bool = False) -> ImportReport:
    """Add the profile's groups, needs and group needs that `store` does not have.

    What the store has already goes in as it is stored, so the report counts it as
    unchanged and nothing of it is overwritten (a need's name, a pair's priority)."""
    ds = profile_dataset(name)
    groups = store.get_many(Label.TARGET_GROUP, (g.id for g in ds.target_groups))
    needs = store.get_many(Label.NEED, (n.id for n in ds.needs))
    stored = {
        (r.source, r.target): r
        for r in store.relationships(RelKind.HAS_NEED).items
        if r.source in {gn.group for gn in ds.group_needs}
    }
    pairs = []
    for gn in ds.group_needs:
        old = stored.get((gn.group, gn.need))
        pairs.append(
            gn if old is None else GroupNeed(group=gn.group, need=gn.need, **old.properties)
        )
    only_new = ds.model_copy(
        update={
            "target_groups": [groups.get(g.id, g) for g in ds.target_groups],
            "needs": [needs.get(n.id, n) for n in ds.needs],
            "group_needs": pairs,
        }
    )
    return apply_dataset(store, only_new, dry_run=dry_run, source=f"demand:{name}")


def has_demand(ds: Dataset) -> bool:
    """Whether any target group has a need: without, the gap report checks nothing."""
    return bool(ds.group_needs)
