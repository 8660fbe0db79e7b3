"""Suomi.fi PTV (Palvelutietovaranto) open API v11 JSON: organisations and services.

Input: one record file, a list response (`{"itemList": […]}` or a plain array; streamed,
so a large list never sits in memory whole), or a folder of such files (searched
recursively). Records are told apart by `organizationNames` / `serviceNames`.

- Organisation -> Provider: `organizationType` -> sector (mapping file);
  `parentOrganizationId` -> parent.
- Service -> Service: `serviceNames` (type Name) in fi/sv/en; the `Responsible`
  organisation (else the first `Producer`) offers it; a producer other than that one
  becomes a partnership from the responsible organisation — `purchase` for
  `ProcuredServices` — so a procured service shows who buys from whom.
- `targetGroups` (KR codes) -> groups and `serviceClasses` (P codes) -> needs through
  ingest/data/ptv_mapping.yaml, overridable (see `ingest.mapping`). Codes, not URIs.
- `areas[]` municipality codes -> municipality Areas named from the official code list,
  inside their region (maakunta); Nationwide services get no area (available everywhere).

Nothing here is fatal except a file that is not JSON or holds no PTV record. A broken
record — no id, no name, an organisation type the mapping does not know, a service
without an organisation, or a draft — is skipped whole with a warning, as is a service
whose organisation was skipped, or is neither in the import nor in the store (checked on
import, with what only those services brought along: their groups, needs and areas);
an `organizations[]` entry whose organization is null, an unknown code, a missing
Finnish name, or a parent or producer in neither the import nor the store (checked on
import) is reported and left out, the rest of the record imported. A Deleted or
Archived record is imported as ended (valid_to), so that what the store holds of it
stops counting.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphsvc.errors import InvalidData
from ingest.base import Format, ReadResult, json_keys
from ingest.folders import PTV_KEYS, folder_kind
from ingest.jsonstream import iter_records
from ingest.mapping import load_mapping
from ingest.progress import progress_bar
from ingest.ptv.build import PtvBuilder

MAPPING_FILE = "ptv_mapping.yaml"
MAPPING_ENV = "GRAPHSVC_PTV_MAPPING"


def read_ptv(path: Path, mapping: str | Path | None = None) -> ReadResult:
    """Read PTV JSON (a file or a folder) into a Dataset; problems become warnings."""
    builder = PtvBuilder(load_mapping(MAPPING_FILE, mapping, MAPPING_ENV), path.name)
    files = sorted(p for p in path.rglob("*.json") if p.is_file()) if path.is_dir() else [path]
    if not files:
        raise InvalidData(f"{path.name}: no .json files in the folder.")
    with progress_bar(f"{path.name}: PTV", None) as tick:
        for file in files:
            label = file.relative_to(path).as_posix() if path.is_dir() else file.name
            envelope: dict[str, Any] = {}
            for record in _records(file, label, envelope):
                builder.add(record, label)
                tick(advance=1)
            builder.page(envelope, label)
    return builder.result()


def _records(file: Path, label: str, envelope: dict[str, Any]) -> Iterator[Any]:
    try:
        with open(file, encoding="utf-8-sig") as fh:
            yield from iter_records(fh, label, ("itemList",), envelope)
    except UnicodeDecodeError as exc:
        raise InvalidData(
            f"{label}: not UTF-8 text (byte {exc.start}); is it a PTV JSON file?"
        ) from None


def _read(path: Path) -> ReadResult:
    return read_ptv(path)


#: keys only PTV's records and list responses have (camelCase; HSDS's are snake_case)


def looks_like_ptv(path: Path) -> bool:
    """A PTV record or list response (its first keys are PTV's), or a folder of them."""
    if path.is_dir():
        return folder_kind(path) == "ptv"
    return path.suffix.lower() == ".json" and bool(json_keys(path) & PTV_KEYS)


FORMATS = (
    Format(
        "ptv",
        (".ptv.json",),
        "Suomi.fi PTV open API JSON: a record, a list response or a folder of them",
        _read,
        None,
        is_dir=True,
        looks_like=looks_like_ptv,
    ),
)
