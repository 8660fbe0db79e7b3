"""Benchmark the importers: rows per second and peak memory, dry run and import.

    .venv/bin/python bench/ingest_formats.py              # 100,000 rows, 10,000 PTV records
    .venv/bin/python bench/ingest_formats.py --rows 20000 --ptv 2000 --runs 1   # quicker

Inputs (generated in a temporary folder): a workbook of 100,000 provider and service
rows (25,000 providers, 75,000 services) as a CSV folder and as .xlsx, and a PTV list
response of 10,000 service records made from a real record of the reference data. Each
measurement runs `graphsvc.importing.import_file`, what `graphsvc import` calls (read the file and
import it into a fresh SQLite store, as a dry run or a real import), and then, to show
where the time goes, the reading alone. It runs in its own process, so that the peak
resident memory (`resource.getrusage`) belongs to that measurement alone; the median of
`--runs` runs is reported (inputs are generated in a child process too, so that the
measuring processes start small). Goals (issue 7): CSV >= 50,000 rows/s, XLSX >= 10,000
rows/s, peak < 1 GB. A host check (a fixed pure-Python loop, in ms: lower is faster) is
taken before each case, because a cloud host's speed changes from minute to minute;
compare runs by it.
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # (after it, this script's folder: _common)

PTV_SAMPLE = ROOT.parent / "shared" / "reference-data" / "ptv-api-samples-kunta-api"
SECTORS = ("city", "ngo", "company", "wellbeing_county", "parish", "project")
GROUPS = ("age-0-6", "age-7-21", "age-22-65", "age-66-plus")
NEEDS = tuple(f"need-{i}" for i in range(20))


# --- inputs ----------------------------------------------------------------------------


def make_dataset(rows: int) -> Any:
    from graphsvc.model import Dataset

    n_providers = rows // 4
    doc: dict[str, Any] = {
        "target_groups": [
            {"id": g, "name": g, "kind": "age", "min_age": i * 10, "max_age": i * 10 + 9}
            for i, g in enumerate(GROUPS)
        ],
        "needs": [{"id": n, "name": {"fi": f"Tarve {n}", "en": f"Need {n}"}} for n in NEEDS],
        "providers": [
            {
                "id": f"p{i}",
                "name": {"fi": f"Toimija {i}", "en": f"Provider {i}"},
                "sector": SECTORS[i % len(SECTORS)],
                "tags": ["perhe", "lapset"],
                "parent": f"p{i // 10}" if i >= 10 else None,
            }
            for i in range(n_providers)
        ],
        "services": [
            {
                "id": f"s{i}",
                "name": {"fi": f"Palvelu {i}"},
                "provider": f"p{i % n_providers}",
                "needs": [NEEDS[i % 20]],
                "groups": [GROUPS[i % 4]],
                "min_age": (i % 60) + 0.5,
                "max_age": (i % 60) + 10,
            }
            for i in range(rows - n_providers)
        ],
    }
    for p in doc["providers"]:
        if p["parent"] is None:
            del p["parent"]
    return Dataset.model_validate(doc)


def make_ptv(path: Path, records: int) -> None:
    org = json.loads(
        (PTV_SAMPLE / "organizations" / "7fdd7f84-e52a-4c17-a59a-d7c2a3095ed5.json").read_text(
            "utf-8"
        )
    )
    base = json.loads(
        (PTV_SAMPLE / "services" / "17c633dd-5408-495a-86c1-d8f57598e899.json").read_text("utf-8")
    )
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"pageNumber": 1, "pageCount": 1, "itemList": [')
        fh.write(json.dumps(org, ensure_ascii=False))
        for i in range(records):
            record = copy.deepcopy(base)
            record["id"] = f"00000000-0000-0000-0000-{i:012d}"
            for name in record["serviceNames"]:
                name["value"] = f"{name['value']} {i}"
            fh.write(",")
            fh.write(json.dumps(record, ensure_ascii=False))
        fh.write("]}")


# --- one measurement (in a child process) ------------------------------------------------


def measure(path: str, fmt: str | None, dry_run: bool, log: bool = True) -> dict[str, float]:
    from graphsvc.importing import import_file
    from graphsvc.store import open_store
    from ingest.registry import read_file

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/bench.db")
        store.record_changes = log
        start = time.perf_counter()
        import_file(store, path, fmt, dry_run=dry_run)  # what `graphsvc import` does
        end = time.perf_counter()
        store.close()
    start_read = time.perf_counter()  # the reading alone, to show where the time goes
    read_file(path, fmt)
    read_seconds = time.perf_counter() - start_read
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": end - start, "read_seconds": read_seconds, "peak_mb": peak_kb / 1024}


def generate(folder: Path, rows: int, ptv: int) -> None:
    from ingest.registry import write_file

    ds = make_dataset(rows)
    write_file(ds, folder / "bench_csv", "csv")
    write_file(ds, folder / "bench.xlsx")
    make_ptv(folder / "bench.ptv.json", ptv)


def run_child(path: Path, fmt: str | None, dry_run: bool, log: bool) -> dict[str, float]:
    args = [
        sys.executable,
        __file__,
        "--child",
        str(path),
        "--format",
        fmt or "",
        "--dry-run" if dry_run else "--import",
        *([] if log else ["--no-log"]),
    ]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- the report --------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    import openpyxl
    import pydantic

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory": mem,
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "pydantic": pydantic.VERSION,
        "openpyxl": openpyxl.__version__,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--ptv", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument(
        "--no-log",
        action="store_true",
        help="import without the change log (what the log costs: compare with and without)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--format", default="", help=argparse.SUPPRESS)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    mode.add_argument("--import", dest="do_import", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.format or None, args.dry_run, not args.no_log)))
        return 0
    if args.generate:
        generate(Path(args.generate), args.rows, args.ptv)
        return 0

    from _common import host_check

    results = []
    checks = [host_check()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        say = (lambda *_: None) if args.json else print
        say(f"generating inputs in {folder} …")
        # in a child process too: a child forked from a big parent would inherit its peak
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--generate",
                str(folder),
                "--rows",
                str(args.rows),
                "--ptv",
                str(args.ptv),
            ],
            check=True,
        )
        cases = [
            ("CSV folder", folder / "bench_csv", "csv", args.rows),
            ("XLSX", folder / "bench.xlsx", None, args.rows),
            ("PTV list", folder / "bench.ptv.json", "ptv", args.ptv + 1),
        ]
        for label, path, fmt, rows in cases:
            size = (
                sum(p.stat().st_size for p in path.glob("*"))
                if path.is_dir()
                else path.stat().st_size
            )
            for dry_run in (True, False):
                check = host_check(3)  # the host's speed just before these runs
                runs = [run_child(path, fmt, dry_run, not args.no_log) for _ in range(args.runs)]
                seconds = statistics.median(r["seconds"] for r in runs)
                best = min(r["seconds"] for r in runs)
                results.append(
                    {
                        "input": label,
                        "mode": "dry run" if dry_run else "import",
                        "rows": rows,
                        "input_mb": round(size / 1e6, 1),
                        "seconds": round(seconds, 2),
                        "read_seconds": round(
                            statistics.median(r["read_seconds"] for r in runs), 2
                        ),
                        "rows_per_s": round(rows / seconds),
                        "best_rows_per_s": round(rows / best),
                        "peak_mb": round(statistics.median(r["peak_mb"] for r in runs)),
                        "host_check_ms": round(check),
                        "runs": args.runs,
                    }
                )
                say(
                    f"  {label:10} {results[-1]['mode']:8} {results[-1]['rows_per_s']:>8,} rows/s"
                    f"  peak {results[-1]['peak_mb']:>5} MB"
                )
    checks.append(host_check())
    report = {
        "machine": machine(),
        "results": results,
        "host_check_ms": {"before": round(checks[0], 1), "after": round(checks[1], 1)},
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(json.dumps(report["machine"], indent=2))
        print(
            f"host check (bench/_common.py, lower is faster): {checks[0]:.1f} ms before, "
            f"{checks[1]:.1f} ms after"
        )
        print(
            f"{'input':12}{'mode':10}{'rows':>9}{'MB':>7}{'s':>8}{'read s':>8}"
            f"{'rows/s':>10}{'best':>9}{'peak MB':>9}{'host ms':>9}"
        )
        for r in results:
            print(
                f"{r['input']:12}{r['mode']:10}{r['rows']:>9,}{r['input_mb']:>7}"
                f"{r['seconds']:>8}{r['read_seconds']:>8}{r['rows_per_s']:>10,}"
                f"{r['best_rows_per_s']:>9,}{r['peak_mb']:>9}{r['host_check_ms']:>9}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
