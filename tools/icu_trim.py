"""A smaller ICU data library for the Linux bundle: only the data Qt asks ICU for here.

    .venv/bin/python tools/icu_trim.py PATH/libicudata.so.73 OUT/libicudata.so.73 [--list]

PySide6's Qt links ICU (``libicuuc``, ``libicui18n``) and ICU's data library
``libicudata.so.NN`` is 30.6 MiB: one symbol, ``icudtNN_dat``, holding ICU's "common data"
package (a table of contents and ~3,900 items such as ``icudt73l/coll/ar.res``). Qt 6.11
calls ICU for four things only (``nm -D --undefined-only libQt6Core.so.6``; no other
library in the bundle links ICU):

- case mapping (``u_strToLower``/``u_strToUpper``): ``ucase.icu``, ``uprops.icu``;
- collation (``ucol_*``, ``QCollator``: Qt's file dialog, ``localeAwareCompare``): the
  root collation ``coll/ucadata.icu`` + ``coll/root.res`` and the tailorings of Harbour's
  UI languages, with normalisation data (``*.nrm``);
- time zones (``ucal_getCanonicalTimeZoneID``, ``ucal_getTimeZoneDisplayName``):
  ``zoneinfo64``, ``metaZones``, ``timezoneTypes``, ``windowsZones``, the supplemental data
  and the zone names of the UI languages;
- text converters (``ucnv_*``, ``QStringConverter`` for encodings Qt does not build in):
  the alias table and every single-byte and Unicode converter; the large East Asian
  multi-byte tables (Shift-JIS, GB, Big5, EUC, EBCDIC DBCS ...) go.

Never called by Qt, so left out: break iteration (``brkitr/``, dictionaries included: Qt
breaks lines itself), transliteration, spelled-out numbers (``rbnf/``), and the display
names of languages, regions, currencies and units (Qt has its own CLDR tables; Harbour's come
from Babel). Locale data (the top-level ``<locale>.res`` files, ``coll/``, ``zone/``) is kept
for root, English and every UI language with its regional variants; any other locale falls
back to root, as ICU does for a locale it has no data for.

The trimmed package is written in the same format (table of contents sorted by name, items
16-byte aligned) and linked into a new ``libicudata.so.NN`` exporting the same symbol (needs
a C compiler: ``cc``). ``--list`` prints what is kept and left out, by folder, in MiB.
"""

from __future__ import annotations

import argparse
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

MIB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]

# Folders of the package Qt never reads (see above).
DROPPED_FOLDERS = {"brkitr", "translit", "rbnf", "lang", "region", "curr", "unit"}
# Folders with one file per locale: kept only for the locales below.
LOCALE_FOLDERS = {"", "coll", "zone"}
# A converter table larger than this is a multi-byte East Asian one (the largest single-byte
# table is ~10 KB); ICU's algorithmic converters (UTF-*, Latin-1, ASCII) need no table.
LARGEST_CONVERTER = 64 * 1024
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")


def ui_locales() -> set[str]:
    """ICU locale ids of Harbour's UI languages (translations/<code>/) and their parents."""
    codes = {p.name for p in (ROOT / "translations").iterdir() if p.is_dir()}
    # Dari is ICU's fa_AF (parent fa); ICU knows the other codes as they are.
    icu = {"fa" if code == "prs" else code for code in codes}
    return icu | {"root", "en"}


def keep_locale(name: str, locales: set[str]) -> bool:
    return name in locales or name.split("_")[0] in locales


def keep(item: str, size: int, locales: set[str]) -> bool:
    """Whether ``item`` (a name like ``coll/ar.res``, without the package prefix) stays."""
    folder, _, file = item.rpartition("/")
    if folder.split("/")[0] in DROPPED_FOLDERS:
        return False
    stem, _, ext = file.rpartition(".")
    if ext == "cnv":
        return size <= LARGEST_CONVERTER
    per_locale = folder in LOCALE_FOLDERS and ext == "res" and stem not in {"res_index", "pool"}
    if per_locale and (_LOCALE.match(stem) or stem == "root"):
        return keep_locale(stem, locales)
    return True


# ---- the ELF library: where the symbol's bytes are ----------------------------------


def _symbol(library: bytes) -> tuple[str, int, int]:
    """(name, file offset, size) of the ``icudtNN_dat`` symbol of an ELF64 little-endian
    shared library."""
    if library[:6] != b"\x7fELF\x02\x01":
        raise SystemExit("not a 64-bit little-endian ELF library")
    (shoff,) = struct.unpack_from("<Q", library, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", library, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", library, shoff + i * shentsize) for i in range(shnum)
    ]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, entsize):
            st_name, _st_info, _other, shndx, value, st_size = struct.unpack_from(
                "<IBBHQQ", library, at
            )
            end = library.index(b"\0", strings + st_name)
            name = library[strings + st_name : end].decode()
            if re.fullmatch(r"icudt\d+_dat", name):
                section = sections[shndx]
                return name, value - section[3] + section[4], st_size
    raise SystemExit("no icudtNN_dat symbol in the library")


# ---- ICU's common data package ------------------------------------------------------


def read_package(data: bytes) -> tuple[bytes, str, list[tuple[str, bytes]]]:
    """(header, prefix like ``icudt73l``, [(item name without prefix, bytes)])."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    if (magic1, magic2) != (0xDA, 0x27) or data[12:16] != b"CmnD":
        raise SystemExit("the symbol does not hold an ICU common data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", data, toc)
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]
    starts = sorted({offset for _name, offset in entries} | {len(data) - toc})
    items = []
    prefix = ""
    for name_offset, data_offset in entries:
        end = data.index(b"\0", toc + name_offset)
        prefix, _, name = data[toc + name_offset : end].decode("ascii").partition("/")
        following = starts[starts.index(data_offset) + 1]
        items.append((name, data[toc + data_offset : toc + following]))
    return data[:header_size], prefix, items


def write_package(header: bytes, prefix: str, items: list[tuple[str, bytes]]) -> bytes:
    """The same layout icupkg writes: ToC, names, then each item 16-byte aligned."""
    items = sorted(items, key=lambda item: f"{prefix}/{item[0]}".encode("ascii"))
    names = b"".join(f"{prefix}/{name}".encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    first = toc_size + len(names)
    first += -(len(header) + first) % 16
    offsets = []
    body = bytearray()
    name_at = toc_size
    for name, blob in items:
        offsets.append((name_at, first + len(body)))
        name_at += len(f"{prefix}/{name}") + 1
        body += blob
        body += b"\0" * (-len(body) % 16)
    toc = struct.pack("<I", len(items)) + b"".join(struct.pack("<II", *o) for o in offsets)
    padding = b"\0" * (first - toc_size - len(names))
    return header + toc + names + padding + bytes(body)


def link_library(symbol: str, package: bytes, soname: str, out: Path) -> None:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise SystemExit("no C compiler (cc) to link the trimmed ICU data library")
    with tempfile.TemporaryDirectory() as tmp:
        blob = Path(tmp, "icudata.bin")
        blob.write_bytes(package)
        source = Path(tmp, "icudata.S")
        source.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            f'\t.incbin "{blob}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            "ascii",
        )
        subprocess.run(
            [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-Wl,-z,noexecstack",
             "-Wl,-s", "-o", str(out), str(source)],
            check=True,
        )  # fmt: skip


def trim(library: Path, out: Path, locales: set[str] | None = None) -> dict[str, Counter[str]]:
    """Writes the trimmed library to ``out``; returns bytes kept and dropped per folder."""
    locales = ui_locales() if locales is None else locales
    raw = library.read_bytes()
    symbol, offset, size = _symbol(raw)
    header, prefix, items = read_package(raw[offset : offset + size])
    report: dict[str, Counter[str]] = {"kept": Counter(), "dropped": Counter()}
    kept = []
    for name, blob in items:
        folder = name.rpartition("/")[0] or f"*.{name.rpartition('.')[2]}"
        if keep(name, len(blob), locales):
            kept.append((name, blob))
            report["kept"][folder] += len(blob)
        else:
            report["dropped"][folder] += len(blob)
    out.parent.mkdir(parents=True, exist_ok=True)
    link_library(symbol, write_package(header, prefix, kept), library.name, out)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--list", action="store_true", help="MiB kept and left out per folder")
    args = parser.parse_args(argv)
    report = trim(args.library, args.out)
    if args.list:
        for what, folders in report.items():
            for folder, size in folders.most_common():
                print(f"{what:8} {folder:10} {size / MIB:6.2f}")
    print(
        f"{args.out}: {args.out.stat().st_size / MIB:.1f} MiB "
        f"(was {args.library.stat().st_size / MIB:.1f} MiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
