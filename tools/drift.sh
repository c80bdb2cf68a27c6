#!/usr/bin/env bash
# Install the NEWEST versions pyproject.toml's ranges allow into a scratch virtual
# environment and run the whole suite with them, to see an upgrade's breakage before a
# fresh machine does. Not part of .ci/run: CI installs from requirements/test.lock.
# When this passes, `tools/lock.sh` takes the new versions in a commit of their own;
# when it fails, pin or fix in a deliberate change.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
PIP_NO_CACHE_DIR=1 "$scratch/venv/bin/pip" install --quiet --upgrade --upgrade-strategy eager '.[test]'
echo "newest allowed versions:"
"$scratch/venv/bin/pip" freeze --exclude harbour | diff <(grep -E '^[a-zA-Z]' requirements/test.lock | sed 's/ .*//; s/;.*//' | tr 'A-Z_' 'a-z-' | sort) \
    <("$scratch/venv/bin/pip" freeze --exclude harbour | tr 'A-Z_' 'a-z-' | sort) || true
# pytest's pythonpath puts the checkout first, so the suite tests this tree's code.
"$scratch/venv/bin/python" -m pytest -p no:cacheprovider "$@"
