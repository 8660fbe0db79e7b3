"""Server-rendered pages (parsed, not just fetched), languages, sign-in, import page."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from graphsvc.words import TABLES
from tests.api.conftest import TestClient
from tests.api.html import Doc

NEW = json.dumps(
    {"format": "graphsvc-dataset", "version": 1, "needs": [{"id": "digi", "name": "Digituki"}]}
).encode()


def test_every_key_used_by_the_templates_exists() -> None:
    from importlib import resources

    used: set[str] = set()
    for item in resources.files("graphsvc.web").joinpath("templates").iterdir():
        # keys written out whole: t("x.y") or t("x.y", …), not t("kind." ~ value)
        used |= set(re.findall(r"""\bt\(["']([a-z_.]+)["']\s*[,)]""", item.read_text("utf-8")))
    assert used, "the pattern found no key"
    assert used <= set(TABLES["en"]), used - set(TABLES["en"])


def test_dashboard(client: TestClient) -> None:
    doc = Doc(client.get("/").text)
    assert doc.find("html").attrs["lang"] == "fi"
    assert doc.find("h1").text == "Yleiskuva"
    counts = " ".join(li.text for li in doc.elements if li.tag == "li")
    assert "4 toimijaa" in counts and "3 palvelua" in counts
    # the ten most severe gaps: the uncovered therapy need of the mental-health group first
    first = doc.find_all("table", class_="data")[0].children[1].children[0]
    assert "uncovered" in str(first.children[1].children[0].attrs)
    assert doc.find("img", class_="heatmap").attrs["alt"]


def test_language_switch_is_a_cookie(client: TestClient) -> None:
    r = client.get("/lang/en?next=/providers", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/providers"
    assert "graphsvc_lang=en" in r.headers["set-cookie"]
    doc = Doc(client.get("/providers").text)  # the client keeps the cookie
    assert doc.find("html").attrs["lang"] == "en"
    assert doc.find("h1").text == "Providers"
    switch = doc.find("a", class_="lang")
    assert switch.text == "Suomeksi" and switch.attrs["href"].startswith("/lang/fi?next=")
    client.get("/lang/fi")
    assert Doc(client.get("/providers").text).find("h1").text == "Toimijat"


def test_provider_search_and_filters(client: TestClient) -> None:
    doc = Doc(client.get("/providers?search=paivakoti").text)
    links = [
        a.attrs["href"]
        for a in doc.find_all("a")
        if (a.attrs.get("href") or "").startswith("/providers/")
    ]
    assert links == ["/providers/pikkuiset"]
    doc = Doc(client.get("/providers?sector=city").text)
    assert "2 toimijaa" in doc.text
    # every form field has a label
    labels = {lab.attrs.get("for") for lab in doc.find_all("label")}
    fields = [
        e
        for e in doc.elements
        if e.tag in ("input", "select", "textarea")
        and e.attrs.get("type") not in ("hidden", "submit", "checkbox")
    ]
    assert fields and all(f.attrs.get("id") in labels for f in fields)


def test_provider_page(client: TestClient) -> None:
    doc = Doc(client.get("/providers/jkl-varhaiskasvatus").text)
    assert doc.find("h1").text == "Varhaiskasvatus"
    partner_links = {a.attrs["href"] for a in doc.find_all("a")}
    assert {"/providers/pikkuiset", "/providers/mll", "/providers/jkl"} <= partner_links
    assert "Päiväkoti Keltinmäki" in doc.text
    frame = doc.find("iframe")
    assert frame.attrs["src"] == "/embed/network?provider=jkl-varhaiskasvatus&lang=fi"
    assert frame.attrs["title"]


def test_group_page(client: TestClient) -> None:
    doc = Doc(client.get("/groups/age-0-6?lang=en").text)
    assert doc.find("h1").text == "Children 0–6"
    assert "Early childhood education" in doc.text
    assert doc.find("iframe").attrs["src"] == "/embed/network?group=age-0-6&lang=en"


def test_gap_report_and_csv(client: TestClient) -> None:
    doc = Doc(client.get("/gaps?group=mental-health").text)
    assert "Terapia" in doc.text
    csv = client.get("/gaps.csv?group=mental-health&lang=en")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    # as `graphsvc gaps --csv` writes it (;-separated, as Finnish Excel opens it), its
    # columns headed for a person in the page's language
    assert lines[0] == "Severity;Finding;Priority;Group;Need;Next group;Area;Providers;Description"
    assert any(";No provider;1;mental-health;therapy;" in line for line in lines[1:])
    empty = client.get("/gaps.csv?need=therapy&group=age-0-6&lang=en")
    # no gaps (therapy is no need of 0–6-year-olds here): the header alone, all the same
    assert empty.content.decode("utf-8-sig").splitlines() == [lines[0]]


def test_scenario_page(client: TestClient) -> None:
    doc = Doc(client.get("/scenarios?remove_sector=city&run=1").text)
    result = doc.by_id("result")
    assert "Varhaiskasvatus" in result.text  # early education rests on one provider
    checked = [
        i.attrs["value"] for i in doc.find_all("input", type="checkbox") if "checked" in i.attrs
    ]
    assert checked == ["city"]
    empty = Doc(client.get("/scenarios?run=1").text)
    assert "Valitse vähintään" in empty.text


def test_network_explorer_gives_embed_code_and_downloads(client: TestClient) -> None:
    doc = Doc(client.get("/network?group=age-0-6&sector=ngo&sector=city").text)
    frame = doc.by_id("view")
    assert frame.attrs["src"] == "/embed/network?group=age-0-6&sector=ngo&sector=city&lang=fi"
    code = doc.by_id("embed-code").text
    assert code.startswith('<iframe src="http://testserver/embed/network?group=age-0-6')
    hrefs = {a.attrs["href"] for a in doc.find_all("a")}
    assert any(h.startswith("/views/network.png?group=age-0-6") for h in hrefs)
    assert any(h.startswith("/views/network.svg?") for h in hrefs)
    assert any(h.endswith("&download=true") for h in hrefs)
    both = Doc(client.get("/network?group=age-0-6&provider=mll").text)
    assert both.find("p", role="alert").text and not both.find_all("iframe")


def test_embed_code_uses_the_public_url(loaded: Any, make_client: Any) -> None:
    client = make_client(loaded.model_copy(update={"public_url": "https://palvelut.example.fi"}))
    code = Doc(client.get("/network?need=clubs").text).by_id("embed-code").text
    assert code.startswith('<iframe src="https://palvelut.example.fi/embed/network?need=clubs')


def test_docs_page_is_offline(client: TestClient) -> None:
    r = client.get("/docs")
    doc = Doc(r.text)
    assert "http://" not in r.text.replace("http://testserver", "")
    assert "https://" not in r.text.replace("https://example.org/mll", "")
    summaries = [s.text for s in doc.find_all("summary")]
    assert any("/api/v1/providers" in s for s in summaries)
    assert any("/api/v1/gaps" in s for s in summaries)
    assert "mll-keski-suomi" in r.text  # the examples are shown
    assert client.get("/openapi.json").json()["info"]["title"] == "graphsvc"


def test_import_page_dry_run_then_confirm(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.get("/import").status_code == 401
    client.post("/login", data={"token": tokens["editor"], "next": "/import"})
    page = Doc(client.get("/import").text)
    csrf = page.find("input", name="csrf").attrs["value"]
    assert csrf
    r = client.post(
        "/import",
        data={"csrf": csrf, "format": ""},
        files={"file": ("new.json", NEW, "application/json")},
    )
    assert r.status_code == 200, r.text
    doc = Doc(r.text)
    report = doc.by_id("report")
    assert "new.json" in report.text and "Koeajo: mitään ei kirjoitettu." in report.text
    assert client.get("/api/v1/needs/digi").status_code == 404  # nothing written yet
    upload = doc.find("input", name="upload").attrs["value"]
    done = client.post("/import/confirm", data={"csrf": csrf, "upload": upload})
    assert done.status_code == 200 and "Tuonti valmis" in done.text
    assert client.get("/api/v1/needs/digi").json()["name"] == "Digituki"
    again = client.post("/import/confirm", data={"csrf": csrf, "upload": upload})
    assert again.status_code == 422  # one confirmation per dry run


def test_import_page_shows_row_errors(client: TestClient, tokens: dict[str, str]) -> None:
    client.post("/login", data={"token": tokens["editor"]})
    csrf = Doc(client.get("/import").text).find("input", name="csrf").attrs["value"]
    bad = json.dumps(
        {
            "format": "graphsvc-dataset",
            "version": 1,
            "services": [{"id": "s", "name": "S", "provider": "nobody"}],
        }
    ).encode()
    r = client.post(
        "/import", data={"csrf": csrf}, files={"file": ("bad.json", bad, "application/json")}
    )
    assert r.status_code == 422
    assert "services #1 (s), provider" in Doc(r.text).text


@pytest.mark.parametrize("csrf", ["", "forged"])
def test_import_form_needs_its_csrf_token(
    client: TestClient, tokens: dict[str, str], csrf: str
) -> None:
    client.post("/login", data={"token": tokens["editor"]})
    r = client.post(
        "/import", data={"csrf": csrf}, files={"file": ("new.json", NEW, "application/json")}
    )
    assert r.status_code == 403
    assert client.get("/api/v1/needs/digi").status_code == 404


@pytest.mark.parametrize(
    "lang, need, sign_in",
    [
        ("fi", "Tuonti vaatii muokkaajan (editor) tunnisteen.", "Kirjaudu muokkaajan tunnisteella"),
        ("en", "Importing needs a token with the editor role.", "Sign in with an editor token"),
    ],
    ids=["fi", "en"],
)
def test_import_page_asks_to_sign_in_in_the_page_language(
    client: TestClient, tokens: dict[str, str], lang: str, need: str, sign_in: str
) -> None:
    r = client.get(f"/import?lang={lang}")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    doc = Doc(r.text)
    main = doc.find("main")
    assert doc.find("p", role="alert").text == need
    assert "Authorization" not in main.text and "Bearer" not in main.text
    assert not doc.find_all("input", type="file")
    link = [a for a in doc.find_all("a") if a.text == sign_in]
    assert link and link[0].attrs["href"] == "/login?next=%2Fimport"
    back = client.post(
        "/login", data={"token": tokens["editor"], "next": "/import"}, follow_redirects=False
    )
    assert back.status_code == 303 and back.headers["location"] == "/import"
    assert Doc(client.get("/import").text).find("input", type="file")


def test_viewer_cannot_import(client: TestClient, tokens: dict[str, str]) -> None:
    client.post("/login", data={"token": tokens["viewer"]})
    r = client.get("/import")
    assert r.status_code == 403
    alert = Doc(r.text).find("p", role="alert").text
    assert alert == (
        "Tuonti vaatii muokkaajan (editor) tunnisteen. Kirjautumisesi tunnisteen rooli on »viewer«."
    )
    assert "/login?next=%2Fimport" in r.text or "/login?next=/import" in r.text
    # posting a file anyway is still refused
    assert client.post("/import", data={"csrf": "x"}).status_code == 403


def test_bad_login_says_so(client: TestClient) -> None:
    r = client.post("/login", data={"token": "nonsense"})
    assert r.status_code == 401
    assert Doc(r.text).find("p", role="alert").text


def test_logout_clears_the_session(client: TestClient, tokens: dict[str, str]) -> None:
    client.post("/login", data={"token": tokens["editor"]})
    csrf = Doc(client.get("/import").text).find("input", name="csrf").attrs["value"]
    r = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and 'graphsvc_session=""' in r.headers["set-cookie"]
    client.cookies.clear()
    assert client.get("/import").status_code == 401


def test_import_report_lists_nodes_then_relationships_and_deletions(
    client: TestClient, tokens: dict[str, str]
) -> None:
    services = client.get("/api/v1/services", params={"limit": 500}).json()["items"]
    service = next(s for s in services if s.get("needs"))
    service["needs"] = service["needs"][1:]  # one need fewer: a MEETS to delete
    doc = {"format": "graphsvc-dataset", "version": 1, "services": [service]}
    client.post("/login", data={"token": tokens["editor"], "next": "/import"})
    csrf = Doc(client.get("/import").text).find("input", name="csrf").attrs["value"]
    r = client.post(
        "/import",
        data={"csrf": csrf, "format": ""},
        files={"file": ("one.json", json.dumps(doc).encode(), "application/json")},
    )
    assert r.status_code == 200, r.text
    page = Doc(r.text)
    headers = [th.text for th in page.find_all("th", scope="col")]
    assert headers[-1] == "poistuu"
    rows = [th.text for th in page.find_all("th", scope="row")]
    assert rows.index("Service") < rows.index("OFFERS") < rows.index("MEETS")


def test_a_needs_district_gaps_are_one_row() -> None:
    from graphsvc.analysis import gap_report
    from graphsvc.web.routes import folded
    from tests.analysis.conftest import DAY, build

    net = build(
        demand=[("youth", "clubs", 1), ("youth", "debt", 2)],
        areas=[("city", "municipality", None)]
        + [(d, "district", "city") for d in ("north", "south", "east", "west")],
        providers=[("p", "city"), ("o", "ngo")],
        services=[
            {"provider": "p", "needs": "clubs", "groups": "youth", "areas": "north"},
            {"provider": "o", "needs": "clubs", "groups": "youth", "areas": "north"},
        ],
    )
    report = gap_report(net, as_of=DAY, lang="fi")
    assert len(report.ranked) == 4  # debt uncovered; clubs missing in three districts
    rows = folded(report)
    assert [(r.kind, r.areas) for r in rows] == [
        ("uncovered", []),
        ("area", ["East", "South", "West"]),
    ]
    assert rows[1].message == (
        "Tarpeeseen »tarve clubs« ryhmässä »ryhmä youth« ei ole palvelua 3 alueella: "
        "East, South, West."
    )
