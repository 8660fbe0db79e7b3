"""How a pydantic validation error is said to a data keeper (readers share it)."""

from __future__ import annotations

from typing import Any


def error_text(err: Any) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in a keeper's words."""
    kind = err.get("type", "")
    msg = str(err.get("msg", "invalid value"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind in ("enum", "literal_error"):
        return f"{msg} (got {err.get('input')!r})"
    return msg
