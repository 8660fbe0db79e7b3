"""Paths to the reference data and small helpers shared by the importer tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphsvc.model import Dataset
from tests.conftest import REFERENCE_DATA

HSDS3 = REFERENCE_DATA / "hsds-3.0-examples"
HSDS3_CSV = HSDS3 / "csv"
HSDS3_JSON = HSDS3 / "json"
HSDS1 = REFERENCE_DATA / "hsds-1.x-sample-datapackage"
PTV = REFERENCE_DATA / "ptv-api-samples-kunta-api"
CODELISTS = REFERENCE_DATA / "ptv-codelists"
#: the Ohana API's sample export (HSDS 1.0), kept beside the tests: see its README
OHANA = Path(__file__).parent / "ohana-sample"

NAANTALI = "3d1759a2-e47a-4947-9a31-cab1c1e2512b"
VAASA = "7fdd7f84-e52a-4c17-a59a-d7c2a3095ed5"
VRK = "b458d033-042d-4cbe-b030-34e81da28821"
NULL_ORG_SERVICE = "5fe23177-860c-4257-ac03-b4cdeab87d19"


def without_source(doc: dict[str, Any]) -> dict[str, Any]:
    """A dataset document with every node's `source` removed (importers set it)."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, list) and key not in ("partnerships", "group_needs"):
            out[key] = [{k: v for k, v in item.items() if k != "source"} for item in value]
        else:
            out[key] = value
    return out


def by_id(items: list[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def node_count(ds: Dataset) -> int:
    return sum(1 for _ in ds.iter_nodes())
