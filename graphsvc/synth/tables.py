"""What a synthetic network is drawn from: groups, needs, kinds of provider, names, dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graphsvc.model import (
    Channel,
    Sector,
)

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
    ("clubs-play", "Kerhot ja avoin varhaiskasvatus", "Clubs and open play", "leisure", (_G0,)),
    (
        "home-help-families",
        "Lapsiperheiden kotipalvelu",
        "Home help for families",
        "family",
        (_G0, _G7),
    ),
    ("speech-therapy", "Puheterapia", "Speech therapy", "health", (_G0, _DI, _G7)),
    ("child-protection", "Lastensuojelu", "Child protection", "social", (_G7, _G0)),
    ("basic-education", "Perusopetus", "Basic education", "education", (_G7,)),
    (
        "afternoon-activities",
        "Aamu- ja iltapäivätoiminta",
        "Before and after school care",
        "leisure",
        (_G7,),
    ),
    ("student-welfare", "Opiskeluhuolto", "Student welfare", "health", (_G7,)),
    ("youth-work", "Nuorisotyö", "Youth work", "leisure", (_G7,)),
    ("outreach-youth", "Etsivä nuorisotyö", "Outreach youth work", "social", (_G7, _LU)),
    ("hobbies", "Harrastustoiminta", "Hobbies", "leisure", (_G7, _DI, _G66, _MH)),
    ("study-guidance", "Opinto-ohjaus", "Study guidance", "education", (_G7, _G22, _IM)),
    (
        "vocational-training",
        "Ammatillinen koulutus",
        "Vocational training",
        "education",
        (_G7, _G22, _IM, _LU),
    ),
    ("adult-education", "Aikuiskoulutus", "Adult education", "education", (_G22, _G66)),
    (
        "employment-services",
        "Työllisyyspalvelut",
        "Employment services",
        "employment",
        (_LU, _G22, _IM, _G7, _DI),
    ),
    (
        "rehabilitative-work",
        "Kuntouttava työtoiminta",
        "Rehabilitative work activity",
        "employment",
        (_LU, _SA, _MH),
    ),
    ("income-support", "Toimeentulotuki", "Income support", "income", (_G22, _LU, _G66)),
    (
        "debt-counselling",
        "Talous- ja velkaneuvonta",
        "Debt and money advice",
        "income",
        (_G22, _LU, _SA),
    ),
    ("housing-support", "Asumisen tuki", "Housing support", "housing", (_G22, _MH, _SA, _G7, _IM)),
    ("supported-housing", "Tuettu asuminen", "Supported housing", "housing", (_MH, _SA, _DI)),
    (
        "primary-health",
        "Perusterveydenhuolto",
        "Primary health care",
        "health",
        (_G22, _G66, _G7, _IM),
    ),
    ("oral-health", "Suun terveydenhuolto", "Oral health care", "health", (_G7, _G22, _G66, _G0)),
    (
        "mental-health-services",
        "Mielenterveyspalvelut",
        "Mental health services",
        "mental_health",
        (_MH, _G7, _G22, _G66),
    ),
    (
        "substance-treatment",
        "Päihdehoito",
        "Substance abuse treatment",
        "substance",
        (_SA, _G22, _G7),
    ),
    ("rehabilitation", "Kuntoutus", "Rehabilitation", "health", (_DI, _G66, _MH, _G22)),
    ("crisis-help", "Kriisiapu", "Crisis help", "safety", (_MH, _G22, _G7, _IM)),
    (
        "domestic-violence",
        "Lähisuhdeväkivaltatyö",
        "Domestic violence support",
        "safety",
        (_G22, _G0, _G7, _IM, _G66),
    ),
    (
        "low-threshold-meeting",
        "Matalan kynnyksen kohtaamispaikat",
        "Low-threshold drop-in",
        "participation",
        (_SA, _MH, _G7, _LU),
    ),
    (
        "peer-support",
        "Vertaistuki",
        "Peer support",
        "participation",
        (_MH, _SA, _DI, _G0, _G66, _IM),
    ),
    (
        "loneliness",
        "Yksinäisyyden ehkäisy",
        "Preventing loneliness",
        "participation",
        (_G66, _G22, _MH, _IM, _G7),
    ),
    (
        "participation",
        "Osallisuus ja vaikuttaminen",
        "Participation and advocacy",
        "participation",
        (_G66, _G7, _DI, _IM),
    ),
    ("home-care", "Kotihoito", "Home care", "care", (_G66, _DI)),
    ("elderly-housing", "Ympärivuorokautinen hoiva", "Round-the-clock care", "care", (_G66,)),
    ("day-activities", "Päivätoiminta", "Day activities", "care", (_G66, _DI, _MH)),
    (
        "informal-carer-support",
        "Omaishoidon tuki",
        "Support for informal carers",
        "care",
        (_G66, _DI),
    ),
    ("personal-assistance", "Henkilökohtainen apu", "Personal assistance", "care", (_DI,)),
    ("assistive-devices", "Apuvälinepalvelut", "Assistive devices", "care", (_DI, _G66)),
    ("transport-service", "Kuljetuspalvelu", "Transport service", "mobility", (_DI, _G66)),
    (
        "exercise",
        "Liikuntapalvelut",
        "Exercise services",
        "leisure",
        (_G66, _G7, _G22, _DI, _MH, _G0),
    ),
    ("culture", "Kulttuuripalvelut", "Cultural services", "leisure", (_G7, _G22, _G66, _DI)),
    ("digital-support", "Digituki", "Digital support", "digital", (_G66, _IM, _LU)),
    ("integration-guidance", "Kotoutumisen ohjaus", "Integration guidance", "integration", (_IM,)),
    ("language-courses", "Suomen kielen opetus", "Finnish language courses", "integration", (_IM,)),
    ("food-aid", "Ruoka-apu", "Food aid", "income", (_LU, _SA, _G66, _IM)),
)

#: age ranges services aimed at an age group use (None = open bound)
AGE_RANGES: dict[str, tuple[tuple[int | None, int | None], ...]] = {
    _G0: ((0, 6), (0, 6), (0, 6), (0, 2), (1, 6), (3, 6), (0, 1), (0, 17)),
    _G7: (
        (7, 21),
        (7, 21),
        (7, 12),
        (7, 15),
        (13, 17),
        (13, 21),
        (16, 29),
        (15, 25),
        (18, 21),
        (7, 18),
        (0, 17),
    ),
    _G22: ((22, 65), (22, 65), (18, 64), (25, 64), (30, 64), (18, 29), (22, 40), (55, 70)),
    _G66: ((66, None), (66, None), (66, None), (60, None), (75, None), (65, None), (80, None)),
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
    _Kind(
        "div-sivistys",
        CITY,
        "{gen} {city}, sivistyspalvelut",
        ("basic-education", "early-education", "culture"),
    ),
    _Kind(
        "div-sote",
        CITY,
        "{gen} {city}, sosiaali- ja terveyspalvelut",
        ("primary-health", "income-support", "home-care"),
    ),
    _Kind(
        "div-elinvoima",
        CITY,
        "{gen} {city}, elinvoimapalvelut",
        ("employment-services", "integration-guidance"),
    ),
    _Kind(
        "div-asukas",
        CITY,
        "{gen} {city}, asukas- ja osallisuuspalvelut",
        ("participation", "loneliness"),
    ),
    _Kind("county", COUNTY, "Keski-Suomen hyvinvointialue", ("crisis-help", "domestic-violence")),
    _Kind(
        "cdiv-perhe",
        COUNTY,
        "Keski-Suomen hyvinvointialue, perhe- ja sosiaalipalvelut",
        ("family-counselling", "child-protection"),
    ),
    _Kind(
        "cdiv-terveys",
        COUNTY,
        "Keski-Suomen hyvinvointialue, terveyspalvelut",
        ("primary-health", "mental-health-services"),
    ),
    _Kind(
        "cdiv-ikaantyneet",
        COUNTY,
        "Keski-Suomen hyvinvointialue, ikääntyneiden palvelut",
        ("home-care", "informal-carer-support"),
    ),
    _Kind("kela", STATE, "Kela, Keski-Suomen vakuutuspiiri", ("income-support", "rehabilitation")),
    _Kind("te", STATE, "Keski-Suomen TE-toimisto", ("employment-services",)),
    _Kind("gradia", EDUCATION, "Koulutuskuntayhtymä Gradia", ("vocational-training",)),
    _Kind(
        "jamk",
        EDUCATION,
        "Jyväskylän ammattikorkeakoulu JAMK",
        ("adult-education", "study-guidance"),
    ),
    _Kind("jyu", EDUCATION, "Jyväskylän yliopisto", ("adult-education", "student-welfare")),
    _Kind(
        "parish",
        PARISH,
        "{gen} seurakunta",
        ("food-aid", "loneliness", "debt-counselling", "peer-support", "crisis-help"),
    ),
    # city units
    _Kind(
        "paivakoti", CITY, "Päiväkoti {district}", ("early-education", "clubs-play"), 6, "sivistys"
    ),
    _Kind(
        "koulu",
        CITY,
        "Yhtenäiskoulu {district}",
        ("basic-education", "afternoon-activities", "student-welfare"),
        5,
        "sivistys",
    ),
    _Kind(
        "nuorisotila",
        CITY,
        "Nuorisotila {district}",
        ("youth-work", "hobbies", "low-threshold-meeting", "participation"),
        3,
        "sivistys",
    ),
    _Kind(
        "kirjasto",
        CITY,
        "Kirjasto {district}",
        ("culture", "digital-support", "language-courses", "loneliness"),
        2,
        "sivistys",
    ),
    _Kind(
        "liikunta", CITY, "Liikuntapalvelut {district}", ("exercise", "hobbies"), 1.5, "sivistys"
    ),
    _Kind(
        "kansalaisopisto",
        CITY,
        "{gen} kansalaisopisto",
        ("adult-education", "culture", "language-courses", "digital-support"),
        0.5,
        "sivistys",
    ),
    _Kind(
        "neuvola",
        CITY,
        "Neuvola {district}",
        ("child-health-clinic", "family-counselling", "speech-therapy"),
        2.5,
        "sote",
    ),
    _Kind(
        "terveysasema",
        CITY,
        "Terveysasema {district}",
        ("primary-health", "oral-health", "mental-health-services", "substance-treatment"),
        2,
        "sote",
    ),
    _Kind(
        "sosiaalitoimisto",
        CITY,
        "Sosiaalipalvelut {district}",
        (
            "income-support",
            "child-protection",
            "housing-support",
            "debt-counselling",
            "domestic-violence",
        ),
        1.5,
        "sote",
    ),
    _Kind(
        "vanhuspalvelut",
        CITY,
        "Vanhuspalvelut {district}",
        ("home-care", "informal-carer-support", "day-activities", "transport-service"),
        2,
        "sote",
    ),
    _Kind(
        "tyollisyys",
        CITY,
        "{gen} työllisyyspalvelut",
        ("employment-services", "rehabilitative-work", "study-guidance"),
        1,
        "elinvoima",
    ),
    _Kind(
        "ohjaamo",
        CITY,
        "Ohjaamo {mun}",
        ("employment-services", "study-guidance", "outreach-youth", "housing-support"),
        0.4,
        "elinvoima",
    ),
    _Kind(
        "kotoutuminen",
        CITY,
        "Maahanmuuttajapalvelut {mun}",
        ("integration-guidance", "language-courses", "employment-services"),
        0.5,
        "elinvoima",
    ),
    _Kind(
        "etsiva",
        CITY,
        "Etsivä nuorisotyö {mun}",
        ("outreach-youth", "youth-work"),
        0.5,
        "elinvoima",
    ),
    _Kind(
        "asukastupa",
        CITY,
        "Asukastupa {district}",
        ("loneliness", "digital-support", "low-threshold-meeting", "participation", "food-aid"),
        1.5,
        "asukas",
    ),
    _Kind("neuvosto", CITY, "Vanhus- ja vammaisneuvosto {mun}", ("participation",), 0.3, "asukas"),
    # wellbeing county units
    _Kind(
        "sote-asema",
        COUNTY,
        "Sote-asema {district}",
        (
            "primary-health",
            "oral-health",
            "mental-health-services",
            "substance-treatment",
            "rehabilitation",
        ),
        2,
        "terveys",
    ),
    _Kind(
        "perhekeskus",
        COUNTY,
        "Perhekeskus {district}",
        (
            "child-health-clinic",
            "family-counselling",
            "home-help-families",
            "speech-therapy",
            "child-protection",
        ),
        2,
        "perhe",
    ),
    _Kind(
        "aikuissosiaalityo",
        COUNTY,
        "Aikuissosiaalityö {mun}",
        (
            "income-support",
            "housing-support",
            "debt-counselling",
            "domestic-violence",
            "rehabilitative-work",
        ),
        1,
        "perhe",
    ),
    _Kind(
        "opiskeluhuolto",
        COUNTY,
        "Opiskeluhuolto {district}",
        ("student-welfare", "mental-health-services"),
        1,
        "perhe",
    ),
    _Kind(
        "kotihoito",
        COUNTY,
        "Kotihoito {district}",
        ("home-care", "informal-carer-support", "assistive-devices", "transport-service"),
        2,
        "ikaantyneet",
    ),
    _Kind(
        "palvelukeskus",
        COUNTY,
        "Palvelukeskus {district}",
        ("elderly-housing", "day-activities", "loneliness"),
        1,
        "ikaantyneet",
    ),
    _Kind(
        "vammaispalvelut",
        COUNTY,
        "Vammaispalvelut {mun}",
        (
            "personal-assistance",
            "transport-service",
            "assistive-devices",
            "supported-housing",
            "day-activities",
        ),
        1,
        "ikaantyneet",
    ),
    _Kind(
        "mtpaihde",
        COUNTY,
        "Mielenterveys- ja päihdepalvelut {mun}",
        ("mental-health-services", "substance-treatment", "crisis-help", "supported-housing"),
        1,
        "terveys",
    ),
    # state offices
    _Kind(
        "kela-office",
        STATE,
        "Kelan palvelupiste {mun}",
        ("income-support", "rehabilitation", "housing-support"),
        1,
        "kela",
    ),
    _Kind(
        "te-office",
        STATE,
        "TE-toimisto {mun}",
        ("employment-services", "vocational-training", "study-guidance"),
        1,
        "te",
    ),
    # education
    _Kind(
        "ammattiopisto",
        EDUCATION,
        "Gradia {district}",
        ("vocational-training", "study-guidance", "student-welfare", "language-courses"),
        2,
        "gradia",
    ),
    _Kind(
        "kampus",
        EDUCATION,
        "Korkeakoulukampus {district}",
        ("adult-education", "study-guidance", "student-welfare"),
        0.7,
        "university",
    ),
    _Kind(
        "kansanopisto",
        EDUCATION,
        "{gen} kansanopisto",
        ("adult-education", "culture", "language-courses", "integration-guidance"),
        1,
    ),
    # parish units (the first parish provider of a municipality is its parish)
    _Kind(
        "diakonia",
        PARISH,
        "Diakoniatyö {district}",
        ("food-aid", "loneliness", "debt-counselling", "crisis-help"),
        2,
    ),
    _Kind(
        "srk-nuoriso",
        PARISH,
        "Seurakunnan nuorisotyö {district}",
        ("youth-work", "hobbies", "afternoon-activities"),
        1.5,
    ),
    _Kind("perhekerho", PARISH, "Perhekerho {district}", ("clubs-play", "peer-support"), 1),
    # NGOs
    _Kind(
        "perheyhdistys",
        NGO,
        "{gen} perheyhdistys ry",
        ("clubs-play", "family-counselling", "peer-support", "home-help-families"),
        3,
    ),
    _Kind(
        "urheiluseura",
        NGO,
        "Urheiluseura {word} ry",
        ("exercise", "hobbies", "afternoon-activities"),
        4,
    ),
    _Kind(
        "mielenterveysyhdistys",
        NGO,
        "{gen} mielenterveysyhdistys ry",
        (
            "peer-support",
            "low-threshold-meeting",
            "day-activities",
            "mental-health-services",
            "crisis-help",
        ),
        1.5,
    ),
    _Kind(
        "paihdeyhdistys",
        NGO,
        "{gen} A-kilta ry",
        (
            "peer-support",
            "low-threshold-meeting",
            "substance-treatment",
            "supported-housing",
            "food-aid",
        ),
        1,
    ),
    _Kind(
        "elakelaiset",
        NGO,
        "{gen} eläkeläiset ry",
        ("loneliness", "exercise", "digital-support", "participation", "culture"),
        2.5,
    ),
    _Kind(
        "vammaisyhdistys",
        NGO,
        "{gen} vammaisyhdistys ry",
        ("peer-support", "participation", "hobbies", "personal-assistance"),
        1.5,
    ),
    _Kind(
        "monikulttuurinen",
        NGO,
        "{gen} monikulttuurinen yhdistys ry",
        ("integration-guidance", "language-courses", "peer-support", "loneliness"),
        1,
    ),
    _Kind(
        "tyottomat",
        NGO,
        "{gen} työttömät ry",
        (
            "rehabilitative-work",
            "food-aid",
            "peer-support",
            "low-threshold-meeting",
            "debt-counselling",
        ),
        1,
    ),
    _Kind(
        "nuorisoseura",
        NGO,
        "{gen} nuorisoseura ry",
        ("youth-work", "hobbies", "outreach-youth", "participation", "culture"),
        2,
    ),
    _Kind(
        "asukasyhdistys",
        NGO,
        "Asukasyhdistys {district} ry",
        ("loneliness", "participation", "culture", "digital-support"),
        2.5,
    ),
    _Kind(
        "kriisikeskus",
        NGO,
        "Kriisikeskus {mun}",
        ("crisis-help", "domestic-violence", "mental-health-services"),
        0.4,
    ),
    _Kind("kulttuuriyhdistys", NGO, "Kulttuuriyhdistys {word} ry", ("culture", "hobbies"), 1.5),
    _Kind(
        "avustus",
        NGO,
        "{gen} avustusosasto",
        ("food-aid", "crisis-help", "loneliness", "integration-guidance"),
        0,
    ),
    _Kind("yrittajat", NGO, "{gen} Yrittäjät ry", ("employment-services",), 0),
    _Kind("jarjestotuki", NGO, "Keski-Suomen Yhteisöjen Tuki ry", ("participation",), 0),
    _Kind("soste", NGO, "SOSTE Suomen sosiaali ja terveys ry", ("participation", "peer-support")),
    # companies
    _Kind("pk-yritys", COMPANY, "Päiväkoti {word} Oy", ("early-education", "clubs-play"), 3),
    _Kind("hoivakoti", COMPANY, "Hoivakoti {word} Oy", ("elderly-housing", "day-activities"), 2.5),
    _Kind(
        "kotipalvelu",
        COMPANY,
        "{word} Kotipalvelut Oy",
        ("home-care", "home-help-families", "personal-assistance"),
        3,
    ),
    _Kind(
        "terapia",
        COMPANY,
        "Terapiakeskus {word} Oy",
        ("speech-therapy", "mental-health-services", "rehabilitation"),
        3,
    ),
    _Kind("laakari", COMPANY, "Lääkärikeskus {word} Oy", ("primary-health", "oral-health"), 2),
    _Kind(
        "asumispalvelu",
        COMPANY,
        "Asumispalvelut {word} Oy",
        ("supported-housing", "housing-support"),
        1.5,
    ),
    _Kind(
        "valmennus",
        COMPANY,
        "Valmennus {word} Oy",
        ("employment-services", "rehabilitative-work", "study-guidance"),
        2,
    ),
    _Kind("liikuntakeskus", COMPANY, "Liikuntakeskus {word} Oy", ("exercise", "hobbies"), 2),
    _Kind("taksi", COMPANY, "Taksi {word} Oy", ("transport-service",), 1.5),
    _Kind(
        "koulutusyritys",
        COMPANY,
        "Koulutus {word} Oy",
        ("digital-support", "adult-education", "language-courses"),
        1,
    ),
    _Kind(
        "apuvaline", COMPANY, "Apuväline {word} Oy", ("assistive-devices", "rehabilitation"), 0.7
    ),
    # projects (fixed-term)
    _Kind(
        "nuoret-hanke",
        PROJECT,
        "{word}-hanke ({mun})",
        ("employment-services", "outreach-youth", "study-guidance"),
        1,
    ),
    _Kind(
        "kotoutumis-hanke",
        PROJECT,
        "{word}-hanke ({mun})",
        ("integration-guidance", "language-courses", "employment-services"),
        1,
    ),
    _Kind(
        "yksinaisyys-hanke",
        PROJECT,
        "{word}-hanke ({mun})",
        ("loneliness", "digital-support", "participation"),
        1,
    ),
    _Kind(
        "perhe-hanke",
        PROJECT,
        "{word}-hanke ({mun})",
        ("family-counselling", "peer-support", "home-help-families"),
        1,
    ),
    _Kind(
        "paihde-hanke",
        PROJECT,
        "{word}-hanke ({mun})",
        ("low-threshold-meeting", "substance-treatment", "housing-support"),
        0.7,
    ),
    # informal groups
    _Kind("naapuriapu", INFORMAL, "Naapuriapu {district}", ("loneliness", "participation"), 1),
    _Kind("perhekahvila", INFORMAL, "Perhekahvila {district}", ("peer-support", "clubs-play"), 1),
    _Kind(
        "kielikahvila",
        INFORMAL,
        "Kielikahvila {district}",
        ("language-courses", "integration-guidance", "loneliness"),
        1,
    ),
    _Kind("digikummit", INFORMAL, "Digikummit {district}", ("digital-support",), 0.7),
    _Kind("kavelyporukka", INFORMAL, "Kävelyporukka {district}", ("exercise", "loneliness"), 0.7),
)
KINDS: dict[str, _Kind] = {k.key: k for k in _KINDS}

#: share of each sector among a municipality's local providers
SECTOR_WEIGHTS: tuple[tuple[Sector, float], ...] = (
    (CITY, 0.30),
    (NGO, 0.25),
    (COMPANY, 0.24),
    (COUNTY, 0.07),
    (EDUCATION, 0.035),
    (PARISH, 0.03),
    (STATE, 0.025),
    (PROJECT, 0.03),
    (INFORMAL, 0.02),
)

#: city divisions in the order a municipality gets them
CITY_DIVISIONS = ("sivistys", "sote", "elinvoima", "asukas")
COUNTY_DIVISIONS = ("perhe", "terveys", "ikaantyneet")

#: regional NGOs: (id, name, kind, name of a local chapter or "" when it has none)
UMBRELLAS: tuple[tuple[str, str, str, str], ...] = (
    ("ks-yhteisojen-tuki", "Keski-Suomen Yhteisöjen Tuki ry", "jarjestotuki", ""),
    ("soste", "SOSTE Suomen sosiaali ja terveys ry", "soste", ""),
    ("ks-yrittajat", "Keski-Suomen Yrittäjät ry", "yrittajat", "{gen} Yrittäjät ry"),
    (
        "ks-lapsiperheet",
        "Lapsiperheyhdistys, Keski-Suomen piiri ry",
        "perheyhdistys",
        "{gen} lapsiperheyhdistys ry",
    ),
    (
        "ks-mielenterveysseura",
        "Keski-Suomen Mielenterveysseura ry",
        "mielenterveysyhdistys",
        "{gen} mielenterveysseura ry",
    ),
    (
        "ks-elakelaisliitto",
        "Eläkeläisliitto, Keski-Suomen piiri ry",
        "elakelaiset",
        "{gen} eläkeläiskerho ry",
    ),
    (
        "ks-avustusjarjesto",
        "Avustusjärjestö, Keski-Suomen piiri ry",
        "avustus",
        "{gen} avustusosasto",
    ),
    (
        "ks-vammaisfoorumi",
        "Keski-Suomen Vammaisfoorumi ry",
        "vammaisyhdistys",
        "{gen} vammaisyhdistys ry",
    ),
    (
        "ks-paihdetyo",
        "Keski-Suomen Päihdetyön yhdistys ry",
        "paihdeyhdistys",
        "{gen} päihdetyön paikallisyhdistys ry",
    ),
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
    "Aalto",
    "Arki",
    "Auringonkukka",
    "Hyvä Mieli",
    "Ilo",
    "Kaste",
    "Kenno",
    "Kielo",
    "Koivu",
    "Kompassi",
    "Kotiranta",
    "Kuutamo",
    "Lähde",
    "Lumo",
    "Majakka",
    "Mesikkä",
    "Niitty",
    "Onni",
    "Pajupilli",
    "Pihlaja",
    "Polku",
    "Puro",
    "Rinne",
    "Saga",
    "Sarastus",
    "Silta",
    "Sisu",
    "Sointu",
    "Suvanto",
    "Sydän",
    "Tähti",
    "Tuike",
    "Tupa",
    "Tuuli",
    "Uusi Askel",
    "Vala",
    "Valo",
    "Verso",
    "Virta",
    "Voima",
)
PROJECT_WORDS = (
    "Tuttu",
    "Party",
    "Kotona Suomessa",
    "Silta",
    "Polku",
    "Kipinä",
    "Verkko",
    "Askel",
    "Voimaa",
    "Yhdessä",
    "Tulevaisuus",
    "Arjen tuki",
    "Kaiku",
    "Mentor",
    "Osallisena",
    "Hyvä arki",
    "Nuoret mukaan",
    "Lähellä",
    "Kohtaamo",
    "Sillanrakentajat",
)

# Municipalities of Central Finland: (name, genitive, is a city).
MUNICIPALITIES: tuple[tuple[str, str, bool], ...] = (
    ("Jyväskylä", "Jyväskylän", True),
    ("Jämsä", "Jämsän", True),
    ("Äänekoski", "Äänekosken", True),
    ("Laukaa", "Laukaan", False),
    ("Muurame", "Muuramen", False),
    ("Keuruu", "Keuruun", True),
    ("Saarijärvi", "Saarijärven", True),
    ("Viitasaari", "Viitasaaren", True),
    ("Hankasalmi", "Hankasalmen", False),
    ("Joutsa", "Joutsan", False),
    ("Konnevesi", "Konneveden", False),
    ("Kannonkoski", "Kannonkosken", False),
    ("Karstula", "Karstulan", False),
    ("Kinnula", "Kinnulan", False),
    ("Kivijärvi", "Kivijärven", False),
    ("Kyyjärvi", "Kyyjärven", False),
    ("Luhanka", "Luhangan", False),
    ("Multia", "Multian", False),
    ("Petäjävesi", "Petäjäveden", False),
    ("Pihtipudas", "Pihtiputaan", False),
    ("Toivakka", "Toivakan", False),
    ("Uurainen", "Uuraisten", False),
)
# Invented names beyond those: a stem and an ending with its genitive.
_STEMS = (
    "Koivu",
    "Haapa",
    "Leppä",
    "Pihlaja",
    "Kuusi",
    "Mänty",
    "Kivi",
    "Kallio",
    "Karhu",
    "Kotka",
    "Hirvi",
    "Joutsen",
    "Kurki",
    "Rauta",
    "Vuori",
    "Ylä",
    "Ala",
    "Iso",
    "Halla",
    "Lehto",
    "Susi",
    "Kaita",
    "Sarvi",
    "Ruoho",
)
_ENDINGS = (
    ("lahti", "lahden"),
    ("järvi", "järven"),
    ("koski", "kosken"),
    ("mäki", "mäen"),
    ("joki", "joen"),
    ("salmi", "salmen"),
    ("vesi", "veden"),
    ("saari", "saaren"),
    ("niemi", "niemen"),
    ("lampi", "lammen"),
    ("kylä", "kylän"),
    ("harju", "harjun"),
)
JYVASKYLA_DISTRICTS = (
    "Keskusta",
    "Keltinmäki",
    "Kortepohja",
    "Kuokkala",
    "Huhtasuo",
    "Vaajakoski",
    "Palokka",
    "Tikkakoski",
    "Korpilahti",
    "Säynätsalo",
    "Kypärämäki",
    "Lohikoski",
    "Kangasvuori",
    "Halssila",
    "Kyllö",
    "Mäki-Matti",
    "Taulumäki",
    "Myllyjärvi",
    "Viitaniemi",
    "Haukkala",
    "Kypärämäki-Kuokkala",
    "Tikka",
    "Seppälänkangas",
    "Ristonmaa",
    "Pupuhuhta",
)
_DISTRICT_STEMS = (
    "Keskusta",
    "Asema",
    "Kirkonkylä",
    "Koulumäki",
    "Myllymäki",
    "Rantala",
    "Harju",
    "Kangas",
    "Niittylä",
    "Peltola",
    "Mäntylä",
    "Koivula",
    "Hakala",
    "Rinne",
    "Kuusela",
    "Lehtola",
    "Kallio",
    "Ranta-aho",
    "Salmela",
    "Suvanto",
    "Vuorela",
    "Pajula",
    "Honkala",
    "Tervala",
)

#: the wellbeing services county took over social and health care on this day
SOTE_REFORM = date(2023, 1, 1)
#: the state TE offices closed when employment services moved to municipalities
TE_END = date(2024, 12, 31)

_CHANNELS = (
    (Channel.IN_PERSON,) * 12
    + (Channel.ONLINE,) * 3
    + (Channel.PHONE,) * 2
    + (Channel.OUTREACH,) * 2
    + (None,)
)
_LANGS = (
    (("fi",),) * 70
    + (("fi", "en"),) * 14
    + (("fi", "sv"),) * 5
    + (("en", "fi", "sv"),) * 3
    + (("en", "fi", "ru"),) * 2
    + (("ar", "en", "fi"),) * 1
    + ((),) * 5
)
_SERVICE_COUNTS = (1,) * 40 + (2,) * 33 + (3,) * 17 + (4,) * 10  # mean 1.97
