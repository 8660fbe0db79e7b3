"""One tree of errors; the CLI, API and pages convert them at their edge."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RowError:
    """One problem in input data, located as precisely as the input allows."""

    message: str
    file: str | None = None
    location: str | None = None  # list or sheet name, e.g. "services"
    row: int | None = None  # 1-based row or record number within `location`
    id: str | None = None
    field: str | None = None
    #: for a reference that resolves nowhere, the (label, id) it names, so that a
    #: reader can word the problem in its own format's terms (not part of the message)
    refers: tuple[str, str] | None = dataclasses.field(default=None, compare=False, repr=False)

    def where(self) -> str:
        """Return where the problem is: "x.json, services row 3 (id s-1), field provider"."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        place = ""
        if self.location:
            place = self.location
        if self.row is not None:
            place = f"{place} row {self.row}".strip()
        if self.id:
            place = f"{place} (id {self.id})".strip()
        if place:
            parts.append(place)
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        data = {
            "file": self.file,
            "location": self.location,
            "row": self.row,
            "id": self.id,
            "field": self.field,
            "message": self.message,
        }
        return {k: v for k, v in data.items() if v is not None}


class GraphsvcError(Exception):
    """Base class for graphsvc errors."""

    status = 500
    code = "internal-error"

    def __init__(self, message: str, *, details: list[Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def details_as_dicts(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for d in self.details:
            if isinstance(d, RowError):
                out.append(d.to_dict())
            elif isinstance(d, dict):
                out.append(d)
            else:
                out.append({"message": str(d)})
        return out


class NodeNotFound(GraphsvcError):
    """Raised when no node with that label and id exists."""

    status, code = 404, "node-not-found"


class RelationshipNotFound(GraphsvcError):
    """Raised when no such relationship exists."""

    status, code = 404, "relationship-not-found"


class TokenNotFound(GraphsvcError):
    """Raised when no API token with that id exists."""

    status, code = 404, "token-not-found"


class Conflict(GraphsvcError):
    """Raised when creating something that already exists."""

    status, code = 409, "conflict"


class VersionChanged(GraphsvcError):
    """Raised when a write carries a version (If-Match) that is no longer the stored one."""

    status, code = 412, "version-changed"


class ChangeNotFound(GraphsvcError):
    """Raised when the change log has no change (or change set) with that id."""

    status, code = 404, "change-not-found"


class RevertBlocked(GraphsvcError):
    """Raised when a change cannot be reverted: a later change depends on it."""

    status, code = 409, "revert-blocked"


class ChangedMeanwhile(GraphsvcError):
    """Raised when an import's plan was made from records that changed before it wrote."""

    status, code = 409, "changed-meanwhile"


class InvalidData(GraphsvcError):
    """Raised when input data is invalid; `details` holds RowErrors."""

    status, code = 422, "invalid-data"

    @classmethod
    def refused(cls, what: str | None, problems: list[RowError], *, note: str = "") -> InvalidData:
        """The error of an import that found `problems` (at least one): nothing of it
        is written. `what` names the file; `note` follows the count."""
        return cls(
            f"{what or 'The dataset'} has {len(problems)} problem(s){note}; nothing "
            f"was imported. First: {problems[0]}",
            details=problems,
        )


class MissingReference(InvalidData):
    """Raised when what is to be written points at a node that does not exist: 409, the
    request conflicts with the graph as it is now (PostgREST answers a foreign-key
    violation the same way); it succeeds once the node is there."""

    status, code = 409, "missing-reference"


class UnknownId(InvalidData):
    """Raised when a parameter names an id that is not in the graph. Made with `of`, it
    knows the parameter (`field`) and what is missing (`reason`), so that each edge says
    it in its own terms: the API as `query.group`, the CLI as `--group`. 404: what the
    request asks about is not there."""

    status, code = 404, "unknown-id"
    field: str | None = None
    reason: str = ""

    @classmethod
    def of(cls, field: str, what: str, ids: Iterable[str]) -> UnknownId:
        """`ids` (not empty) of a `what` ("target group") named by parameter `field`."""
        missing = list(ids)
        reason = f"no {what} with id {', '.join(map(repr, missing))}"
        exc = cls(
            f"{field}: {reason}.",
            details=[
                {
                    "field": field,
                    "type": "unknown_id",
                    "message": reason,
                    "input": missing[0] if len(missing) == 1 else missing,
                }
            ],
        )
        exc.field, exc.reason = field, reason
        return exc

    def at(self, prefix: str) -> UnknownId:
        """The same error, its field as the caller's request names it ("query" → the
        detail's field `query.group`); unchanged when it knows no field."""
        if self.field is None:
            return self
        details = [
            {**d, "field": f"{prefix}.{self.field}"} if isinstance(d, dict) else d
            for d in self.details
        ]
        exc = type(self)(self.message, details=details)
        exc.field, exc.reason = self.field, self.reason
        return exc


class UnsupportedFormat(InvalidData):
    """Raised when a file's format cannot be read or written: 415 (Unsupported Media
    Type) for an upload."""

    status, code = 415, "unsupported-format"


class StoreUnavailable(GraphsvcError):
    """Raised when the store cannot be reached."""

    status, code = 503, "store-unavailable"


class StoreUrlError(GraphsvcError):
    """Raised when a store URL cannot be understood."""

    status, code = 400, "bad-store-url"


class Unauthorized(GraphsvcError):
    """Raised when a request carries no valid token."""

    status, code = 401, "unauthorized"


class Forbidden(GraphsvcError):
    """Raised when a token's role does not allow the request."""

    status, code = 403, "forbidden"


class PayloadTooLarge(GraphsvcError):
    """Raised when an upload is larger than allowed."""

    status, code = 413, "payload-too-large"
