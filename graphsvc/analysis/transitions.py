"""Transitions: where the chain of providers breaks between consecutive age groups."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from graphsvc.analysis.graph import Prepared, prepare
from graphsvc.analysis.results import TransitionGap
from graphsvc.model import Dataset, pick


def linked(
    adj: Mapping[str, Collection[str]], younger: Collection[str], older: Collection[str]
) -> bool:
    """True when a provider is on both sides or a younger-side one partners an older-side one.

    >>> linked({"a": {"b": {}}, "b": {"a": {}}}, {"a"}, {"b"})
    True
    """
    small, large = (younger, older) if len(younger) <= len(older) else (older, younger)
    big = set(large)
    return any(p in big or not big.isdisjoint(adj[p]) for p in small)


def transition_gaps(
    data: Dataset | Prepared,
    *,
    as_of: date | None = None,
    area: str | None = None,
    lang: str = "fi",
) -> list[TransitionGap]:
    """Needs whose chain of providers breaks between consecutive age groups.

    The age-kind groups are taken in order of `min_age`. For each consecutive pair and
    each need both groups have a HAS_NEED for, where both sides have at least one
    provider, it is a transition gap unless some provider covers both sides or some
    younger-side provider has a direct, active partnership with some older-side one.
    A side with no provider at all is a coverage gap and is not repeated here.

    Parameters
    ----------
    data : Dataset or Prepared
    as_of : date, optional
        Count what is active on this day (default: today).
    area : str, optional
        Decide who covers each side in this area (see `coverage`).
    lang : str
        Language of names.

    Returns
    -------
    list of TransitionGap
        In age order, then by need id; `priority` is the more urgent of the two sides.

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> transition_gaps(example_dataset(), as_of=date(2025, 1, 1))  # clinic serves both
    []

    Notes
    -----
    O(Σ over checked pairs of the smaller side's degrees).

    References
    ----------
    .. [1] Provan, K. G. and Milward, H. B. (1995). A preliminary theory of
       interorganizational network effectiveness. Administrative Science Quarterly 40(1).
    """
    net = prepare(data, as_of=as_of)
    cover = net.cover(area)
    adj = net.adj
    ordered = net.age_groups()
    gaps = []
    for young, old in zip(ordered, ordered[1:], strict=False):
        needs = sorted(
            {n for g, n in cover if g == young.id} & {n for g, n in cover if g == old.id}
        )
        for need in needs:
            left, right = cover[(young.id, need)], cover[(old.id, need)]
            if not left or not right or linked(adj, left, right):
                continue
            n = net.needs.get(need)
            gaps.append(
                TransitionGap(
                    from_group=young.id,
                    to_group=old.id,
                    need=need,
                    priority=min(
                        net.demand[(young.id, need)].priority, net.demand[(old.id, need)].priority
                    ),
                    from_providers=sorted(left),
                    to_providers=sorted(right),
                    from_group_name=pick(young.name, lang),
                    to_group_name=pick(old.name, lang),
                    need_name=pick(n.name, lang) if n else need,
                )
            )
    return gaps
