"""Mapping files: the shipped defaults in ingest/data/, laid under a user's own YAML file.

A mapping file is YAML with sections (dicts keyed by code, lists, or plain values) and
optional `groups:` and `needs:` sections that define target groups and needs the way the
dataset format does (`{name: {fi: …, en: …}, kind: age, min_age: 0, max_age: 6}`). The
user's file is merged over the defaults section by section, key by key; with
`replace_defaults: true` its sections replace the shipped ones (the definitions in
definitions.yaml stay available: an import brings only those it uses). A section left
empty (`service_classes:` with nothing under it) changes nothing.

The merged mapping is checked once, when it is loaded: a section the shipped mapping does
not have, an entry of the wrong shape, or a need, group, sector, partnership kind or area
kind that is not defined stops the read with InvalidData naming the file and the entry,
so a slip in a mapping is never blamed on the data nor silently loses records. Every
need and group an entry names must be defined (in definitions.yaml or under `needs:` /
`groups:`); a definition of one the store already holds leaves the store's as it is.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

import yaml
from pydantic import ValidationError

from graphsvc.errors import InvalidData
from graphsvc.model import AreaKind, Need, PartnershipKind, Sector, TargetGroup, fold
from ingest.base import first_error

DEFINITIONS = "definitions.yaml"
#: Sections every mapping may have besides the shipped mapping's own.
COMMON_SECTIONS = ("groups", "needs", "replace_defaults")
ENTRY = "{needs: [...], groups: [...]}"


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
        # (load_mapping has checked every section's shape)
        return self.sections.get(name) or {}

    def ids(self, entry: Any, key: str, where: str) -> list[str]:
        """The `groups` or `needs` ids of one mapping entry ({groups: […], needs: […]})."""
        if entry is None:
            return []
        value = entry.get(key, []) if isinstance(entry, dict) else entry
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidData(
                f"{self.file}: {where} must list {key} ids, e.g. "
                f"{{{key}: [an-id]}}; found {value!r}."
            )
        return value


def load_mapping(default_name: str, user: str | Path | None, env_var: str) -> Mapping:
    """The shipped mapping `default_name`, with the user's file (argument or env) over it.

    Raises InvalidData, naming the file and the entry, for any mistake in either.
    """
    shipped: dict[str, Any] = dict(_data_yaml(default_name))
    path = user or os.environ.get(env_var) or None
    name, doc = (Path(path).name, _read_user(Path(path))) if path else (default_name, {})
    definitions: dict[str, dict[str, Any]] = {
        k: dict(v) for k, v in _data_yaml(DEFINITIONS).items()
    }
    def_source = {kind: dict.fromkeys(items, DEFINITIONS) for kind, items in definitions.items()}
    for kind in ("groups", "needs"):
        value = doc.get(kind)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise InvalidData(f"{name}: `{kind}` must map ids to definitions.")
        definitions[kind].update(value)
        def_source[kind].update(dict.fromkeys(value, name))
    mapping = Mapping(name, {})
    _define(mapping, definitions, def_source)
    sections = set(shipped) | set(COMMON_SECTIONS)
    known = {"groups": frozenset(mapping.groups), "needs": frozenset(mapping.needs)}
    shipped = _Check(default_name, default_name, sections, known).sections(shipped)
    mine = _Check(name, default_name, sections, known).sections(doc)
    if mine.pop("replace_defaults", False):
        shipped = {}
    for key, value in mine.items():
        if isinstance(value, dict) and isinstance(shipped.get(key), dict):
            shipped[key] = {**shipped[key], **value}
        else:
            shipped[key] = value
    mapping.sections = shipped
    return mapping


def _define(
    mapping: Mapping, definitions: dict[str, dict[str, Any]], def_source: dict[str, dict[str, str]]
) -> None:
    """Validate the group and need definitions into `mapping.groups` and `mapping.needs`."""
    targets: tuple[tuple[str, type[TargetGroup | Need], dict[str, Any]], ...] = (
        ("groups", TargetGroup, mapping.groups),
        ("needs", Need, mapping.needs),
    )
    for kind, cls, target in targets:
        for node_id, spec in definitions[kind].items():
            where = def_source[kind][node_id]
            if not isinstance(spec, dict):
                raise InvalidData(
                    f"{where}: {kind}.{node_id} must be a definition such as "
                    "{name: {fi: …, en: …}}."
                )
            try:
                target[str(node_id)] = cls.model_validate(
                    {"id": str(node_id), "source": f"{where} {kind} {node_id}", **spec}
                )
            except ValidationError as exc:
                message, loc = first_error(exc)
                raise InvalidData(
                    f"{where}: {kind}.{node_id}{'.' + loc if loc else ''}: {message}."
                ) from None


# -- checking the sections of one mapping file ----------------------------------------

SECTORS = tuple(s.value for s in Sector)
PARTNERSHIP_KINDS = tuple(k.value for k in PartnershipKind)
AREA_KINDS = tuple(k.value for k in AreaKind)


@dataclass(frozen=True)
class _Check:
    """Checks the sections of one mapping file against the merged definitions."""

    file: str
    shipped: str  # the shipped mapping the file is laid over
    allowed: set[str]
    known: dict[str, frozenset[str]]  # "groups" / "needs" -> defined ids

    def fail(self, where: str, message: str) -> NoReturn:
        raise InvalidData(f"{self.file}: {where}: {message}.")

    def sections(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The file's sections, checked; codes in upper case, empty sections left out."""
        out: dict[str, Any] = {}
        for key, value in doc.items():
            if key not in self.allowed:
                self.fail(
                    str(key),
                    f"not a section of a mapping laid over {self.shipped} "
                    f"(its sections: {', '.join(sorted(self.allowed))})",
                )
            if value is None or key in ("groups", "needs"):
                continue  # (definitions are checked when they are validated)
            if key == "replace_defaults":
                if not isinstance(value, bool):
                    self.fail(key, f"give true or false, not {_a(value)}")
            elif key in _SECTIONS:
                value = _SECTIONS[key](self, key, value)
            out[key] = value
        return out

    def table(self, name: str, value: Any, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(name, f"give a mapping of {what}, not {_a(value)}")
        for key in value:
            if not isinstance(key, str):
                self.fail(f"{name}.{key}", "write the key as text, in quotes")
        return value

    def one_of(self, where: str, value: Any, what: str, allowed: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in allowed:
            article = "an" if what[0] in "aeiou" else "a"
            wrong = (
                f"give {article} {what}" if value is None else f"{value!r} is not {article} {what}"
            )
            self.fail(where, f"{wrong} (one of: {', '.join(allowed)})")
        return value

    def refs(self, where: str, kind: str, value: Any) -> list[str]:
        """The ids of a need or group list (or one id), each of them defined."""
        ids = [value] if isinstance(value, str) else value
        if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
            self.fail(where, f"give a list of {kind} ids, e.g. [an-id], not {_a(value)}")
        for node_id in ids:
            if node_id not in self.known[kind]:
                self.fail(
                    where,
                    f"{kind[:-1]} {node_id!r} is not defined (define it under "
                    f"{kind}, or use one of: {', '.join(sorted(self.known[kind]))})",
                )
        return ids


def _a(value: Any, *, show: bool = True) -> str:
    """What a YAML value is, for a message: "a string ('x')", "a list", …"""
    if value is None:
        return "nothing"
    kinds = {
        bool: "true/false",
        str: "a string",
        list: "a list",
        dict: "a mapping",
        int: "a number",
        float: "a number",
    }
    return kinds.get(type(value), f"a {type(value).__name__}") + (
        f" ({value!r})" if show and isinstance(value, (str, int, float)) else ""
    )


def _entries(check: _Check, name: str, value: Any, *, codes: bool = False) -> dict[str, Any]:
    """code or term -> {needs: [...], groups: [...]}; {} or nothing marks it known."""
    out: dict[str, Any] = {}
    for key, entry in check.table(name, value, f"codes to {ENTRY}").items():
        where = f"{name}.{key}"
        if entry is not None:
            if not isinstance(entry, dict):
                check.fail(where, f"give {ENTRY}, not {_a(entry, show=False)}")
            for extra in set(entry) - {"needs", "groups"}:
                check.fail(where, f"unknown key {extra!r} (give {ENTRY})")
            for kind in ("needs", "groups"):
                if entry.get(kind) is not None:
                    check.refs(where, kind, entry[kind])
        # PTV codes are matched in upper case, whatever case the mapping writes them in
        code = key.strip().upper() if codes else key
        if code in out:
            check.fail(where, f"{code} is given twice")
        out[code] = entry
    return out


def _group_lists(check: _Check, name: str, value: Any) -> dict[str, Any]:
    """value -> [group, …] (HSDS 1.x eligibility)."""
    table = check.table(name, value, "values to lists of groups")
    for key, groups in table.items():
        if groups is not None:
            check.refs(f"{name}.{key}", "groups", groups)
    return table


def _choices(what: str, allowed: tuple[str, ...]) -> Callable[[_Check, str, Any], Any]:
    """code -> one of `allowed` (organization_types -> sector, provision_types -> kind)."""

    def check_table(check: _Check, name: str, value: Any) -> dict[str, Any]:
        table = check.table(name, value, f"codes to {what}s")
        for key, choice in table.items():
            check.one_of(f"{name}.{key}", choice, what, allowed)
        return table

    return check_table


def _choice(what: str, allowed: tuple[str, ...]) -> Callable[[_Check, str, Any], Any]:
    """One of `allowed` (default_sector, area_kind)."""
    return lambda check, name, value: check.one_of(name, value, what, allowed)


def _sector_rules(check: _Check, name: str, value: Any) -> list[Any]:
    """[[pattern, sector], …]: the first pattern found in an organisation's status wins."""
    if not isinstance(value, list):
        check.fail(name, f"give a list of [pattern, sector] rules, not {_a(value)}")
    for i, rule in enumerate(value, 1):
        where = f"{name} rule {i}"
        if not (isinstance(rule, list) and len(rule) == 2):
            check.fail(where, f"give [pattern, sector], not {rule!r}")
        pattern, sector = rule
        # an empty pattern is found in every status: it would give every organisation
        if (
            not isinstance(pattern, (str, int))
            or isinstance(pattern, bool)
            or not str(pattern).strip()
        ):
            check.fail(where, f"the pattern must be some text, not {_a(pattern)}")
        check.one_of(where, sector, "sector", SECTORS)
    return value


def _names(check: _Check, name: str, value: Any) -> list[str]:
    """[attribute, …]: the names of a file's attributes, the first found wins."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        check.fail(name, f"give a list of attribute names, e.g. [sector], not {_a(value)}")
    return value


#: How each section a shipped mapping may have is checked (sections of the shipped file
#: that are not here are taken as they are).
_SECTIONS: dict[str, Callable[[_Check, str, Any], Any]] = {
    "organization_types": _choices("sector", SECTORS),
    "provision_types": _choices("partnership kind", PARTNERSHIP_KINDS),
    "target_groups": lambda check, name, value: _entries(check, name, value, codes=True),
    "service_classes": lambda check, name, value: _entries(check, name, value, codes=True),
    "terms": _entries,
    "eligibility": _group_lists,
    "sectors": _sector_rules,
    "name_sectors": _sector_rules,
    "default_sector": _choice("sector", SECTORS),
    "area_kind": _choice("area kind", AREA_KINDS),
    "sector_values": _choices("sector", SECTORS),
    "kind_values": _choices("partnership kind", PARTNERSHIP_KINDS),
    "default_kind": _choice("partnership kind", PARTNERSHIP_KINDS),
    "name_attributes": _names,
    "sector_attributes": _names,
    "kind_attributes": _names,
}


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
