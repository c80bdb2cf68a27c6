#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml's ranges: every direct and transitive
# dependency of the app (requirements/app.lock) and of the app with its test extra
# (requirements/test.lock), exact versions with the hashes of every wheel PyPI has for
# them, for Python 3.11+ on every platform (--universal), so that Windows and macOS
# installer builds resolve the same versions. The README's two commands install from
# these files. Commit a refresh on its own, after `tools/drift.sh` has passed.
set -euo pipefail
# LOCK_UPGRADE= tools/lock.sh adds new dependencies and keeps every pinned version.
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
tool="$(mktemp -d)"
trap 'rm -rf "$tool"' EXIT
python3 -m venv "$tool/venv"
"$tool/venv/bin/pip" install --quiet "uv==$UV_VERSION"
uv="$tool/venv/bin/uv"
common=(--universal --python-version 3.11 --generate-hashes --quiet)
"$uv" pip compile pyproject.toml requirements/build.in --extra test "${common[@]}" \
    ${LOCK_UPGRADE---upgrade} -o requirements/test.lock
# The app's lock takes the versions the tests ran with, never a newer one.
"$uv" pip compile pyproject.toml requirements/build.in "${common[@]}" \
    --constraint requirements/test.lock -o requirements/app.lock
echo "requirements/test.lock and requirements/app.lock refreshed; run the suite, then commit"
