"""Mutation testing of app/domain/ with mutmut (issue 10, item 5).

    pip install mutmut==3.8.1          # once, into the development environment
    python tools/mutation.py           # fresh run over app/domain, then the summary
    python tools/mutation.py summary   # killed / generated per module, and the survivors again
    python tools/mutation.py results   # any mutmut command works, with these settings
    python tools/mutation.py show app.domain.age.x_conclude__mutmut_12
    python tools/mutation.py --tests referral,deadlines run --max-children 1 "app.domain.referral.*"

What it does: mutmut copies app/ (and the tests, translations and resources) into mutants/,
changes one thing at a time in app/domain/*.py (a `<` into `<=`, a constant, a returned
value ...) and runs the fast unit tests that reach the changed function. A mutant that no
test notices "survived": either a test is missing, or the change makes no difference that
a rule cares about. Both kinds are listed in docs/mutation.md.

The settings live here rather than in pyproject.toml so that this script is the one place
to read them; mutmut itself only reads [tool.mutmut] or setup.cfg, so the script hands
them to mutmut's configuration loader before starting its command line. The script
installs nothing; it stops when mutmut is missing or is another version.

Only the domain's own fast unit tests are run (see DOMAIN_TESTS; `-m "not gui and not
slow"`), with a fixed hypothesis seed so that the same mutant is killed or not on every run.
On two cores a fresh run takes about five minutes (docs/mutation.md has the last figures).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

MUTMUT_VERSION = "3.8.1"
ROOT = Path(__file__).resolve().parents[1]

# The domain's own unit tests: files that import app.domain and neither app.services nor
# app.storage (top-level imports). A new test file of that kind joins by itself. The service
# tests are left out: each builds a vault, which makes one mutant cost seconds to tens of
# seconds instead of a fraction of one; the rules are pinned by the domain tests.
_IMPORTS_DOMAIN = re.compile(r"^(from|import)\s+app\.domain\b", re.MULTILINE)
_IMPORTS_SERVICES = re.compile(r"^(from|import)\s+app\.(services|storage)\b", re.MULTILINE)
DOMAIN_TESTS = sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "tests" / "unit").glob("test_*.py")
    if _IMPORTS_DOMAIN.search(text := path.read_text("utf-8"))
    and not _IMPORTS_SERVICES.search(text)
)
# ``--tests WORD[,WORD...]`` (kept in this variable for mutmut's own test runs, which import
# this file again): only the domain tests whose text holds one of the words, e.g.
# ``--tests referral,deadlines,profiles,stats`` for the referral rules. Every domain test is
# run once without mutants first, so one unrelated test that fails only in mutmut's copy
# would stop a run over other modules; and a run over a few modules collects its test map
# faster. A mutant only another domain test would kill then counts as survived.
TESTS_ENV = "HARBOUR_MUTATION_TESTS"
if os.environ.get(TESTS_ENV):
    _words = [w for w in os.environ[TESTS_ENV].split(",") if w]
    DOMAIN_TESTS = [
        t for t in DOMAIN_TESTS if any(w in (ROOT / t).read_text("utf-8") for w in _words)
    ]

SETTINGS: dict[str, Any] = {
    # app/ is copied whole so that app.services and app.i18n import beside the mutants;
    # only app/domain is mutated.
    "source_paths": ["app"],
    "only_mutate": ["app/domain/*.py"],
    "also_copy": ["translations", "resources"],
    "pytest_add_cli_args": [
        "-m",
        "not gui and not slow",
        "-p",
        "no:cacheprovider",
        "--hypothesis-seed=0",
        # this file, as a pytest plugin: see pytest_runtest_setup below
        "-p",
        "mutation",
    ],
    "pytest_add_cli_args_test_selection": DOMAIN_TESTS,
}


def pytest_runtest_setup(item: Any) -> None:
    """Empty every functools cache in app/ before each test.

    mutmut forks each mutant's test run from a process that has already run the tests
    on the unmutated code, so an lru_cache (names._tokens, codes.country_exists ...) would
    hand the mutant the unmutated answers, and mutants of the functions those caches call
    (names.skeleton, names._latin ...) would survive for no reason. Within one run, a test
    served from the cache would not be counted among the tests that reach those functions.
    """
    del item
    for name, module in list(sys.modules.items()):
        if name == "app" or name.startswith("app."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def _configure() -> None:
    try:
        from importlib.metadata import version

        found = version("mutmut")
    except Exception:  # PackageNotFoundError
        sys.exit(f"mutmut is not installed: pip install mutmut=={MUTMUT_VERSION}")
    if found != MUTMUT_VERSION:
        sys.exit(f"mutmut {found} is installed; these settings are for {MUTMUT_VERSION}")

    from mutmut import configuration

    def reader() -> Any:
        return lambda key, default: SETTINGS.get(key, default)

    configuration._config_reader = reader
    configuration.reset_config()


def summary() -> None:
    """Killed / generated per module, then every mutant that was not killed."""
    from collections import Counter

    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    columns = ["killed", "survived", "no tests", "timeout", "other"]
    totals: Counter[str] = Counter()
    not_killed: list[str] = []
    print(f"{'module':<14}{'generated':>10}" + "".join(f"{c:>10}" for c in columns))
    for path in sorted(walk_mutatable_files()):
        data = SourceFileMutationData(path=path)
        data.load()
        counts: Counter[str] = Counter()
        for name, code in sorted(data.exit_code_by_key.items()):
            status = status_by_exit_code[code]
            counts[status if status in columns else "other"] += 1
            if status != "killed":
                not_killed.append(f"{name}: {status}")
        if not counts:
            continue
        totals.update(counts)
        generated = sum(counts.values())
        print(f"{path.name:<14}{generated:>10}" + "".join(f"{counts[c]:>10}" for c in columns))
    print(f"{'total':<14}{sum(totals.values()):>10}" + "".join(f"{totals[c]:>10}" for c in columns))
    print()
    print("\n".join(not_killed) or "every mutant was killed")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--tests"] and len(argv) > 1:
        # Set before mutmut starts its runs; this process re-reads the selection at once.
        os.environ[TESTS_ENV] = argv[1]
        os.execv(sys.executable, [sys.executable, __file__, *argv[2:]])
    os.chdir(ROOT)
    # `-p mutation` above imports this file from here inside mutmut's test runs.
    sys.path.insert(0, str(ROOT / "tools"))
    _configure()
    from mutmut.__main__ import cli

    if not argv:
        # A fresh run: mutmut keeps unmutated copies of app/ from the last run and would
        # test the mutants against stale services.
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        cli.main(args=["run", "--max-children", "2"], prog_name="mutmut", standalone_mode=False)
        argv = ["summary"]
    if argv == ["summary"]:
        summary()
        return
    cli.main(args=argv, prog_name="mutmut")


if __name__ == "__main__":
    main(sys.argv[1:])
