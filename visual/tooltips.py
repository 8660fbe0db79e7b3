"""The tooltip of each kind of node: name, sector, services, partners, coverage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphsvc.analysis.results import Status
from graphsvc.model import Label, Node
from graphsvc.words import Words, word
from visual.index import Index
from visual.spec import CoverageCell, Tooltip
from visual.style import NodeKind, kind_word
from visual.text import capped, t


def tooltip(
    idx: Index,
    kind: NodeKind,
    node: Node,
    *,
    status: Status | None,
    removed: bool,
    new_gap: bool,
    coverage: Mapping[tuple[str, str], CoverageCell],
    newly_uncovered: frozenset[tuple[str, str]],
    measure: float | None,
    size_by: str,
) -> Tooltip:
    """The whole text of one node's tooltip (plain text: the writers escape it)."""
    lang = idx.lang
    lines: list[tuple[str, str]] = [(t("kind", lang), kind_word(kind, lang))]
    sections: list[tuple[str, tuple[str, ...]]] = []
    if kind is NodeKind.PROVIDER:
        _provider(idx, node, lines, sections, measure, size_by)
    elif kind is NodeKind.SERVICE:
        _service(idx, node, lines, sections)
    elif kind is NodeKind.NEED:
        if status is not None:
            lines.append((word("col.status", lang), Words(lang).status(status, capital=True)))
        groups = [(g, p) for g, p in idx.demand.get(node.id, [])]
        rows = [
            _coverage_line(idx, g, node.id, p, coverage, newly_uncovered) for g, p in sorted(groups)
        ]
        if rows:
            sections.append((t("coverage", lang), capped(rows, lang)))
        _names(idx, sections, "services", NodeKind.SERVICE, idx.meeting.get(node.id, []))
    elif kind is NodeKind.GROUP:
        _ages(node, lines, lang)
        rows = [
            _coverage_line(idx, node.id, n, None, coverage, newly_uncovered)
            for n in sorted(idx.group_needs.get(node.id, []))
        ]
        if rows:
            sections.append((t("needs", lang), capped(rows, lang)))
    elif kind is NodeKind.AREA:
        parent = getattr(node, "parent", None)
        if parent:
            lines.append((t("parent", lang), idx.name_of(NodeKind.AREA, parent)))
    elif kind is NodeKind.NETWORK:
        _names(idx, sections, "members", NodeKind.PROVIDER, getattr(node, "members", []))
    lines.append((word("col.id", lang), node.id))
    if removed:
        lines.append((word("legend.removed", lang), "✖"))
    if new_gap:
        lines.append((word("legend.newly_uncovered", lang), "⚠"))
    return Tooltip(title=idx.name(node), lines=tuple(lines), sections=tuple(sections))


def _provider(
    idx: Index,
    node: Node,
    lines: list[tuple[str, str]],
    sections: list[tuple[str, tuple[str, ...]]],
    measure: float | None,
    size_by: str,
) -> None:
    lang = idx.lang
    sector = idx.sector_of(NodeKind.PROVIDER, node)
    if sector is not None:
        lines.append((word("col.sector", lang), Words(lang).sector(sector, capital=True)))
    parent = getattr(node, "parent", None)
    if parent:
        lines.append((t("parent", lang), idx.name_of(NodeKind.PROVIDER, parent)))
    if measure is not None:
        value = f"{measure:.3f}" if size_by == "betweenness" else f"{measure:.0f}"
        lines.append((Words(lang).measure(size_by, capital=True), value))
    _names(idx, sections, "services", NodeKind.SERVICE, idx.services_of.get(node.id, []))
    partners = sorted(
        (idx.name_of(NodeKind.PROVIDER, other), Words(lang).partnership(k))
        for other, k in idx.partners_of.get(node.id, [])
    )
    if partners:
        sections.append(
            (t("partners", lang), capped([f"{name} ({kind})" for name, kind in partners], lang))
        )
    _names(idx, sections, "networks", NodeKind.NETWORK, idx.networks_of.get(node.id, []))


def _service(
    idx: Index,
    node: Node,
    lines: list[tuple[str, str]],
    sections: list[tuple[str, tuple[str, ...]]],
) -> None:
    lang = idx.lang
    provider = str(getattr(node, "provider", ""))
    lines.append((kind_word(NodeKind.PROVIDER, lang), idx.name_of(NodeKind.PROVIDER, provider)))
    sector = idx.sector_of(NodeKind.SERVICE, node)
    if sector is not None:
        lines.append((word("col.sector", lang), Words(lang).sector(sector, capital=True)))
    _ages(node, lines, lang)
    _names(idx, sections, "needs", NodeKind.NEED, getattr(node, "needs", []))
    _names(idx, sections, "groups", NodeKind.GROUP, idx.served.get(node.id, []))
    areas = getattr(node, "areas", [])
    if areas:
        _names(idx, sections, "areas", NodeKind.AREA, areas)
    else:
        sections.append((t("areas", lang), (t("everywhere", lang),)))


def _names(
    idx: Index,
    sections: list[tuple[str, tuple[str, ...]]],
    key: str,
    kind: NodeKind,
    refs: list[str],
) -> None:
    names = sorted({idx.name_of(kind, r) for r in refs})
    if names:
        sections.append((t(key, idx.lang), capped(names, idx.lang)))


def _ages(node: Any, lines: list[tuple[str, str]], lang: str) -> None:
    lo, hi = getattr(node, "min_age", None), getattr(node, "max_age", None)
    if lo is None and hi is None:
        return
    lines.append((word("age.title", lang), Words(lang).ages(lo, hi)))


def _coverage_line(
    idx: Index,
    group: str,
    need: str,
    priority: int | None,
    coverage: Mapping[tuple[str, str], CoverageCell],
    newly_uncovered: frozenset[tuple[str, str]],
) -> str:
    """ "0–6-vuotiaat: Ei toimijaa (0 toimijaa)" from a need's or a group's side."""
    lang = idx.lang
    other = (
        idx.name_of(NodeKind.GROUP, group)
        if priority is not None
        else idx.name_of(NodeKind.NEED, need)
    )
    cell = coverage.get((group, need))
    parts = [other]
    if cell is not None:
        w = Words(lang)
        count = f"{cell.providers} {w.noun(Label.PROVIDER, cell.providers)}"
        parts.append(f": {w.status(cell.status, capital=True)} ({count})")
    if priority is not None:
        parts.append(f", {t('priority', lang, p=priority)}")
    if (group, need) in newly_uncovered:
        parts.append(" ⚠")
    return "".join(parts)
