"""The words of the views in Finnish and English (titles, tooltips, controls)."""

from __future__ import annotations

from datetime import date

UI: dict[str, dict[str, str]] = {
    "whole": {"fi": "Koko palveluverkosto", "en": "The whole service network"},
    "group": {"fi": "{group}: palveluverkosto", "en": "{group}: service network"},
    "need": {"fi": "{need}: tuottajat", "en": "{need}: providers"},
    "group_need": {"fi": "{group} – {need}", "en": "{group} – {need}"},
    "provider": {
        "fi": "{provider}: lähiverkosto (säde {radius})",
        "en": "{provider}: neighbourhood (radius {radius})",
    },
    "sectors": {"fi": "Sektorit: {sectors}", "en": "Sectors: {sectors}"},
    "area": {"fi": "Alue: {area}", "en": "Area: {area}"},
    "scenario": {"fi": "Skenaario: {scenario}", "en": "Scenario: {scenario}"},
    "removed": {"fi": "{names} poistettu", "en": "{names} removed"},
    "size_by": {"fi": "Koko: {measure}", "en": "Size: {measure}"},
    "degree": {"fi": "yhteyksien määrä", "en": "number of ties"},
    "betweenness": {"fi": "välittäjyys (betweenness)", "en": "betweenness"},
    "data_date": {"fi": "Tiedot {date}", "en": "Data as of {date}"},
    "no_betweenness": {
        "fi": "Välittäjyyttä ei ole laskettu: koko kertoo yhteyksien määrän.",
        "en": "Betweenness was not computed: size shows the number of ties.",
    },
    "plain_edges": {
        "fi": "Suuri näkymä: yhteydet piirretään yhtenäisinä viivoina ilman nuolia.",
        "en": "Large view: relationships are drawn as plain lines without arrows.",
    },
    "search": {"fi": "Hae nimellä", "en": "Search by name"},
    "search_placeholder": {
        "fi": "Hae toimijaa, palvelua, tarvetta…",
        "en": "Find a provider, service, need…",
    },
    "no_matches": {"fi": "Ei osumia", "en": "No matches"},
    "close": {"fi": "Sulje", "en": "Close"},
    "fit": {"fi": "Koko näkymä", "en": "Fit to view"},
    "nodes_edges": {
        "fi": "{nodes} solmua, {edges} yhteyttä",
        "en": "{nodes} nodes, {edges} relationships",
    },
    "empty": {
        "fi": "Näkymässä ei ole mitään näytettävää.",
        "en": "There is nothing to show in this view.",
    },
    # tooltip lines and sections
    "kind": {"fi": "Tyyppi", "en": "Kind"},
    "id": {"fi": "Tunnus", "en": "Id"},
    "sector": {"fi": "Sektori", "en": "Sector"},
    "provider_of": {"fi": "Tuottaja", "en": "Provider"},
    "parent": {"fi": "Osa organisaatiota", "en": "Part of"},
    "services": {"fi": "Palvelut", "en": "Services"},
    "partners": {"fi": "Kumppanit", "en": "Partners"},
    "needs": {"fi": "Tarpeet", "en": "Needs"},
    "groups": {"fi": "Kohderyhmät", "en": "Target groups"},
    "areas": {"fi": "Alueet", "en": "Areas"},
    "members": {"fi": "Jäsenet", "en": "Members"},
    "networks": {"fi": "Verkostot", "en": "Networks"},
    "coverage": {"fi": "Kattavuus", "en": "Coverage"},
    "status": {"fi": "Tila", "en": "Status"},
    "priority": {"fi": "prioriteetti {p}", "en": "priority {p}"},
    "providers_n": {"fi": "{n} tuottajaa", "en": "{n} providers"},
    "provider_1": {"fi": "1 tuottaja", "en": "1 provider"},
    "scenario_removed": {"fi": "Poistuu skenaariossa", "en": "Removed in the scenario"},
    "scenario_new_gap": {"fi": "Uusi aukko skenaariossa", "en": "Newly uncovered in the scenario"},
    "more": {"fi": "… ja {n} muuta", "en": "… and {n} more"},
    "everywhere": {"fi": "kaikkialla", "en": "everywhere"},
    "ages": {"fi": "Ikä", "en": "Ages"},
    # heatmap
    "heatmap_title": {
        "fi": "Tarpeiden kattavuus kohderyhmittäin",
        "en": "Coverage of needs by target group",
    },
    "not_demanded": {"fi": "ei tarvetta", "en": "not a need"},
    "group_col": {"fi": "Kohderyhmä", "en": "Target group"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang` (English if missing), with `values` filled in."""
    table = UI[key]
    text = table.get(lang) or table["en"]
    return text.format(**values) if values else text


def date_text(day: date, lang: str) -> str:
    """A date as people write it: 1.3.2025 in Finnish, 2025-03-01 in English."""
    return f"{day.day}.{day.month}.{day.year}" if lang == "fi" else day.isoformat()


def capped(items: list[str], lang: str, limit: int = 15) -> tuple[str, ...]:
    """At most `limit` items, the rest counted in a last "… and N more"."""
    if len(items) <= limit:
        return tuple(items)
    return (*items[: limit - 1], t("more", lang, n=len(items) - limit + 1))
