"""The edit forms: which fields each label's form has, and a posted form read into a
node's data with every problem named by its field in the page's language (nothing
is written when there is any). References are picked by name: what is typed is found
ignoring case and diacritics (`fold`), and a name that several share asks to choose."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from graphsvc.model import (
    NODE_TYPES,
    AreaKind,
    Channel,
    GroupKind,
    Label,
    Node,
    PartnershipKind,
    Sector,
    pick,
)
from graphsvc.model.types import fold
from graphsvc.serving.editing import missing_references
from graphsvc.store import Filters, GraphStore
from graphsvc.web.i18n import translator
from graphsvc.web.invalid import EXPECTED
from graphsvc.words import LANGS, Words


@dataclass(frozen=True)
class Spec:
    """One field of a form: its name, how it is entered, and (for choices and
    references) the enum or label it takes."""

    name: str
    kind: str  # id text textarea name enum date number list pick picks checks
    of: Any = None
    required: bool = False


FIELDS: dict[Label, list[Spec]] = {
    Label.PROVIDER: [
        Spec("id", "id", required=True),
        Spec("name", "name", required=True),
        Spec("sector", "enum", Sector, required=True),
        Spec("description", "name"),
        Spec("parent", "pick", Label.PROVIDER),
        Spec("url", "text"),
        Spec("email", "text"),
        Spec("phone", "text"),
        Spec("languages", "list"),
        Spec("tags", "list"),
        Spec("valid_from", "date"),
        Spec("valid_to", "date"),
    ],
    Label.SERVICE: [
        Spec("id", "id", required=True),
        Spec("name", "name", required=True),
        Spec("provider", "pick", Label.PROVIDER, required=True),
        Spec("description", "name"),
        Spec("channel", "enum", Channel),
        Spec("url", "text"),
        Spec("min_age", "number"),
        Spec("max_age", "number"),
        Spec("needs", "checks", Label.NEED),
        Spec("groups", "checks", Label.TARGET_GROUP),
        Spec("areas", "checks", Label.AREA),
        Spec("valid_from", "date"),
        Spec("valid_to", "date"),
    ],
    Label.NEED: [
        Spec("id", "id", required=True),
        Spec("name", "name", required=True),
        Spec("category", "text"),
        Spec("description", "name"),
    ],
    Label.TARGET_GROUP: [
        Spec("id", "id", required=True),
        Spec("name", "name", required=True),
        Spec("kind", "enum", GroupKind, required=True),
        Spec("min_age", "number"),
        Spec("max_age", "number"),
        Spec("description", "name"),
    ],
    Label.AREA: [
        Spec("id", "id", required=True),
        Spec("name", "name", required=True),
        Spec("kind", "enum", AreaKind, required=True),
        Spec("code", "text"),
        Spec("parent", "pick", Label.AREA),
    ],
    Label.NETWORK: [
        Spec("id", "id", required=True),
        Spec("name", "name", required=True),
        Spec("description", "name"),
        Spec("members", "picks", Label.PROVIDER),
    ],
}

PARTNERSHIP: list[Spec] = [
    Spec("source", "pick", Label.PROVIDER, required=True),
    Spec("target", "pick", Label.PROVIDER, required=True),
    Spec("kind", "enum", PartnershipKind, required=True),
    Spec("since", "date"),
    Spec("until", "date"),
    Spec("note", "textarea"),
]

#: the most nodes a form lists as checkboxes (more: typed, one name a line)
MAX_CHECKS = 300


@dataclass
class Parsed:
    """A form read: the data for the model, the problems by field, what was typed,
    and for a name several share, the ones to choose from."""

    data: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    typed: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def problem(self, name: str, message: str) -> None:
        self.problems.append((name, message))

    @property
    def fields_wrong(self) -> set[str]:
        return {name for name, _ in self.problems}


def option_word(spec: Spec, value: str, lang: str) -> str:
    """The words of one choice of an enum field."""
    w = Words(lang)
    if spec.of is Sector:
        return w.sector(value, capital=True)
    if spec.of is PartnershipKind:
        return w.partnership(value, capital=True)
    if spec.of is GroupKind:
        return w(f"group_kind.{value}")
    return w(f"option.{value}")


def node_name(node: Node, lang: str) -> str:
    return pick(node.name, lang)


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def read(
    store: GraphStore,
    specs: list[Spec],
    form: FormData,
    lang: str,
    stored: dict[str, Any] | None = None,
) -> Parsed:
    """The posted fields as the model's data (`stored`: the record as it was, whose
    languages a form does not show are kept)."""
    t = translator(lang)
    out = Parsed()
    for spec in specs:
        _read_field(store, spec, form, lang, stored or {}, out, t)
    return out


def _read_field(
    store: GraphStore,
    spec: Spec,
    form: FormData,
    lang: str,
    stored: dict[str, Any],
    out: Parsed,
    t: Any,
) -> None:
    name, kind = spec.name, spec.kind
    label = t(f"field.{name}")
    if kind == "name":
        texts = {lg: _text(form, f"{name}.{lg}") for lg in LANGS}
        for lg, text in texts.items():
            out.typed[f"{name}.{lg}"] = text
        value = _name_value(texts, stored.get(name))
        if value is not None:
            out.data[name] = value
    elif kind in ("pick", "picks"):
        _read_pick(store, spec, form, lang, out, t)
    elif kind == "checks":
        out.data[name] = [str(v) for v in form.getlist(name) if isinstance(v, str) and v]
        out.typed[name] = out.data[name]
    elif kind == "list":
        text = _text(form, name)
        out.typed[name] = text
        out.data[name] = [p.strip() for p in text.split(",") if p.strip()]
    elif kind == "number":
        text = _text(form, name).replace(",", ".")
        out.typed[name] = _text(form, name)
        if text:
            try:
                number = float(text)
                out.data[name] = int(number) if number.is_integer() else number
            except ValueError:
                out.problem(
                    name,
                    t("edit.bad_value", field=label, value=text[:60], expected=t("expect.number")),
                )
    else:
        text = _text(form, name)
        out.typed[name] = text
        if text:
            out.data[name] = text
    if spec.required and name not in out.data and name not in out.fields_wrong:
        out.problem(name, t("edit.required", field=label))


def _name_value(texts: dict[str, str], stored: Any) -> Any:
    """A name as the model keeps it: one text, or a text per language."""
    given = {lg: text for lg, text in texts.items() if text}
    kept = (
        {lg: v for lg, v in stored.items() if lg not in texts} if isinstance(stored, dict) else {}
    )
    given = {**kept, **given}
    if not given:
        return None
    values = set(given.values())
    if len(values) == 1 and not kept and "fi" in given:
        return given["fi"]
    return given


def _read_pick(
    store: GraphStore, spec: Spec, form: FormData, lang: str, out: Parsed, t: Any
) -> None:
    name, target = spec.name, spec.of
    if spec.kind == "pick":
        typed = [_text(form, name)]
    else:
        typed = [line.strip() for line in _text(form, name).splitlines() if line.strip()]
    out.typed[name] = "\n".join(typed)
    chosen = [str(v) for v in form.getlist(f"{name}__id") if isinstance(v, str) and v]
    ids: list[str] = []
    for n, text in enumerate(t for t in typed if t):
        known = chosen[n] if n < len(chosen) else None
        found = find_by_name(store, target, text, known, lang)
        if len(found) == 1:
            ids.append(found[0][0])
            continue
        what = t(f"label.{target.value}")
        if not found:
            out.problem(name, t("edit.no_match", field=t(f"field.{name}"), what=what, text=text))
        else:
            out.problem(name, t("edit.ambiguous", field=t(f"field.{name}"), text=text))
            out.choices[name] = found
    out.typed[f"{name}__id"] = ids
    if spec.kind == "pick":
        if ids:
            out.data[name] = ids[0]
    else:
        out.data[name] = ids


def find_by_name(
    store: GraphStore, label: Label, text: str, known: str | None, lang: str
) -> list[tuple[str, str]]:
    """(id, name) of the nodes `text` names: the one chosen before (`known`) if its
    name still holds the text, else one whose name is the text (ignoring case and
    diacritics), else every one whose name or id holds it (at most 20)."""
    folded = fold(text)
    if known:
        node = store.get_many(label, [known]).get(known)
        if node is not None and (folded in fold(node_name(node, lang)) or folded == fold(known)):
            return [(node.id, node_name(node, lang))]
    page = store.find(label, Filters(q=text), limit=20)
    hits = [(n.id, node_name(n, lang)) for n in page.items]
    exact = [h for h in hits if fold(h[1]) == folded or h[0] == text]
    return exact if len(exact) == 1 else hits


def validate(store: GraphStore, label: Label, parsed: Parsed, lang: str) -> Node | None:
    """The node, when the model and the references take it; else the problems are in
    `parsed` (by field, in the page's language) and None."""
    t = translator(lang)
    if parsed.problems:
        return None
    try:
        node = NODE_TYPES[label].model_validate(parsed.data)
    except ValidationError as exc:
        for error in exc.errors():
            name, message = describe(error, t)
            parsed.problem(name, message)
        return None
    for m in missing_references(store, node):
        parsed.problem(
            m.field,
            t(
                "edit.missing_ref",
                field=t(f"field.{m.field}"),
                what=t(f"label.{m.label.value}"),
                id=m.id,
            ),
        )
    return None if parsed.problems else node


#: the rules between fields, said in words (pydantic has them in English)
RULES = (
    ("valid_from", "edit.rule_dates"),
    ("min_age", "edit.rule_ages"),
    ("since", "edit.rule_since"),
    ("itself", "edit.rule_self"),
    ("age group", "edit.rule_age_group"),
)


def describe(error: Any, t: Any) -> tuple[str, str]:
    """(field, one sentence in the page's language) for one pydantic error."""
    loc = [str(p) for p in error.get("loc", ()) if isinstance(p, str)]
    name = loc[0] if loc else ""
    if not loc or error.get("type") == "value_error":
        msg = str(error.get("msg", ""))
        for needle, key in RULES:
            if needle in msg:
                return (needle if needle in ("valid_from", "min_age", "since") else ""), t(key)
        return name, msg
    label = t(f"field.{name}") if name else ""
    if error.get("type") == "missing":
        return name, t("edit.required", field=label)
    key, ctx_key = EXPECTED.get(str(error.get("type")), ("expect.valid", None))
    ctx = error.get("ctx") or {}
    expected = t(key, n=str(ctx.get(ctx_key, ""))[:60]) if ctx_key else t(key)
    value = str(error.get("input", ""))[:60]
    return name, t("edit.bad_value", field=label, value=value, expected=expected)


def form_values(node: Node | None, lang: str, store: GraphStore) -> dict[str, Any]:
    """A stored node as its form shows it (typed text for every field)."""
    if node is None:
        return {}
    data = node.model_dump(mode="json", exclude_none=True)
    out: dict[str, Any] = {}
    for spec in FIELDS[node.label]:
        _show(spec, data.get(spec.name), out, lang, store)
    return out


def _show(spec: Spec, value: Any, out: dict[str, Any], lang: str, store: GraphStore) -> None:
    name = spec.name
    if spec.kind == "name":
        for lg in LANGS:
            if isinstance(value, dict):
                out[f"{name}.{lg}"] = value.get(lg, "")
            else:
                out[f"{name}.{lg}"] = (value or "") if lg == "fi" else ""
    elif spec.kind in ("pick", "picks"):
        ids = value if isinstance(value, list) else [value] if value else []
        nodes = store.get_many(spec.of, ids)
        out[name] = "\n".join(node_name(nodes[i], lang) if i in nodes else i for i in ids)
        out[f"{name}__id"] = ids
    elif spec.kind == "list":
        out[name] = ", ".join(value or [])
    elif spec.kind == "checks":
        out[name] = list(value or [])
    else:
        out[name] = "" if value is None else str(value)
