"""Build the Debian package from the installer bundle.

    .venv/bin/pyinstaller --noconfirm build_installer.spec     # dist/harbour/
    .venv/bin/python tools/build_deb.py [--bundle dist/harbour] [--out dist]

writes ``dist/harbour_<version>_amd64.deb`` (version from pyproject.toml) with:

- the bundle under ``/opt/harbour`` (read-only for users: owned by root, 0755/0644);
- ``/usr/bin/harbour`` and ``/usr/bin/harbour-desktop``, relative links into it;
- the menu entry ``/usr/share/applications/harbour.desktop`` and the icon in the hicolor
  theme (every PNG size of ``resources/icon/`` and the SVG as ``scalable``);
- ``Depends``: the Debian packages of every system library the bundle's programs and
  libraries link to and do not carry themselves (found with ``ldd`` and ``dpkg -S`` on this
  machine), plus the X11 libraries Qt needs that the README names (``libxcb-cursor0``,
  ``libxcb-icccm4``, ``libxcb-keysyms1``); ``Recommends``: the voice (``libpulse0``,
  ``speech-dispatcher``, ``espeak-ng``).

No maintainer scripts: dpkg's file triggers (hicolor-icon-theme, desktop-file-utils) refresh
the icon cache and the menu, and ``dpkg -r`` removes exactly the files the package listed.
Nothing of a user's is ever written under ``/opt/harbour``: vaults, settings and logs live
in the user's own folders (``~/.local/share/Harbour`` ... or ``HARBOUR_HOME``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "harbour"
PREFIX = Path("opt") / PACKAGE

# Qt's X11 platform plugin links these; the README's set-up line installs them.
X11_DEPENDS = ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
RECOMMENDS = ["libpulse0", "speech-dispatcher", "espeak-ng"]
# Libraries a bundled plugin links to that need not be on every laptop: the plugin that
# needs one is skipped by Qt when it is missing, and the app says what is lacking.
OPTIONAL_LIBRARIES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libpulse.so.0": "libpulse0",
    "libpulse-mainloop-glib.so.0": "libpulse-mainloop-glib0",
    "libspeechd.so.2": "libspeechd2",
    # Qt's Wayland plugin; without them Qt opens its windows through XWayland.
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
DESCRIPTION = """\
offline intake for reception centres receiving migrant children
 Harbour registers children (unaccompanied and separated ones above all), checks for
 duplicates, documents age assessments with the benefit of the doubt, and shows
 child-friendly information in the child's language. Records are encrypted on the
 laptop (SQLCipher 4); every person signs in with their own passphrase.
 .
 'harbour-desktop --self-test' checks an installed copy end to end."""


def version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return str(data["project"]["version"])


def _elf_files(bundle: Path) -> list[Path]:
    found = []
    for folder, _dirs, files in os.walk(bundle):
        for name in files:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_libraries(bundle: Path) -> tuple[set[Path], set[str]]:
    """Libraries outside the bundle that its ELF files link to, and sonames not found."""
    internal = bundle / "_internal"
    env = {
        **os.environ,
        "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}",
    }
    outside: set[Path] = set()
    missing: set[str] = set()
    for path in _elf_files(bundle):
        result = subprocess.run(
            ["ldd", str(path)], env=env, capture_output=True, text=True, check=False
        )
        for line in result.stdout.splitlines():
            parts = line.split()
            if "=>" not in parts:
                continue
            soname, target = parts[0], parts[parts.index("=>") + 1]
            if target == "not":
                missing.add(soname)
            elif target.startswith("/") and not Path(target).resolve().is_relative_to(
                bundle.resolve()
            ):
                outside.add(Path(target))
    return outside, missing


def owning_packages(paths: set[Path]) -> set[str]:
    """Debian packages of the given files (``dpkg -S``), without their architecture."""
    packages: set[str] = set()
    for path in sorted(paths):
        candidates = [path, path.resolve()]
        if str(path).startswith("/lib/"):  # merged /usr: dpkg knows either spelling
            candidates.append(Path("/usr") / path.relative_to("/"))
        for candidate in candidates:
            result = subprocess.run(
                ["dpkg", "-S", str(candidate)], capture_output=True, text=True, check=False
            )
            if result.returncode == 0:
                packages.add(result.stdout.split(":")[0].split(",")[0].strip())
                break
        else:
            raise SystemExit(f"no Debian package owns {path}, which the bundle links to")
    return packages


def depends(bundle: Path) -> tuple[list[str], list[str]]:
    outside, missing = system_libraries(bundle)
    unknown = sorted(missing - OPTIONAL_LIBRARIES.keys())
    if unknown:
        raise SystemExit(f"the bundle links to libraries nobody provides: {unknown}")
    required = owning_packages(outside) | set(X11_DEPENDS)
    recommended = {OPTIONAL_LIBRARIES[name] for name in missing} | set(RECOMMENDS)
    return sorted(required), sorted(recommended - required)


def _install_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True)
    for folder, dirs, files in os.walk(target):
        for name in dirs:
            os.chmod(Path(folder, name), 0o755)
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink():
                os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)


def stage(bundle: Path, staging: Path) -> tuple[list[str], list[str]]:
    if staging.exists():
        shutil.rmtree(staging)
    _install_tree(bundle, staging / PREFIX)
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for program in ("harbour", "harbour-desktop"):
        if not (staging / PREFIX / program).is_file():
            raise SystemExit(f"{bundle} holds no {program}")
        (bin_dir / program).symlink_to(Path("../..") / PREFIX / program)
    share = staging / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "harbour.desktop", share / "applications")
    icons = ROOT / "resources" / "icon"
    for png in sorted(icons.glob("harbour-*.png")):
        size = png.stem.split("-")[1]
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy(png, folder / "harbour.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(icons / "harbour.svg", scalable / "harbour.svg")
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Harbour: EUPL-1.2. Bundled fonts (opt/harbour/_internal/resources/fonts): SIL Open\n"
        "Font License 1.1, see the licence file beside them. Qt and PySide6: LGPL-3.0.\n"
        "Other bundled Python packages: their own licences, in their dist-info folders.\n",
        "utf-8",
    )
    for folder, dirs, files in os.walk(staging / "usr"):
        for name in dirs:
            os.chmod(Path(folder, name), 0o755)
        for name in files:
            if not Path(folder, name).is_symlink():
                os.chmod(Path(folder, name), 0o644)
    required, recommended = depends(bundle)
    size_kib = sum(p.lstat().st_size for p in staging.rglob("*") if p.is_file() or p.is_symlink())
    control = staging / "DEBIAN" / "control"
    control.parent.mkdir(mode=0o755)
    control.write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {version()}\n"
        "Architecture: amd64\n"
        "Maintainer: Harbour maintainers <harbour@invalid>\n"
        f"Installed-Size: {size_kib // 1024 + 1}\n"
        f"Depends: {', '.join(required)}\n"
        f"Recommends: {', '.join(recommended)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {DESCRIPTION}\n",
        "utf-8",
    )
    os.chmod(control, 0o644)
    return required, recommended


def build(bundle: Path, out: Path, compression: str = "xz", level: int | None = None) -> Path:
    """``level``: dpkg-deb's ``-z`` (its defaults: xz 6, zstd 3, gzip 9); the suite builds
    with a fast one, a release with the default."""
    staging = out / f".{PACKAGE}-deb-staging"
    stage(bundle, staging)
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"{PACKAGE}_{version()}_amd64.deb"
    levels = [] if level is None else [f"-z{level}"]
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", f"-Z{compression}", *levels, "--build", str(staging),
         str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    shutil.rmtree(staging)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "harbour")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--compression", default="xz", choices=["xz", "zstd", "gzip"])
    parser.add_argument(
        "--level", type=int, help="compression level (dpkg-deb -z; default: dpkg's own)"
    )
    args = parser.parse_args(argv)
    deb = build(args.bundle, args.out, args.compression, args.level)
    print(f"{deb} ({deb.stat().st_size / 1024 / 1024:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
