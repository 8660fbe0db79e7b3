"""The pydantic model: names, ages, dates, relationships."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from graphsvc.model import (
    Dataset,
    Label,
    Partnership,
    Provider,
    Relationship,
    RelKind,
    Service,
    TargetGroup,
    fold,
    pick,
)


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ({"fi": "Nuoret", "en": "Young people"}, "en", "Young people"),
        ({"fi": "Nuoret", "en": "Young people"}, "fi", "Nuoret"),
        ({"fi": "Nuoret"}, "en", "Nuoret"),  # falls back to Finnish
        ({"sv": "Unga"}, "en", "Unga"),
        ({"en": "Youth", "sv": "Unga"}, "fi", "Youth"),  # then English
        ("Päiväkoti", "en", "Päiväkoti"),
        (None, "fi", ""),
    ],
)
def test_pick_falls_back(name: object, lang: str, expected: str) -> None:
    assert pick(name, lang) == expected  # type: ignore[arg-type]


def test_fold_removes_finnish_diacritics() -> None:
    assert fold("Äänekoski Öljy Åland") == "aanekoski oljy aland"


def test_validation_message_names_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        Provider.model_validate({"id": "x", "name": "X", "sector": "mafia"})
    assert info.value.errors()[0]["loc"] == ("sector",)


@pytest.mark.parametrize("name", ["", "   ", {}, {"fi": ""}, 5])
def test_empty_or_odd_names_are_refused(name: object) -> None:
    with pytest.raises(ValidationError):
        Provider.model_validate({"id": "x", "name": name, "sector": "city"})


def test_ages_accept_decimal_commas_and_print_whole_numbers_plainly() -> None:
    svc = Service.model_validate(
        {"id": "s", "name": "S", "provider": "p", "min_age": "0,5", "max_age": 6}
    )
    assert svc.min_age == 0.5
    assert svc.model_dump(mode="json")["max_age"] == 6
    assert isinstance(svc.model_dump(mode="json")["max_age"], int)


def test_age_group_needs_an_age() -> None:
    with pytest.raises(ValidationError, match="an age group needs min_age or max_age"):
        TargetGroup.model_validate({"id": "g", "name": "G", "kind": "age"})
    TargetGroup.model_validate({"id": "g", "name": "G", "kind": "special"})


def test_dates_are_iso_only() -> None:
    with pytest.raises(ValidationError, match="is not a date"):
        Provider.model_validate(
            {"id": "x", "name": "X", "sector": "city", "valid_from": 1700000000}
        )
    p = Provider.model_validate(
        {
            "id": "x",
            "name": "X",
            "sector": "city",
            "valid_from": "2020-01-01",
            "valid_to": "2020-12-31",
        }
    )
    assert p.active_on(date(2020, 12, 31)) and not p.active_on(date(2021, 1, 1))


def test_partnership_with_itself_is_refused() -> None:
    with pytest.raises(ValidationError, match="cannot partner with itself"):
        Partnership(source="a", target="a")


def test_relationship_endpoints_come_from_the_kind() -> None:
    rel = Relationship(kind=RelKind.OFFERS, source="p", target="s")
    assert (rel.source_label, rel.target_label) == (Label.PROVIDER, Label.SERVICE)
    with pytest.raises(ValidationError, match="give source_label"):
        Relationship(kind=RelKind.PART_OF, source="a", target="b")
    area = Relationship(kind=RelKind.PART_OF, source="a", target="b", source_label=Label.AREA)
    assert area.target_label is Label.AREA
    with pytest.raises(ValidationError, match="has no properties"):
        Relationship(kind=RelKind.MEETS, source="s", target="n", properties={"x": 1})
    with pytest.raises(ValidationError):
        Relationship(
            kind=RelKind.PARTNERS_WITH, source="a", target="b", properties={"kind": "friendship"}
        )


def test_relationships_round_trip_through_from_graph(small_dataset: Dataset) -> None:
    nodes = {label: [n.properties() for n in small_dataset.nodes(label)] for label in Label}
    rebuilt = Dataset.from_graph(nodes, small_dataset.relationships())
    assert rebuilt.to_document() == small_dataset.to_document()


def test_restricted_drops_inactive_and_dangling(small_dataset: Dataset) -> None:
    ds = small_dataset.restricted(as_of=date(2014, 1, 1))
    assert "pikkuiset" not in {p.id for p in ds.providers}
    assert "s-yksityinen" not in {s.id for s in ds.services}
    assert all("pikkuiset" not in (p.source, p.target) for p in ds.partnerships)


@pytest.mark.parametrize("value", [None, "", " "])
def test_missing_ages_are_none(value: object) -> None:
    group = TargetGroup.model_validate(
        {"id": "g", "name": "G", "kind": "special", "min_age": value}
    )
    assert group.min_age is None


@pytest.mark.parametrize("value", [-1, 131, "abc"])
def test_ages_out_of_range_are_validation_errors(value: object) -> None:
    with pytest.raises(ValidationError):
        Service.model_validate({"id": "s", "name": "S", "provider": "p", "max_age": value})
