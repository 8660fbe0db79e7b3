"""Neo4j store URLs: scheme, host, user and password, database, what messages show."""

from __future__ import annotations

import pytest

from graphsvc.config import StoreSettings
from graphsvc.errors import StoreUrlError
from graphsvc.store import StoreAuth
from graphsvc.store.bolt import parse_url


@pytest.mark.parametrize(
    ("url", "uri", "auth", "database"),
    [
        ("bolt://localhost", "bolt://localhost:7687", None, None),
        ("neo4j://db.example:7688", "neo4j://db.example:7688", None, None),
        ("neo4j+s://u:p@db.example:7687", "neo4j+s://db.example:7687", ("u", "p"), None),
        ("bolt+s://db.example/?database=wellbeing", "bolt+s://db.example:7687", None, "wellbeing"),
        # a password with URL-special characters, percent-encoded in the URL
        (
            "bolt://neo4j:p%40ss%3Aw%2Frd@127.0.0.1:7687",
            "bolt://127.0.0.1:7687",
            ("neo4j", "p@ss:w/rd"),
            None,
        ),
        ("bolt://[::1]:7687", "bolt://[::1]:7687", None, None),
    ],
    ids=["defaults", "port", "user-in-url", "database", "encoded-password", "ipv6"],
)
def test_url_parts(url: str, uri: str, auth: tuple[str, str] | None, database: str | None) -> None:
    target = parse_url(url)
    assert (target.uri, target.auth, target.database) == (uri, auth, database)


def test_user_password_and_database_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "NEO4J_USER": "graphsvc",
        "NEO4J_PASSWORD": "s3cret",
        "NEO4J_DATABASE": "city",
    }.items():
        monkeypatch.setenv(name, value)
    auth = StoreSettings().store_auth  # the edge reads the environment ...
    assert auth == StoreAuth("graphsvc", "s3cret", "city") and "s3cret" not in repr(auth)
    target = parse_url("bolt://localhost:7687", auth)
    assert (target.auth, target.database) == (("graphsvc", "s3cret"), "city")
    # the URL wins over the settings
    target = parse_url("bolt://me:mine@localhost:7687?database=other", auth)
    assert (target.auth, target.database) == (("me", "mine"), "other")
    # a password alone goes with Neo4j's default user
    assert parse_url("bolt://h", StoreAuth(password="pw")).auth == ("neo4j", "pw")
    # ... and the store never does: without `auth`, no user is taken from anywhere
    assert parse_url("bolt://localhost:7687").auth is None


def test_no_credentials_means_no_authentication() -> None:
    assert parse_url("bolt://localhost:7687").auth is None


def test_messages_never_show_the_password() -> None:
    target = parse_url("bolt://neo4j:topsecret@db:7687?database=x")
    assert "topsecret" not in target.display
    assert target.display == "bolt://neo4j:***@db:7687?database=x"
    from_env = parse_url("bolt://db:7687", StoreAuth("u", "pw"))
    assert from_env.display == "bolt://u:***@db:7687"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://localhost:7474", "not a Neo4j URL"),
        ("bolt://", "names no host"),
        ("bolt://h:7687/neo4j", "?database=NAME"),
        ("bolt://h:7687?db=x", "unknown option(s) db"),
        ("bolt://u:pw@h:notaport", "Cannot read the store URL"),
    ],
    ids=["scheme", "host", "path", "option", "port"],
)
def test_bad_urls_say_what_to_write(url: str, message: str) -> None:
    with pytest.raises(StoreUrlError) as info:
        parse_url(url)
    assert message in str(info.value)
    assert "pw" not in str(info.value)  # not even a refused URL shows its password
