"""Shared helpers: machine description and figure printing."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
from pathlib import Path


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, "
        f"Python {platform.python_version()}"
    )


def figure(
    name: str,
    value: float,
    unit: str,
    *,
    target: float | None = None,
    better: str = "lower",
    note: str = "",
) -> None:
    verdict = ""
    if target is not None:
        ok = value <= target if better == "lower" else value >= target
        verdict = f"  (target {target} {unit}: {'met' if ok else 'MISSED'})"
    shown = f"{value:.3f}" if unit == "ratio" else f"{value:.1f}"
    print(f"{name}: {shown} {unit}{verdict}{'  ' + note if note else ''}")
    print(
        json.dumps(
            {
                "figure": name,
                "value": round(value, 4 if unit == "ratio" else 2),
                "unit": unit,
                "target": target,
                "better": better,
            }
        )
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def cache_dir() -> Path:
    """Where benchmarks keep generated vaults between runs (``HARBOUR_BENCH_CACHE``)."""
    import platformdirs

    folder = os.environ.get("HARBOUR_BENCH_CACHE") or platformdirs.user_cache_dir("harbour-bench")
    return Path(folder)
