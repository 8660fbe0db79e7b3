"""Neo4j without Docker: `python -m neo4jlocal serve` (what `make serve-neo4j` runs).

serve   start Neo4j (data kept in --data between runs), load the demo network on
        the first start, and serve graphsvc on it until Ctrl-C
run     start Neo4j alone and keep it running until Ctrl-C
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from neo4jlocal import USER, Neo4jError, Neo4jServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m neo4jlocal",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["serve", "run"])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(".neo4j"),
        help="Neo4j's folder, kept between runs (default: .neo4j)",
    )
    parser.add_argument("--bolt-port", type=int, default=7687, help="Bolt port (default 7687)")
    parser.add_argument("--port", type=int, default=8000, help="graphsvc's port (default 8000)")
    parser.add_argument("--heap", default="2g", help="Neo4j's Java heap (default 2g)")
    args = parser.parse_args(argv)

    server = Neo4jServer(args.data, port=args.bolt_port, heap=args.heap)
    print(f"Starting Neo4j on {server.uri} (data in {server.home}) ...", flush=True)
    try:
        server.start()
    except Neo4jError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"Neo4j {server.version} on {server.uri}: user {USER}, password in "
        f"{server.home / 'password'}",
        flush=True,
    )
    try:
        if args.command == "run":
            print("Press Ctrl-C to stop.", flush=True)
            server.proc.wait()  # type: ignore[union-attr]
            return 0
        env = {
            **os.environ,
            "GRAPHSVC_STORE": server.uri,
            "NEO4J_USER": USER,
            "NEO4J_PASSWORD": server.password,
        }
        cmd = [sys.executable, "-m", "graphsvc", "serve", "--demo", "--port", str(args.port)]
        child = subprocess.Popen(cmd, env=env)
        try:
            return child.wait()
        except KeyboardInterrupt:
            # Ctrl-C reached graphsvc too: let it finish its requests and stop
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.terminate()
                child.wait(10)
            return 0
    except KeyboardInterrupt:
        return 0
    finally:
        print("Stopping Neo4j ...", flush=True)
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
