"""What a folder of someone's files holds, by the names (and first line) of its files:
shared by the readers that read folders, so that none of them imports another."""

from __future__ import annotations

from pathlib import Path

from ingest.workbook.columns import SHEETS


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
    for sub in [path, *(p for p in path.iterdir() if p.is_dir())]:
        if any(p.suffix.lower() == ".json" for p in sub.iterdir() if p.is_file()):
            return "ptv"
    return "workbook"


def _hsds_header(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            first = fh.readline(64 * 1024).lower()
    except OSError:
        return False
    return b"organization_id" in first and b"provider" not in first
