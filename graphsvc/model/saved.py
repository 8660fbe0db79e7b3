"""Saved views and decks: what a forum member keeps of the network's pictures.

A saved view is a view's query (the parameters of `graphsvc render` and of the view
URLs: group, provider, as_of, view, open, …, and where the picture was zoomed) under a
name; a deck is an ordered list of saved views, each with a title and a note, that steps
like a slide show. Both live in the store beside the graph (not as nodes of it), travel
in the dataset file, and are checked against the view parameters when saved.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from graphsvc.model.nodes import Model
from graphsvc.model.types import Id, Sector

#: a saved view's or a deck's name: what its URL ends in (/embed/views/NAME)
SLUG = r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"
Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=r"\S")]
Note = Annotated[str, StringConstraints(max_length=2000)]
Coordinate = Annotated[float, Field(ge=-1e7, le=1e7, allow_inf_nan=False)]


def _two_providers(pair: tuple[str, str]) -> tuple[str, str]:
    if pair[0] == pair[1]:
        raise ValueError(f"{pair[0]!r}: a provider cannot partner with itself")
    return pair


#: a scenario's partnership: two different providers' ids
Partners = Annotated[
    tuple[Id, Id],
    AfterValidator(_two_providers),
    Field(description="Two different providers' ids."),
]


class SavedQuery(Model):
    """A view's parameters as its URL has them (see `graphsvc render --help`), and where
    it was zoomed. `provider` is not given with `group` or `need`; `view: map` needs a
    `group`; `zoom`, `x` and `y` come together.

    The `remove_*`, `move_sector` and `add_partnership` fields are a scenario (those of
    `graphsvc scenario`): the picture draws its result, and a saved view that has one
    reopens on the scenario page with the same changes."""

    group: Id | None = None
    need: Id | None = None
    provider: Id | None = None
    radius: int | None = Field(default=None, ge=1, le=10)
    area: Id | None = None
    sector: list[Sector] = Field(default_factory=list, max_length=20)
    as_of: date | None = None
    lang: Literal["fi", "en"] | None = None
    size_by: Literal["degree", "betweenness"] | None = None
    view: Literal["auto", "map", "partners", "all"] | None = None
    cluster_by: Literal["sector", "area", "community"] | None = None
    open: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=50
    )
    zoom: float | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)
    x: Coordinate | None = None
    y: Coordinate | None = None
    remove_sector: list[Sector] = Field(default_factory=list, max_length=20)
    remove_provider: list[Id] = Field(default_factory=list, max_length=200)
    #: provider id -> the sector it moves to
    move_sector: dict[Id, Sector] = Field(default_factory=dict, max_length=200)
    add_partnership: list[Partners] = Field(default_factory=list, max_length=100)
    #: every partnership (of any kind) between the two ends
    remove_partnership: list[Partners] = Field(default_factory=list, max_length=100)

    def is_scenario(self) -> bool:
        """Whether the query changes the graph (a scenario), not only looks at it."""
        return any(getattr(self, name) for name in SCENARIO_FIELDS)

    def arguments(self) -> dict[str, object]:
        """The parameters given, JSON-ready (lists only when not empty)."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


#: the fields of a saved query that are a scenario's changes (as_of is its day)
SCENARIO_FIELDS = (
    "remove_sector",
    "remove_provider",
    "move_sector",
    "add_partnership",
    "remove_partnership",
)


class SavedView(Model):
    """A view's query under a name: opening it draws the same picture again."""

    name: Slug = Field(description="Lower-case letters, digits and hyphens: the URL's end.")
    title: Text
    query: SavedQuery = Field(default_factory=SavedQuery)
    note: Note | None = None


class Slide(Model):
    """One step of a deck: a saved view, with the title and note shown with it."""

    view: Slug
    title: Text | None = None
    note: Note | None = None


class Deck(Model):
    """Saved views in order, shown one after another (arrow keys)."""

    name: Slug
    title: Text
    slides: list[Slide] = Field(min_length=1, max_length=100)
