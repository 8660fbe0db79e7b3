"""What a folder of someone's files holds, by the names (and first line) of its files:
shared by the readers that read folders, so that none of them imports another."""

from __future__ import annotations

from pathlib import Path

from ingest.base import json_keys
from ingest.workbook.columns import SHEETS

#: the keys a PTV record or list response starts with
PTV_KEYS = frozenset(
    {"organizationNames", "serviceNames", "itemList", "organizationType", "serviceClasses"}
)
#: the files that make a folder an HSDS package
_HSDS_FILES = frozenset({"datapackage.json", "organizations.csv", "organization.csv"})


def folder_kind(path: Path) -> str:
    """What a folder holds: "hsds", "ptv" or "workbook" (CSV files named after lists)."""
    files = {p.name.lower(): p for p in path.iterdir()}
    if "datapackage.json" in files:
        return "hsds"
    if "providers.csv" in files:  # (HSDS has none; a stray organizations.csv is skipped)
        return "workbook"
    if files.keys() & {"organizations.csv", "organization.csv"}:
        return "hsds"
    if "services.csv" in files and _hsds_header(files["services.csv"]):
        return "hsds"  # (HSDS services name their organization_id; a workbook its provider)
    if any(f"{s}.csv" in files for s in SHEETS):
        return "workbook"
    subfolders = [p for p in path.iterdir() if p.is_dir()]
    for sub in [path, *subfolders]:
        # (a JSON file that is PTV's: a data package's datapackage.json is not)
        if any(
            p.suffix.lower() == ".json" and json_keys(p) & PTV_KEYS
            for p in sub.iterdir()
            if p.is_file()
        ):
            return "ptv"
    if hsds_packages(path):
        return "hsds"  # (its reader says which of them to import)
    return "workbook"


def hsds_packages(path: Path) -> list[str]:
    """The subfolders of `path` that hold an HSDS package, by name."""
    return sorted(
        p.name
        for p in path.iterdir()
        if p.is_dir() and {q.name.lower() for q in p.iterdir() if q.is_file()} & _HSDS_FILES
    )


def _hsds_header(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            first = fh.readline(64 * 1024).lower()
    except OSError:
        return False
    return b"organization_id" in first and b"provider" not in first
