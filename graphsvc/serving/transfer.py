"""Uploads and downloads of whole datasets through the ingest format registry.

Shared by the API (`POST /import`, `GET /export`) and the import page: an upload is
saved under a safe name in a temporary folder (a .zip is unpacked, for formats that
read a folder), read by whichever reader the name or `format` chooses, and handed to
`apply_dataset`, the one import path.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from graphsvc.errors import Conflict, InvalidData, PayloadTooLarge
from graphsvc.store import GraphStore

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def formats() -> list[dict[str, Any]]:
    """Every format the registry knows, with what it can do."""
    from ingest.registry import FORMATS

    return [
        {
            "name": f.name,
            "suffixes": list(f.suffixes),
            "description": f.description,
            "read": f.reader is not None,
            "write": f.writer is not None,
            "folder": f.is_dir,
        }
        for f in sorted(FORMATS.values(), key=lambda f: f.name)
    ]


def safe_name(filename: str | None) -> str:
    """A file name that cannot climb out of its folder, keeping the suffix."""
    base = Path((filename or "upload").replace("\\", "/")).name
    name = _SAFE.sub("_", base).lstrip(".") or "upload"
    return name[-120:]


@dataclass
class Upload:
    """An uploaded file saved on disk, ready to read (and read again on confirm)."""

    folder: Path
    path: Path
    filename: str

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def save_upload(
    data: bytes, filename: str | None, *, max_unpacked: int, folder: Path | None = None
) -> Upload:
    """Save `data` under a safe name; unpack a .zip into a folder (bounded in size)."""
    name = safe_name(filename)
    root = Path(tempfile.mkdtemp(prefix="graphsvc-upload-", dir=folder))
    if not data:
        shutil.rmtree(root, ignore_errors=True)
        raise InvalidData(
            "The uploaded file is empty.", details=[{"field": "body.file", "message": "empty file"}]
        )
    if name.lower().endswith(".zip"):
        target = root / Path(name).stem
        target.mkdir()
        _unzip(data, target, max_unpacked)
        return Upload(root, target, name)
    path = root / name
    path.write_bytes(data)
    return Upload(root, path, name)


def _unzip(data: bytes, target: Path, max_unpacked: int) -> None:
    """Unpack under the importers' own rules (ingest.textfiles.unzip_flat); an archive
    that unpacks past the upload limit is 413, like a body that is too large."""
    from ingest.textfiles import unzip_flat

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise InvalidData(
            "The .zip file cannot be opened.",
            details=[{"field": "body.file", "message": "not a zip file"}],
        ) from None
    if total > max_unpacked:
        raise PayloadTooLarge(f"The .zip file unpacks to more than {max_unpacked} bytes.")
    unzip_flat(
        io.BytesIO(data), target, "The .zip file", max_bytes=max_unpacked, file_name=safe_name
    )


def import_upload(
    store: GraphStore,
    upload: Upload,
    *,
    format: str | None,
    dry_run: bool,
    skip_invalid: bool = False,
) -> dict[str, Any]:
    """Read the upload with the registry's reader and apply it (or only report);
    `skip_invalid` leaves out what is wrong (see `graphsvc.importing.apply_dataset`)."""
    from graphsvc.importing import import_file

    if format == "zip" and upload.path.is_dir():
        format = None  # unpacked already: what is inside tells its format
    return import_file(
        store,
        upload.path,
        format or None,
        dry_run=dry_run,
        source=upload.filename,
        skip_invalid=skip_invalid,
    ).to_dict()


@dataclass
class Export:
    content: bytes
    filename: str
    media_type: str
    notes: list[str]


MEDIA = {
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".graphml": "application/xml",
    ".gexf": "application/gexf+xml",
    ".zip": "application/zip",
}


def export(store: GraphStore, format: str, *, as_of: date | None = None) -> Export:
    """The store (or what is active on `as_of`) written in `format`; several files zipped."""
    from ingest.registry import detect_format, write_file

    fmt = detect_format(Path("x"), format, for_writing=True)
    ds = store.snapshot(as_of=as_of)
    with tempfile.TemporaryDirectory(prefix="graphsvc-export-") as tmp:
        suffix = "" if fmt.is_dir or not fmt.suffixes else fmt.suffixes[0]
        target = Path(tmp) / f"graphsvc{suffix}"
        if fmt.is_dir:
            target.mkdir()
        try:
            result = write_file(ds, target, fmt.name)
        except InvalidData as exc:
            # the graph as it is cannot be said in this format (a `|` in a tag, for a
            # workbook): a conflict with the data, not a fault of the request
            raise Conflict(
                f"{exc.message} (The {fmt.name} format cannot hold it; export JSON.)",
                details=exc.details,
            ) from None
        files = [p for p in (result.paths or [target]) if p.exists()]
        if len(files) == 1 and files[0].is_file():
            path = files[0]
            return Export(
                path.read_bytes(),
                path.name,
                MEDIA.get(path.suffix.lower(), "application/octet-stream"),
                result.notes,
            )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in files:
                for path in [item] if item.is_file() else sorted(item.rglob("*")):
                    if path.is_file():
                        archive.write(path, path.relative_to(Path(tmp)).as_posix())
        return Export(buf.getvalue(), f"graphsvc-{fmt.name}.zip", MEDIA[".zip"], result.notes)
