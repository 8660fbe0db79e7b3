"""Versions over HTTP: the ETag a GET gives, the If-Match a change carries.

A change with If-Match is made only if the record is still at that version, checked
inside the write's transaction (`GraphWriter.claim` locks the record to the commit):
of two changes that carry the same version, one wins and the other gets 412. A change
without If-Match is made on what is stored when its transaction runs (a PATCH merges
its fields into the record as it is then): scripts go on working, and no field they
did not send is overwritten with a stale value.
"""

from __future__ import annotations

from graphsvc.errors import VersionChanged
from graphsvc.store import GraphStore, GraphWriter
from graphsvc.store.history import Version

#: the OpenAPI description of the If-Match header
IF_MATCH_HELP = (
    "The ETag of the record as you read it (GET): the change is made only if nobody "
    "changed the record since, else 412. Without it (or `*`) the change is made on the "
    "record as it is stored then."
)


def expected_version(if_match: str | None) -> int | None:
    """The version an If-Match header asks for; None when it asks for none (absent, *)."""
    if if_match is None or if_match.strip() in ("", "*"):
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 18:
        raise VersionChanged(
            f"If-Match {if_match[:40]!r} is not an ETag this service gave: GET the record "
            "and send its ETag header as it is."
        )
    return int(text)


def claim(writer: GraphWriter, kind: str, key: str, expected: int | None, what: str) -> Version:
    """Lock the record for this write and check it is at `expected` (412 if not)."""
    current = writer.claim(kind, key)
    if expected is not None and current.number != expected:
        by = f" by {current.by!r}" if current.by else ""
        at = f" at {current.at}" if current.at else ""
        raise VersionChanged(
            f"{what} was changed meanwhile{by}{at} (it is at version {current.number}, "
            f"you sent {expected}): GET it again, make your change on what is there now, "
            "and send the new ETag in If-Match.",
            details=[
                {
                    "field": "header.If-Match",
                    "message": "stale version",
                    "version": current.number,
                    "changed_by": current.by,
                    "changed_at": current.at,
                }
            ],
        )
    return current


def after(writer: GraphWriter, kind: str, key: str, claimed: Version) -> str:
    """The ETag of the record once the write commits."""
    bumped = (kind, key) in writer.journal.touched
    return Version(claimed.number + (1 if bumped else 0)).etag


def etag(store: GraphStore, kind: str, key: str) -> str:
    """The ETag of a stored record (version 0: never written since versions began)."""
    return store.versions(kind, [key]).get(key, Version(0)).etag
