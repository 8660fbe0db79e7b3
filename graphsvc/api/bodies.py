"""The API's request bodies: the model's classes, read as their JSON schema says.

A file is read leniently (a workbook's "a|b" is a list, a YAML number an id, "7,5" an
age); a request body is not: it is JSON, and the OpenAPI document tells a client
exactly what it may send. `strict_body(Provider)` is Provider with pydantic's strict
mode on — no number for a text, no `true` for a number, no text for a list — and the
model's lenient validators skipping their lenient paths (graphsvc.model.types.strict).
Enum fields still take their values as text: a body is JSON, where an enum is text.

`patch_body(Provider)` is the body of PATCH: every field optional, none of the required
ones nullable (null clears a field, and a required field cannot be cleared).
"""

from __future__ import annotations

import functools
import types
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Strict, create_model
from pydantic.fields import FieldInfo


def _integral(value: Any) -> Any:
    """An integer as JSON Schema has it: 2.0 is one; true and "2" are not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _lax_enums(tp: Any) -> Any:
    """`tp` with every enum in it taking its values, every tuple a JSON array and
    every int a JSON Schema integer (pydantic's strict mode would take only enum
    members, tuples and ints, which JSON cannot all hold; what is inside stays
    strict)."""
    if isinstance(tp, type) and issubclass(tp, Enum):
        return Annotated[tp, Strict(False)]
    if tp is int:
        return Annotated[int, BeforeValidator(_integral)]
    origin, args = get_origin(tp), get_args(tp)
    if not args:
        return tp
    if origin is Annotated:
        if args[0] is int:  # the bounds on the int itself, then 2.0 made 2 before them
            return Annotated[(int, *tp.__metadata__, BeforeValidator(_integral))]
        return Annotated[(_lax_enums(args[0]), *tp.__metadata__)]
    lax = tuple(a if a is Ellipsis else _lax_enums(a) for a in args)
    if lax == args and origin not in (tuple, frozenset, set):
        return tp
    if origin in (Union, types.UnionType):
        return Union[lax]  # noqa: UP007
    rebuilt = origin[lax] if len(lax) > 1 else origin[lax[0]]
    return Annotated[rebuilt, Strict(False)] if origin in (tuple, frozenset, set) else rebuilt


def _field(info: FieldInfo, annotation: Any, **changes: Any) -> tuple[Any, FieldInfo]:
    copy = FieldInfo.merge_field_infos(info, **changes)
    return annotation, copy


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


@functools.cache
def strict_body(cls: type[BaseModel]) -> type[BaseModel]:
    """`cls` as a strict request body (same fields, same rules, same schema)."""
    fields = {
        name: _field(info, _lax_enums(info.rebuild_annotation()))
        for name, info in cls.model_fields.items()
    }
    model = create_model(  # type: ignore[call-overload]
        f"{cls.__name__}Body",
        __base__=cls,
        __module__=cls.__module__,
        __doc__=cls.__doc__,
        **fields,
    )
    model.model_config = ConfigDict(**{**cls.model_config, "strict": True})
    model.model_rebuild(force=True)
    return model  # type: ignore[no-any-return]


@functools.cache
def patch_body(cls: type[BaseModel], exclude: frozenset[str] = frozenset()) -> type[BaseModel]:
    """The body of PATCH for `cls`: the fields to change, each optional; a field that
    may be absent may be null (it is cleared), a required one may not."""
    fields: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if name in exclude:
            continue
        annotation = _lax_enums(info.rebuild_annotation())
        if info.is_required():
            # absent is None; null itself is refused (the default is not validated, and
            # not shown: it is not a value a client may send)
            fields[name] = _field(info, annotation, default=None, json_schema_extra=_no_default)
        else:
            fields[name] = _field(info, annotation, default=None, default_factory=None)
    model = create_model(
        f"{cls.__name__}Changes",
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True),
        __doc__=f"Fields of a {cls.__name__} to change; null clears an optional one.",
        **fields,
    )
    return model  # type: ignore[no-any-return]


#: how a body is read: strictly, no field it does not know, strings stripped
STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


def fields_body(
    cls: type[BaseModel], name: str, exclude: frozenset[str] = frozenset()
) -> type[BaseModel]:
    """A strict body of `cls`'s fields but `exclude`, with their types, bounds and
    defaults (not `cls`'s model rules: the model checks them after)."""
    fields = {
        field: _field(info, _lax_enums(info.rebuild_annotation()))
        for field, info in cls.model_fields.items()
        if field not in exclude
    }
    return create_model(name, __config__=STRICT, **fields)  # type: ignore[call-overload,no-any-return]
