"""Synthetic service networks for demos, tests and benchmarks.

`generate(providers, seed)` builds a whole `Dataset` shaped like the service network of
a Finnish region: the forum's four age groups and five special groups with their needs,
one region with municipalities and districts, city organisation trees
(city → division → unit), the wellbeing county, state offices, schools, parishes, NGOs
(some with local chapters), companies (some in chains), projects and informal groups,
their services, a scale-free partnership graph with hubs and isolated providers, and a
few forums. Some (group, need) pairs are deliberately left uncovered or covered by a
single provider, and some providers, services and partnerships are valid only for a
period, so gap analyses and as-of dates have something to find.

Everything is drawn from one `random.Random(seed)`: the same arguments give the same
dataset, byte for byte. Names and relationships are invented.
"""

from __future__ import annotations

import operator

from graphsvc.model import Dataset
from graphsvc.perf import gc_paused
from graphsvc.synth.builder import Builder
from graphsvc.synth.tables import MAX_PROVIDERS, MIN_PROVIDERS, SOURCE

__all__ = ["MAX_PROVIDERS", "MIN_PROVIDERS", "SOURCE", "generate"]


def generate(providers: int, seed: int = 0) -> Dataset:
    """A synthetic but realistic service network with exactly `providers` providers.

    Deterministic: the same `providers` and `seed` give the same dataset. Allowed sizes
    are MIN_PROVIDERS (100) to MAX_PROVIDERS (100,000).
    """
    try:
        n = operator.index(providers)
    except TypeError:
        raise TypeError(f"providers must be an integer, not {type(providers).__name__}") from None
    if isinstance(providers, bool) or not MIN_PROVIDERS <= n <= MAX_PROVIDERS:
        raise ValueError(
            f"providers must be between {MIN_PROVIDERS:,} and {MAX_PROVIDERS:,}, got {providers!r}"
        )
    builder = Builder(n, operator.index(seed))
    # Half a million new objects and no reference cycles: the cyclic collector would
    # only rescan them over and over (about a third of the time at 100,000 providers).
    with gc_paused():
        return builder.build()
