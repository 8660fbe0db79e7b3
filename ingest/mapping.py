"""Mapping files: the shipped defaults in ingest/data/, laid under a user's own YAML file.

A mapping file is YAML with sections (dicts keyed by code, lists, or plain values) and
optional `groups:` and `needs:` sections that define target groups and needs the way the
dataset format does (`{name: {fi: …, en: …}, kind: age, min_age: 0, max_age: 6}`). The
user's file is merged over the defaults section by section, key by key; with
`replace_defaults: true` it replaces them. Groups and needs the mapping names but does not
define must already be in the store.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graphsvc.errors import InvalidData
from graphsvc.model import Need, TargetGroup, fold
from ingest.base import _message

DEFINITIONS = "definitions.yaml"


def data_text(name: str) -> str:
    """The text of a file shipped in ingest/data/."""
    return resources.files("ingest").joinpath("data", name).read_text(encoding="utf-8")


@cache
def data_json(name: str) -> Any:
    return json.loads(data_text(name))


@cache
def _data_yaml(name: str) -> Any:
    return yaml.safe_load(data_text(name))


def slug(text: str) -> str:
    """An id made from a name: "Keski-Suomi" -> "keski-suomi", "Jyväskylä" -> "jyvaskyla"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@dataclass
class Mapping:
    """A merged mapping: its sections, and the groups and needs it defines."""

    file: str
    sections: dict[str, Any]
    groups: dict[str, TargetGroup] = field(default_factory=dict)
    needs: dict[str, Need] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.sections.get(name) or {}
        if not isinstance(value, dict):
            raise InvalidData(f"{self.file}: `{name}` must be a mapping of codes.")
        return value

    def ids(self, entry: Any, key: str, where: str) -> list[str]:
        """The `groups` or `needs` ids of one mapping entry ({groups: […], needs: […]})."""
        if entry is None:
            return []
        value = entry.get(key, []) if isinstance(entry, dict) else entry
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidData(f"{self.file}: {where} must list {key} ids, e.g. "
                              f"{{{key}: [an-id]}}; found {value!r}.")
        return value


def load_mapping(default_name: str, user: str | Path | None, env_var: str) -> Mapping:
    """The shipped mapping `default_name`, with the user's file (argument or env) over it."""
    sections: dict[str, Any] = dict(_data_yaml(default_name))
    definitions: dict[str, Any] = {k: dict(v) for k, v in _data_yaml(DEFINITIONS).items()}
    def_source = {kind: dict.fromkeys(items, DEFINITIONS) for kind, items in definitions.items()}
    name = default_name
    path = user or os.environ.get(env_var) or None
    if path:
        path = Path(path)
        name = path.name
        doc = _read_user(path)
        if doc.get("replace_defaults"):
            sections = {}
            definitions = {"groups": {}, "needs": {}}
            def_source = {"groups": {}, "needs": {}}
        for key, value in doc.items():
            if key == "replace_defaults":
                continue
            if key in ("groups", "needs"):
                if not isinstance(value, dict):
                    raise InvalidData(f"{name}: `{key}` must map ids to definitions.")
                definitions[key].update(value)
                def_source[key].update(dict.fromkeys(value, name))
            elif isinstance(value, dict) and isinstance(sections.get(key), dict):
                sections[key] = {**sections[key], **value}
            else:
                sections[key] = value
    mapping = Mapping(name, sections)
    targets: tuple[tuple[str, type[TargetGroup | Need], dict[str, Any]], ...] = (
        ("groups", TargetGroup, mapping.groups), ("needs", Need, mapping.needs))
    for kind, cls, target in targets:
        for node_id, spec in definitions[kind].items():
            where = def_source[kind][node_id]
            if not isinstance(spec, dict):
                raise InvalidData(f"{where}: {kind}.{node_id} must be a definition such as "
                                  "{name: {fi: …, en: …}}.")
            try:
                target[str(node_id)] = cls.model_validate(
                    {"id": str(node_id), "source": f"{where} {kind} {node_id}", **spec})
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(p) for p in err.get("loc", ()))
                raise InvalidData(f"{where}: {kind}.{node_id}{'.' + loc if loc else ''}: "
                                  f"{_message(err)}.") from None
    return mapping


def _read_user(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InvalidData(f"Mapping file {path} does not exist.")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidData(f"{path.name}: not a readable YAML mapping file ({exc}).") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise InvalidData(f"{path.name}: a mapping file is a YAML mapping of sections.")
    return doc
