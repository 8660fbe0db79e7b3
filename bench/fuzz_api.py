"""The API against its own OpenAPI document: schemathesis with every check, against a
real `graphsvc serve` of the demo network, as an editor (not a timed test).

Starts the service on a free loopback port in a temporary folder, makes an editor token
(and an admin's, for the token routes only), runs `schemathesis run --checks all` from
the project's folder (its schemathesis.toml: the cross-field rules of
tests/api/fuzz_rules.py, the upload exception) until at least --cases test cases were
generated (raising the examples per operation round by round), and prints the failures
by check and by operation. Exit status 1 when anything failed.

    .venv/bin/python bench/fuzz_api.py                 # at least 10,000 cases
    .venv/bin/python bench/fuzz_api.py --cases 2000 --seed 1

schemathesis comes from PyPI (`pip install schemathesis`, in the dev extra).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from _common import machine  # noqa: E402

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(BENCH.parent))
from neo4jlocal import free_port  # noqa: E402

BIN = Path(sys.executable).parent


def serve(folder: Path, port: int) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    """`graphsvc serve --demo` in `folder`, ready; (the process, {role: token})."""
    env = {
        **os.environ,
        "GRAPHSVC_STORE": f"sqlite:///{folder / 'graphsvc.db'}",
        "GRAPHSVC_TOKENS_DB": str(folder / "tokens.db"),
    }
    tokens = {
        role: subprocess.run(
            [str(BIN / "graphsvc"), "token", "create", "--role", role, "--name", f"fuzz {role}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for role in ("editor", "admin")
    }
    log = (folder / "serve.log").open("wb")
    proc = subprocess.Popen(
        [str(BIN / "graphsvc"), "serve", "--demo", "--port", str(port), "--log-level", "warning"],
        env=env,
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc, tokens
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"the service did not start; see {folder / 'serve.log'}")


def run(port: int, tokens: dict[str, str], examples: int, seed: int) -> str:
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"http://127.0.0.1:{port}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(examples),
        "--seed",
        str(seed),
        "--header",
        f"Authorization: Bearer {tokens['editor']}",
        "--no-color",
    ]
    # from the project's folder: schemathesis reads schemathesis.toml there (the /import
    # exception) and its hooks module (tests.api.fuzz_rules, the cross-field rules)
    env = {
        **os.environ,
        "PYTHONPATH": str(BENCH.parent),
        "GRAPHSVC_FUZZ_ADMIN_TOKEN": tokens["admin"],  # for the token routes
    }
    done = subprocess.run(command, capture_output=True, text=True, cwd=BENCH.parent, env=env)
    return done.stdout + done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="at least this many cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report", type=Path, help="write schemathesis' own output here")
    args = parser.parse_args()
    if shutil.which("schemathesis", path=str(BIN)) is None:
        raise SystemExit("schemathesis is not installed here: pip install schemathesis")
    folder = Path(tempfile.mkdtemp(prefix="graphsvc-fuzz-"))
    port = free_port()
    proc, tokens = serve(folder, port)
    print(machine())
    try:
        generated, examples, output = 0, 50, ""
        started = time.perf_counter()
        while generated < args.cases:
            output = run(port, tokens, examples, args.seed)
            found = re.search(r"([\d,]+) generated", output)
            generated = int(found.group(1).replace(",", "")) if found else 0
            print(f"--max-examples {examples}: {generated:,} cases")
            if not found:
                print(output[-3000:])
                return 2
            examples *= 2
        seconds = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    if args.report:
        args.report.write_text(output, encoding="utf-8")
    checks = re.findall(r"❌ (ST\d+ [^:\n]+): (\d+)", output.split("Failures:")[-1])
    by_operation: Counter[tuple[str, str]] = Counter()
    for block in re.split(r"\n_{3,} ", output)[1:]:
        operation = block.split(" _", 1)[0]
        by_operation.update((operation, code) for code in re.findall(r"^- (ST\d+)", block, re.M))
    print(f"{generated:,} cases in {seconds:.0f} s (last round); failures by check:")
    for name, count in checks:
        print(f"  {name}: {count}")
    if not checks:
        print("  none")
    for (operation, check), n in sorted(by_operation.items()):
        print(f"  {check}  {operation}  ({n})")
    return 1 if checks else 0


if __name__ == "__main__":
    sys.exit(main())
