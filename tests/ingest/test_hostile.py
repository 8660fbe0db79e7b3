"""Hostile input: random bytes, zip bombs, a million rows, forged files. Never a traceback."""

from __future__ import annotations

import io
import os
import random
import re
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphsvc.cli import main
from graphsvc.errors import InvalidData
from ingest import read_file
from ingest.base import ReadResult

# (file name, format) for every reader; random bytes must give InvalidData or a result
TARGETS = [
    ("w.xlsx", None),
    ("w.zip", None),
    ("providers.csv", None),
    ("r.json", "ptv"),
    ("r.json", "hsds-json"),
    ("datapackage.json", "hsds"),
    ("d.json", None),
    ("d.yaml", None),
]


@pytest.mark.parametrize("name,fmt", TARGETS, ids=[f"{n}-{f}" for n, f in TARGETS])
@given(data=st.binary(max_size=3000))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_bytes_never_raise_anything_but_invalid_data(
    name: str, fmt: str | None, data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            result = read_file(path, fmt)
        except InvalidData as exc:
            assert exc.message
        else:
            assert isinstance(result, ReadResult)


@pytest.mark.parametrize("name,fmt", TARGETS, ids=[f"{n}-{f}" for n, f in TARGETS])
def test_empty_files_are_clear_errors(tmp_path: Path, name: str, fmt: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InvalidData):
        read_file(path, fmt)


def test_random_bytes_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "verkosto.xlsx"
    # (random but fixed, and binary from its first byte: os.urandom's first 8 bytes were
    # all printable in about 1 run of 40, and the file was then called text)
    path.write_bytes(b"\x00\x01" + random.Random(5).randbytes(4998))
    code = main(["--store", f"sqlite:///{tmp_path / 'g.db'}", "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("Error: verkosto.xlsx: not an Excel workbook")
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "head,says",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "Excel 97–2003 workbook (.xls)"),
        ("id;name;sector\nmll;MLL;järjestö\n".encode(), "text, not a workbook (a CSV file?)"),
        (b"", "empty"),
    ],
)
def test_a_file_named_xlsx_that_is_not_one_says_what_it_seems_to_be(
    tmp_path: Path, head: bytes, says: str
) -> None:
    path = tmp_path / "verkosto.xlsx"
    path.write_bytes(head)
    with pytest.raises(InvalidData, match=re.escape(says)):
        read_file(path)


# --- zip bombs ---------------------------------------------------------------------------


def _bomb(path: Path, member: str, size: int) -> None:
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(member, "w") as fh,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(size >> 20):
            fh.write(chunk)


@pytest.mark.parametrize(
    "name,member", [("bomb.zip", "providers.csv"), ("bomb.xlsx", "xl/worksheets/sheet1.xml")]
)
def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path, name: str, member: str) -> None:
    path = tmp_path / name
    _bomb(path, member, 64 << 20)
    assert path.stat().st_size < 1 << 20
    started = time.perf_counter()
    with pytest.raises(InvalidData, match="zip bomb"):
        read_file(path)
    assert time.perf_counter() - started < 2


def test_too_much_in_total_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.textfiles as tf

    monkeypatch.setattr(tf, "MAX_UNZIPPED_BYTES", 4 << 20)
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"part{i}.csv", os.urandom(1 << 20).hex())  # 2 MB each, ratio ~2
    with pytest.raises(InvalidData, match="would unpack to"):
        read_file(path)


# --- a million rows ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("million")
    with open(folder / "providers.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("id;name;sector\r\n")
        for start in range(0, 1_000_000, 10_000):
            fh.write("".join(f"p{i};Toimija {i};ngo\r\n" for i in range(start, start + 10_000)))
    return folder


def test_a_million_row_csv_is_a_clear_error_in_seconds(million_rows: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(InvalidData, match="more than 250,000 rows"):
        read_file(million_rows)
    assert time.perf_counter() - started < 5


def test_a_million_row_csv_through_the_command_line(
    million_rows: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--store", f"sqlite:///{tmp_path / 'g.db'}", "import", str(million_rows), "--dry-run"]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "providers.csv: has more than 250,000 rows" in err
    assert "Traceback" not in out + err


def test_the_row_limit_holds_in_xlsx_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.workbook.tabular as tab

    monkeypatch.setattr(tab, "MAX_ROWS", 5)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "needs"
    ws.append(["id", "name"])
    for i in range(6):
        ws.append([f"n{i}", f"Tarve {i}"])
    wb.save(tmp_path / "w.xlsx")
    with pytest.raises(InvalidData, match="more than 5 rows"):
        read_file(tmp_path / "w.xlsx")


# --- forged and broken files -------------------------------------------------------------


def test_a_forged_sheet_dimension_does_not_blow_up(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "needs"
    ws.append(["id", "name"])
    ws.append(["clubs", "Kerhot"])
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    forged = tmp_path / "forged.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"')
                data = data.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"/></row></sheetData>'
                )
            dst.writestr(item, data)
    started = time.perf_counter()
    ds = read_file(forged).dataset
    assert [n.id for n in ds.needs] == ["clubs"]
    assert time.perf_counter() - started < 10


def test_a_truncated_workbook(tmp_path: Path, small_dataset: object) -> None:
    from ingest import write_file

    write_file(small_dataset, tmp_path / "ok.xlsx")  # type: ignore[arg-type]
    data = (tmp_path / "ok.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(InvalidData, match="not a readable zip file"):
        read_file(tmp_path / "cut.xlsx")


def test_a_zip_without_workbook_files(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(InvalidData, match="no CSV file is named after a list"):
        read_file(path)


def test_nul_bytes_and_huge_fields_in_csv(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "needs.csv").write_bytes(b"id;name\nx;a\x00b\n")
    with pytest.raises(InvalidData, match="NUL bytes"):
        read_file(folder)
    (folder / "needs.csv").write_text("id;name\nx;" + "a" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="row 2 cannot be read"):
        read_file(folder)


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InvalidData, match="nested too deeply"):
        read_file(path, "ptv")


def test_a_workbook_that_is_really_a_zip_of_something_else(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    path.write_bytes(buf.getvalue())
    with pytest.raises(InvalidData, match="not a readable Excel workbook"):
        read_file(path)


def _lying_zip() -> bytes:
    """A zip of one CSV whose content no longer matches the checksum it carries."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:  # stored, not deflated: the bytes show
        archive.writestr("providers.csv", "id,name,sector\np1,Apu ry,ngo\n")
    data = bytearray(buf.getvalue())
    data[data.index(b"p1,Apu")] = ord("q")
    return bytes(data)


_DATASET = '{"format": "graphsvc-dataset", "version": 1, "providers": [%s]}'
_BIG = "9" * 5000
#: each malformed input class: (file name, format, content, the clear line the command
#: line gives, the words any refusal of it has: the API unpacks an upload itself)
MALFORMED = [
    (
        "lying.zip",
        None,
        _lying_zip(),
        "lying.zip: a file in the archive is damaged (Bad CRC-32 for file 'providers.csv')",
        "damaged",
    ),
    (
        "big.json",
        None,
        (_DATASET % f'{{"id": "p", "name": "n", "sector": "ngo", "x": {_BIG}}}').encode(),
        "big.json: holds a number with more than 4,300 digits, which no field takes.",
        "more than 4,300 digits",
    ),
    (
        "big.yaml",
        None,
        f"providers:\n  - id: {_BIG}\n".encode(),
        "big.yaml: holds a number with more than 4,300 digits",
        "more than 4,300 digits",
    ),
    (
        "big.ptv.json",
        "ptv",
        f'{{"itemList": [{{"id": {_BIG}}}]}}'.encode(),
        "big.ptv.json: not valid JSON near character 14: a number has more than 4,300 digits",
        "more than 4,300 digits",
    ),
    (
        "deep.yaml",
        None,
        ("providers: " + "[" * 5000 + "]" * 5000).encode(),
        "deep.yaml: not valid YAML: nested too deeply.",
        "nested too deeply",
    ),
    (
        "deep.json",
        None,
        ("[" * 100_000 + "]" * 100_000).encode(),
        "deep.json: not valid JSON: nested too deeply.",
        "nested too deeply",
    ),
]


@pytest.mark.parametrize("name,fmt,content,says,_words", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_each_malformed_input_class_is_one_clear_line_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    fmt: str | None,
    content: bytes,
    says: str,
    _words: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    db = tmp_path / "g.db"
    args = ["--store", f"sqlite:///{db}", "import", str(path), *(["--format", fmt] if fmt else [])]
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 1, err
    assert err.startswith(f"Error: {says}"), err
    assert "unexpected" not in err and "Traceback" not in out + err
    assert not db.exists()  # refused before the store was opened: nothing written
