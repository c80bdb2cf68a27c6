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
