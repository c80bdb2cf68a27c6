"""Shared helpers: machine description and figure printing."""

from __future__ import annotations

import json
import os
import platform
import statistics


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
    print(f"{name}: {value:.1f} {unit}{verdict}{'  ' + note if note else ''}")
    print(
        json.dumps(
            {
                "figure": name,
                "value": round(value, 2),
                "unit": unit,
                "target": target,
                "better": better,
            }
        )
    )


def median(values: list[float]) -> float:
    return statistics.median(values)
