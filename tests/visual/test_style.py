"""Palette, shapes, edge styles and legend: the same data for every output."""

from __future__ import annotations

from graphsvc.model import RelKind, Sector
from visual import style
from visual.style import NodeKind, Status

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_sectors_use_okabe_ito_and_grey() -> None:
    colours = list(style.SECTOR_COLORS.values())
    assert set(style.SECTOR_COLORS) == set(Sector)
    assert len(set(colours)) == len(colours)
    assert set(colours) - OKABE_ITO == {"#999999"}


def test_palette_and_css_are_the_same_colours() -> None:
    pal = style.palette()
    assert pal["sector"] == {s.value: c for s, c in style.SECTOR_COLORS.items()}
    assert pal["status"]["uncovered"] == style.STATUS_COLORS[Status.UNCOVERED]
    css = style.css_variables()
    assert "--gv-sector-ngo: #E69F00;" in css
    assert "--gv-status-single-sector: #F0E442;" in css
    assert css.startswith(":root {")


def test_every_kind_relationship_sector_and_status_has_a_style() -> None:
    # (their words are the catalogue's: tests/words)
    assert set(style.LABEL_OF_KIND) == set(NodeKind) - {NodeKind.CLUSTER}  # no data label
    assert len({style.kind_word(k, "fi") for k in NodeKind}) == len(NodeKind)
    assert set(style.STATUS_COLORS) == set(Status)
    assert set(style.EDGE_STYLES) == set(RelKind)
    assert len({(s.color, s.width, s.dashes) for s in style.EDGE_STYLES.values()}) == len(RelKind)
    assert len({style.vis_shape(k) for k in style.LABEL_OF_KIND}) == len(style.LABEL_OF_KIND)
    assert len({style.mpl_marker(k) for k in style.LABEL_OF_KIND}) == len(style.LABEL_OF_KIND)


def test_legend_shows_what_is_asked() -> None:
    legend = style.legend(
        "en",
        sectors={Sector.NGO, Sector.CITY},
        kinds={NodeKind.NEED},
        statuses={Status.UNCOVERED},
        edges={RelKind.OFFERS},
    )
    assert [s.key for s in legend.sections] == ["sector", "kind", "status", "edge"]
    assert legend.texts() == [
        "Legend",
        "Sector",
        "City",
        "NGO",
        "Nodes",
        "Need",
        "Coverage of needs",
        "No provider",
        "Relationships",
        "Offers",
    ]
    [uncovered] = legend.sections[2].items
    assert uncovered.border_width == style.UNCOVERED_BORDER_WIDTH


def test_shorten() -> None:
    assert style.shorten("Kerho") == "Kerho"
    assert style.shorten("  Kerho   ja  kahvila ") == "Kerho ja kahvila"
    long = "Mannerheimin Lastensuojeluliiton Keski-Suomen piiri ry"
    # no space in the second half of the limit: cut inside the word
    assert style.shorten(long) == "Mannerheimin Lastensuojelul…"
    assert style.shorten("Keski-Suomen Yhteisöjen Tuki ry, seniorityö") == (
        "Keski-Suomen Yhteisöjen…"
    )  # at the last word boundary
    assert style.shorten("x" * 40) == "x" * (style.LABEL_MAX - 1) + "…"
