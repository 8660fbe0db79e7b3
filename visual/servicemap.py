"""The service map of a target group: the forum's own view (seed 003).

The group's needs stand in a column in the middle, the least covered at the top
(uncovered, fragile, one sector only, covered) and coloured by their coverage. The
providers that meet them stand on either side, grouped by sector under the sector's
name, each sector's providers ordered by the height of the needs they meet so that
lines cross as little as they can. A provider's services are folded into one line per
need it meets (their names in the provider's tooltip); a line's width is the number of
services. Every place is computed here, so the same data always give the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

from graphsvc.analysis.results import Status
from graphsvc.model import RelKind, Sector, collation
from graphsvc.words import Words
from visual import style
from visual.drawing import Drawing, Edge, EdgeLook
from visual.index import Index
from visual.spec import CoverageCell, Heading, Tooltip, ViewParams, VisNode, node_id
from visual.style import NodeKind, heading_color
from visual.text import t

#: canvas units between two providers of a column (a label of two lines fits)
ROW = 34.0
#: the least room a need has in its column
NEED_ROW = 40.0
#: from the needs' column to each column of providers
SIDE = 440.0
#: between two sectors' blocks, and for a sector's heading, in rows
SECTOR_GAP = 0.3
HEADING = 0.8
PROVIDER_SIZE = 9.0
#: about this many characters fit a line of a label on a slide; a longer name wraps and
#: its row grows by a line
LINE_CHARS = 30
LINE = 20.0
NEED_SIZE = 10.0


def service_map(
    idx: Index,
    params: ViewParams,
    coverage: Mapping[tuple[str, str], CoverageCell],
) -> Drawing:
    """The map of `params.group` (only `params.need`, when given)."""
    assert params.group is not None
    group, lang = params.group, params.lang
    wanted = [n for n in idx.group_needs.get(group, []) if params.need in (None, n)]
    needs_set = set(wanted)
    services: dict[tuple[str, str], list[str]] = {}  # (provider, need) -> service names
    for svc in idx.ds.services:
        if group not in idx.served.get(svc.id, ()) or svc.provider not in idx.providers:
            continue
        for need in svc.needs:
            if need in needs_set:
                services.setdefault((svc.provider, need), []).append(idx.name(svc))

    def status_rank(need: str) -> int:
        cell = coverage.get((group, need))
        return style.STATUS_ORDER.index(cell.status) if cell else len(style.STATUS_ORDER)

    names = {n: idx.name_of(NodeKind.NEED, n) for n in wanted}
    needs = sorted(wanted, key=lambda n: (status_rank(n), collation(names[n], lang), n))
    members: dict[str, list[str]] = {}  # a folded sector's row -> its providers
    if len({p for p, _ in services}) > FOLD_ABOVE:
        services, members = _fold(idx, services, set(params.open))
    rows = Rows(idx, members, lang)
    providers = sorted({p for p, _ in services})
    left, right = _sides(rows, providers)
    heights = [_height(rows, side) for side in (left, right)]
    total = max(*heights, len(needs) * NEED_ROW, NEED_ROW)
    need_y = {n: -total / 2 + (i + 0.5) * total / len(needs) for i, n in enumerate(needs)}
    met_by: dict[str, list[float]] = {}
    for provider, need in services:
        met_by.setdefault(provider, []).append(need_y[need])

    drawing = Drawing(order=[], edges=[], positions={}, fixed=True)
    assert drawing.positions is not None
    for n in needs:
        vid = node_id(NodeKind.NEED, n)
        drawing.order.append(vid)
        drawing.positions[vid] = (0.0, round(need_y[n], 1))
        drawing.anchors[vid] = "inside"
        drawing.priorities[vid] = 1000.0 - needs.index(n)
        drawing.sizes[vid] = NEED_SIZE
    for side, sign, height in ((left, -1, heights[0]), (right, 1, heights[1])):
        _place_side(rows, drawing, side, sign, height, met_by, lang)
    for (provider, need), names_ in sorted(services.items()):
        p, n = rows.vid(provider), node_id(NodeKind.NEED, need)
        folded = provider in members
        edge: Edge = (RelKind.MEETS, p, n, f"×{len(names_)}" if folded else str(len(names_)))
        drawing.edges.append(edge)
        drawing.looks[edge] = EdgeLook(
            color=style.SECTOR_COLORS[rows.sector(provider)],
            width=_width(len(names_)) if not folded else _folded_width(len(names_)),
            opacity=0.6,
        )
    for provider in members:
        drawing.synthetic.append(rows.cluster(provider))
    for provider in (p for p in providers if p not in members):
        lines = [
            f"{names[need]}: {', '.join(sorted(s, key=lambda x: collation(x, lang)))}"
            for need in needs
            if (s := services.get((provider, need)))
        ]
        drawing.extra[node_id(NodeKind.PROVIDER, provider)] = [
            (t("meets_section", lang), tuple(lines))
        ]
    if needs:
        drawing.headings.append(
            Heading(
                text=t("needs", lang),
                x=0.0,
                y=round(-total / 2 - HEADING * ROW, 1),
                color=style.LABEL_COLOR,
                anchor="center",
            )
        )
    drawing.title = _title(idx, params, needs, coverage)
    drawing.notes.append(t("map_help", lang))
    return drawing


def _sides(rows: Rows, providers: list[str]) -> tuple[list[str], list[str]]:
    """Providers left and right of the needs: whole sectors (in the sectors' order) on
    each side, as even as they can be; one sector alone is halved."""
    by_sector: dict[Sector, list[str]] = {}
    for p in providers:
        by_sector.setdefault(rows.sector(p), []).append(p)
    sectors = [s for s in Sector if s in by_sector]
    if len(sectors) <= 1:
        half = (len(providers) + 1) // 2
        return providers[:half], providers[half:]
    counts = [sum(rows.weight(p) for p in by_sector[s]) for s in sectors]
    total = sum(counts)
    split = min(range(1, len(sectors)), key=lambda k: (abs(2 * sum(counts[:k]) - total), k))
    left = [p for s in sectors[:split] for p in by_sector[s]]
    right = [p for s in sectors[split:] for p in by_sector[s]]
    return left, right


def _blocks(rows: Rows, side: list[str]) -> list[tuple[Sector, list[str]]]:
    blocks: dict[Sector, list[str]] = {}
    for p in side:
        blocks.setdefault(rows.sector(p), []).append(p)
    return [(s, blocks[s]) for s in Sector if s in blocks]


def _height(rows: Rows, side: list[str]) -> float:
    blocks = _blocks(rows, side)
    total = sum(rows.height(p) for _, members in blocks for p in members)
    return total + ROW * (len(blocks) * HEADING + max(len(blocks) - 1, 0) * SECTOR_GAP)


def _place_side(
    rows: Rows,
    drawing: Drawing,
    side: list[str],
    sign: int,
    height: float,
    met_by: dict[str, list[float]],
    lang: str,
) -> None:
    assert drawing.positions is not None
    x = sign * SIDE
    y = -height / 2
    anchor: Literal["left", "right"] = "left" if sign < 0 else "right"
    for sector, members in _blocks(rows, side):
        drawing.headings.append(
            Heading(
                text=Words(lang).sector(sector, capital=True),
                x=x + sign * -PROVIDER_SIZE,
                y=round(y + ROW * 0.2, 1),
                color=heading_color(sector),
                anchor=anchor,
            )
        )
        y += HEADING * ROW
        members = sorted(
            members,
            key=lambda p: (
                sum(met_by[p]) / len(met_by[p]),
                collation(rows.name(p), lang),
                p,
            ),
        )
        for p in members:
            vid = rows.vid(p)
            drawing.order.append(vid)
            row = rows.height(p)
            drawing.positions[vid] = (x, round(y + row / 2, 1))
            drawing.anchors[vid] = anchor
            drawing.priorities[vid] = 100.0 + len(met_by[p])
            drawing.sizes[vid] = PROVIDER_SIZE
            y += row
        y += SECTOR_GAP * ROW


def _width(services: int) -> float:
    return 1.5 + 1.5 * min(services - 1, 3)


def _folded_width(providers: int) -> float:
    return min(1.5 + 2.0 * math.log10(providers) * 1.5, 9.0)


#: above this many providers a map folds each sector into one row ("Järjestöt (412)")
#: that opens on click (ViewParams.open), as a large partnership network does
FOLD_ABOVE = 60


def _fold(
    idx: Index, services: dict[tuple[str, str], list[str]], opened: set[str]
) -> tuple[dict[tuple[str, str], list[str]], dict[str, list[str]]]:
    """The map's links with the providers of each sector not in `opened` as one row
    ("#" + sector) whose line to a need counts the providers meeting it; and each
    folded row's providers."""
    out: dict[tuple[str, str], list[str]] = {}
    members: dict[str, set[str]] = {}
    for (provider, need), names in services.items():
        sector = idx.providers[provider].sector.value
        if sector in opened:
            out[(provider, need)] = names
            continue
        row = "#" + sector
        members.setdefault(row, set()).add(provider)
        out.setdefault((row, need), []).append(provider)
    return out, {row: sorted(ps) for row, ps in members.items()}


class Rows:
    """What the map's rows stand for: a provider, or a folded sector ("#" + sector)."""

    def __init__(self, idx: Index, members: dict[str, list[str]], lang: str) -> None:
        self.idx, self.members, self.lang = idx, members, lang

    def sector(self, row: str) -> Sector:
        return Sector(row[1:]) if row in self.members else self.idx.providers[row].sector

    def weight(self, row: str) -> int:
        return 1

    def name(self, row: str) -> str:
        if row in self.members:
            return t(
                "cluster_name",
                self.lang,
                name=Words(self.lang).sector(self.sector(row), capital=True),
                n=Words(self.lang).number(len(self.members[row])),
            )
        return self.idx.name_of(NodeKind.PROVIDER, row)

    def vid(self, row: str) -> str:
        if row in self.members:
            return node_id(NodeKind.CLUSTER, row[1:])
        return node_id(NodeKind.PROVIDER, row)

    def height(self, row: str) -> float:
        """Room for the row's name's lines (it wraps, never cut)."""
        lines = -(-len(self.name(row)) // LINE_CHARS)
        return max(ROW, LINE * lines + 12.0)

    def cluster(self, row: str) -> VisNode:
        """A folded sector as a node: its providers counted, the busiest named."""
        lang, sector = self.lang, self.sector(row)
        members = self.members[row]
        label = self.name(row)
        top = sorted(members, key=lambda p: (-len(self.idx.services_of.get(p, [])), p))[:10]
        return VisNode(
            id=self.vid(row),
            kind=NodeKind.CLUSTER,
            ref=sector.value,
            name=label,
            label=label,
            shape=style.vis_shape(NodeKind.CLUSTER),
            color=style.SECTOR_COLORS[sector],
            border=style.BORDER_COLOR,
            border_width=2.0,
            font_color=style.LABEL_COLOR,
            size=PROVIDER_SIZE + 3,
            x=0.0,
            y=0.0,
            anchor="left",
            sector=sector,
            members=len(members),
            priority=200.0,
            search=collation(label, lang),
            tooltip=Tooltip(
                title=label,
                lines=(
                    (t("kind", lang), t("cluster", lang)),
                    (t("cluster_members", lang), Words(lang).number(len(members))),
                ),
                sections=(
                    (
                        t("cluster_top", lang),
                        tuple(self.idx.name_of(NodeKind.PROVIDER, p) for p in top),
                    ),
                    (t("cluster_open", lang), ()),
                ),
            ),
        )


def _title(
    idx: Index,
    params: ViewParams,
    needs: list[str],
    coverage: Mapping[tuple[str, str], CoverageCell],
) -> str | None:
    """The finding as the title: "7–21-vuotiaat: 2 tarvetta ilman toimijaa, …"."""
    lang, group = params.lang, params.group
    assert group is not None
    if params.need is not None:
        return None  # one need: the title names it
    cells = [coverage.get((group, n)) for n in needs]
    if any(c is None for c in cells):
        return None
    counts = {s: sum(1 for c in cells if c is not None and c.status is s) for s in Status}

    def part(keys: tuple[str, str], n: int) -> str:
        return t(keys[0], lang) if n == 1 else t(keys[1], lang, n=n)

    parts = [
        part(keys, counts[status])
        for keys, status in (
            (("finding_uncovered_one", "finding_uncovered"), Status.UNCOVERED),
            (("finding_fragile_one", "finding_fragile"), Status.FRAGILE),
        )
        if counts[status]
    ]
    if not parts and counts[Status.SINGLE_SECTOR]:
        parts.append(part(("finding_single_one", "finding_single"), counts[Status.SINGLE_SECTOR]))
    if not parts:
        covered = ("finding_covered_one", "finding_covered")
        parts.append(part(covered, len(needs)) if needs else t("finding_none", lang))
    name = idx.name_of(NodeKind.GROUP, group)
    return t("map_title", lang, group=name, finding=", ".join(parts))
