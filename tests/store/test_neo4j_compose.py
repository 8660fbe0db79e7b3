"""docker-compose.yml: Neo4j 5 with a health check and a named volume, the password
from the env file, and graphsvc waiting for a healthy Neo4j with its store pointed at it.
(`docker compose config` validates the file where Docker is installed; here it is read
as YAML, since no Docker engine runs on this machine.)"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return doc


def test_neo4j_service(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    # the Neo4j the suite runs (neo4jlocal/pom.xml pins the same 5.26 LTS)
    pom = (ROOT / "neo4jlocal" / "pom.xml").read_text(encoding="utf-8")
    assert "<neo4j.version>5.26." in pom
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    volume = neo4j["volumes"][0].split(":")
    assert volume[1] == "/data" and volume[0] in compose["volumes"]  # a named volume
    env = neo4j["environment"]
    assert env["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")  # no default password
    heap = env["NEO4J_server_memory_heap_max__size"]
    assert heap.endswith("m") and int(heap[:-1]) <= 1024  # sized for a laptop
    # only on this machine's loopback, not on every interface
    assert all(p.startswith("127.0.0.1:") for p in neo4j["ports"])


def test_graphsvc_service_waits_for_a_healthy_neo4j(compose: dict[str, Any]) -> None:
    svc = compose["services"]["graphsvc"]
    assert svc["build"] == "."
    assert svc["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert svc["environment"]["GRAPHSVC_STORE"] == "bolt://neo4j:7687"
    assert svc["environment"]["NEO4J_PASSWORD"] == "${NEO4J_PASSWORD}"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '"--demo"' in dockerfile  # the demo network is loaded when the store is empty
    assert "USER graphsvc" in dockerfile


def test_env_example_names_every_variable_compose_needs() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    example = (ROOT / ".env.example").read_text()
    assert "NEO4J_PASSWORD=" in example
    assert "${NEO4J_PASSWORD" in text


def test_compose_config_validates_where_compose_is_installed(tmp_path: Path) -> None:
    command = (
        ["docker", "compose"]
        if shutil.which("docker")
        and subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
        else ["docker-compose"]
        if shutil.which("docker-compose")
        else None
    )
    if command is None:
        pytest.skip("no docker compose here (apt install docker-compose to check)")
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}

    def config(env_text: str) -> subprocess.CompletedProcess[str]:
        env_file = tmp_path / ".env"
        env_file.write_text(env_text)
        return subprocess.run(
            [
                *command,
                "--env-file",
                str(env_file),
                "-f",
                str(ROOT / "docker-compose.yml"),
                "config",
                "-q",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env=env,
        )

    done = config("NEO4J_PASSWORD=test-password\n")
    assert done.returncode == 0, done.stderr
    missing = config("# no password\n")  # refused, saying what to set
    assert missing.returncode != 0 and "NEO4J_PASSWORD" in missing.stderr
