"""POST /import (any registered format, dry run, all or nothing) and GET /export."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from graphsvc.config import Settings
from tests.api.conftest import TestClient, assert_error
from tests.ingest.test_hostile import MALFORMED

NEW = {
    "format": "graphsvc-dataset",
    "version": 1,
    "needs": [{"id": "digital-support", "name": {"fi": "Digituki", "en": "Digital support"}}],
    "providers": [{"id": "kirjasto", "name": "Kaupunginkirjasto", "sector": "city"}],
    "services": [
        {
            "id": "s-digituki",
            "name": "Digituki",
            "provider": "kirjasto",
            "needs": ["digital-support"],
        }
    ],
}


def _upload(
    client: TestClient, headers: dict[str, str], content: bytes, name: str, **params: Any
) -> Any:
    return client.post(
        "/api/v1/import",
        headers=headers,
        params=params,
        files={"file": (name, content, "application/octet-stream")},
    )


def test_dry_run_reports_and_writes_nothing(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    before = client.get("/api/v1/stats").json()
    r = _upload(client, auth["editor"], json.dumps(NEW).encode(), "new.json", dry_run="true")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["dry_run"] is True and report["source"] == "new.json"
    assert report["added"] == {"Need": 1, "Provider": 1, "Service": 1, "OFFERS": 1, "MEETS": 1}
    assert report["totals"] == {"added": 5, "updated": 0, "unchanged": 0, "deleted": 0}
    assert client.get("/api/v1/stats").json() == before
    assert_error(client.get("/api/v1/providers/kirjasto"), 404, "node-not-found")


def test_import_writes_all(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = _upload(client, auth["editor"], json.dumps(NEW).encode(), "new.json")
    assert r.status_code == 200, r.text
    assert r.json()["dry_run"] is False
    assert client.get("/api/v1/services/s-digituki").json()["provider"] == "kirjasto"
    again = _upload(client, auth["editor"], json.dumps(NEW).encode(), "new.json")
    assert again.json()["totals"] == {"added": 0, "updated": 0, "unchanged": 5, "deleted": 0}


def test_yaml_by_its_name_and_format_field(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    text = yaml.safe_dump(NEW, allow_unicode=True).encode()
    assert _upload(client, auth["editor"], text, "x.yaml", dry_run="1").status_code == 200
    r = client.post(
        "/api/v1/import",
        headers=auth["editor"],
        data={"format": "yaml", "dry_run": "true"},
        files={"file": ("no-suffix", text, "text/plain")},
    )
    assert r.status_code == 200, r.text
    assert r.json()["dry_run"] is True


def test_invalid_rows_are_422_with_details_and_nothing_written(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    bad = dict(
        NEW,
        services=[{"id": "s-x", "name": "X", "provider": "nobody", "needs": ["digital-support"]}],
    )
    before = client.get("/api/v1/stats").json()
    err = assert_error(
        _upload(client, auth["editor"], json.dumps(bad).encode(), "bad.json"), 422, "invalid-data"
    )
    assert {
        "file": "bad.json",
        "location": "services",
        "row": 1,
        "id": "s-x",
        "field": "provider",
    }.items() <= err["details"][0].items()
    assert client.get("/api/v1/stats").json() == before


def test_syntax_error_is_422(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    err = assert_error(
        _upload(client, auth["editor"], b'{"format": ', "broken.json"), 422, "invalid-data"
    )
    assert "line 1" in err["message"]


def test_unknown_format_is_422(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    assert_error(_upload(client, auth["editor"], b"x", "data.docx"), 415, "unsupported-format")


def test_no_file_is_422(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.post(
        "/api/v1/import",
        headers=auth["editor"],
        data={"format": "json"},
        files={"other": ("x.json", b"{}", "application/json")},
    )
    err = assert_error(r, 422, "invalid-data")
    assert err["details"][0]["field"] == "body.file"


def test_upload_name_cannot_climb_out(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = _upload(
        client, auth["editor"], json.dumps(NEW).encode(), "../../etc/new.json", dry_run="true"
    )
    assert r.status_code == 200
    assert r.json()["source"] == "new.json"


def test_413_for_a_streamed_body_without_length(
    settings_for: Callable[..., Settings],
    make_client: Callable[..., TestClient],
    auth: dict[str, dict[str, str]],
) -> None:
    client = make_client(settings_for(max_upload_bytes=4096))

    def chunks() -> Any:
        boundary = b"--b\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n'
        for _ in range(20):
            yield b" " * 1024
        yield b"\r\n--b--\r\n"

    headers = {**auth["editor"], "Content-Type": "multipart/form-data; boundary=b"}
    r = client.post("/api/v1/import", headers=headers, content=chunks())
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert_error(r, 413, "payload-too-large")


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_then_import_is_unchanged(
    client: TestClient, auth: dict[str, dict[str, str]], fmt: str
) -> None:
    r = client.get("/api/v1/export", params={"format": fmt})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="graphsvc.{fmt}"'
    back = _upload(client, auth["editor"], r.content, f"graphsvc.{fmt}", dry_run="true")
    assert back.json()["totals"]["added"] == back.json()["totals"]["updated"] == 0
    assert back.json()["totals"]["unchanged"] > 0


def test_export_as_of_leaves_out_what_was_not_active(client: TestClient) -> None:
    doc = client.get("/api/v1/export", params={"as_of": "2010-01-01"}).json()
    assert "pikkuiset" not in {p["id"] for p in doc["providers"]}  # valid from 2015


def test_export_of_a_folder_format_is_a_zip(client: TestClient) -> None:
    folder = [f for f in client.get("/api/v1/formats").json() if f["folder"] and f["write"]]
    if not folder:
        pytest.skip("no folder format registered yet")
    r = client.get("/api/v1/export", params={"format": folder[0]["name"]})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(r.content)).namelist()


def test_formats_come_from_the_registry(client: TestClient) -> None:
    from ingest import FORMATS

    names = {f["name"] for f in client.get("/api/v1/formats").json()}
    assert {"json", "yaml"} <= names
    assert names == set(FORMATS)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def test_a_zip_whose_files_share_a_name_is_refused_not_overwritten(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    # unpacked side by side, a/new.json and b/new.json would be one file: the second
    # used to replace the first without a word
    other = {**NEW, "providers": [{"id": "toinen", "name": "Toinen", "sector": "ngo"}]}
    content = _zip(
        {"a/new.json": json.dumps(NEW).encode(), "b/new.json": json.dumps(other).encode()}
    )
    before = client.get("/api/v1/stats").json()
    err = assert_error(_upload(client, auth["editor"], content, "paketti.zip"), 422, "invalid-data")
    assert "a/new.json" in err["message"] and "b/new.json" in err["message"]
    assert client.get("/api/v1/stats").json() == before


def test_a_zip_of_a_folder_is_read_from_inside_the_folder(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    # the CSV export, its files put in a folder before zipping, as a keeper would
    exported = client.get("/api/v1/export", params={"format": "csv"})
    assert exported.status_code == 200, exported.text
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        files = {f"paketti/{n}": archive.read(n) for n in archive.namelist()}
    r = _upload(client, auth["editor"], _zip(files), "paketti.zip", dry_run="true")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["totals"]["unchanged"] > 0
    assert report["totals"]["added"] == report["totals"]["updated"] == 0


def test_a_zip_member_that_lies_about_its_content_is_refused_by_name(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    content = bytearray(_zip({"new.json": json.dumps(NEW).encode()}))
    at = content.index(b'"graphsvc-dataset"')  # stored, not deflated: flip a byte
    content[at + 1] ^= 0x01
    err = assert_error(
        _upload(client, auth["editor"], bytes(content), "rikki.zip"), 422, "invalid-data"
    )
    assert "new.json" in err["message"] and "damaged" in err["message"]


@pytest.mark.parametrize("name,fmt,content,_line,words", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_each_malformed_upload_is_a_clear_422(
    client: TestClient,
    auth: dict[str, dict[str, str]],
    name: str,
    fmt: str | None,
    content: bytes,
    _line: str,
    words: str,
) -> None:
    before = client.get("/api/v1/stats").json()
    params = {"format": fmt} if fmt else {}
    r = _upload(client, auth["editor"], content, name, **params)
    err = assert_error(r, 422, "invalid-data")
    assert words in err["message"] and "unexpected" not in err["message"]
    assert client.get("/api/v1/stats").json() == before


def test_a_zip_said_to_be_one_file_is_refused_clearly(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    # (found by schemathesis: a .zip sent with format=yaml was a 500)
    content = _zip({"new.json": json.dumps(NEW).encode()})
    err = assert_error(
        _upload(client, auth["editor"], content, "paketti.zip", format="yaml"),
        415,
        "unsupported-format",
    )
    assert "the yaml format is one file" in err["message"]
    exported = client.get("/api/v1/export?format=csv").content  # a .zip of CSV files
    ok = _upload(client, auth["editor"], exported, "paketti.zip", format="zip", dry_run="true")
    assert ok.status_code == 200, ok.text
    assert ok.json()["totals"]["unchanged"] > 0
