"""Text-file plumbing shared by the CSV readers and writers.

- Encoding and delimiter are detected, never asked for: UTF-8, UTF-8 with BOM,
  UTF-16 with BOM ("Unicode text" from Excel) and Windows-1252; `;`, `,` or tab.
- `escape_cell` keeps exported text from running as a spreadsheet formula.
- `XmlText` removes what XML 1.0 (and so .xlsx, GraphML, GEXF) cannot hold, and what
  makes a CSV file unreadable (NUL), counting the values it changed.
- `check_zip` refuses zip bombs before anything is unpacked.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graphsvc.errors import InvalidData, RowError

#: Text that a spreadsheet runs as a formula when it starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Limits against zip bombs: total unpacked size, compression ratio, number of members.
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000

#: What XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return (NUL,
#: Word's vertical tab …), U+FFFE, U+FFFF and surrogates (in a str always unpaired).
XML_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_CHUNK = 1024 * 1024
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
#: ä ö å Ä Ö Å é in UTF-8: in Windows-1252 text these byte pairs would read Ã¤ Ã¶ …
_UTF8_LETTER = re.compile(rb"\xc3[\xa4\xb6\xa5\x84\x96\x85\xa9]")
_DELIMITERS = (";", ",", "\t")

Opener = Callable[[], IO[bytes]]


def escape_cell(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula with a single quote.

    A value that already starts with quotes before such a character gets one more, so
    `unescape_cell(escape_cell(t)) == t` for every text.

    >>> escape_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> escape_cell("+358 40 123"), escape_cell("Päiväkoti")
    ("'+358 40 123", 'Päiväkoti')
    """
    return "'" + text if text.lstrip("'")[:1] in FORMULA_START and text[:1] else text


def unescape_cell(text: str) -> str:
    """Undo `escape_cell`: drop one leading quote that guards a formula character."""
    if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_START:
        return text[1:]
    return text


@dataclass
class XmlText:
    """Removes what XML 1.0 cannot hold from text, counting the values it changed.

    One per export: every writer cleans each text with it and adds `notes` to its
    WriteResult. Cleaning the same text always gives the same result, so an id and the
    references to it stay equal.

    >>> xml = XmlText()
    >>> xml.clean("Ker\\x0bhot\\x00"), xml.clean("Kerhot"), xml.changed
    ('Kerhot', 'Kerhot', 1)
    """

    changed: int = 0
    escaped: int = 0  # texts `cell` gave a leading quote

    def clean(self, text: str) -> str:
        clean = XML_ILLEGAL_RE.sub("", text)
        self.changed += clean != text
        return clean

    def cell(self, text: str) -> str:
        """`text` for a spreadsheet cell: cleaned, and quoted where a spreadsheet would
        run it as a formula (`escape_cell`); both are counted."""
        clean = self.clean(text)
        safe = escape_cell(clean)
        self.escaped += safe != clean
        return safe

    def notes(self, what: str = "value(s)", where: str = "the file") -> list[str]:
        """The WriteResult note, if any text was changed."""
        if not self.changed:
            return []
        return [
            f"{self.changed} {what} held control characters (such as NUL or a vertical "
            f"tab) that {where} cannot store; they were removed."
        ]


# --- encoding and dialect ------------------------------------------------------------


def detect_encoding(open_bytes: Opener, name: str) -> str:
    """Read the whole input once and name its encoding; InvalidData when it is not text."""
    with open_bytes() as raw:
        head = raw.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8, cp1252, offset = True, True, 0
        lines, not_utf8 = 0, -1  # the line and the byte of the first byte not UTF-8
        chunk = head
        while chunk:
            nul = chunk.find(b"\x00")
            if nul >= 0:
                raise InvalidData(
                    f"{name}: contains NUL bytes (at byte {offset + nul}); it is "
                    "not a CSV text file."
                )
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    at = max(exc.start, 0)
                    utf8, not_utf8 = False, offset + at
                    lines += chunk.count(b"\n", 0, at)
                else:
                    lines += chunk.count(b"\n")
            if cp1252 and _CP1252_UNDEFINED.search(chunk):
                cp1252 = False
            if not utf8 and not cp1252:
                raise InvalidData(
                    f"{name}: not text in UTF-8 or Windows-1252; is it a CSV "
                    "file? Save it from the spreadsheet as CSV (UTF-8)."
                )
            offset += len(chunk)
            chunk = raw.read(_CHUNK)
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if utf8:
            return "utf-8"
        letters = _utf8_letters(open_bytes) if cp1252 else 0  # (read again: rare)
        if letters:
            # Windows-1252 would show each of those letters as two (ä as Ã¤)
            raise InvalidData(
                f"{name}: UTF-8 text ({letters} letter(s) such as ä or ö) with a character "
                f"that is not UTF-8 on line {lines + 1} (byte {max(not_utf8, 0):,}; maybe "
                "pasted from another file); save the file again as CSV UTF-8, or retype "
                "that character."
            )
        if cp1252:
            return "cp1252"
        raise InvalidData(f"{name}: not text in UTF-8 or Windows-1252.")


def _utf8_letters(open_bytes: Opener) -> int:
    """How many UTF-8 letters such as ä the input holds."""
    with open_bytes() as raw:
        return sum(
            len(_UTF8_LETTER.findall(chunk)) for chunk in iter(lambda: raw.read(_CHUNK), b"")
        )


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a header line: the most frequent of ; , and tab (`,` if none)."""
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class CsvRows:
    """The header and the records of one CSV input, with spreadsheet row numbers."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number counting the header as 1, cells)
    position: Callable[[], int]  # bytes read so far (for a progress bar)


@contextmanager
def open_csv(open_bytes: Opener, name: str) -> Iterator[CsvRows]:
    """Open a CSV input (encoding and delimiter detected); the file closes with the block."""
    encoding = detect_encoding(open_bytes, name)
    raw = open_bytes()
    try:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        first = text.readline()
        # (Excel writes "sep=;;;" when the hint was typed into A1 of a wider sheet)
        sep = re.fullmatch(r'"?sep=(.)"?(?:\1)*\r?\n?', first)
        if sep:  # Excel's hint line "sep=;" is not a row
            delimiter = sep.group(1)
            first = text.readline()
        else:
            delimiter = sniff_delimiter(first)
        lines = _Lines(first, text)
        reader = csv.reader(
            lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False
        )
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise InvalidData(f"{name}: cannot read the header row: {exc}.") from None
        yield CsvRows(name, header, _records(reader, name, header, lines), lambda: _tell(raw))
    except UnicodeDecodeError as exc:
        raise InvalidData(f"{name}: not valid {encoding} text ({exc.reason}).") from None
    finally:
        raw.close()


class _Lines:
    """The lines of a text file after its first line (already read), remembering the
    last one given out."""

    def __init__(self, first: str, rest: IO[str]) -> None:
        self.lines = itertools.chain((first,) if first else (), rest)
        self.last = first

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        self.last = next(self.lines)
        return self.last


def _tell(raw: IO[bytes]) -> int:
    try:
        return raw.tell()
    except (OSError, ValueError):
        return 0


def _records(
    reader: Any, name: str, header: list[str], lines: _Lines
) -> Iterator[tuple[int, list[str]]]:
    row = 1
    cells: list[str] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            _check_quotes_closed(cells, row, name, header, lines.last)
            return
        except csv.Error as exc:
            raise InvalidData(
                f"{name}: row {row + 1} cannot be read: {exc}.",
                details=[RowError(str(exc), file=name, row=row + 1)],
            ) from None
        row += 1
        yield row, cells


def _check_quotes_closed(
    cells: list[str], row: int, name: str, header: list[str], last_line: str
) -> None:
    """The csv module, lenient, ends a file inside an open quote without a word: the
    rest of the file becomes one cell. Only a quoted cell holds a line break, and a
    closed one ends its line with the quote: the last cell of the file holding a line
    break while the last line does not end in a quote means the quote never closed."""
    if not cells or not ("\n" in cells[-1] or "\r" in cells[-1]):
        return
    if last_line.rstrip("\r\n").endswith('"'):
        return
    column = len(cells)
    field = header[column - 1].strip() if column <= len(header) else None
    swallowed = len(cells[-1].rstrip("\r\n").splitlines())
    message = (
        f'a quote (") opened in {f"column {field!r}" if field else f"column {column}"} '
        f"is never closed, so the rest of the file ({swallowed} line(s)) would be that "
        "one cell; close the quote, or remove it"
    )
    raise InvalidData(
        f"{name}: row {row}: {message}.",
        details=[RowError(message, file=name, row=row, field=field)],
    )


def count_lines(open_bytes: Opener) -> int:
    """Count line breaks: a cheap upper bound of the number of CSV records."""
    lines = 0
    with open_bytes() as raw:
        while chunk := raw.read(_CHUNK):
            lines += chunk.count(b"\n")
    return lines


# --- zip files -----------------------------------------------------------------------


def check_zip(zf: zipfile.ZipFile, name: str, *, max_bytes: int | None = None) -> None:
    """Refuse encrypted archives, too many members and anything that unpacks too far."""
    max_bytes = max_bytes or MAX_UNZIPPED_BYTES
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InvalidData(
            f"{name}: has {len(infos):,} files inside; at most {MAX_MEMBERS:,} are read."
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InvalidData(f"{name}: {info.filename} is encrypted; unpack it first.")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise InvalidData(
                f"{name}: {info.filename} would unpack {ratio:,.0f} times larger than it is "
                f"packed ({info.file_size:,} bytes); refusing what looks like a zip bomb."
            )
    if total > max_bytes:
        raise InvalidData(
            f"{name}: would unpack to {total:,} bytes, more than the "
            f"{max_bytes:,} allowed; refusing what looks like a zip bomb."
        )


def open_zip(path_or_file: str | IO[bytes], name: str) -> zipfile.ZipFile:
    """Open and check a zip archive; InvalidData (never BadZipFile) when it is not one."""
    try:
        zf = zipfile.ZipFile(path_or_file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise InvalidData(f"{name}: not a readable zip file ({exc}).") from None
    try:
        check_zip(zf, name)
    except InvalidData:
        zf.close()
        raise
    return zf


def zip_members(zf: zipfile.ZipFile, name: str) -> dict[str, tuple[Opener, str]]:
    """The files of a zip by lower-cased base name; of two with one name, the one nearer
    the top counts (an HSDS package may keep a second datapackage.json beside its CSVs)."""
    members: dict[str, tuple[Opener, str]] = {}
    depth: dict[str, int] = {}
    for info in zf.infolist():
        path = info.filename.replace("\\", "/")
        base = path.rsplit("/", 1)[-1]
        if info.is_dir() or info.filename.startswith("__MACOSX/") or not base:
            continue
        key, level = base.lower(), path.count("/")
        if key in members:
            if level == depth[key]:
                raise InvalidData(
                    f"{name}: holds two files named {base} "
                    f"({members[key][1]}, {info.filename}); keep one."
                )
            if level > depth[key]:
                continue
        members[key] = (_zip_opener(zf, info), info.filename)
        depth[key] = level
    return members


def _zip_opener(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Opener:
    return lambda: zf.open(info)


def unzip_flat(
    source: str | IO[bytes],
    target: Path,
    name: str,
    *,
    max_bytes: int | None = None,
    file_name: Callable[[str], str] = lambda member: Path(member).name,
) -> list[Path]:
    """Unpack an archive's files side by side into `target` (readers take a flat
    folder), under `open_zip`'s rules. Two members that would land on one name are
    refused, naming both, rather than one silently overwriting the other; a member
    whose content does not match its checksum is refused by name."""
    written: dict[str, str] = {}
    paths: list[Path] = []
    with open_zip(source, name) as zf:
        check_zip(zf, name, max_bytes=max_bytes)
        for info in zf.infolist():
            if info.is_dir():
                continue
            flat = file_name(info.filename)
            if flat in written:
                raise InvalidData(
                    f"{name}: {written[flat]} and {info.filename} would both unpack to "
                    f"{flat}; an archive may hold one file of each name."
                )
            written[flat] = info.filename
            try:
                content = zf.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise InvalidData(
                    f"{name}: {info.filename} is damaged and cannot be unpacked ({exc})."
                ) from None
            path = target / flat
            path.write_bytes(content)
            paths.append(path)
    return paths


# --- writing ---------------------------------------------------------------------------


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Write through a temporary file in the same folder: a failed export leaves nothing."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
