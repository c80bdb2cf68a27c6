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
# Editable, like the README's command: the CLI tests run the installed console script, which
# must import this checkout (a plain install would look for resources/ in site-packages).
PIP_NO_CACHE_DIR=1 "$scratch/venv/bin/pip" install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
echo "versions that differ from requirements/test.lock (lock -> newest allowed):"
"$scratch/venv/bin/python" - <<'PY'
import re
from importlib.metadata import distributions

def key(name):
    return re.sub(r"[-_.]+", "-", name).lower()

locked = {
    key(m.group(1)): m.group(2)
    for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)", open("requirements/test.lock").read(), re.M)
}
installed = {key(d.metadata["Name"]): d.version for d in distributions()}
for name in sorted(set(locked) | set(installed)):
    if name in {"harbour", "pip"} or locked.get(name) == installed.get(name):
        continue
    print(f"  {name}: {locked.get(name, '-')} -> {installed.get(name, '-')}")
PY
# pytest's pythonpath puts the checkout first, so the suite tests this tree's code.
"$scratch/venv/bin/python" -m pytest -p no:cacheprovider "$@"
