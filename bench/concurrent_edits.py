"""Lost updates under concurrent edits, against a running service.

Each round: two editors read one provider, then both change a different field at the
same moment (with If-Match, the ETag they read; or, with --no-if-match, without one).
A round *lost an update* when both were answered 2xx but the provider holds only one
of the two changes.

    python bench/concurrent_edits.py --url http://127.0.0.1:8000 --token T1 --token T2 \\
        --provider jkl-varhaiskasvatus --rounds 100 [--no-if-match]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Tally:
    rounds: int = 0
    both_ok: int = 0
    one_412: int = 0
    lost: int = 0
    other: list[int] = field(default_factory=list)


def one_round(
    url: str, tokens: list[str], provider: str, n: int, if_match: bool, tally: Tally
) -> None:
    path = f"{url}/api/v1/providers/{provider}"
    fields = ("description", "email")
    values = [f"round {n} by editor {i}" for i in range(2)]
    values[1] = f"round{n}@example.org"
    barrier = threading.Barrier(2)
    answers: list[int] = [0, 0]

    def edit(i: int) -> None:
        with httpx.Client(timeout=30) as client:
            auth = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
            got = client.get(path)
            headers = dict(auth)
            if if_match:
                headers["If-Match"] = got.headers.get("etag", "*")
            barrier.wait()
            answers[i] = client.patch(
                path, headers=headers, json={fields[i]: values[i]}
            ).status_code

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored: dict[str, Any] = httpx.get(path, timeout=30).json()
    tally.rounds += 1
    if answers == [200, 200]:
        tally.both_ok += 1
        if stored.get(fields[0]) != values[0] or stored.get(fields[1]) != values[1]:
            tally.lost += 1
    elif sorted(answers) == [200, 412]:
        tally.one_412 += 1
        winner = answers.index(200)
        if stored.get(fields[winner]) != values[winner]:
            tally.lost += 1
    else:
        tally.other.extend(answers)


def run(url: str, tokens: list[str], provider: str, rounds: int, if_match: bool) -> Tally:
    tally = Tally()
    for n in range(rounds):
        one_round(url, tokens, provider, n, if_match, tally)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", action="append", required=True)
    parser.add_argument("--provider", required=True)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--no-if-match", action="store_true")
    args = parser.parse_args()
    tally = run(args.url, args.token, args.provider, args.rounds, not args.no_if_match)
    sys.stdout.write(json.dumps(tally.__dict__) + "\n")


if __name__ == "__main__":
    main()
