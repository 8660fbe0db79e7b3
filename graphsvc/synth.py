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
import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any, TypeVar

from pydantic import BaseModel

from graphsvc.model import (
    Area,
    AreaKind,
    Channel,
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
from graphsvc.perf import gc_paused

__all__ = ["MAX_PROVIDERS", "MIN_PROVIDERS", "SOURCE", "generate"]

MIN_PROVIDERS = 100
MAX_PROVIDERS = 100_000
#: the `source` of every generated provider and service
SOURCE = "synth"

# --- demand side -------------------------------------------------------------------

#: (id, fi, en, min_age, max_age) — the forum's default age groups
AGE_GROUPS: tuple[tuple[str, str, str, int, int | None], ...] = (
    ("age-0-6", "0–6-vuotiaat", "Children 0–6", 0, 6),
    ("age-7-21", "7–21-vuotiaat", "Children and young people 7–21", 7, 21),
    ("age-22-65", "22–65-vuotiaat", "Adults 22–65", 22, 65),
    ("age-66-plus", "Yli 65-vuotiaat", "Older people over 65", 66, None),
)

#: (id, fi, en)
SPECIAL_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("mental-health", "Mielenterveyskuntoutujat", "People with mental health problems"),
    ("substance-abuse", "Päihteitä käyttävät", "People with substance abuse problems"),
    ("immigrants", "Maahanmuuttajat", "Immigrants"),
    ("long-term-unemployed", "Pitkäaikaistyöttömät", "Long-term unemployed"),
    ("disabled", "Vammaiset", "People with disabilities"),
)

_G0, _G7, _G22, _G66 = (g[0] for g in AGE_GROUPS)
_MH, _SA, _IM, _LU, _DI = (g[0] for g in SPECIAL_GROUPS)

#: (id, fi, en, category, groups with the need — the first is the one it matters most to)
NEEDS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("early-education", "Varhaiskasvatus", "Early childhood education", "education", (_G0,)),
    ("child-health-clinic", "Neuvolapalvelut", "Child health clinic", "health", (_G0,)),
    ("family-counselling", "Perheneuvonta", "Family counselling", "family", (_G0, _G7)),
    ("clubs-play", "Kerhot ja avoin varhaiskasvatus", "Clubs and open play", "leisure",
     (_G0,)),
    ("home-help-families", "Lapsiperheiden kotipalvelu", "Home help for families",
     "family", (_G0, _G7)),
    ("speech-therapy", "Puheterapia", "Speech therapy", "health", (_G0, _DI, _G7)),
    ("child-protection", "Lastensuojelu", "Child protection", "social", (_G7, _G0)),
    ("basic-education", "Perusopetus", "Basic education", "education", (_G7,)),
    ("afternoon-activities", "Aamu- ja iltapäivätoiminta", "Before and after school care",
     "leisure", (_G7,)),
    ("student-welfare", "Opiskeluhuolto", "Student welfare", "health", (_G7,)),
    ("youth-work", "Nuorisotyö", "Youth work", "leisure", (_G7,)),
    ("outreach-youth", "Etsivä nuorisotyö", "Outreach youth work", "social", (_G7, _LU)),
    ("hobbies", "Harrastustoiminta", "Hobbies", "leisure", (_G7, _DI, _G66, _MH)),
    ("study-guidance", "Opinto-ohjaus", "Study guidance", "education", (_G7, _G22, _IM)),
    ("vocational-training", "Ammatillinen koulutus", "Vocational training", "education",
     (_G7, _G22, _IM, _LU)),
    ("adult-education", "Aikuiskoulutus", "Adult education", "education", (_G22, _G66)),
    ("employment-services", "Työllisyyspalvelut", "Employment services", "employment",
     (_LU, _G22, _IM, _G7, _DI)),
    ("rehabilitative-work", "Kuntouttava työtoiminta", "Rehabilitative work activity",
     "employment", (_LU, _SA, _MH)),
    ("income-support", "Toimeentulotuki", "Income support", "income", (_G22, _LU, _G66)),
    ("debt-counselling", "Talous- ja velkaneuvonta", "Debt and money advice", "income",
     (_G22, _LU, _SA)),
    ("housing-support", "Asumisen tuki", "Housing support", "housing",
     (_G22, _MH, _SA, _G7, _IM)),
    ("supported-housing", "Tuettu asuminen", "Supported housing", "housing", (_MH, _SA, _DI)),
    ("primary-health", "Perusterveydenhuolto", "Primary health care", "health",
     (_G22, _G66, _G7, _IM)),
    ("oral-health", "Suun terveydenhuolto", "Oral health care", "health",
     (_G7, _G22, _G66, _G0)),
    ("mental-health-services", "Mielenterveyspalvelut", "Mental health services",
     "mental_health", (_MH, _G7, _G22, _G66)),
    ("substance-treatment", "Päihdehoito", "Substance abuse treatment", "substance",
     (_SA, _G22, _G7)),
    ("rehabilitation", "Kuntoutus", "Rehabilitation", "health", (_DI, _G66, _MH, _G22)),
    ("crisis-help", "Kriisiapu", "Crisis help", "safety", (_MH, _G22, _G7, _IM)),
    ("domestic-violence", "Lähisuhdeväkivaltatyö", "Domestic violence support", "safety",
     (_G22, _G0, _G7, _IM, _G66)),
    ("low-threshold-meeting", "Matalan kynnyksen kohtaamispaikat", "Low-threshold drop-in",
     "participation", (_SA, _MH, _G7, _LU)),
    ("peer-support", "Vertaistuki", "Peer support", "participation",
     (_MH, _SA, _DI, _G0, _G66, _IM)),
    ("loneliness", "Yksinäisyyden ehkäisy", "Preventing loneliness", "participation",
     (_G66, _G22, _MH, _IM, _G7)),
    ("participation", "Osallisuus ja vaikuttaminen", "Participation and advocacy",
     "participation", (_G66, _G7, _DI, _IM)),
    ("home-care", "Kotihoito", "Home care", "care", (_G66, _DI)),
    ("elderly-housing", "Ympärivuorokautinen hoiva", "Round-the-clock care", "care", (_G66,)),
    ("day-activities", "Päivätoiminta", "Day activities", "care", (_G66, _DI, _MH)),
    ("informal-carer-support", "Omaishoidon tuki", "Support for informal carers", "care",
     (_G66, _DI)),
    ("personal-assistance", "Henkilökohtainen apu", "Personal assistance", "care", (_DI,)),
    ("assistive-devices", "Apuvälinepalvelut", "Assistive devices", "care", (_DI, _G66)),
    ("transport-service", "Kuljetuspalvelu", "Transport service", "mobility", (_DI, _G66)),
    ("exercise", "Liikuntapalvelut", "Exercise services", "leisure",
     (_G66, _G7, _G22, _DI, _MH, _G0)),
    ("culture", "Kulttuuripalvelut", "Cultural services", "leisure", (_G7, _G22, _G66, _DI)),
    ("digital-support", "Digituki", "Digital support", "digital", (_G66, _IM, _LU)),
    ("integration-guidance", "Kotoutumisen ohjaus", "Integration guidance", "integration",
     (_IM,)),
    ("language-courses", "Suomen kielen opetus", "Finnish language courses", "integration",
     (_IM,)),
    ("food-aid", "Ruoka-apu", "Food aid", "income", (_LU, _SA, _G66, _IM)),
)

#: age ranges services aimed at an age group use (None = open bound)
AGE_RANGES: dict[str, tuple[tuple[int | None, int | None], ...]] = {
    _G0: ((0, 6), (0, 6), (0, 6), (0, 2), (1, 6), (3, 6), (0, 1), (0, 17)),
    _G7: ((7, 21), (7, 21), (7, 12), (7, 15), (13, 17), (13, 21), (16, 29), (15, 25),
          (18, 21), (7, 18), (0, 17)),
    _G22: ((22, 65), (22, 65), (18, 64), (25, 64), (30, 64), (18, 29), (22, 40), (55, 70)),
    _G66: ((66, None), (66, None), (66, None), (60, None), (75, None), (65, None),
           (80, None)),
}

# --- supply side: kinds of provider ------------------------------------------------

CITY, COUNTY, STATE, NGO = Sector.CITY, Sector.WELLBEING_COUNTY, Sector.STATE, Sector.NGO
COMPANY, EDUCATION, PARISH = Sector.COMPANY, Sector.EDUCATION, Sector.PARISH
PROJECT, INFORMAL = Sector.PROJECT, Sector.INFORMAL


@dataclass(frozen=True)
class _Kind:
    """A kind of provider: its sector, name pattern, the needs its services meet."""

    key: str
    sector: Sector
    name: str  # {district} {mun} {gen} {word} are filled in
    needs: tuple[str, ...]
    weight: float = 0.0  # share among the local providers of its sector (0: never drawn)
    division: str = ""  # city or county division it belongs to


_KINDS: tuple[_Kind, ...] = (
    # organisation roots and divisions
    _Kind("city", CITY, "{gen} {city}", ("participation", "digital-support")),
    _Kind("div-sivistys", CITY, "{gen} {city}, sivistyspalvelut",
          ("basic-education", "early-education", "culture")),
    _Kind("div-sote", CITY, "{gen} {city}, sosiaali- ja terveyspalvelut",
          ("primary-health", "income-support", "home-care")),
    _Kind("div-elinvoima", CITY, "{gen} {city}, elinvoimapalvelut",
          ("employment-services", "integration-guidance")),
    _Kind("div-asukas", CITY, "{gen} {city}, asukas- ja osallisuuspalvelut",
          ("participation", "loneliness")),
    _Kind("county", COUNTY, "Keski-Suomen hyvinvointialue", ("crisis-help", "domestic-violence")),
    _Kind("cdiv-perhe", COUNTY, "Keski-Suomen hyvinvointialue, perhe- ja sosiaalipalvelut",
          ("family-counselling", "child-protection")),
    _Kind("cdiv-terveys", COUNTY, "Keski-Suomen hyvinvointialue, terveyspalvelut",
          ("primary-health", "mental-health-services")),
    _Kind("cdiv-ikaantyneet", COUNTY, "Keski-Suomen hyvinvointialue, ikääntyneiden palvelut",
          ("home-care", "informal-carer-support")),
    _Kind("kela", STATE, "Kela, Keski-Suomen vakuutuspiiri", ("income-support", "rehabilitation")),
    _Kind("te", STATE, "Keski-Suomen TE-toimisto", ("employment-services",)),
    _Kind("gradia", EDUCATION, "Koulutuskuntayhtymä Gradia", ("vocational-training",)),
    _Kind("jamk", EDUCATION, "Jyväskylän ammattikorkeakoulu JAMK",
          ("adult-education", "study-guidance")),
    _Kind("jyu", EDUCATION, "Jyväskylän yliopisto", ("adult-education", "student-welfare")),
    _Kind("parish", PARISH, "{gen} seurakunta",
          ("food-aid", "loneliness", "debt-counselling", "peer-support", "crisis-help")),
    # city units
    _Kind("paivakoti", CITY, "Päiväkoti {district}", ("early-education", "clubs-play"),
          6, "sivistys"),
    _Kind("koulu", CITY, "Yhtenäiskoulu {district}",
          ("basic-education", "afternoon-activities", "student-welfare"), 5, "sivistys"),
    _Kind("nuorisotila", CITY, "Nuorisotila {district}",
          ("youth-work", "hobbies", "low-threshold-meeting", "participation"), 3, "sivistys"),
    _Kind("kirjasto", CITY, "Kirjasto {district}",
          ("culture", "digital-support", "language-courses", "loneliness"), 2, "sivistys"),
    _Kind("liikunta", CITY, "Liikuntapalvelut {district}", ("exercise", "hobbies"),
          1.5, "sivistys"),
    _Kind("kansalaisopisto", CITY, "{gen} kansalaisopisto",
          ("adult-education", "culture", "language-courses", "digital-support"),
          0.5, "sivistys"),
    _Kind("neuvola", CITY, "Neuvola {district}",
          ("child-health-clinic", "family-counselling", "speech-therapy"), 2.5, "sote"),
    _Kind("terveysasema", CITY, "Terveysasema {district}",
          ("primary-health", "oral-health", "mental-health-services", "substance-treatment"),
          2, "sote"),
    _Kind("sosiaalitoimisto", CITY, "Sosiaalipalvelut {district}",
          ("income-support", "child-protection", "housing-support", "debt-counselling",
           "domestic-violence"), 1.5, "sote"),
    _Kind("vanhuspalvelut", CITY, "Vanhuspalvelut {district}",
          ("home-care", "informal-carer-support", "day-activities", "transport-service"),
          2, "sote"),
    _Kind("tyollisyys", CITY, "{gen} työllisyyspalvelut",
          ("employment-services", "rehabilitative-work", "study-guidance"), 1, "elinvoima"),
    _Kind("ohjaamo", CITY, "Ohjaamo {mun}",
          ("employment-services", "study-guidance", "outreach-youth", "housing-support"),
          0.4, "elinvoima"),
    _Kind("kotoutuminen", CITY, "Maahanmuuttajapalvelut {mun}",
          ("integration-guidance", "language-courses", "employment-services"), 0.5, "elinvoima"),
    _Kind("etsiva", CITY, "Etsivä nuorisotyö {mun}", ("outreach-youth", "youth-work"),
          0.5, "elinvoima"),
    _Kind("asukastupa", CITY, "Asukastupa {district}",
          ("loneliness", "digital-support", "low-threshold-meeting", "participation",
           "food-aid"), 1.5, "asukas"),
    _Kind("neuvosto", CITY, "Vanhus- ja vammaisneuvosto {mun}", ("participation",),
          0.3, "asukas"),
    # wellbeing county units
    _Kind("sote-asema", COUNTY, "Sote-asema {district}",
          ("primary-health", "oral-health", "mental-health-services", "substance-treatment",
           "rehabilitation"), 2, "terveys"),
    _Kind("perhekeskus", COUNTY, "Perhekeskus {district}",
          ("child-health-clinic", "family-counselling", "home-help-families", "speech-therapy",
           "child-protection"), 2, "perhe"),
    _Kind("aikuissosiaalityo", COUNTY, "Aikuissosiaalityö {mun}",
          ("income-support", "housing-support", "debt-counselling", "domestic-violence",
           "rehabilitative-work"), 1, "perhe"),
    _Kind("opiskeluhuolto", COUNTY, "Opiskeluhuolto {district}",
          ("student-welfare", "mental-health-services"), 1, "perhe"),
    _Kind("kotihoito", COUNTY, "Kotihoito {district}",
          ("home-care", "informal-carer-support", "assistive-devices", "transport-service"),
          2, "ikaantyneet"),
    _Kind("palvelukeskus", COUNTY, "Palvelukeskus {district}",
          ("elderly-housing", "day-activities", "loneliness"), 1, "ikaantyneet"),
    _Kind("vammaispalvelut", COUNTY, "Vammaispalvelut {mun}",
          ("personal-assistance", "transport-service", "assistive-devices",
           "supported-housing", "day-activities"), 1, "ikaantyneet"),
    _Kind("mtpaihde", COUNTY, "Mielenterveys- ja päihdepalvelut {mun}",
          ("mental-health-services", "substance-treatment", "crisis-help",
           "supported-housing"), 1, "terveys"),
    # state offices
    _Kind("kela-office", STATE, "Kelan palvelupiste {mun}",
          ("income-support", "rehabilitation", "housing-support"), 1, "kela"),
    _Kind("te-office", STATE, "TE-toimisto {mun}",
          ("employment-services", "vocational-training", "study-guidance"), 1, "te"),
    # education
    _Kind("ammattiopisto", EDUCATION, "Gradia {district}",
          ("vocational-training", "study-guidance", "student-welfare", "language-courses"),
          2, "gradia"),
    _Kind("kampus", EDUCATION, "Korkeakoulukampus {district}",
          ("adult-education", "study-guidance", "student-welfare"), 0.7, "university"),
    _Kind("kansanopisto", EDUCATION, "{gen} kansanopisto",
          ("adult-education", "culture", "language-courses", "integration-guidance"), 1),
    # parish units (the first parish provider of a municipality is its parish)
    _Kind("diakonia", PARISH, "Diakoniatyö {district}",
          ("food-aid", "loneliness", "debt-counselling", "crisis-help"), 2),
    _Kind("srk-nuoriso", PARISH, "Seurakunnan nuorisotyö {district}",
          ("youth-work", "hobbies", "afternoon-activities"), 1.5),
    _Kind("perhekerho", PARISH, "Perhekerho {district}", ("clubs-play", "peer-support"), 1),
    # NGOs
    _Kind("perheyhdistys", NGO, "{gen} perheyhdistys ry",
          ("clubs-play", "family-counselling", "peer-support", "home-help-families"), 3),
    _Kind("urheiluseura", NGO, "Urheiluseura {word} ry",
          ("exercise", "hobbies", "afternoon-activities"), 4),
    _Kind("mielenterveysyhdistys", NGO, "{gen} mielenterveysyhdistys ry",
          ("peer-support", "low-threshold-meeting", "day-activities", "mental-health-services",
           "crisis-help"), 1.5),
    _Kind("paihdeyhdistys", NGO, "{gen} A-kilta ry",
          ("peer-support", "low-threshold-meeting", "substance-treatment", "supported-housing",
           "food-aid"), 1),
    _Kind("elakelaiset", NGO, "{gen} eläkeläiset ry",
          ("loneliness", "exercise", "digital-support", "participation", "culture"), 2.5),
    _Kind("vammaisyhdistys", NGO, "{gen} vammaisyhdistys ry",
          ("peer-support", "participation", "hobbies", "personal-assistance"), 1.5),
    _Kind("monikulttuurinen", NGO, "{gen} monikulttuurinen yhdistys ry",
          ("integration-guidance", "language-courses", "peer-support", "loneliness"), 1),
    _Kind("tyottomat", NGO, "{gen} työttömät ry",
          ("rehabilitative-work", "food-aid", "peer-support", "low-threshold-meeting",
           "debt-counselling"), 1),
    _Kind("nuorisoseura", NGO, "{gen} nuorisoseura ry",
          ("youth-work", "hobbies", "outreach-youth", "participation", "culture"), 2),
    _Kind("asukasyhdistys", NGO, "Asukasyhdistys {district} ry",
          ("loneliness", "participation", "culture", "digital-support"), 2.5),
    _Kind("kriisikeskus", NGO, "Kriisikeskus {mun}",
          ("crisis-help", "domestic-violence", "mental-health-services"), 0.4),
    _Kind("kulttuuriyhdistys", NGO, "Kulttuuriyhdistys {word} ry", ("culture", "hobbies"), 1.5),
    _Kind("avustus", NGO, "{gen} avustusosasto",
          ("food-aid", "crisis-help", "loneliness", "integration-guidance"), 0),
    _Kind("yrittajat", NGO, "{gen} Yrittäjät ry", ("employment-services",), 0),
    _Kind("jarjestotuki", NGO, "Keski-Suomen Yhteisöjen Tuki ry", ("participation",), 0),
    _Kind("soste", NGO, "SOSTE Suomen sosiaali ja terveys ry", ("participation", "peer-support")),
    # companies
    _Kind("pk-yritys", COMPANY, "Päiväkoti {word} Oy", ("early-education", "clubs-play"), 3),
    _Kind("hoivakoti", COMPANY, "Hoivakoti {word} Oy", ("elderly-housing", "day-activities"),
          2.5),
    _Kind("kotipalvelu", COMPANY, "{word} Kotipalvelut Oy",
          ("home-care", "home-help-families", "personal-assistance"), 3),
    _Kind("terapia", COMPANY, "Terapiakeskus {word} Oy",
          ("speech-therapy", "mental-health-services", "rehabilitation"), 3),
    _Kind("laakari", COMPANY, "Lääkärikeskus {word} Oy", ("primary-health", "oral-health"), 2),
    _Kind("asumispalvelu", COMPANY, "Asumispalvelut {word} Oy",
          ("supported-housing", "housing-support"), 1.5),
    _Kind("valmennus", COMPANY, "Valmennus {word} Oy",
          ("employment-services", "rehabilitative-work", "study-guidance"), 2),
    _Kind("liikuntakeskus", COMPANY, "Liikuntakeskus {word} Oy", ("exercise", "hobbies"), 2),
    _Kind("taksi", COMPANY, "Taksi {word} Oy", ("transport-service",), 1.5),
    _Kind("koulutusyritys", COMPANY, "Koulutus {word} Oy",
          ("digital-support", "adult-education", "language-courses"), 1),
    _Kind("apuvaline", COMPANY, "Apuväline {word} Oy", ("assistive-devices", "rehabilitation"),
          0.7),
    # projects (fixed-term)
    _Kind("nuoret-hanke", PROJECT, "{word}-hanke ({mun})",
          ("employment-services", "outreach-youth", "study-guidance"), 1),
    _Kind("kotoutumis-hanke", PROJECT, "{word}-hanke ({mun})",
          ("integration-guidance", "language-courses", "employment-services"), 1),
    _Kind("yksinaisyys-hanke", PROJECT, "{word}-hanke ({mun})",
          ("loneliness", "digital-support", "participation"), 1),
    _Kind("perhe-hanke", PROJECT, "{word}-hanke ({mun})",
          ("family-counselling", "peer-support", "home-help-families"), 1),
    _Kind("paihde-hanke", PROJECT, "{word}-hanke ({mun})",
          ("low-threshold-meeting", "substance-treatment", "housing-support"), 0.7),
    # informal groups
    _Kind("naapuriapu", INFORMAL, "Naapuriapu {district}", ("loneliness", "participation"), 1),
    _Kind("perhekahvila", INFORMAL, "Perhekahvila {district}", ("peer-support", "clubs-play"), 1),
    _Kind("kielikahvila", INFORMAL, "Kielikahvila {district}",
          ("language-courses", "integration-guidance", "loneliness"), 1),
    _Kind("digikummit", INFORMAL, "Digikummit {district}", ("digital-support",), 0.7),
    _Kind("kavelyporukka", INFORMAL, "Kävelyporukka {district}", ("exercise", "loneliness"),
          0.7),
)
KINDS: dict[str, _Kind] = {k.key: k for k in _KINDS}

#: share of each sector among a municipality's local providers
SECTOR_WEIGHTS: tuple[tuple[Sector, float], ...] = (
    (CITY, 0.30), (NGO, 0.25), (COMPANY, 0.24), (COUNTY, 0.07), (EDUCATION, 0.035),
    (PARISH, 0.03), (STATE, 0.025), (PROJECT, 0.03), (INFORMAL, 0.02),
)

#: city divisions in the order a municipality gets them
CITY_DIVISIONS = ("sivistys", "sote", "elinvoima", "asukas")
COUNTY_DIVISIONS = ("perhe", "terveys", "ikaantyneet")

#: regional NGOs: (id, name, kind, name of a local chapter or "" when it has none)
UMBRELLAS: tuple[tuple[str, str, str, str], ...] = (
    ("ks-yhteisojen-tuki", "Keski-Suomen Yhteisöjen Tuki ry", "jarjestotuki", ""),
    ("soste", "SOSTE Suomen sosiaali ja terveys ry", "soste", ""),
    ("ks-yrittajat", "Keski-Suomen Yrittäjät ry", "yrittajat", "{gen} Yrittäjät ry"),
    ("ks-lapsiperheet", "Lapsiperheyhdistys, Keski-Suomen piiri ry", "perheyhdistys",
     "{gen} lapsiperheyhdistys ry"),
    ("ks-mielenterveysseura", "Keski-Suomen Mielenterveysseura ry", "mielenterveysyhdistys",
     "{gen} mielenterveysseura ry"),
    ("ks-elakelaisliitto", "Eläkeläisliitto, Keski-Suomen piiri ry", "elakelaiset",
     "{gen} eläkeläiskerho ry"),
    ("ks-avustusjarjesto", "Avustusjärjestö, Keski-Suomen piiri ry", "avustus",
     "{gen} avustusosasto"),
    ("ks-vammaisfoorumi", "Keski-Suomen Vammaisfoorumi ry", "vammaisyhdistys",
     "{gen} vammaisyhdistys ry"),
    ("ks-paihdetyo", "Keski-Suomen Päihdetyön yhdistys ry", "paihdeyhdistys",
     "{gen} päihdetyön paikallisyhdistys ry"),
    ("ks-nuorisoseurat", "Keski-Suomen Nuorisoseurat ry", "nuorisoseura", "{gen} nuorisoseura ry"),
)

#: company chains: (id, name, kind of their local units)
CHAINS: tuple[tuple[str, str, str], ...] = (
    ("kotiranta-hoiva", "Kotiranta Hoiva Oy", "hoivakoti"),
    ("lahiterveys", "Lähiterveys Oy", "laakari"),
    ("satumetsa-paivakodit", "Satumetsä Päiväkodit Oy", "pk-yritys"),
    ("arjen-apu", "Arjen Apu Oy", "kotipalvelu"),
    ("kuntoutus-voima", "Kuntoutuskeskus Voima Oy", "terapia"),
)

WORDS = (
    "Aalto", "Arki", "Auringonkukka", "Hyvä Mieli", "Ilo", "Kaste", "Kenno", "Kielo",
    "Koivu", "Kompassi", "Kotiranta", "Kuutamo", "Lähde", "Lumo", "Majakka", "Mesikkä",
    "Niitty", "Onni", "Pajupilli", "Pihlaja", "Polku", "Puro", "Rinne", "Saga", "Sarastus",
    "Silta", "Sisu", "Sointu", "Suvanto", "Sydän", "Tähti", "Tuike", "Tupa", "Tuuli",
    "Uusi Askel", "Vala", "Valo", "Verso", "Virta", "Voima",
)
PROJECT_WORDS = (
    "Tuttu", "Party", "Kotona Suomessa", "Silta", "Polku", "Kipinä", "Verkko", "Askel",
    "Voimaa", "Yhdessä", "Tulevaisuus", "Arjen tuki", "Kaiku", "Mentor", "Osallisena",
    "Hyvä arki", "Nuoret mukaan", "Lähellä", "Kohtaamo", "Sillanrakentajat",
)

# Municipalities of Central Finland: (name, genitive, is a city).
MUNICIPALITIES: tuple[tuple[str, str, bool], ...] = (
    ("Jyväskylä", "Jyväskylän", True), ("Jämsä", "Jämsän", True),
    ("Äänekoski", "Äänekosken", True), ("Laukaa", "Laukaan", False),
    ("Muurame", "Muuramen", False), ("Keuruu", "Keuruun", True),
    ("Saarijärvi", "Saarijärven", True), ("Viitasaari", "Viitasaaren", True),
    ("Hankasalmi", "Hankasalmen", False), ("Joutsa", "Joutsan", False),
    ("Konnevesi", "Konneveden", False), ("Kannonkoski", "Kannonkosken", False),
    ("Karstula", "Karstulan", False), ("Kinnula", "Kinnulan", False),
    ("Kivijärvi", "Kivijärven", False), ("Kyyjärvi", "Kyyjärven", False),
    ("Luhanka", "Luhangan", False), ("Multia", "Multian", False),
    ("Petäjävesi", "Petäjäveden", False), ("Pihtipudas", "Pihtiputaan", False),
    ("Toivakka", "Toivakan", False), ("Uurainen", "Uuraisten", False),
)
# Invented names beyond those: a stem and an ending with its genitive.
_STEMS = (
    "Koivu", "Haapa", "Leppä", "Pihlaja", "Kuusi", "Mänty", "Kivi", "Kallio", "Karhu",
    "Kotka", "Hirvi", "Joutsen", "Kurki", "Rauta", "Vuori", "Ylä", "Ala", "Iso", "Halla",
    "Lehto", "Susi", "Kaita", "Sarvi", "Ruoho",
)
_ENDINGS = (
    ("lahti", "lahden"), ("järvi", "järven"), ("koski", "kosken"), ("mäki", "mäen"),
    ("joki", "joen"), ("salmi", "salmen"), ("vesi", "veden"), ("saari", "saaren"),
    ("niemi", "niemen"), ("lampi", "lammen"), ("kylä", "kylän"), ("harju", "harjun"),
)
JYVASKYLA_DISTRICTS = (
    "Keskusta", "Keltinmäki", "Kortepohja", "Kuokkala", "Huhtasuo", "Vaajakoski", "Palokka",
    "Tikkakoski", "Korpilahti", "Säynätsalo", "Kypärämäki", "Lohikoski", "Kangasvuori",
    "Halssila", "Kyllö", "Mäki-Matti", "Taulumäki", "Myllyjärvi", "Viitaniemi", "Haukkala",
    "Kypärämäki-Kuokkala", "Tikka", "Seppälänkangas", "Ristonmaa", "Pupuhuhta",
)
_DISTRICT_STEMS = (
    "Keskusta", "Asema", "Kirkonkylä", "Koulumäki", "Myllymäki", "Rantala", "Harju", "Kangas",
    "Niittylä", "Peltola", "Mäntylä", "Koivula", "Hakala", "Rinne", "Kuusela", "Lehtola",
    "Kallio", "Ranta-aho", "Salmela", "Suvanto", "Vuorela", "Pajula", "Honkala", "Tervala",
)

#: the wellbeing services county took over social and health care on this day
SOTE_REFORM = date(2023, 1, 1)
#: the state TE offices closed when employment services moved to municipalities
TE_END = date(2024, 12, 31)

_CHANNELS = (Channel.IN_PERSON,) * 12 + (Channel.ONLINE,) * 3 + (Channel.PHONE,) * 2 + (
    Channel.OUTREACH,) * 2 + (None,)
_LANGS = ((("fi",),) * 70 + (("fi", "en"),) * 14 + (("fi", "sv"),) * 5
          + (("en", "fi", "sv"),) * 3 + (("en", "fi", "ru"),) * 2 + (("ar", "en", "fi"),) * 1
          + ((),) * 5)
_SERVICE_COUNTS = (1,) * 40 + (2,) * 33 + (3,) * 17 + (4,) * 10  # mean 1.97


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
    builder = _Builder(n, operator.index(seed))
    # Half a million new objects and no reference cycles: the cyclic collector would
    # only rescan them over and over (about a third of the time at 100,000 providers).
    with gc_paused():
        return builder.build()


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


class _Builder:
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

    def _add_provider(self, pid: str, name: str | dict[str, str], kind: _Kind, mun: int,
                      district: int = -1, parent: int = -1, *, anchor: bool = False,
                      valid_from: date | None = None, valid_to: date | None = None) -> int:
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
        self.areas.append(_new(Area,
            id=self.region_id, name=_fi_en("Keski-Suomi", "Central Finland"), source=None,
            kind=AreaKind.REGION, code=None, parent=None))
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
            self.areas.append(_new(Area,
                id=mid, name=name, source=None, kind=AreaKind.MUNICIPALITY, code=None,
                parent=self.region_id))
            for did, dname in districts:
                self.areas.append(_new(Area,
                    id=did, name=dname, source=None, kind=AreaKind.DISTRICT, code=None,
                    parent=mid))
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
        reg["county"] = add("ks-hyvinvointialue", KINDS["county"].name, KINDS["county"], -1,
                            anchor=True, valid_from=SOTE_REFORM)
        for d in COUNTY_DIVISIONS:
            k = KINDS[f"cdiv-{d}"]
            reg[f"cdiv-{d}"] = add(f"ks-hyvinvointialue-{d}", k.name, k, -1,
                                   parent=reg["county"], anchor=True)
        reg["kela"] = add("kela-keski-suomi", KINDS["kela"].name, KINDS["kela"], -1, anchor=True)
        reg["te"] = add("te-keski-suomi", KINDS["te"].name, KINDS["te"], -1, anchor=True,
                        valid_to=TE_END)
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
        mun.root = add(f"{mun.id}-{city_word}", _fi_en(root_kind.name.format(**fmt), en),
                       root_kind, m, anchor=True)
        q = mun.quota
        n_div = 2 if q < 60 else 3 if q < 300 else 4
        mun.divisions = {}
        for d in CITY_DIVISIONS[:n_div]:
            k = KINDS[f"div-{d}"]
            mun.divisions[d] = add(f"{mun.id}-{d}", k.name.format(**fmt), k, m,
                                   parent=mun.root, anchor=True,
                                   valid_to=SOTE_REFORM - timedelta(days=1) if d == "sote"
                                   else None)
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
                    days=1)
            if valid_from is None and valid_to is None and parent < 0:
                r = rng.random()
                if r < 0.03:
                    valid_to = self._date(date(2016, 1, 1), date(2025, 6, 30))
                elif r < 0.07:
                    valid_from = self._date(date(2018, 1, 1), date(2025, 9, 1))
            words = PROJECT_WORDS if sector is PROJECT else WORDS
            name = name_pattern.format(district=mun.districts[district][1],
                                       word=words[rng.randrange(len(words))], **fmt)
            add(f"{mun.id}-{sector.value.replace('_', '-')}-{counter:05d}", name, kind, m,
                district, parent, valid_from=valid_from, valid_to=valid_to)

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
            out.append(_new(Provider,
                id=pid, name=self.p_name[i], source=SOURCE,
                valid_from=self.p_from[i], valid_to=self.p_to[i],
                sector=kind.sector, description=None, url=url, email=email, phone=None,
                languages=list(_LANGS[rng.randrange(len(_LANGS))]), tags=[kind.key],
                parent=self.p_parent[i],
            ))
        return out

    # -- demand side

    def _demand(self) -> tuple[list[TargetGroup], list[Need], list[GroupNeed]]:
        rng = self.rng
        groups = [_new(TargetGroup,
            id=gid, name=_fi_en(fi, en), source=None, min_age=float(lo),
            max_age=None if hi is None else float(hi), kind=GroupKind.AGE, description=None)
            for gid, fi, en, lo, hi in AGE_GROUPS]
        groups += [_new(TargetGroup,
            id=gid, name=_fi_en(fi, en), source=None, min_age=None, max_age=None,
            kind=GroupKind.SPECIAL, description=None) for gid, fi, en in SPECIAL_GROUPS]
        needs = [_new(Need, id=nid, name=_fi_en(fi, en), source=None, category=cat,
                                      description=None)
                 for nid, fi, en, cat, _ in NEEDS]
        group_needs = []
        for nid, _, _, _, gids in NEEDS:
            for j, gid in enumerate(gids):
                r = rng.random()
                if j == 0:
                    priority = 1 if r < 0.6 else 2 if r < 0.9 else 3
                else:
                    priority = 1 if r < 0.2 else 2 if r < 0.65 else 3
                group_needs.append(_new(GroupNeed,
                    group=gid, need=nid, priority=priority, note=None))
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
        candidates = [(gid, nid) for nid, *_, gids in NEEDS if len(gids) >= 3
                      for gid in gids[1:]]
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
            cands = [i for i in range(n) if nid in self.p_kind[i].needs
                     and self.p_from[i] is None and self.p_to[i] is None]
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
                    served = groups or [g for g, glo, ghi in age_bounds
                                        if (hi is None or glo <= hi)
                                        and (ghi is None or lo is None or lo <= ghi)]
                    # 1–3 needs: the primary and others of the kind's the focus group has
                    extra_n = rng.choice((0, 0, 1, 1, 2))
                    focus_needs = self.needs_of[focus]
                    others = [x for x in kind.needs if x != primary and x in focus_needs]
                    needs = [primary, *rng.sample(others, min(extra_n, len(others)))]
                    needs = [x for x in needs
                             if not any(g in served for g in blocked.get(x, ()))]
                    if not needs:  # every need blocked for some group served: fall back
                        groups, lo, hi = [focus], None, None
                        needs = [x for x in (primary, *focus_needs)
                                 if focus not in blocked.get(x, ())][:1]
                # where
                r = rng.random()
                if m < 0:
                    if r < 0.45:
                        areas = [self.region_id]
                    elif r < 0.7:
                        areas = [mu.id for mu in rng.sample(self.muns, min(len(self.muns),
                                                                          rng.randint(1, 3)))]
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
                out.append(_new(Service,
                    id=f"{pid}-s{k + 1}", name=name, source=SOURCE,
                    valid_from=vfrom, valid_to=vto,
                    min_age=None if lo is None else float(lo),
                    max_age=None if hi is None else float(hi),
                    provider=pid, description=None,
                    channel=_CHANNELS[rng.randrange(len(_CHANNELS))], url=None,
                    needs=needs, groups=groups, areas=areas,
                ))
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
            out.append(_new(Partnership,
                source=self.p_id[source], target=self.p_id[target], kind=kind,
                since=since, until=until, note=None))
        return True

    # -- networks

    def _networks(self) -> list[Network]:
        rng = self.rng
        n = len(self.p_id)
        nets: list[Network] = []
        first = self.muns[0]

        def net(nid: str, name: str | dict[str, str], desc: str, members: list[int]) -> None:
            ids = [self.p_id[i] for i in members]
            nets.append(_new(Network, id=nid, name=name, source=SOURCE,
                                                description=desc, members=ids))

        def sample(pool: list[int], k: int) -> list[int]:
            return rng.sample(pool, min(k, len(pool)))

        reg = self.regional
        core = [first.root, *(first.divisions or {}).values(), reg["county"]]
        core += [reg[u] for u in ("ks-yhteisojen-tuki", "soste", "ks-yrittajat") if u in reg]
        m0 = [i for i in range(n) if self.p_mun[i] == 0 and i not in core]
        projects = [i for i in m0 if self.p_kind[i].sector is PROJECT]
        companies_ngos = [i for i in m0 if self.p_kind[i].sector in (COMPANY, NGO)]
        net("hyvinvointifoorumi", f"{first.gen} Hyvinvointifoorumi",
            "Kaupungin, järjestöjen, yritysten ja hankkeiden yhteinen kehittämisryhmä",
            core + sample(projects, 5) + sample(companies_ngos, 12 + n // 500))
        ngos = [i for i in range(n) if self.p_kind[i].sector is NGO]
        net("ks-jarjestoverkosto", _fi_en("Keski-Suomen järjestöverkosto",
                                          "Central Finland NGO network"),
            "Alueen sosiaali- ja terveysjärjestöjen verkosto", sample(ngos, 15 + n // 200))
        contacts = [i for i in m0 if self.p_kind[i].sector in (CITY, NGO, INFORMAL, PARISH)]
        net("osallisuusverkosto", f"{first.gen} osallisuusyhteyshenkilöt",
            "Osallisuuden yhteyshenkilöiden verkosto", sample(contacts, 100))
        youth = [i for i in range(n)
                 if {"employment-services", "outreach-youth"} & set(self.p_kind[i].needs)]
        net("ohjaamo-verkosto", "Nuorten ohjaamoverkosto",
            "Nuorten työllisyyden ja ohjauksen yhteistyöverkosto", sample(youth, 10 + n // 400))
        for m, mun in enumerate(self.muns[1:6], start=1):
            local = [i for i in range(n) if self.p_mun[i] == m]
            net(f"{mun.id}-hyvinvointiverkosto", f"{mun.gen} hyvinvointiverkosto",
                "Kunnan hyvinvointitoimijoiden verkosto", sample(local, rng.randint(8, 40)))
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
            format="graphsvc-dataset", version=1,
            name=f"Synthetic service network ({self.n} providers, seed {self.seed})",
            description=("Synthetic data made by graphsvc.synth: organisations, services and "
                         "relationships are invented."),
            target_groups=groups, needs=needs, group_needs=group_needs, areas=self.areas,
            providers=providers, services=services, partnerships=partnerships,
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


def _weighted(rng: random.Random,
              kinds: tuple[tuple[PartnershipKind, float], ...]) -> PartnershipKind:
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
    _FUNDED[(_pub, COMPANY)] = ((PK.PURCHASE, 0.45), (PK.FRAMEWORK_AGREEMENT, 0.25),
                                (PK.VOUCHER, 0.2), (PK.REFERRAL, 0.1))
    _FUNDED[(_pub, NGO)] = ((PK.GRANT, 0.35), (PK.PURCHASE, 0.15), (PK.PROJECT, 0.15),
                            (PK.REFERRAL, 0.15), (PK.CO_LOCATION, 0.1), (PK.NETWORK, 0.1))
    _FUNDED[(_pub, PROJECT)] = ((PK.PROJECT, 0.6), (PK.GRANT, 0.3), (PK.NETWORK, 0.1))
    _FUNDED[(_pub, EDUCATION)] = ((PK.PROJECT, 0.4), (PK.PURCHASE, 0.2), (PK.NETWORK, 0.2),
                                  (PK.REFERRAL, 0.2))
    _FUNDED[(_pub, PARISH)] = ((PK.NETWORK, 0.4), (PK.REFERRAL, 0.3), (PK.CO_LOCATION, 0.2),
                               (PK.PROJECT, 0.1))
    _FUNDED[(_pub, STATE)] = ((PK.REFERRAL, 0.5), (PK.CO_LOCATION, 0.2), (PK.NETWORK, 0.2),
                              (PK.PROJECT, 0.1))
    _FUNDED[(_pub, INFORMAL)] = ((PK.NETWORK, 0.4), (PK.CO_LOCATION, 0.3),
                                 (PK.REFERRAL, 0.2), (PK.OTHER, 0.1))
    for _pub2 in _PUBLIC:
        _FUNDED[(_pub, _pub2)] = ((PK.REFERRAL, 0.4), (PK.NETWORK, 0.3),
                                  (PK.CO_LOCATION, 0.2), (PK.PROJECT, 0.1))
_FUNDED[(NGO, PROJECT)] = ((PK.PROJECT, 0.7), (PK.NETWORK, 0.3))
_FUNDED[(EDUCATION, PROJECT)] = ((PK.PROJECT, 0.8), (PK.NETWORK, 0.2))
_FUNDED[(NGO, NGO)] = ((PK.NETWORK, 0.4), (PK.PROJECT, 0.3), (PK.REFERRAL, 0.2),
                       (PK.CO_LOCATION, 0.1))
_FUNDED[(COMPANY, COMPANY)] = ((PK.NETWORK, 0.5), (PK.PURCHASE, 0.3), (PK.PROJECT, 0.2))
_FUNDED[(NGO, COMPANY)] = ((PK.PROJECT, 0.3), (PK.NETWORK, 0.3), (PK.PURCHASE, 0.2),
                           (PK.OTHER, 0.2))
_FUNDED[(PARISH, NGO)] = ((PK.NETWORK, 0.4), (PK.CO_LOCATION, 0.3), (PK.PROJECT, 0.2),
                          (PK.REFERRAL, 0.1))
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
