"""The dataset format v1 in JSON and YAML (DESIGN.md § "Dataset format v1")."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graphsvc.errors import InvalidData
from graphsvc.model import DATASET_FORMAT, DATASET_VERSION, Dataset
from ingest.base import (
    Format,
    ReadResult,
    WriteResult,
    dataset_from_document,
    head_text,
    json_keys,
)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidData(
            f"{name}: not UTF-8 text (byte {exc.start}); is it the right file?"
        ) from None


def parse_document(text: str | bytes, *, name: str, yaml_syntax: bool) -> Any:
    """Parse JSON or YAML text; InvalidData with the line and column of a syntax error."""
    if isinstance(text, bytes):
        text = _decode(text, name)
    if not text or text.isspace():  # (as `not text.strip()`, without copying the text)
        raise InvalidData(f"{name}: the file is empty.")
    syntax = "YAML" if yaml_syntax else "JSON"
    try:
        if yaml_syntax:
            return yaml.safe_load(text)
        return json.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InvalidData(f"{name}: not valid YAML{where}: {problem}.") from None
    except json.JSONDecodeError as exc:
        raise InvalidData(
            f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}."
        ) from None
    except RecursionError:  # (the parsers nest as deep as the document does)
        raise InvalidData(f"{name}: not valid {syntax}: nested too deeply.") from None
    except ValueError as exc:
        if too_many_digits(exc):
            raise InvalidData(f"{name}: {TOO_MANY_DIGITS}.") from None
        raise


#: what a number longer than Python reads (sys.get_int_max_str_digits) is called
TOO_MANY_DIGITS = (
    f"holds a number with more than {sys.get_int_max_str_digits():,} digits, which no field takes"
)


def too_many_digits(exc: ValueError) -> bool:
    """Whether `exc` is Python refusing to read an integer with too many digits."""
    return "integer string conversion" in str(exc)


def check_header(doc: Any, name: str) -> None:
    if not isinstance(doc, dict):
        raise InvalidData(
            f"{name}: expected a dataset object "
            f'{{"format": "{DATASET_FORMAT}", "version": 1, …}}, '
            f"found {type(doc).__name__}."
        )
    if doc.get("format") != DATASET_FORMAT:
        hint = ""
        if "format" not in doc:
            hint = (
                " Nor is it Suomi.fi PTV or Open Referral HSDS / UK JSON by its first keys "
                "(organizationNames, serviceNames; organization_id, legal_status, "
                "service_areas, contents …); if it is, give --format ptv or --format hsds-json."
            )
        raise InvalidData(
            f'{name}: "format" must be "{DATASET_FORMAT}", found {doc.get("format")!r}.{hint}'
        )
    if doc.get("version") != DATASET_VERSION:
        raise InvalidData(
            f'{name}: "version" {doc.get("version")!r} is not supported; '
            f"this graphsvc reads version {DATASET_VERSION}."
        )


def read_text(text: str | bytes, *, name: str, yaml_syntax: bool) -> Dataset:
    # (no pause of the garbage collector here: read_file, the readers' one caller, pauses it)
    doc = parse_document(text, name=name, yaml_syntax=yaml_syntax)
    check_header(doc, name)
    if yaml_syntax:
        return dataset_from_document(doc, file=name)
    return _validate_lean(doc, lambda: parse_document(text, name=name, yaml_syntax=False), name)


def _read_json_file(path: Path) -> Dataset:
    """`read_text` of the file, without holding its bytes or text while validating."""
    name = path.name
    doc = parse_document(_decode(path.read_bytes(), name), name=name, yaml_syntax=False)
    check_header(doc, name)
    return _validate_lean(
        doc,
        lambda: parse_document(_decode(path.read_bytes(), name), name=name, yaml_syntax=False),
        name,
    )


#: Dataset lists that a big file has, validated a slice at a time.
_LISTS = (
    "target_groups",
    "needs",
    "group_needs",
    "areas",
    "providers",
    "services",
    "partnerships",
    "networks",
)
_SLICE = 5_000


def _validate_lean(doc: dict[str, Any], parse_again: Callable[[], Any], name: str) -> Dataset:
    """`dataset_from_document(doc)`, holding less memory: each slice of a list is
    validated on its own and its raw rows are let go at once.

    Any problem at all sends the whole document, parsed again, through
    `dataset_from_document`, so that the errors are exactly the same.
    """
    lists = {key: doc.pop(key) for key in _LISTS if isinstance(doc.get(key), list)}
    try:
        header = Dataset.model_validate(doc)
        data: dict[str, Any] = {key: getattr(header, key) for key in doc}
        for key, items in lists.items():
            built: list[Any] = []
            for start in range(0, len(items), _SLICE):
                end = min(start + _SLICE, len(items))
                built += getattr(Dataset.model_validate({key: items[start:end]}), key)
                items[start:end] = [None] * (end - start)  # the raw rows can go now
            data[key] = built
    except ValidationError:
        del lists, doc
        return dataset_from_document(parse_again(), file=name)
    del lists, doc
    # The rows are already models of the right classes: pydantic takes them as they are.
    return Dataset.model_validate(data)


def _reader(yaml_syntax: bool) -> Any:
    def read(path: Path) -> ReadResult:
        if yaml_syntax:
            return ReadResult(read_text(path.read_bytes(), name=path.name, yaml_syntax=True))
        return ReadResult(_read_json_file(path))

    return read


def dumps(ds: Dataset, *, yaml_syntax: bool = False) -> str:
    """The dataset as text with a stable order: export → import → export is byte-identical."""
    doc = ds.to_document()
    if yaml_syntax:
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _writer(yaml_syntax: bool) -> Any:
    def write(ds: Dataset, path: Path) -> WriteResult:
        path.write_text(dumps(ds, yaml_syntax=yaml_syntax), encoding="utf-8")
        return WriteResult(paths=[path])

    return write


def looks_like_dataset(path: Path) -> bool:
    """A graphsvc dataset file says so at its start: "format": "graphsvc-dataset"."""
    return (
        path.is_file() and f'"{DATASET_FORMAT}"' in head_text(path) and "format" in json_keys(path)
    )


FORMATS = (
    Format(
        "json",
        (".json",),
        "graphsvc dataset v1 (JSON)",
        _reader(False),
        _writer(False),
        looks_like=looks_like_dataset,
    ),
    Format("yaml", (".yaml", ".yml"), "graphsvc dataset v1 (YAML)", _reader(True), _writer(True)),
)
