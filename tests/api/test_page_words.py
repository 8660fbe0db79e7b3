"""Pages say things in the page's language: no internal codes (``articulation_point``,
``voucher``, ``transition_gaps``), no float ages, and the ways out of a dead end."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import TestClient
from tests.api.html import Doc


def _main(response: object) -> str:
    doc = Doc(response.text)  # type: ignore[attr-defined]
    return doc.find("main").text


def test_provider_page_names_kinds_reasons_and_fields(client: TestClient) -> None:
    text = _main(client.get("/providers/jkl-varhaiskasvatus?lang=fi"))
    # its partnerships are a voucher and a project
    assert "palveluseteli" in text and "hanke" in text
    assert "voucher" not in text and "project" not in text
    # MLL alone runs clubs for the 0–6 group: critical as the sole provider
    mll = _main(client.get("/providers/mll?lang=fi"))
    assert "jonkin tarpeen ainoa toimija" in mll and "sole_provider" not in mll
    en = _main(client.get("/providers/mll?lang=en"))
    assert "the only provider of some need" in en and "sole_provider" not in en
    assert "Avainsanat" in mll and "Tags" not in mll


def test_sole_provider_is_named_not_an_id(client: TestClient) -> None:
    # MLL alone runs clubs for the 0–6 group
    text = _main(client.get("/providers/mll?lang=en"))
    assert "Children 0–6 / Kerhot" in text
    assert "age-0-6 / clubs" not in text


@pytest.mark.parametrize(
    "lang, words, codes",
    [
        (
            "fi",
            ["Ei toimijaa", "Siirtymäaukot", "Kriittiset toimijat"],
            ["uncovered", "transition gaps", "critical providers"],
        ),
        (
            "en",
            ["No provider", "Transition gaps", "Critical providers"],
            ["uncovered", "transition gaps", "critical providers"],
        ),
    ],
    ids=["fi", "en"],
)
def test_gap_and_scenario_summaries_are_translated(
    client: TestClient, lang: str, words: list[str], codes: list[str]
) -> None:
    summary = Doc(client.get(f"/gaps?lang={lang}").text).find("ul", class_="counts").text
    scenario = Doc(client.get(f"/scenarios?remove_sector=city&run=1&lang={lang}").text)
    rows = " ".join(th.text for th in scenario.find_all("th", scope="row"))
    for text in (summary, rows):
        assert all(w in text for w in words), text
        assert not any(c in text for c in codes), text


@pytest.mark.parametrize(
    "group, lang, ages",
    [
        ("age-0-6", "fi", "Ikäryhmä: 0–6-vuotiaat"),
        ("age-0-6", "en", "Age group: 0–6 year-olds"),
        ("mental-health", "fi", "Erityisryhmä"),
    ],
)
def test_group_ages_are_whole_numbers_in_words(
    client: TestClient, group: str, lang: str, ages: str
) -> None:
    doc = Doc(client.get(f"/groups/{group}?lang={lang}").text)
    paragraphs = [p.text for p in doc.find_all("p")]
    assert ages in paragraphs
    assert not any(".0" in p for p in paragraphs)


@pytest.mark.parametrize("lang, one", [("fi", "1 toimija"), ("en", "1 provider")])
def test_one_provider_found_is_singular(client: TestClient, lang: str, one: str) -> None:
    doc = Doc(client.get(f"/providers?search=paivakoti&lang={lang}").text)
    assert doc.find("p", role="status").text == one


def test_a_page_past_the_end_links_back(client: TestClient) -> None:
    doc = Doc(client.get("/providers?sector=city&page=7").text)
    assert doc.find("p", role="status").text == "2 toimijaa"
    back = [a for a in doc.find("main").children if a.tag == "p" and "Sivua 7" in a.text]
    assert back, doc.find("main").text
    link = back[0].children[0]
    assert link.tag == "a" and link.attrs["href"] == "?sector=city&page=1"
    assert (
        len(
            Doc(client.get("/providers?sector=city&page=1").text)
            .find("table", class_="data")
            .children[1]
            .children
        )
        == 2
    )


def test_network_problem_follows_the_lang_parameter(client: TestClient) -> None:
    # no language cookie: ?lang=en alone must make the whole page English
    client.cookies.clear()
    doc = Doc(client.get("/network?group=age-0-6&provider=mll&lang=en").text)
    assert doc.find("html").attrs["lang"] == "en"
    assert doc.find("p", role="alert").text.startswith("Choose a provider's neighbourhood")


def test_network_explorer_names_an_unknown_id_in_the_page_language(client: TestClient) -> None:
    client.cookies.clear()
    doc = Doc(client.get("/network?group=nobody&sector=sote&lang=fi").text)
    assert doc.find("p", role="alert").text == (
        "Kohderyhmää »nobody« ei ole. Sektoria »sote« ei ole. "
        "Valitse suodatin luettelosta tai tyhjennä se."
    )
    doc = Doc(client.get("/network?provider=ghost&lang=en").text)
    assert doc.find("p", role="alert").text.startswith("There is no provider “ghost”.")


def test_confirming_twice_says_so_on_the_import_page(
    client: TestClient, tokens: dict[str, str]
) -> None:
    client.post("/login", data={"token": tokens["editor"]})
    csrf = Doc(client.get("/import").text).find("input", name="csrf").attrs["value"]
    new = json.dumps(
        {"format": "graphsvc-dataset", "version": 1, "needs": [{"id": "digi", "name": "Digituki"}]}
    ).encode()
    dry = Doc(
        client.post(
            "/import", data={"csrf": csrf}, files={"file": ("new.json", new, "application/json")}
        ).text
    )
    upload = dry.find("input", name="upload").attrs["value"]
    assert client.post("/import/confirm", data={"csrf": csrf, "upload": upload}).status_code == 200
    again = client.post("/import/confirm", data={"csrf": csrf, "upload": upload})
    assert again.status_code == 422
    doc = Doc(again.text)
    assert doc.find("h1").text == "Aineiston tuonti"  # the import page, to upload again
    assert doc.find("p", role="alert").text.startswith("Koeajon tiedosto on vanhentunut")
    assert doc.find("input", type="file")


def test_a_page_opened_in_english_stays_english(client: TestClient) -> None:
    # a shared link /gaps?lang=en: the filter form and the menu carry no lang
    client.cookies.clear()
    assert Doc(client.get("/gaps?lang=en").text).find("h1").text == "Gap report"
    filtered = Doc(client.get("/gaps?group=age-0-6&need=&area=&as_of=2020-01-01").text)
    assert filtered.find("html").attrs["lang"] == "en"
    assert Doc(client.get("/providers").text).find("h1").text == "Providers"
    assert Doc(client.get("/lang/fi", follow_redirects=True).text).find("h1").text == "Yleiskuva"
    assert Doc(client.get("/gaps").text).find("h1").text == "Aukkoraportti"


@pytest.mark.parametrize(
    "url, status, alert",
    [
        ("/providers?group=nobody&lang=fi", 422, "Kohderyhmää »nobody« ei ole."),
        (
            "/providers?need=nothing&area=nowhere&lang=fi",
            422,
            "Tarvetta »nothing« ei ole. Aluetta »nowhere« ei ole.",
        ),
        ("/providers?sector=guild&lang=en", 422, "There is no sector “guild”."),
        ("/providers?area=nowhere&lang=en", 422, "There is no area “nowhere”."),
    ],
    ids=["group-fi", "need-and-area-fi", "sector-en", "area-en"],
)
def test_unknown_provider_filter_is_named_on_the_page(
    client: TestClient, url: str, status: int, alert: str
) -> None:
    # the gap page and the API answer 422 for an unknown id; so does the directory, but
    # on its own page, with the form to choose again (not an empty list)
    r = client.get(url)
    assert r.status_code == status
    doc = Doc(r.text)
    assert doc.find("h1").text in ("Toimijat", "Providers")
    assert doc.find("p", role="alert").text.startswith(alert)
    assert not doc.find_all("p", role="status")  # no "0 toimijaa"
    assert doc.find("form", role="search").attrs["action"] == "/providers"
    assert doc.find("select", name="group")


@pytest.mark.parametrize(
    "lang, impact",
    [
        (
            "fi",
            "Jos toimija poistuu: 1 tarve jää ilman toimijaa, 0 jää yhden toimijan varaan, "
            "verkosto ei hajoa.",
        ),
        (
            "en",
            "If it left: 1 need would have no provider, 0 would rest on one provider, "
            "the network would not split.",
        ),
    ],
    ids=["fi", "en"],
)
def test_impact_sentence_counts_one_in_the_singular(
    client: TestClient, lang: str, impact: str
) -> None:
    # MLL alone runs clubs for the 0–6 group, and no tie hangs on it alone
    doc = Doc(client.get(f"/providers/mll?lang={lang}").text)
    assert impact in [p.text for p in doc.find_all("p")]


@pytest.mark.parametrize(
    "lang, one, many",
    [
        ("fi", "1 verkosto", "2 kumppanuutta"),
        ("en", "1 network", "2 partnerships"),
    ],
    ids=["fi", "en"],
)
def test_dashboard_counts_one_in_the_singular(
    client: TestClient, lang: str, one: str, many: str
) -> None:
    counts = [
        li.text
        for li in Doc(client.get(f"/?lang={lang}").text).find("ul", class_="counts").children
    ]
    assert one in counts and many in counts


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "/providers?page=abc&lang=fi",
            "Parametrin »page« arvo »abc« ei kelpaa: sen pitää olla kokonaisluku.",
        ),
        (
            "/providers?page=0&lang=en",
            "The value “0” of the parameter “page” is not valid: it must be at least 1.",
        ),
        (
            "/network?radius=99&lang=fi",
            "Parametrin »radius« arvo »99« ei kelpaa: sen pitää olla enintään 10.",
        ),
        (
            "/gaps?as_of=huomenna&lang=fi",
            "Parametrin »as_of« arvo »huomenna« ei kelpaa: sen pitää olla päivämäärä muodossa "
            "VVVV-KK-PP.",
        ),
    ],
    ids=["int-fi", "ge-en", "le-fi", "date-fi"],
)
def test_bad_parameter_is_said_in_the_page_language(
    client: TestClient, url: str, message: str
) -> None:
    r = client.get(url, headers={"Accept": "text/html"})
    assert r.status_code == 422
    doc = Doc(r.text)
    assert doc.find("p", role="alert").text == message
    assert "Input should" not in doc.text and "Invalid request" not in doc.text
    assert "invalid-data" in doc.find("main").text  # the same code as the API's


def test_the_api_keeps_its_english_validation_message(client: TestClient) -> None:
    r = client.get("/api/v1/providers?limit=abc", headers={"Accept": "text/html"})
    assert r.status_code == 422
    assert r.json()["error"]["message"].startswith("Invalid request: query.limit: ")


@pytest.mark.parametrize(
    "url, message",
    [
        ("/gaps?group=nobody&lang=fi", "Kohderyhmää »nobody« ei ole."),
        ("/gaps?need=nothing&lang=en", "There is no need “nothing”."),
        ("/views/network?provider=ghost&lang=fi", "Toimijaa »ghost« ei ole."),
    ],
    ids=["gaps-group-fi", "gaps-need-en", "view-provider-fi"],
)
def test_an_unknown_id_in_a_page_query_is_said_in_the_page_language(
    client: TestClient, url: str, message: str
) -> None:
    r = client.get(url, headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert Doc(r.text).find("p", role="alert").text == message
    api = client.get("/api/v1/gaps?group=nobody")
    assert api.json()["error"]["code"] == "unknown-id"  # the API's JSON is unchanged
    assert api.json()["error"]["details"][0]["input"] == "nobody"


@pytest.mark.parametrize("lang, as_of", [("fi", "Tilanne 1.3.2025"), ("en", "As of 2025-03-01")])
def test_the_gap_report_dates_as_people_write_them(
    client: TestClient, lang: str, as_of: str
) -> None:
    doc = Doc(client.get(f"/gaps?as_of=2025-03-01&lang={lang}").text)
    assert any(p.text.startswith(as_of) for p in doc.find_all("p", class_="muted"))
