"""Extract the UI strings and update every UI catalog (gettext domain "harbour"); compile
every catalog to .mo.

    .venv/bin/python tools/ui_catalog.py update
    .venv/bin/python tools/ui_catalog.py compile

Runs ``pybabel extract`` (app/ and ui/, with babel.cfg) and ``pybabel update``, then puts
back what ``pybabel update`` drops for a language Babel's CLDR data does not know: Dari
(``prs``) loses its Plural-Forms header, and gettext would then assume two plural forms
where Dari, like Persian, has one. Translators then work on the .po files with any PO
editor (Poedit, Lokalize, Weblate).

``compile`` writes the .mo files of both domains (an installer may ship them; the app
otherwise compiles in memory). ``pybabel compile`` would leave Dari's Plural-Forms out of
the .mo for the same reason, and gettext would then show English for plural phrases.
"""

from __future__ import annotations

import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))

from information_catalog import PLURAL_FALLBACK, _plural_forms

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
DOMAIN = "harbour"
WIDTH = 76  # pybabel's own line width, so that its next update does not rewrap


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def restore_plural_forms(lang: str) -> bool:
    """Give a catalog of a language unknown to CLDR its Plural-Forms header back, with as
    many forms per plural entry as the language has. True when the file changed."""
    path = TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    data = path.read_bytes()
    with path.open("rb") as fh:
        catalog = read_po(fh, domain=DOMAIN)
    nplurals = int(re.match(r"nplurals=(\d+)", _plural_forms(lang)).group(1))
    for message in catalog:
        if message.id and message.pluralizable and isinstance(message.string, tuple):
            forms = list(message.string)
            message.string = tuple((forms + forms[-1:] * nplurals)[:nplurals])
    buf = BytesIO()
    write_po(buf, catalog, width=WIDTH, include_previous=False)
    new = buf.getvalue()
    if not re.search(rb'"Plural-Forms:', new):
        line = f'"Plural-Forms: {_plural_forms(lang)}\\n"\n'.encode()
        new = re.sub(rb'("Language-Team: [^\n]*\n)', lambda m: m.group(1) + line, new, count=1)
    # Babel writes the form count from its own default (2) for an unknown locale: trim.
    if nplurals == 1:
        new = re.sub(rb'\nmsgstr\[[1-9]\] [^\n]*(?:\n"[^\n]*)*', b"", new)
    if new == data:
        return False
    path.write_bytes(new)
    return True


def update() -> int:
    _pybabel("extract", "-F", "babel.cfg", "-o", "translations/harbour.pot", "app", "ui")
    _pybabel("update", "-i", "translations/harbour.pot", "-d", "translations", "-D", DOMAIN)
    for lang in PLURAL_FALLBACK:
        if restore_plural_forms(lang):
            print(f"restored the Plural-Forms header of translations/{lang}/ ({DOMAIN}.po)")
    return 0


def compile_all(out: Path | None = None) -> int:
    """Write every catalog's .mo beside it, or under ``out`` in the same layout."""
    sys.path.insert(0, str(ROOT))
    from babel.messages.mofile import write_mo

    from app.i18n import babel_locale

    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po")):
        language = po.parent.parent.name
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=babel_locale(language))
        if catalog.locale is None:  # "prs": see app/i18n._load
            catalog.locale = babel_locale(language)
        mo = po.with_suffix(".mo")
        if out is not None:
            mo = out / mo.relative_to(TRANSLATIONS)
            mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        print(f"compiled {po.relative_to(ROOT)}")
    return 0


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
