"""Extract the UI strings and update every UI catalog (gettext domain "harbour"); compile
every catalog to .mo.

    .venv/bin/python tools/ui_catalog.py update
    .venv/bin/python tools/ui_catalog.py compile

Runs ``pybabel extract`` (app/ and ui/, with babel.cfg) and ``pybabel update``, then gives
every catalog the project's plural rule for its language, from ``app/i18n/plurals.py``:
the Plural-Forms header (which Babel 2.18's ``pybabel update`` drops for Dari, ``prs``,
unknown to CLDR), a header-comment line naming the CLDR version the rule follows, and as
many forms per plural entry as the rule has. If a catalog stated another rule, its
translated plural entries become fuzzy until a translator puts their forms in the new
order. Translators then work on the .po files with any PO editor (Poedit, Lokalize,
Weblate).

``compile`` writes the .mo files of both domains (an installer may ship them; the app
otherwise compiles in memory) with the project's plural rule, and refuses a catalog whose
header states another. ``pybabel compile`` would leave Dari's Plural-Forms out of the .mo
with Babel 2.18, and gettext would then show English for plural phrases.
"""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))

from information_catalog import LANGUAGES, set_plural_rule, with_plural_forms_line

from app.i18n import compile_catalog, plurals

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
DOMAIN = "harbour"
WIDTH = 76  # pybabel's own line width, so that its next update does not rewrap


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def _po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _languages() -> list[str]:
    found = {p.parent.parent.name for p in TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found | set(LANGUAGES))


def apply_plural_rule(lang: str, declared: str | None) -> bool:
    """Give a UI catalog the project's plural rule (see ``set_plural_rule``); ``declared``
    is the Plural-Forms its file stated before ``pybabel update``. True when the file
    changed."""
    path = _po_path(lang)
    data = path.read_bytes()
    readable = data
    if plurals.declared_plural_forms(data) is None:
        # Dropped by pybabel update (Babel 2.18, prs): read with the rule its forms were
        # written for, or Babel keeps only as many forms as it guesses.
        readable = plurals.with_plural_forms(data, declared or plurals.plural_forms(lang))
    catalog = read_po(BytesIO(readable), domain=DOMAIN)
    for note in set_plural_rule(catalog, lang, declared):
        print(f"{path.relative_to(ROOT)}: {note}")
    buf = BytesIO()
    write_po(buf, catalog, width=WIDTH, include_previous=False)
    new = with_plural_forms_line(buf.getvalue(), lang)
    if new == data:
        return False
    path.write_bytes(new)
    return True


def update() -> int:
    declared = {
        lang: plurals.declared_plural_forms(_po_path(lang).read_bytes())
        for lang in _languages()
        if _po_path(lang).exists()
    }
    _pybabel("extract", "-F", "babel.cfg", "-o", "translations/harbour.pot", "app", "ui")
    _pybabel("update", "-i", "translations/harbour.pot", "-d", "translations", "-D", DOMAIN)
    for lang in sorted(declared):
        if apply_plural_rule(lang, declared[lang]):
            print(f"set the project's plural rule in translations/{lang}/ ({DOMAIN}.po)")
    return 0


def compile_all(out: Path | None = None) -> int:
    """Write every catalog's .mo beside it, or under ``out`` in the same layout, with the
    project's plural rule. Non-zero when a catalog states another rule (nothing is written
    for it)."""
    failed = 0
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po")):
        language = po.parent.parent.name
        try:
            data = compile_catalog(po, language, strict=True)
        except (ValueError, LookupError) as error:
            print(f"not compiled: {error}", file=sys.stderr)
            failed += 1
            continue
        mo = po.with_suffix(".mo")
        if out is not None:
            mo = out / mo.relative_to(TRANSLATIONS)
            mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(data)
        print(f"compiled {po.relative_to(ROOT)}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    commands = {"update": update, "compile": compile_all}
    if len(argv) == 1 and argv[0] in commands:
        return commands[argv[0]]()
    print(__doc__.strip().splitlines()[0])
    print("usage: python tools/ui_catalog.py update | compile")
    return 2


if __name__ == "__main__":
    sys.exit(main())
