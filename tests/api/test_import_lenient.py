"""The import API and page with skip_invalid: the report by cause, the CSV of it all."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.api.conftest import TestClient
from tests.api.html import Doc
from tests.ingest.test_skip_invalid import hsds_without_two_organisations


def test_the_api_takes_skip_invalid(
    client: TestClient, auth: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    folder = hsds_without_two_organisations(tmp_path)
    zipped = shutil.make_archive(str(tmp_path / "hsds"), "zip", folder)
    data = Path(zipped).read_bytes()
    files = {"file": ("hsds.zip", data, "application/zip")}
    assert client.post("/api/v1/import", headers=auth["editor"], files=files).status_code == 422
    r = client.post(
        "/api/v1/import?skip_invalid=true&dry_run=true", headers=auth["editor"], files=files
    )
    assert r.status_code == 200, r.text
    assert len(r.json()["left_out"]) == 5 and r.json()["added"]["Service"] == 8
    r = client.post(
        "/api/v1/import",
        headers=auth["editor"],
        data={"skip_invalid": "true", "dry_run": "true"},
        files=files,
    )
    assert r.status_code == 200 and len(r.json()["left_out"]) == 5


def test_the_import_page_has_the_checkbox_and_the_csv(
    client: TestClient, tokens: dict[str, str], tmp_path: Path
) -> None:
    zipped = shutil.make_archive(
        str(tmp_path / "hsds"), "zip", hsds_without_two_organisations(tmp_path)
    )
    client.post("/login", data={"token": tokens["editor"]})
    page = Doc(client.get("/import?lang=en").text)
    csrf = page.find("input", name="csrf").attrs["value"]
    assert page.find("input", name="skip_invalid") is not None
    files = {"file": ("hsds.zip", Path(zipped).read_bytes(), "application/zip")}
    r = client.post("/import", data={"csrf": csrf, "skip_invalid": "true"}, files=files)
    assert r.status_code == 200, r.text
    doc = Doc(r.text)
    [line] = [li.text for li in doc.find_all("li") if "2 providers missing" in li.text]
    assert "5 services left out" in line
    link = next(
        a.attrs["href"] for a in doc.find_all("a") if a.attrs.get("href", "").endswith(".csv")
    )
    got = client.get(link)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert got.text.count("organization_id") == 5
    assert got.text.lstrip("\ufeff").startswith("Cause;List;Imported all the same;File;")
    upload = doc.find("input", name="upload").attrs["value"]
    assert doc.find("input", name="skip_invalid", type="hidden") is not None
    done = client.post(
        "/import/confirm", data={"csrf": csrf, "upload": upload, "skip_invalid": "true"}
    )
    assert done.status_code == 200 and "Import done" in done.text
    assert client.get("/api/v1/stats").json()["nodes"]["Service"] == 3 + 8
