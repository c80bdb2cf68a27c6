"""Run benchmarks: ``python -m bench [NAME ...]``."""

from __future__ import annotations

import importlib
import sys

from bench.common import machine

ALL = [
    "unlock",
    "startup",
    "signin",
    "duplicates",
    "cases",
    "age_pdf",
    "referral_pdf",
    "referrals",
    "dashboard",
    "presenter",
    "commit",
    "size",
    "sync",
]


def main(argv: list[str]) -> int:
    names = argv or ALL
    print(f"# machine: {machine()}")
    for name in names:
        if name not in ALL:
            print(f"unknown benchmark {name!r}; choose from {', '.join(ALL)}")
            return 2
        print(f"# {name}")
        importlib.import_module(f"bench.{name}").run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
