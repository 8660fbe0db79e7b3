"""The formats graphsvc reads and writes, in one explicit table, and the entry points
that choose among them: `read_file`, `write_file` (importing what was read is
`graphsvc.importing`).

Each format module declares its formats (`FORMATS`) and knows nothing of the others;
only this module imports them all. Where formats share a suffix (.json, .zip, a
folder) each format's `looks_like` says whether the content is its own, and the one
that says yes reads it: the order of the table decides nothing.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from graphsvc.errors import InvalidData, UnsupportedFormat
from graphsvc.model import Dataset
from graphsvc.perf import gc_paused
from ingest import dataset, graphml, population
from ingest.base import MAX_FILE_BYTES, Format, ReadResult, WriteResult
from ingest.hsds import read as hsds
from ingest.network import read as network
from ingest.ptv import read as ptv
from ingest.workbook import tabular

FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        *dataset.FORMATS,
        *tabular.FORMATS,
        *hsds.FORMATS,
        *ptv.FORMATS,
        *graphml.FORMATS,
        *network.FORMATS,
        *population.FORMATS,
    )
}


#: suffixes that several formats share, or that others misuse (prefuse writes GraphML as
#: .gml; an edge list is a .csv): what is in the file or folder decides
SNIFFED = (".json", ".zip", ".gml", ".csv", ".xml")


def detect_format(path: Path, format: str | None = None, *, for_writing: bool = False) -> Format:
    """The format named by `format`; else, for a folder, a .json or a .zip being read,
    the one whose `looks_like` recognises what is in it; else the one the path's suffix
    chooses. No format's place in `FORMATS` decides anything."""
    usable = [f for f in FORMATS.values() if (f.writer if for_writing else f.reader)]
    if format:
        return _named_format(format, usable, for_writing)
    name = path.name.lower()
    # Every format, not only the usable ones: x.ptv.json is a PTV file, which graphsvc
    # cannot write, not a graphsvc .json file that happens to be named so.
    matches = [(s, fmt) for fmt in FORMATS.values() for s in fmt.suffixes if name.endswith(s)]
    suffix, by_name = max(matches, key=lambda m: len(m[0]), default=("", None))
    if not for_writing and (path.is_dir() or (suffix in SNIFFED and path.is_file())):
        found = sorted(f.name for f in usable if f.looks_like and f.looks_like(path))
        if len(found) == 1:
            return FORMATS[found[0]]
        if len(found) > 1:
            raise UnsupportedFormat(
                f"{path.name!r} looks like several formats ({', '.join(found)}); give --format."
            )
    if by_name is not None:
        fmt = by_name
        if fmt in usable:
            return fmt
        can = "only be imported" if for_writing else "only be exported"
        others = ", ".join(sorted({s for f in usable for s in f.suffixes}))
        raise UnsupportedFormat(
            f"{path.name!r}: its name chooses the format {fmt.name} ({fmt.description}), "
            f"which can {can}; use a file ending in {others}, or give --format."
        )
    if not for_writing and path.is_dir():
        return FORMATS["csv"]  # (a folder of CSV files: its reader says what it lacks)
    known = ", ".join(sorted({s for f in usable for s in f.suffixes}))
    folders = ", ".join(f"--format {f.name}" for f in usable if f.is_dir)
    hint = (
        f" For a folder, give the format: {folders}."
        if for_writing and folders and not path.suffix
        else ""
    )
    raise UnsupportedFormat(
        f"Cannot tell the format of {path.name!r} from its name; use a file ending in "
        f"{known}, or give --format.{hint}"
    )


def _named_format(format: str, usable: list[Format], for_writing: bool) -> Format:
    """The format of that name; one that cannot do what is asked says so."""
    for fmt in usable:
        if fmt.name == format:
            return fmt
    names = ", ".join(sorted(f.name for f in usable))
    other = FORMATS.get(format)
    if other is not None:
        only = "import-only" if for_writing else "export-only"
        raise UnsupportedFormat(
            f"The format {format!r} ({other.description}) is {only}: graphsvc cannot "
            f"{'write' if for_writing else 'read'} it. Use one of: {names}."
        )
    raise UnsupportedFormat(f"Unknown format {format!r}; use one of: {names}.")


def named(path: Path) -> Path:
    """`path`, made absolute when it has no name of its own ("." or "..")."""
    return path if path.name not in ("", ".", "..") else path.resolve()


def read_file(path: Path | str, format: str | None = None) -> ReadResult:
    """Read any known format into a Dataset; InvalidData names every problem."""
    path = named(Path(path))
    if not path.exists():
        raise InvalidData(f"{path}: no such file or folder.")
    fmt = detect_format(path, format)
    assert fmt.reader is not None
    if path.is_dir() and not fmt.is_dir:
        raise UnsupportedFormat(
            f"{path.name}: a folder (or a .zip), but the {fmt.name} format is one file; "
            "give the file itself, or a format that reads a folder "
            f"({', '.join(sorted(f.name for f in FORMATS.values() if f.is_dir and f.reader))})."
        )
    if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidData(
            f"{path.name}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    with gc_paused():  # a reader makes many objects and no cycles
        try:
            return fmt.reader(path)
        except (zipfile.BadZipFile, zlib.error) as exc:  # a member read from an archive
            raise InvalidData(
                f"{path.name}: a file in the archive is damaged ({exc}); unpack it again "
                "or make the .zip anew."
            ) from None


def write_file(ds: Dataset, path: Path | str, format: str | None = None) -> WriteResult:
    path = Path(path)
    fmt = detect_format(path, format, for_writing=True)
    assert fmt.writer is not None
    if not path.parent.exists():
        raise InvalidData(f"{path}: the folder {path.parent} does not exist.")
    return fmt.writer(ds, path)
