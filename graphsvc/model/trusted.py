"""Models built from what a store gives back (validated on the way in), not validated again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from types import UnionType
from typing import (
    Annotated,
    Any,
    Union,
    get_args,
    get_origin,
)

from graphsvc.model.nodes import (
    M,
    _new_object,
    _set_dict,
    _set_extra,
    _set_fields_set,
    _set_private,
)

# --- trusted construction ----------------------------------------------------------
#
# A store gives back what was validated on the way in, as JSON values. Building a
# model from them needs only what JSON cannot hold (dates, enums, floats); pydantic's
# validation of every field costs several times more (a big snapshot is mostly that).


def _leaf_types(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _leaf_types(get_args(annotation)[0])
    if origin in (Union, UnionType):
        return [leaf for arg in get_args(annotation) for leaf in _leaf_types(arg)]
    return [annotation]


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """What turns a JSON value of a field into the value validation gives; None: as is."""
    leaves = [t for t in _leaf_types(annotation) if t is not type(None)]
    if len(leaves) == 1 and isinstance(leaves[0], type):
        t = leaves[0]
        if issubclass(t, Enum):
            return t
        if t is date:
            return date.fromisoformat
        if t is float:
            return float
        if t in (str, int, bool):
            return None
    for t in leaves:
        if get_origin(t) in (list, dict) or t is str:
            continue
        return _UNSAFE  # a type this shortcut does not know: validate instead
    return None


def _unsafe(value: Any) -> Any:
    raise TypeError


_UNSAFE: Callable[[Any], Any] = _unsafe
_TRUSTED: dict[type, Callable[[dict[str, Any]], Any]] = {}


def trusted(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A builder of `cls` from trusted JSON values: equal to `cls.model_validate(data)`
    (fields, defaults and fields set), without validating; it falls back to
    model_validate for anything unexpected."""
    builder = _TRUSTED.get(cls)
    if builder is not None:
        return builder
    spec = []
    for name, info in cls.model_fields.items():
        factory = info.default_factory
        required = info.is_required()
        spec.append((name, _converter(info.annotation), info.default, factory, required))
    if any(conv is _UNSAFE for _, conv, _, _, _ in spec) or cls.__pydantic_post_init__:
        return cls.model_validate
    known = frozenset(cls.model_fields)
    validate = cls.model_validate

    def build(data: dict[str, Any]) -> M:
        if not known.issuperset(data):
            return validate(data)
        values: dict[str, Any] = {}
        try:
            for name, conv, default, factory, required in spec:
                if name in data:
                    value = data[name]
                    if conv is not None and value is not None:
                        value = conv(value)
                elif required:
                    return validate(data)
                elif factory is not None:
                    value = factory()  # type: ignore[call-arg]
                else:
                    value = default
                values[name] = value
        except (TypeError, ValueError):
            return validate(data)
        obj = _new_object(cls)
        _set_dict(obj, values)
        _set_fields_set(obj, set(data))
        _set_extra(obj, None)
        _set_private(obj, None)
        return obj

    _TRUSTED[cls] = build
    return build


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
