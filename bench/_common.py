"""Small helpers every benchmark shares: machine facts, medians, peak memory."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}), "
        f"Python {sys.version.split()[0]}"
    )


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median wall time of `runs` calls of fn, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def host_check(runs: int = 5) -> float:
    """Milliseconds (median of `runs`) for a fixed pure-Python workload.

    Cloud hosts change speed from minute to minute; a figure taken beside this one can be
    compared with another run's by scaling with the two checks (lower is faster).
    """

    def work() -> int:
        total = 0
        for i in range(300_000):
            key = f"id-{i % 1000}"
            total += len(key.strip().split("-")) + (i * 7) % 13
        return total

    return timed(work, runs)[0] * 1000
