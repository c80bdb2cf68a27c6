"""Size of an installer bundle by component, in MiB on disk (what ``du`` counts).

    .venv/bin/python tools/bundle_size.py dist/harbour [OTHER_BUNDLE ...] [--json]

One column per bundle, so the steps of build_installer.spec's prune list can be compared
side by side (``HARBOUR_PRUNE=N`` builds with the first N steps). Symbolic links count
nothing (PyInstaller links ``_internal/libQt6*.so.6`` to the files under PySide6/). Each
file counts once, in the first component whose pattern matches its path in the bundle.
"""

from __future__ import annotations

import json
import os
import sys
from fnmatch import fnmatch
from pathlib import Path

MIB = 1024 * 1024

COMPONENTS: list[tuple[str, tuple[str, ...]]] = [
    ("Qt: ICU data", ("_internal/PySide6/Qt/lib/libicudata*",)),
    ("Qt: ICU code", ("_internal/PySide6/Qt/lib/libicu*",)),
    (
        "Qt: FFmpeg plugin and libraries",
        (
            "*/plugins/multimedia/*",
            "_internal/PySide6/Qt/lib/libav*",
            "_internal/PySide6/Qt/lib/libsw*",
            "*FFmpegStub*",
        ),
    ),
    ("Qt: Quick, Qml, virtual keyboard", ("*libQt6Qml*", "*libQt6Quick*", "*VirtualKeyboard*")),
    ("Qt: other libraries", ("_internal/PySide6/Qt/lib/*", "_internal/libQt6*")),
    ("Qt: plugins", ("_internal/PySide6/Qt/plugins/*",)),
    ("Qt: translations", ("_internal/PySide6/Qt/translations/*",)),
    ("PySide6 bindings", ("_internal/PySide6/*", "_internal/shiboken6/*")),
    (
        "Python: libpython and stdlib",
        ("_internal/libpython*", "_internal/python3*", "_internal/base_library.zip"),
    ),
    ("Python: code archives (the programs)", ("harbour", "harbour-desktop")),
    ("Babel locale data (CLDR)", ("_internal/babel/locale-data/*",)),
    ("pycountry (ISO tables, translations)", ("_internal/pycountry/*",)),
    ("SQLCipher (sqlcipher3)", ("_internal/sqlcipher3/*",)),
    ("cryptography", ("_internal/cryptography/*",)),
    ("test tools (hypothesis, mypy)", ("_internal/hypothesis/*", "_internal/mypy/*")),
    ("Pillow", ("_internal/PIL/*", "_internal/pillow.libs/*")),
    ("fonts", ("_internal/resources/fonts/*",)),
    ("app translations", ("_internal/translations/*",)),
    ("app resources (icons, pictograms, information)", ("_internal/resources/*",)),
    ("other Python packages", ("_internal/*/*",)),
    ("system libraries", ("_internal/*.so*",)),
    ("other", ("*",)),
]


def component(relative: str) -> str:
    for name, patterns in COMPONENTS:
        if any(fnmatch(relative, pattern) for pattern in patterns):
            return name
    return "other"


def sizes(bundle: Path) -> dict[str, int]:
    """Bytes on disk per component (and "total")."""
    found = {name: 0 for name, _ in COMPONENTS}
    for folder, _dirs, files in os.walk(bundle):
        for name in files:
            path = Path(folder, name)
            info = path.lstat()
            if path.is_symlink():
                continue
            found[component(path.relative_to(bundle).as_posix())] += info.st_blocks * 512
    found["total"] = sum(found.values())
    return found


def table(bundles: list[Path]) -> str:
    columns = [sizes(bundle) for bundle in bundles]
    width = max(len(name) for name, _ in COMPONENTS)
    heads = [bundle.parent.name if bundle.name == "harbour" else bundle.name for bundle in bundles]
    lines = [
        f"| {'component':<{width}} | " + " | ".join(f"{h:>9}" for h in heads) + " |",
        f"| {'-' * width} | " + " | ".join("-" * 8 + ":" for _ in heads) + " |",
    ]
    for name in [*(n for n, _ in COMPONENTS), "total"]:
        if not any(column[name] for column in columns):
            continue
        label = f"**{name}**" if name == "total" else name
        cells = [f"{column[name] / MIB:9.1f}" for column in columns]
        lines.append(f"| {label:<{width}} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    bundles = [Path(a) for a in argv if a != "--json"]
    if not bundles:
        print(__doc__)
        return 2
    if as_json:
        for bundle in bundles:
            mib = {k: round(v / MIB, 2) for k, v in sizes(bundle).items()}
            print(json.dumps({"bundle": str(bundle), "mib": mib}))
    else:
        print(table(bundles))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
