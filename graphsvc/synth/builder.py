"""The builder of a synthetic network: one random.Random, one pass per part of the graph."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any, TypeVar

from pydantic import BaseModel

from graphsvc.model import (
    Area,
    AreaKind,
    Dataset,
    GroupKind,
    GroupNeed,
    Need,
    Network,
    Partnership,
    PartnershipKind,
    Provider,
    Sector,
    Service,
    TargetGroup,
    fold,
)
from graphsvc.synth.tables import (
    _CHANNELS,
    _DISTRICT_STEMS,
    _ENDINGS,
    _KINDS,
    _LANGS,
    _SERVICE_COUNTS,
    _STEMS,
    AGE_GROUPS,
    AGE_RANGES,
    CHAINS,
    CITY,
    CITY_DIVISIONS,
    COMPANY,
    COUNTY,
    COUNTY_DIVISIONS,
    EDUCATION,
    INFORMAL,
    JYVASKYLA_DISTRICTS,
    KINDS,
    MUNICIPALITIES,
    NEEDS,
    NGO,
    PARISH,
    PROJECT,
    PROJECT_WORDS,
    SECTOR_WEIGHTS,
    SOTE_REFORM,
    SOURCE,
    SPECIAL_GROUPS,
    STATE,
    TE_END,
    UMBRELLAS,
    WORDS,
    _Kind,
)

# --- the builder -------------------------------------------------------------------


_M = TypeVar("_M", bound=BaseModel)
#: one set of all field names per model, shared by every instance _new() makes
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def _new(cls: type[_M], **values: Any) -> _M:
    """Build a model from values already of the right types, without validation.

    Every field is given, so every instance's fields-set is the set of all fields; one
    shared set per class saves a set per instance (a third of the memory at 100,000
    providers). Pydantic only ever adds names to that set, which are already there.
    """
    fields = _ALL_FIELDS.get(cls)
    if fields is None:
        fields = _ALL_FIELDS[cls] = set(cls.model_fields)
    return cls.model_construct(fields, **values)


def _slug(text: str) -> str:
    out: list[str] = []
    for c in fold(text):
        if c.isascii() and c.isalnum():
            out.append(c)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def _fi_en(fi: str, en: str) -> dict[str, str]:
    return {"en": en, "fi": fi}  # sorted by language, as the model's validator leaves it


@dataclass
class _Mun:
    id: str
    name: str
    gen: str
    is_city: bool
    quota: int
    districts: list[tuple[str, str]]  # (id, name)
    root: int = -1
    divisions: dict[str, int] | None = None
    parish: int = -1


class Builder:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.seed = seed
        # providers as parallel lists (index = creation order)
        self.p_id: list[str] = []
        self.p_name: list[str | dict[str, str]] = []
        self.p_kind: list[_Kind] = []
        self.p_mun: list[int] = []  # -1: regional
        self.p_district: list[int] = []  # index into the municipality's districts, -1
        self.p_parent: list[str | None] = []
        self.p_from: list[date | None] = []
        self.p_to: list[date | None] = []
        self.p_isolated: list[bool] = []
        self.areas: list[Area] = []
        self.region_id = "keski-suomi"
        self.muns: list[_Mun] = []
        self.regional: dict[str, int] = {}  # key → provider index of regional organisations
        local = [k for k in _KINDS if k.weight > 0]
        self.kinds_of: dict[Sector, tuple[list[_Kind], list[float]]] = {}
        for sector, _ in SECTOR_WEIGHTS:
            ks = [k for k in local if k.sector is sector]
            self.kinds_of[sector] = (ks, list(accumulate(k.weight for k in ks)))
        self.sectors = [s for s, _ in SECTOR_WEIGHTS]
        self.sector_cum = list(accumulate(w for _, w in SECTOR_WEIGHTS))

    # -- helpers

    def _date(self, lo: date, hi: date) -> date:
        return date.fromordinal(self.rng.randint(lo.toordinal(), hi.toordinal()))

    def _add_provider(
        self,
        pid: str,
        name: str | dict[str, str],
        kind: _Kind,
        mun: int,
        district: int = -1,
        parent: int = -1,
        *,
        anchor: bool = False,
        valid_from: date | None = None,
        valid_to: date | None = None,
    ) -> int:
        idx = len(self.p_id)
        self.p_id.append(pid)
        self.p_name.append(name)
        self.p_kind.append(kind)
        self.p_mun.append(mun)
        self.p_district.append(district)
        self.p_parent.append(self.p_id[parent] if parent >= 0 else None)
        if valid_from is None and valid_to is None and parent >= 0:
            valid_from, valid_to = self.p_from[parent], self.p_to[parent]
        self.p_from.append(valid_from)
        self.p_to.append(valid_to)
        # organisation roots and divisions are never isolated; about 5% of the rest are
        self.p_isolated.append(not anchor and self.rng.random() < 0.055)
        return idx

    # -- areas

    def _build_areas(self) -> None:
        rng = self.rng
        self.areas.append(
            _new(
                Area,
                id=self.region_id,
                name=_fi_en("Keski-Suomi", "Central Finland"),
                source=None,
                kind=AreaKind.REGION,
                code=None,
                parent=None,
            )
        )
        n_mun = max(1, (self.n + 500) // 1000)
        names = list(MUNICIPALITIES)
        if n_mun > len(names):
            invented = [(s + e, s + ge) for s in _STEMS for e, ge in _ENDINGS]
            rng.shuffle(invented)
            taken = {fold(m[0]) for m in names}
            for name, gen in invented:
                if fold(name) not in taken:
                    names.append((name, gen, False))
                    taken.add(fold(name))
        names = names[:n_mun]
        # providers per municipality: Zipf-like, the regional centre first
        regional = self._regional_count()
        m_total = self.n - regional
        weights = [1 / (i + 1) ** 0.9 for i in range(n_mun)]
        wsum = sum(weights)
        quotas = [max(12, int(m_total * w / wsum)) for w in weights]
        quotas[0] += m_total - sum(quotas)
        for i, ((name, gen, is_city), quota) in enumerate(zip(names, quotas, strict=True)):
            mid = _slug(name)
            n_districts = max(3, min(25, 2 + quota // 40))
            if i == 0 and name == "Jyväskylä":
                dnames = list(JYVASKYLA_DISTRICTS[:n_districts])
            else:
                pool = list(_DISTRICT_STEMS)
                rng.shuffle(pool)
                dnames = pool[:n_districts]
            districts = [(f"{mid}-{_slug(d)}", d) for d in dnames]
            self.areas.append(
                _new(
                    Area,
                    id=mid,
                    name=name,
                    source=None,
                    kind=AreaKind.MUNICIPALITY,
                    code=None,
                    parent=self.region_id,
                )
            )
            for did, dname in districts:
                self.areas.append(
                    _new(
                        Area,
                        id=did,
                        name=dname,
                        source=None,
                        kind=AreaKind.DISTRICT,
                        code=None,
                        parent=mid,
                    )
                )
            self.muns.append(_Mun(mid, name, gen, is_city or quota > 1500, quota, districts))

    def _regional_count(self) -> int:
        n = self.n
        self.n_edu_roots = 1 if n < 1000 else 3
        self.n_umbrellas = min(len(UMBRELLAS), 4 + n // 2000)
        self.n_chains = min(len(CHAINS), 1 + n // 5000)
        self.n_regional = 4 + 2 + self.n_edu_roots + self.n_umbrellas + self.n_chains
        return self.n_regional

    # -- providers

    def _build_regional(self) -> None:
        add, reg = self._add_provider, self.regional
        reg["county"] = add(
            "ks-hyvinvointialue",
            KINDS["county"].name,
            KINDS["county"],
            -1,
            anchor=True,
            valid_from=SOTE_REFORM,
        )
        for d in COUNTY_DIVISIONS:
            k = KINDS[f"cdiv-{d}"]
            reg[f"cdiv-{d}"] = add(
                f"ks-hyvinvointialue-{d}", k.name, k, -1, parent=reg["county"], anchor=True
            )
        reg["kela"] = add("kela-keski-suomi", KINDS["kela"].name, KINDS["kela"], -1, anchor=True)
        reg["te"] = add(
            "te-keski-suomi", KINDS["te"].name, KINDS["te"], -1, anchor=True, valid_to=TE_END
        )
        for key in ("gradia", "jamk", "jyu")[: self.n_edu_roots]:
            reg[key] = add(key, KINDS[key].name, KINDS[key], -1, anchor=True)
        self.umbrellas: list[tuple[int, str, _Kind]] = []  # (index, chapter name, kind)
        for uid, name, kind_key, chapter in UMBRELLAS[: self.n_umbrellas]:
            idx = add(uid, name, KINDS[kind_key], -1, anchor=True)
            reg[uid] = idx
            if chapter:
                self.umbrellas.append((idx, chapter, KINDS[kind_key]))
        self.chains: list[tuple[int, str, _Kind]] = []
        for cid, name, kind_key in CHAINS[: self.n_chains]:
            idx = add(cid, name, KINDS[kind_key], -1, anchor=True)
            self.chains.append((idx, name.removesuffix(" Oy"), KINDS[kind_key]))

    def _build_municipality(self, m: int) -> None:
        rng, mun, add, reg = self.rng, self.muns[m], self._add_provider, self.regional
        city_word = "kaupunki" if mun.is_city else "kunta"
        fmt = {"gen": mun.gen, "mun": mun.name, "city": city_word}
        root_kind = KINDS["city"]
        en = f"{'City' if mun.is_city else 'Municipality'} of {mun.name}"
        mun.root = add(
            f"{mun.id}-{city_word}",
            _fi_en(root_kind.name.format(**fmt), en),
            root_kind,
            m,
            anchor=True,
        )
        q = mun.quota
        n_div = 2 if q < 60 else 3 if q < 300 else 4
        mun.divisions = {}
        for d in CITY_DIVISIONS[:n_div]:
            k = KINDS[f"div-{d}"]
            mun.divisions[d] = add(
                f"{mun.id}-{d}",
                k.name.format(**fmt),
                k,
                m,
                parent=mun.root,
                anchor=True,
                valid_to=SOTE_REFORM - timedelta(days=1) if d == "sote" else None,
            )
        nd = len(mun.districts)
        chapter_p = 0.3 if self.umbrellas else 0.0
        for counter in range(1, q - n_div):
            sector = self.sectors[_pick(rng, self.sector_cum)]
            kinds, cum = self.kinds_of[sector]
            kind = kinds[_pick(rng, cum)]
            district = rng.randrange(nd)
            parent = -1
            name_pattern = kind.name
            valid_from: date | None = None
            valid_to: date | None = None
            if sector is CITY:
                parent = mun.divisions.get(kind.division, mun.divisions["sivistys"])
            elif sector is COUNTY:
                parent = reg[f"cdiv-{kind.division}"]
            elif sector is STATE:
                parent = reg[kind.division]
            elif sector is EDUCATION:
                if kind.division == "gradia":
                    parent = reg["gradia"]
                elif kind.division == "university":
                    unis = [reg[u] for u in ("jamk", "jyu") if u in reg]
                    parent = rng.choice(unis) if unis else -1
            elif sector is PARISH:
                if mun.parish < 0:
                    kind, name_pattern = KINDS["parish"], KINDS["parish"].name
                    mun.parish = len(self.p_id)
                else:
                    parent = mun.parish
            elif sector is NGO and rng.random() < chapter_p:
                parent, name_pattern, kind = rng.choice(self.umbrellas)
            elif sector is COMPANY and self.chains and rng.random() < 0.15:
                parent, chain_name, kind = rng.choice(self.chains)
                name_pattern = chain_name + " {district}"
            elif sector is PROJECT:
                start = date(rng.randint(2015, 2024), rng.randint(1, 12), 1)
                valid_from = start
                valid_to = start.replace(year=start.year + rng.choice((2, 2, 3))) - timedelta(
                    days=1
                )
            if valid_from is None and valid_to is None and parent < 0:
                r = rng.random()
                if r < 0.03:
                    valid_to = self._date(date(2016, 1, 1), date(2025, 6, 30))
                elif r < 0.07:
                    valid_from = self._date(date(2018, 1, 1), date(2025, 9, 1))
            words = PROJECT_WORDS if sector is PROJECT else WORDS
            name = name_pattern.format(
                district=mun.districts[district][1], word=words[rng.randrange(len(words))], **fmt
            )
            add(
                f"{mun.id}-{sector.value.replace('_', '-')}-{counter:05d}",
                name,
                kind,
                m,
                district,
                parent,
                valid_from=valid_from,
                valid_to=valid_to,
            )

    def _provider_objects(self) -> list[Provider]:
        rng = self.rng
        out = []
        for i, pid in enumerate(self.p_id):
            kind = self.p_kind[i]
            r = rng.random()
            url = email = None
            if r < 0.45:
                url = f"https://{pid}.example.fi"
                if r < 0.25:
                    email = f"info@{pid}.example.fi"
            out.append(
                _new(
                    Provider,
                    id=pid,
                    name=self.p_name[i],
                    source=SOURCE,
                    valid_from=self.p_from[i],
                    valid_to=self.p_to[i],
                    sector=kind.sector,
                    description=None,
                    url=url,
                    email=email,
                    phone=None,
                    languages=list(_LANGS[rng.randrange(len(_LANGS))]),
                    tags=[kind.key],
                    parent=self.p_parent[i],
                )
            )
        return out

    # -- demand side

    def _demand(self) -> tuple[list[TargetGroup], list[Need], list[GroupNeed]]:
        rng = self.rng
        groups = [
            _new(
                TargetGroup,
                id=gid,
                name=_fi_en(fi, en),
                source=None,
                min_age=float(lo),
                max_age=None if hi is None else float(hi),
                kind=GroupKind.AGE,
                description=None,
            )
            for gid, fi, en, lo, hi in AGE_GROUPS
        ]
        groups += [
            _new(
                TargetGroup,
                id=gid,
                name=_fi_en(fi, en),
                source=None,
                min_age=None,
                max_age=None,
                kind=GroupKind.SPECIAL,
                description=None,
            )
            for gid, fi, en in SPECIAL_GROUPS
        ]
        needs = [
            _new(Need, id=nid, name=_fi_en(fi, en), source=None, category=cat, description=None)
            for nid, fi, en, cat, _ in NEEDS
        ]
        group_needs = []
        for nid, _, _, _, gids in NEEDS:
            for j, gid in enumerate(gids):
                r = rng.random()
                if j == 0:
                    priority = 1 if r < 0.6 else 2 if r < 0.9 else 3
                else:
                    priority = 1 if r < 0.2 else 2 if r < 0.65 else 3
                group_needs.append(
                    _new(GroupNeed, group=gid, need=nid, priority=priority, note=None)
                )
        return groups, needs, group_needs

    def _choose_gaps(self) -> None:
        """Pick (group, need) pairs no service covers, and pairs only one provider covers."""
        rng = self.rng
        needs_of: dict[str, list[str]] = {}
        for nid, *_, gids in NEEDS:
            for gid in gids:
                needs_of.setdefault(gid, []).append(nid)
        self.needs_of = needs_of
        # only secondary groups of needs many groups have, so every group keeps most needs
        candidates = [(gid, nid) for nid, *_, gids in NEEDS if len(gids) >= 3 for gid in gids[1:]]
        chosen = rng.sample(candidates, 10)
        self.uncovered = chosen[:5]
        self.fragile = chosen[5:]
        self.blocked: dict[str, list[str]] = {}
        for gid, nid in chosen:
            self.blocked.setdefault(nid, []).append(gid)

    # -- services

    def _services(self) -> list[Service]:
        rng, n = self.rng, len(self.p_id)
        age_bounds = [(g[0], g[3], g[4]) for g in AGE_GROUPS]
        special_ids = [g[0] for g in SPECIAL_GROUPS]
        need_info = {nid: (fi, en, gids) for nid, fi, en, _, gids in NEEDS}
        # the one provider of each fragile pair: a provider that is always active
        dedicated: dict[int, list[tuple[str, str]]] = {}
        for gid, nid in self.fragile:
            cands = [
                i
                for i in range(n)
                if nid in self.p_kind[i].needs and self.p_from[i] is None and self.p_to[i] is None
            ]
            if not cands:
                cands = [i for i in range(n) if self.p_from[i] is None and self.p_to[i] is None]
            dedicated.setdefault(rng.choice(cands), []).append((gid, nid))
        blocked = self.blocked
        out: list[Service] = []
        for i in range(n):
            pid, kind, m = self.p_id[i], self.p_kind[i], self.p_mun[i]
            pfrom, pto = self.p_from[i], self.p_to[i]
            mine = dedicated.get(i, [])
            count = max(_SERVICE_COUNTS[rng.randrange(100)], len(mine))
            for k in range(count):
                lo = hi = None
                if k < len(mine):
                    gid, nid = mine[k]
                    groups, needs = [gid], [nid]
                else:
                    primary = kind.needs[rng.randrange(len(kind.needs))]
                    gids = need_info[primary][2]
                    focus = gids[0] if rng.random() < 0.5 else gids[rng.randrange(len(gids))]
                    r = rng.random()
                    if focus in AGE_RANGES:
                        if r < 0.55:
                            groups = []
                            ranges = AGE_RANGES[focus]
                            lo, hi = ranges[rng.randrange(len(ranges))]
                        elif r < 0.85:
                            groups = [focus]
                        else:
                            extra = special_ids[rng.randrange(len(special_ids))]
                            groups = [focus, extra]
                    else:
                        groups = [focus]
                        if r < 0.3:
                            lo, hi = ((18, 64), (16, 29), (18, None), (0, 17))[rng.randrange(4)]
                    served = groups or [
                        g
                        for g, glo, ghi in age_bounds
                        if (hi is None or glo <= hi) and (ghi is None or lo is None or lo <= ghi)
                    ]
                    # 1–3 needs: the primary and others of the kind's the focus group has
                    extra_n = rng.choice((0, 0, 1, 1, 2))
                    focus_needs = self.needs_of[focus]
                    others = [x for x in kind.needs if x != primary and x in focus_needs]
                    needs = [primary, *rng.sample(others, min(extra_n, len(others)))]
                    needs = [x for x in needs if not any(g in served for g in blocked.get(x, ()))]
                    if not needs:  # every need blocked for some group served: fall back
                        groups, lo, hi = [focus], None, None
                        needs = [
                            x for x in (primary, *focus_needs) if focus not in blocked.get(x, ())
                        ][:1]
                # where
                r = rng.random()
                if m < 0:
                    if r < 0.45:
                        areas = [self.region_id]
                    elif r < 0.7:
                        areas = [
                            mu.id
                            for mu in rng.sample(self.muns, min(len(self.muns), rng.randint(1, 3)))
                        ]
                    else:
                        areas = []
                else:
                    mun = self.muns[m]
                    if r < 0.6:
                        home = self.p_district[i]
                        picked = {home} if home >= 0 else set()
                        for _ in range(rng.choice((0, 0, 1, 2))):
                            picked.add(rng.randrange(len(mun.districts)))
                        areas = [mun.districts[d][0] for d in sorted(picked)]
                    elif r < 0.85:
                        areas = [mun.id]
                    else:
                        areas = []
                # when
                vfrom, vto = pfrom, pto
                if k >= len(mine) and vfrom is None and vto is None:
                    r = rng.random()
                    if r < 0.04:
                        vfrom = self._date(date(2018, 1, 1), date(2025, 9, 1))
                    elif r < 0.07:
                        vto = self._date(date(2017, 1, 1), date(2025, 12, 31))
                primary = needs[0]
                fi, en, _ = need_info[primary]
                if lo is not None and hi is not None:
                    fi, en = f"{fi} {lo}–{hi}-vuotiaille", f"{en}, ages {lo}–{hi}"
                elif lo is not None:
                    fi, en = f"{fi} yli {lo - 1}-vuotiaille", f"{en}, ages {lo}+"
                name: str | dict[str, str] = _fi_en(fi, en) if rng.random() < 0.3 else fi
                out.append(
                    _new(
                        Service,
                        id=f"{pid}-s{k + 1}",
                        name=name,
                        source=SOURCE,
                        valid_from=vfrom,
                        valid_to=vto,
                        min_age=None if lo is None else float(lo),
                        max_age=None if hi is None else float(hi),
                        provider=pid,
                        description=None,
                        channel=_CHANNELS[rng.randrange(len(_CHANNELS))],
                        url=None,
                        needs=needs,
                        groups=groups,
                        areas=areas,
                    )
                )
        return out

    # -- partnerships

    def _partnerships(self) -> list[Partnership]:
        """Preferential attachment: each provider ties to 1–3 earlier ones, by degree."""
        rng = self.rng
        n = len(self.p_id)
        global_pool: list[int] = []
        local_pool: list[list[int]] = [[] for _ in self.muns]
        # the regional organisations (county, Kela, umbrellas, …) and their ties; the
        # county, Kela, the TE office and the forum's NGOs get a head start
        regional_pool: list[int] = [i for i in range(n) if self.p_mun[i] < 0]
        for key in ("county", "kela", "te", "ks-yhteisojen-tuki", "soste"):
            if key in self.regional:
                regional_pool += [self.regional[key]] * 3
        pairs: set[tuple[int, int]] = set()
        out: list[Partnership] = []
        for i in range(n):
            if self.p_isolated[i]:
                continue
            m = self.p_mun[i]
            r = rng.random()
            links = 1 if r < 0.45 else 2 if r < 0.8 else 3
            for _ in range(links):
                for _attempt in range(4):
                    r = rng.random()
                    if m >= 0 and local_pool[m] and r < 0.8:
                        pool = local_pool[m]
                    elif r < 0.88 and self.n_regional < i:
                        pool = regional_pool
                    else:
                        pool = global_pool
                    if not pool:
                        break
                    j = pool[rng.randrange(len(pool))]
                    pair = (j, i)
                    if j == i or pair in pairs:
                        continue
                    made = self._tie(i, j, out)
                    if made:
                        pairs.add(pair)
                        for x in (i, j):
                            global_pool.append(x)
                            if self.p_mun[x] >= 0:
                                local_pool[self.p_mun[x]].append(x)
                            else:
                                regional_pool.append(x)
                    break
            global_pool.append(i)
            if m >= 0:
                local_pool[m].append(i)
        return out

    def _tie(self, i: int, j: int, out: list[Partnership]) -> bool:
        """Add one partnership between providers i and j (sometimes two of other kinds)."""
        rng = self.rng
        lo_d = max(d for d in (self.p_from[i], self.p_from[j], date(2005, 1, 1)) if d)
        hi_candidates = [d for d in (self.p_to[i], self.p_to[j]) if d]
        hi_d = min(hi_candidates) if hi_candidates else None
        if hi_d is not None and hi_d < lo_d:
            return False  # their lifetimes do not overlap
        source, target, kinds = _kinds_for(i, self.p_kind[i].sector, j, self.p_kind[j].sector)
        kind = _weighted(rng, kinds)
        chosen = [kind]
        if rng.random() < 0.05 and len(kinds) > 1:
            other = _weighted(rng, kinds)
            if other is not kind:
                chosen.append(other)
        for kind in chosen:
            since = until = None
            bounded = hi_d is not None or lo_d > date(2005, 1, 1)
            if bounded or rng.random() < 0.6:
                top = hi_d or max(lo_d, date(2025, 6, 30))
                since = date.fromordinal(rng.randint(lo_d.toordinal(), top.toordinal()))
                if hi_d is not None:
                    until = hi_d
                elif rng.random() < 0.12:
                    until = since + timedelta(days=rng.randint(180, 6 * 365))
            out.append(
                _new(
                    Partnership,
                    source=self.p_id[source],
                    target=self.p_id[target],
                    kind=kind,
                    since=since,
                    until=until,
                    note=None,
                )
            )
        return True

    # -- networks

    def _networks(self) -> list[Network]:
        rng = self.rng
        n = len(self.p_id)
        nets: list[Network] = []
        first = self.muns[0]

        def net(nid: str, name: str | dict[str, str], desc: str, members: list[int]) -> None:
            ids = [self.p_id[i] for i in members]
            nets.append(
                _new(Network, id=nid, name=name, source=SOURCE, description=desc, members=ids)
            )

        def sample(pool: list[int], k: int) -> list[int]:
            return rng.sample(pool, min(k, len(pool)))

        reg = self.regional
        core = [first.root, *(first.divisions or {}).values(), reg["county"]]
        core += [reg[u] for u in ("ks-yhteisojen-tuki", "soste", "ks-yrittajat") if u in reg]
        m0 = [i for i in range(n) if self.p_mun[i] == 0 and i not in core]
        projects = [i for i in m0 if self.p_kind[i].sector is PROJECT]
        companies_ngos = [i for i in m0 if self.p_kind[i].sector in (COMPANY, NGO)]
        net(
            "hyvinvointifoorumi",
            f"{first.gen} Hyvinvointifoorumi",
            "Kaupungin, järjestöjen, yritysten ja hankkeiden yhteinen kehittämisryhmä",
            core + sample(projects, 5) + sample(companies_ngos, 12 + n // 500),
        )
        ngos = [i for i in range(n) if self.p_kind[i].sector is NGO]
        net(
            "ks-jarjestoverkosto",
            _fi_en("Keski-Suomen järjestöverkosto", "Central Finland NGO network"),
            "Alueen sosiaali- ja terveysjärjestöjen verkosto",
            sample(ngos, 15 + n // 200),
        )
        contacts = [i for i in m0 if self.p_kind[i].sector in (CITY, NGO, INFORMAL, PARISH)]
        net(
            "osallisuusverkosto",
            f"{first.gen} osallisuusyhteyshenkilöt",
            "Osallisuuden yhteyshenkilöiden verkosto",
            sample(contacts, 100),
        )
        youth = [
            i
            for i in range(n)
            if {"employment-services", "outreach-youth"} & set(self.p_kind[i].needs)
        ]
        net(
            "ohjaamo-verkosto",
            "Nuorten ohjaamoverkosto",
            "Nuorten työllisyyden ja ohjauksen yhteistyöverkosto",
            sample(youth, 10 + n // 400),
        )
        for m, mun in enumerate(self.muns[1:6], start=1):
            local = [i for i in range(n) if self.p_mun[i] == m]
            net(
                f"{mun.id}-hyvinvointiverkosto",
                f"{mun.gen} hyvinvointiverkosto",
                "Kunnan hyvinvointitoimijoiden verkosto",
                sample(local, rng.randint(8, 40)),
            )
        return nets

    # -- all of it

    def build(self) -> Dataset:
        groups, needs, group_needs = self._demand()
        self._choose_gaps()
        self._build_areas()
        self._build_regional()
        for m in range(len(self.muns)):
            self._build_municipality(m)
        assert len(self.p_id) == self.n, (len(self.p_id), self.n)
        providers = self._provider_objects()
        services = self._services()
        partnerships = self._partnerships()
        networks = self._networks()
        return Dataset.model_construct(
            format="graphsvc-dataset",
            version=1,
            name=f"Synthetic service network ({self.n} providers, seed {self.seed})",
            description=(
                "Synthetic data made by graphsvc.synth: organisations, services and "
                "relationships are invented."
            ),
            target_groups=groups,
            needs=needs,
            group_needs=group_needs,
            areas=self.areas,
            providers=providers,
            services=services,
            partnerships=partnerships,
            networks=networks,
        )


def _pick(rng: random.Random, cum: list[float]) -> int:
    """Index drawn from cumulative weights."""
    x = rng.random() * cum[-1]
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] > x:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _weighted(
    rng: random.Random, kinds: tuple[tuple[PartnershipKind, float], ...]
) -> PartnershipKind:
    x = rng.random() * sum(w for _, w in kinds)
    for kind, w in kinds:
        x -= w
        if x < 0:
            return kind
    return kinds[-1][0]


PK = PartnershipKind
_PUBLIC = (CITY, COUNTY)

#: (buyer/funder sector, other sector) → kinds; the first sector is the source
_FUNDED: dict[tuple[Sector, Sector], tuple[tuple[PartnershipKind, float], ...]] = {}
for _pub in _PUBLIC:
    _FUNDED[(_pub, COMPANY)] = (
        (PK.PURCHASE, 0.45),
        (PK.FRAMEWORK_AGREEMENT, 0.25),
        (PK.VOUCHER, 0.2),
        (PK.REFERRAL, 0.1),
    )
    _FUNDED[(_pub, NGO)] = (
        (PK.GRANT, 0.35),
        (PK.PURCHASE, 0.15),
        (PK.PROJECT, 0.15),
        (PK.REFERRAL, 0.15),
        (PK.CO_LOCATION, 0.1),
        (PK.NETWORK, 0.1),
    )
    _FUNDED[(_pub, PROJECT)] = ((PK.PROJECT, 0.6), (PK.GRANT, 0.3), (PK.NETWORK, 0.1))
    _FUNDED[(_pub, EDUCATION)] = (
        (PK.PROJECT, 0.4),
        (PK.PURCHASE, 0.2),
        (PK.NETWORK, 0.2),
        (PK.REFERRAL, 0.2),
    )
    _FUNDED[(_pub, PARISH)] = (
        (PK.NETWORK, 0.4),
        (PK.REFERRAL, 0.3),
        (PK.CO_LOCATION, 0.2),
        (PK.PROJECT, 0.1),
    )
    _FUNDED[(_pub, STATE)] = (
        (PK.REFERRAL, 0.5),
        (PK.CO_LOCATION, 0.2),
        (PK.NETWORK, 0.2),
        (PK.PROJECT, 0.1),
    )
    _FUNDED[(_pub, INFORMAL)] = (
        (PK.NETWORK, 0.4),
        (PK.CO_LOCATION, 0.3),
        (PK.REFERRAL, 0.2),
        (PK.OTHER, 0.1),
    )
    for _pub2 in _PUBLIC:
        _FUNDED[(_pub, _pub2)] = (
            (PK.REFERRAL, 0.4),
            (PK.NETWORK, 0.3),
            (PK.CO_LOCATION, 0.2),
            (PK.PROJECT, 0.1),
        )
_FUNDED[(NGO, PROJECT)] = ((PK.PROJECT, 0.7), (PK.NETWORK, 0.3))
_FUNDED[(EDUCATION, PROJECT)] = ((PK.PROJECT, 0.8), (PK.NETWORK, 0.2))
_FUNDED[(NGO, NGO)] = (
    (PK.NETWORK, 0.4),
    (PK.PROJECT, 0.3),
    (PK.REFERRAL, 0.2),
    (PK.CO_LOCATION, 0.1),
)
_FUNDED[(COMPANY, COMPANY)] = ((PK.NETWORK, 0.5), (PK.PURCHASE, 0.3), (PK.PROJECT, 0.2))
_FUNDED[(NGO, COMPANY)] = (
    (PK.PROJECT, 0.3),
    (PK.NETWORK, 0.3),
    (PK.PURCHASE, 0.2),
    (PK.OTHER, 0.2),
)
_FUNDED[(PARISH, NGO)] = (
    (PK.NETWORK, 0.4),
    (PK.CO_LOCATION, 0.3),
    (PK.PROJECT, 0.2),
    (PK.REFERRAL, 0.1),
)
_BY_SECTOR: dict[Sector, tuple[tuple[PartnershipKind, float], ...]] = {
    PROJECT: ((PK.PROJECT, 0.8), (PK.NETWORK, 0.2)),
    EDUCATION: ((PK.PROJECT, 0.5), (PK.NETWORK, 0.3), (PK.REFERRAL, 0.2)),
    STATE: ((PK.REFERRAL, 0.5), (PK.NETWORK, 0.3), (PK.PROJECT, 0.2)),
    PARISH: ((PK.NETWORK, 0.5), (PK.REFERRAL, 0.3), (PK.CO_LOCATION, 0.2)),
    INFORMAL: ((PK.NETWORK, 0.6), (PK.CO_LOCATION, 0.2), (PK.OTHER, 0.2)),
}
_DEFAULT_KINDS = ((PK.NETWORK, 0.5), (PK.REFERRAL, 0.3), (PK.PROJECT, 0.2))


def _kinds_for(
    i: int, si: Sector, j: int, sj: Sector
) -> tuple[int, int, tuple[tuple[PartnershipKind, float], ...]]:
    """(source, target, weighted kinds) for a tie between i and j; the buyer is the source."""
    if (si, sj) in _FUNDED:
        return i, j, _FUNDED[(si, sj)]
    if (sj, si) in _FUNDED:
        return j, i, _FUNDED[(sj, si)]
    for s in (PROJECT, EDUCATION, STATE, PARISH, INFORMAL):
        if s in (si, sj):
            return i, j, _BY_SECTOR[s]
    return i, j, _DEFAULT_KINDS
