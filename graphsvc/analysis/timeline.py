"""Two days side by side: what appeared and what ended between them (providers,
services, partnerships), and which gaps opened and which closed.

The same graph counted on two days (each as `gap_report` counts it on one), then
compared as a scenario is (`scenarios.compare`): a coverage row that got worse opened a
gap, one that got better closed one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from graphsvc.analysis.graph import Prepared, prepare
from graphsvc.analysis.report import gap_report
from graphsvc.analysis.results import Named, PartnershipRef, TimeComparison
from graphsvc.analysis.scenarios import compare
from graphsvc.errors import InvalidData
from graphsvc.model import Dataset, collation, pick
from graphsvc.perf import gc_paused


def compare_days(
    ds: Dataset, start: date, end: date, *, area: str | None = None, lang: str = "fi"
) -> TimeComparison:
    """The graph on `start` and on `end`, compared.

    Parameters
    ----------
    ds : Dataset
        The whole graph, with its validity dates (a store snapshot).
    start, end : date
        The two days; `start` before `end`.
    area : str, optional
        Count coverage in this area (see `gap_report`).
    lang : str
        "fi" or "en": names and messages.

    Returns
    -------
    TimeComparison
        Providers, services and partnerships active on `end` but not on `start`
        (`*_appeared`) and the other way round (`*_ended`), by name; `diff`: coverage
        rows that got worse (`newly_*`: gaps that opened) or better (`resolved`: gaps
        that closed), new transition gaps; and `transition_gaps_closed`.

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> ds = example_dataset()
    >>> ds.providers = [  # the clinic closes at the end of 2022
    ...     p.model_copy(update={"valid_to": date(2022, 12, 31)}) if p.id == "clinic" else p
    ...     for p in ds.providers
    ... ]
    >>> t = compare_days(ds, date(2022, 12, 31), date(2023, 1, 1))
    >>> [p.id for p in t.providers_ended], [(p.source, p.target) for p in t.partnerships_ended]
    (['clinic'], [('city-youth', 'clinic'), ('clinic', 'parish')])
    >>> [(c.group, c.need, c.before.value) for c in t.diff.newly_uncovered]
    [('adults', 'mental', 'fragile'), ('youth', 'mental', 'fragile')]
    """
    if start >= end:
        raise InvalidData(f"from {start} is not before to {end}: give the earlier day first.")
    with gc_paused():
        before_net, after_net = prepare(ds, as_of=start), prepare(ds, as_of=end)
        before = gap_report(before_net, area=area, lang=lang, top_brokers=0)
        after = gap_report(after_net, area=area, lang=lang, top_brokers=0)
        diff = compare(before_net, after_net, before, after)
    new_gaps = {(t.from_group, t.to_group, t.need) for t in after.transition_gaps}
    names = {p.id: pick(p.name, lang) for p in ds.providers}

    def order(x: Named) -> tuple[str, str]:
        return (collation(x.name, lang), x.id)

    def changed(old: Iterable[Named], new: Iterable[Named]) -> tuple[list[Named], list[Named]]:
        was, now = {x.id: x for x in old}, {x.id: x for x in new}
        return (
            sorted((now[i] for i in now.keys() - was.keys()), key=order),
            sorted((was[i] for i in was.keys() - now.keys()), key=order),
        )

    providers = changed(_providers(before_net, lang), _providers(after_net, lang))
    services = changed(_services(before_net, lang), _services(after_net, lang))
    old_ties, new_ties = _ties(before_net, names), _ties(after_net, names)
    return TimeComparison(
        start=start,
        end=end,
        area=area,
        lang=lang,
        providers_appeared=providers[0],
        providers_ended=providers[1],
        services_appeared=services[0],
        services_ended=services[1],
        partnerships_appeared=[new_ties[k] for k in sorted(new_ties.keys() - old_ties.keys())],
        partnerships_ended=[old_ties[k] for k in sorted(old_ties.keys() - new_ties.keys())],
        summary_before=before.summary,
        summary_after=after.summary,
        diff=diff,
        transition_gaps_closed=[
            t for t in before.transition_gaps if (t.from_group, t.to_group, t.need) not in new_gaps
        ],
    )


def _providers(net: Prepared, lang: str) -> list[Named]:
    return [
        Named(id=p.id, name=pick(p.name, lang), sector=p.sector.value)
        for p in net.dataset.providers
    ]


def _services(net: Prepared, lang: str) -> list[Named]:
    return [
        Named(id=s.id, name=pick(s.name, lang), provider=s.provider) for s in net.dataset.services
    ]


def _ties(net: Prepared, names: dict[str, str]) -> dict[tuple[str, str, str], PartnershipRef]:
    return {
        (p.source, p.target, p.kind.value): PartnershipRef(
            source=p.source,
            target=p.target,
            kind=p.kind.value,
            source_name=names.get(p.source, p.source),
            target_name=names.get(p.target, p.target),
        )
        for p in net.dataset.partnerships
    }
