"""Settings of the service, one class, read from GRAPHSVC_* environment variables.

`graphsvc settings` lists them; every field has a description that doubles as its
documentation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graphsvc.store import DEFAULT_URL, StoreAuth
from graphsvc.words import LANGS as WORD_LANGS

#: the languages of the pages and views: those the word catalogue has a table for
LANGS = WORD_LANGS


class UnsafeSettings(ValueError):
    """Raised when a setting is unsafe outside development."""


def _split(value: Any) -> Any:
    # "a, b" as well as a JSON list, so that GRAPHSVC_CORS_ORIGINS=https://x,https://y works
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            return json.loads(text)
        return [p.strip() for p in text.split(",") if p.strip()]
    return value


class StoreSettings(BaseSettings):
    """Where the graph is and whom to connect as: what every command needs, read at the
    edge (the CLI, the service) and handed to `open_store`."""

    model_config = SettingsConfigDict(env_prefix="GRAPHSVC_", extra="ignore", validate_default=True)

    store: str = Field(
        default=DEFAULT_URL,
        description="Store URL: sqlite:///path.db (embedded) or bolt://host:7687, "
        "neo4j://host:7687.",
    )
    neo4j_user: str | None = Field(
        default=None,
        validation_alias=AliasChoices("GRAPHSVC_NEO4J_USER", "NEO4J_USER"),
        description="Neo4j user where the store URL names none (also NEO4J_USER).",
    )
    neo4j_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("GRAPHSVC_NEO4J_PASSWORD", "NEO4J_PASSWORD"),
        description="Neo4j password where the store URL gives none (also NEO4J_PASSWORD).",
    )
    neo4j_database: str | None = Field(
        default=None,
        validation_alias=AliasChoices("GRAPHSVC_NEO4J_DATABASE", "NEO4J_DATABASE"),
        description="Neo4j database where the URL has no ?database= (also NEO4J_DATABASE).",
    )

    @property
    def store_auth(self) -> StoreAuth:
        """The Neo4j user, password and database for `open_store`."""
        password = self.neo4j_password.get_secret_value() if self.neo4j_password else None
        return StoreAuth(self.neo4j_user, password, self.neo4j_database)


class Settings(StoreSettings):
    """Everything the service can be told, each from GRAPHSVC_<NAME>."""

    environment: Literal["development", "production"] = Field(
        default="development",
        description="development or production; production refuses unsafe settings "
        "(CORS for any origin, cookies without Secure).",
    )
    tokens_db: Path = Field(
        default=Path("graphsvc-tokens.db"),
        description="SQLite file that keeps API tokens (only their hashes); by default "
        "beside an embedded store (x.db: x-tokens.db), one per store, so that a token "
        "made in any folder is the service's; for Neo4j, in the working folder.",
    )
    private: bool = Field(
        default=False,
        description="When true, reading data and pages also needs a token (viewer).",
    )
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024,
        ge=1024,
        description="Largest request body accepted, uploads included (bytes); larger gets 413.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call /api/v1 from a browser (comma-separated); "
        "empty: none.",
    )
    embed_frame_ancestors: str = Field(
        default="*",
        description="CSP frame-ancestors of /embed/* pages: who may put a view in an "
        "iframe, e.g. \"'self' https://intra.example.fi\". Every other page is 'none'.",
    )
    default_lang: Literal["fi", "en"] = Field(
        default="fi", description="Language of pages before a visitor chooses one: fi or en."
    )
    cache_size: int = Field(
        default=256, ge=0, description="How many analysis results to keep per store version."
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark cookies Secure (set true behind HTTPS; required in production).",
    )
    public_url: str | None = Field(
        default=None,
        description="The site's public base URL for embed codes, e.g. "
        "https://palvelut.example.fi (default: taken from each request).",
    )
    demo: bool = Field(
        default=False, description="Load the demo network on start when the store is empty."
    )
    warm: bool = Field(
        default=False,
        description="On start, read the store and draw the explorer's first view in the "
        "background, so that the first visitor does not wait for them (graphsvc serve).",
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        return _split(value)

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")) or any(c in value for c in '"<> '):
            raise ValueError("public_url must be an http(s) URL, e.g. https://palvelut.example.fi")
        return value.rstrip("/")

    @field_validator("embed_frame_ancestors")
    @classmethod
    def _ancestors(cls, value: str) -> str:
        if any(c in value for c in ";,\r\n"):
            raise ValueError("frame-ancestors sources are separated by spaces only")
        return value.strip() or "'none'"

    @model_validator(mode="before")
    @classmethod
    def _tokens_beside_the_store(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("tokens_db"):
            return {**data, "tokens_db": tokens_beside(str(data.get("store") or DEFAULT_URL))}
        return data

    @model_validator(mode="after")
    def _safe(self) -> Settings:
        if self.environment == "production":
            if "*" in self.cors_origins:
                raise UnsafeSettings(
                    "GRAPHSVC_CORS_ORIGINS=* is refused in production: "
                    "list the origins that may call the API."
                )
            if not self.secure_cookies:
                raise UnsafeSettings(
                    "GRAPHSVC_SECURE_COOKIES must be true in production (serve over HTTPS)."
                )
        return self


def tokens_beside(store: str) -> Path:
    """The tokens file of a store: beside an embedded store's file, named after it;
    for a server, in the working folder."""
    prefix = "sqlite:///"
    if store.startswith(prefix) and store[len(prefix) :] not in ("", ":memory:"):
        path = Path(store[len(prefix) :]).expanduser()
        return path.with_name(f"{path.stem}-tokens.db")
    return Path("graphsvc-tokens.db")


def describe() -> list[dict[str, str]]:
    """Every setting: its environment variable, default and description."""
    out = []
    for name, info in Settings.model_fields.items():
        default = info.get_default(call_default_factory=True)
        out.append(
            {
                "name": name,
                "env": f"GRAPHSVC_{name.upper()}",
                "default": str(default),
                "description": info.description or "",
            }
        )
    return out
