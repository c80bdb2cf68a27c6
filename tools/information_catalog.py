"""Build and check the gettext catalogs of the child-friendly information content.

The English source and the structure live in ``resources/information/topics.json``.
Every title and screen becomes one catalog entry: ``msgctxt`` is its id (``welcome.title``,
``welcome.1``, ``welcome.simple.1`` ...) and ``msgid`` is the English text, so translators
work with ordinary PO tools (Poedit, Weblate, Lokalize ...).

    python tools/information_catalog.py extract  # topics.json -> translations/information.pot
    python tools/information_catalog.py update   # .pot -> translations/<lang>/.../information.po
    python tools/information_catalog.py check    # non-zero exit on any missing, fuzzy,
                                                 # empty or invalid entry, one line per problem

``update`` keeps existing translations; an entry whose English text changed becomes fuzzy
(with the old translation as a suggestion) and ``check`` reports it until a translator
confirms it. ``update`` also creates the catalog of a language in ``LANGUAGES`` that has none
yet (with an empty translation for every entry, which ``check`` reports).

Every catalog's Plural-Forms header is the project's rule for its language, from
``app/i18n/plurals.py`` (not the one the installed Babel would derive): ``update`` writes it,
with a header-comment line naming the CLDR version it follows, and ``check`` reports a
catalog that states another.

Each language also has ``translations/<lang>/information-review.json`` with a review status
per topic: ``{"status": "draft"}`` or ``{"status": "reviewed", "by": NAME, "date":
"YYYY-MM-DD"}`` (English: ``"source"``). Only a qualified translator's review may set
``reviewed``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: tools/ is on the path, the app is not
    sys.path.insert(0, str(ROOT))

from app.i18n import plurals  # noqa: E402  (the project's plural rules; no Qt)

TOPICS = ROOT / "resources" / "information" / "topics.json"
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "information.pot"
DOMAIN = "information"

#: Shipped languages (English is the source and has no catalog).
LANGUAGES = ("fr", "ar", "prs", "ps", "ti", "so", "uk", "ckb", "ur")
TEAM_NAMES = {
    "fr": "French",
    "ar": "Arabic",
    "prs": "Dari",
    "ps": "Pashto",
    "ti": "Tigrinya",
    "so": "Somali",
    "uk": "Ukrainian",
    "ckb": "Kurdish (Sorani)",
    "ur": "Urdu",
}
REVIEW_STATUSES = ("draft", "reviewed", "source")
HEADER_COMMENT = (
    "# Harbour child-friendly information, {language}.\n"
    "# Draft written without a qualified translator; not yet reviewed.\n"
    "# Source: resources/information/topics.json (tools/information_catalog.py).\n"
    "#"
)
DRAFT_TRANSLATOR = "Draft by the Harbour developers (not yet checked by a qualified translator)"
PROJECT = "Harbour information"
VERSION = "1"


def load_topics(path: Path = TOPICS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["topics"]


def entries(topics: list[dict]) -> list[tuple[str, str, str]]:
    """(context, English text, translator comment) for every title and screen, in order."""
    out: list[tuple[str, str, str]] = []
    for topic in topics:
        tid = topic["id"]
        out.append((f"{tid}.title", topic["title"], f"Title of the topic '{tid}'."))
        for kind, label in (("screens", "screen"), ("simple", "simple screen for young children")):
            items = topic.get(kind, [])
            for n, item in enumerate(items, 1):
                out.append(
                    (item["id"], item["text"], f"Topic '{tid}', {label} {n} of {len(items)}.")
                )
    return out


def build_template(topics: list[dict]) -> Catalog:
    template = Catalog(
        project=PROJECT,
        version=VERSION,
        copyright_holder="Harbour contributors",
        msgid_bugs_address="",
        header_comment=(
            "# Harbour child-friendly information: translation template.\n"
            "# Generated from resources/information/topics.json by\n"
            "# tools/information_catalog.py extract; do not edit by hand.\n"
            "#"
        ),
        fuzzy=False,
    )
    for context, text, comment in entries(topics):
        template.add(text, context=context, auto_comments=[comment])
    return template


def _po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def set_plural_rule(catalog: Catalog, lang: str, declared: str | None) -> list[str]:
    """Give ``catalog`` the project's plural rule of ``lang`` (app/i18n/plurals.py, never
    Babel's): its Plural-Forms header, the header-comment lines naming the rule, and as many
    forms per plural entry as the rule has (a missing form is left empty for the
    translator). ``declared`` is the Plural-Forms the file stated before. If that was
    another rule, the translated plural entries were filled in its order: they are marked
    fuzzy (so they are not used, and ``check`` and the tests report them) until a translator
    puts their forms in the new order. Returns one note per such entry."""
    decided = plurals.rule(lang)
    changed = declared is not None and not plurals.same_rule(declared, decided.plural_forms)
    catalog.mime_headers = [("Plural-Forms", decided.plural_forms)]
    catalog.header_comment = plurals.with_header_comment(catalog.header_comment, lang)
    notes = []
    for message in catalog:
        if not (message.id and message.pluralizable):
            continue
        strings = message.string
        forms = list(strings) if isinstance(strings, (list, tuple)) else [strings or ""]
        if changed and any(forms):
            message.flags.add("fuzzy")
            notes.append(
                f"{lang}: {message.id[0]!r} was filled for {declared!r}: reorder its forms "
                f"for {decided.plural_forms!r} ({', '.join(decided.categories)})"
            )
        message.string = tuple((forms + [""] * decided.nplurals)[: decided.nplurals])
    return notes


def with_plural_forms_line(data: bytes, lang: str) -> bytes:
    """Babel 2.18 writes no Plural-Forms header for a locale its CLDR data does not know
    (prs), whatever the catalog says: put the project's in."""
    if plurals.declared_plural_forms(data) is not None:
        return data
    return plurals.with_plural_forms(data, plurals.plural_forms(lang))


def _serialise(catalog: Catalog, lang: str | None) -> bytes:
    buf = BytesIO()
    write_po(buf, catalog, width=79, ignore_obsolete=True, include_previous=True)
    data = buf.getvalue()
    return with_plural_forms_line(data, lang) if lang else data


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def new_catalog(lang: str, template: Catalog) -> Catalog:
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project=PROJECT,
        version=VERSION,
        msgid_bugs_address="",
        header_comment=HEADER_COMMENT.format(language=TEAM_NAMES.get(lang, lang)),
        last_translator=DRAFT_TRANSLATOR,
        language_team=TEAM_NAMES.get(lang, lang),
        fuzzy=False,
    )
    set_plural_rule(catalog, lang, None)
    catalog.update(template)
    return catalog


def extract() -> int:
    template = build_template(load_topics())
    POT.parent.mkdir(parents=True, exist_ok=True)
    data = _serialise(template, None)
    # Keep the file stable when nothing changed (no churn from the creation date).
    if POT.exists():
        old = POT.read_bytes()
        strip = re.compile(rb'"POT-Creation-Date: [^\n]*\n')
        if strip.sub(b"", old) == strip.sub(b"", data):
            print(f"{POT.relative_to(ROOT)}: unchanged ({len(template)} entries)")
            return 0
    POT.write_bytes(data)
    print(f"wrote {POT.relative_to(ROOT)} ({len(template)} entries)")
    return 0


def update() -> int:
    with POT.open("rb") as fh:
        template = read_po(fh)
    for lang in LANGUAGES:
        path = _po_path(lang)
        if path.exists():
            declared = plurals.declared_plural_forms(path.read_bytes())
            catalog = read_catalog(path, lang)
            catalog.update(template, update_header_comment=False, update_creation_date=True)
            for note in set_plural_rule(catalog, lang, declared):
                print(f"{path.relative_to(ROOT)}: {note}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = new_catalog(lang, template)
        path.write_bytes(_serialise(catalog, lang))
        print(f"updated {path.relative_to(ROOT)}")
    return 0


def problems() -> list[str]:
    """Every problem found in the shipped catalogs and review files, one string each."""
    found: list[str] = []
    topics = load_topics()
    expected = [(context, text) for context, text, _ in entries(topics)]
    if not POT.exists():
        return [f"{POT.relative_to(ROOT)}: missing (run extract)"]
    with POT.open("rb") as fh:
        template = read_po(fh)
    pot_keys = {(m.context, m.id) for m in template if m.id}
    for context, text in expected:
        if (context, text) not in pot_keys:
            found.append(f"{POT.relative_to(ROOT)}: {context} out of date (run extract)")
    topic_ids = [t["id"] for t in topics]
    for lang in ("en", *LANGUAGES):
        found += _review_problems(lang, topic_ids)
    for lang in LANGUAGES:
        path = _po_path(lang)
        rel = path.relative_to(ROOT)
        if not path.exists():
            found.append(f"{rel}: missing")
            continue
        catalog = read_catalog(path, lang)
        if catalog.fuzzy:
            found.append(f"{rel}: header marked fuzzy")
        declared = plurals.declared_plural_forms(path.read_bytes())
        if declared is None or not plurals.same_rule(declared, plurals.plural_forms(lang)):
            found.append(
                f"{rel}: Plural-Forms {declared!r} is not the project's rule "
                f"{plurals.plural_forms(lang)!r} ({plurals.WHERE}; run update)"
            )
        for message in template:
            if not message.id:
                continue
            got = catalog.get(message.id, context=message.context)
            if got is None:
                found.append(f"{rel}: {message.context}: missing")
                continue
            strings = got.string if isinstance(got.string, (list, tuple)) else [got.string]
            if not all(s and s.strip() for s in strings):
                found.append(f"{rel}: {message.context}: empty")
            if got.fuzzy:
                found.append(f"{rel}: {message.context}: fuzzy")
        for message, errors in catalog.check():
            for error in errors:
                found.append(f"{rel}: {message.context or message.id}: {error}")
    return found


def _review_problems(lang: str, topic_ids: list[str]) -> list[str]:
    path = TRANSLATIONS / lang / "information-review.json"
    rel = path.relative_to(ROOT)
    if not path.exists():
        return [f"{rel}: missing"]
    review = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for tid in topic_ids:
        entry = review.get(tid)
        if not isinstance(entry, dict) or entry.get("status") not in REVIEW_STATUSES:
            out.append(f"{rel}: {tid}: no valid status")
            continue
        if (entry["status"] == "source") != (lang == "en"):
            out.append(f"{rel}: {tid}: status {entry['status']!r} not allowed for {lang}")
        if entry["status"] == "reviewed":
            if not str(entry.get("by", "")).strip():
                out.append(f"{rel}: {tid}: reviewed without 'by'")
            try:
                _dt.date.fromisoformat(str(entry.get("date")))
            except ValueError:
                out.append(f"{rel}: {tid}: reviewed without a valid 'date' (YYYY-MM-DD)")
    return out


def check() -> int:
    found = problems()
    for line in found:
        print(line)
    if not found:
        print(f"ok: {len(LANGUAGES)} languages complete")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    commands = {"extract": extract, "update": update, "check": check}
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__.strip().splitlines()[0])
        print("usage: python tools/information_catalog.py extract | update | check")
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main())
