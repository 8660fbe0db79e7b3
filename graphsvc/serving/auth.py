"""API tokens: roles, a small SQLite file of token hashes, constant-time checks.

A token reads `gsv_<id>_<secret>`. Only sha256(secret) is stored; the id finds the row
and `hmac.compare_digest` compares the hashes, so a check takes the same time however
much of a guess is right. Tokens carry 256 random bits: a fast hash is enough.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

from graphsvc.errors import (
    Forbidden,
    InvalidData,
    StoreUnavailable,
    TokenNotFound,
    Unauthorized,
)

PREFIX = "gsv_"


class Role(IntEnum):
    """Roles in increasing power: each can do what the ones below it can."""

    VIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise InvalidData(
                f"Unknown role {value!r}: use viewer, editor or admin.",
                details=[{"field": "role", "message": "unknown role"}],
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Principal:
    """Who is asking: a token's id, name and role, or nobody."""

    role: Role | None = None
    token_id: str | None = None
    name: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.role is not None

    def require(self, role: Role) -> None:
        """Raise Unauthorized without a token, Forbidden when the role is too low."""
        if self.role is None:
            raise Unauthorized(
                f"This needs a token with the {role.label} role: send "
                "'Authorization: Bearer <token>' (create one with `graphsvc token create`)."
            )
        if self.role < role:
            raise Forbidden(
                f"The token {self.name or self.token_id!r} has the {self.role.label} role; "
                f"this needs {role.label}."
            )


ANONYMOUS = Principal()

SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL,
    created TEXT NOT NULL
);
"""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _split(token: str) -> tuple[str, str] | None:
    if not token.startswith(PREFIX):
        return None
    rest = token[len(PREFIX) :]
    token_id, sep, secret = rest.partition("_")
    if not sep or not token_id or not secret or len(token) > 200:
        return None
    return token_id, secret


class TokenStore:
    """Tokens in one SQLite file; safe to share between threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                conn = sqlite3.connect(
                    self.path, check_same_thread=False, isolation_level=None, timeout=10
                )
                conn.executescript(SCHEMA)
            except sqlite3.Error as exc:
                raise StoreUnavailable(
                    f"Cannot open the tokens file {self.path}: {exc}. Set GRAPHSVC_TOKENS_DB "
                    "to a writable path."
                ) from None
            self._conn = conn
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def create(self, role: Role | str, name: str | None = None) -> tuple[str, dict[str, Any]]:
        """Create a token; return (the token itself, shown only now; its public record)."""
        role = role if isinstance(role, Role) else Role.parse(role)
        token_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        record = {
            "id": token_id,
            "name": (name or "").strip() or f"{role.label}-{token_id}",
            "role": role.label,
            "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        }
        with self._lock:
            self._db().execute(
                "INSERT INTO tokens (id, name, role, hash, created) VALUES (?, ?, ?, ?, ?)",
                (token_id, record["name"], role.label, _hash(secret), record["created"]),
            )
        return f"{PREFIX}{token_id}_{secret}", record

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = (
                self._db()
                .execute("SELECT id, name, role, created FROM tokens ORDER BY created, id")
                .fetchall()
            )
        return [{"id": r[0], "name": r[1], "role": r[2], "created": r[3]} for r in rows]

    def revoke(self, token_id: str) -> None:
        with self._lock:
            cur = self._db().execute("DELETE FROM tokens WHERE id=?", (token_id,))
        if not cur.rowcount:
            raise TokenNotFound(
                f"No token with id {token_id!r}: it was revoked already or never existed. "
                "`graphsvc token list` (or GET /api/v1/tokens) shows the tokens there are.",
                details=[{"field": "token_id", "message": "no such token"}],
            )

    def check(self, token: str) -> Principal:
        """The principal of a token; Unauthorized when it is not a valid token."""
        parts = _split(token.strip())
        row = None
        if parts is not None:
            with self._lock:
                row = (
                    self._db()
                    .execute("SELECT id, name, role, hash FROM tokens WHERE id=?", (parts[0],))
                    .fetchone()
                )
        # Compare even when there is no row, so that timing does not tell ids apart.
        stored = row[3] if row else _hash("no such token")
        given = _hash(parts[1]) if parts else _hash("")
        if not hmac.compare_digest(stored.encode(), given.encode()) or row is None:
            raise Unauthorized(
                "The token is not valid (revoked, mistyped or from another "
                "server). Create one with `graphsvc token create`."
            )
        return Principal(role=Role.parse(row[2]), token_id=row[0], name=row[1])


def csrf_token(token: str) -> str:
    """The form token of a signed-in page: derived from the secret token in the cookie,
    which a page of another site can neither read nor compute."""
    return hashlib.sha256(b"graphsvc-csrf:" + token.encode("utf-8")).hexdigest()[:32]


def csrf_ok(token: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(
        csrf_token(token).encode(), given.encode("utf-8")
    )
