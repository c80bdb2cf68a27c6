"""Translations and locale facts for the whole app.

Catalogs are gettext ``.po`` files in ``translations/<lang>/LC_MESSAGES/harbour.po``.
A compiled ``.mo`` beside the ``.po`` is used when it is up to date; otherwise the
``.po`` is compiled in memory with Babel at first use, so a fresh clone works without
a build step. Plural rules are the project's, one per language, in ``app/i18n/plurals.py``.
``_`` looks the message up in the active language at call time, which
is what lets the UI switch language while running.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import plurals

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported where it is used (locale names, dates, compiling a catalog): about
# 20 ms of CPU that every ``harbour`` command paid at start for an English ``_()``.

DOMAIN = "harbour"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
SOURCE_LANGUAGE = "en"

INFORMATION_DOMAIN = "information"

# Languages CLDR (and so Babel) does not describe: Dari is ISO 639-3 "prs"; we give its
# own name and direction here. Babel is used for every language it knows.
_EXTRA_LOCALES: dict[str, tuple[str, str, str]] = {
    # code: (name in its own script, direction, Babel locale used for numbers and dates)
    "prs": ("دری", "rtl", "fa_AF"),
}

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: dict[tuple[str, str], gettext.NullTranslations] = {}
_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = SOURCE_LANGUAGE


def available_languages() -> list[str]:
    """Language codes with a catalog, plus the source language, English first."""
    found = sorted(
        p.parent.parent.name for p in TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    )
    return [SOURCE_LANGUAGE, *[code for code in found if code != SOURCE_LANGUAGE]]


def native_name(language: str) -> str:
    """The language's name written in its own script (from CLDR), e.g. 'العربية'."""
    from babel import Locale

    if language in _EXTRA_LOCALES:
        return _EXTRA_LOCALES[language][0]
    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, LookupError):
        return language
    return name[:1].upper() + name[1:]


def babel_locale(language: str) -> Locale:
    """The Babel locale for dates, numbers and plural rules of a UI or content language."""
    from babel import Locale

    if language in _EXTRA_LOCALES:
        return Locale.parse(_EXTRA_LOCALES[language][2])
    try:
        return Locale.parse(language)
    except (ValueError, LookupError):
        return Locale.parse("en")


def is_rtl(language: str) -> bool:
    from babel import Locale

    if language in _EXTRA_LOCALES:
        return _EXTRA_LOCALES[language][1] == "rtl"
    try:
        return Locale.parse(language).text_direction == "rtl"
    except (ValueError, LookupError):
        return False


def list_separator(language: str | None = None) -> str:
    """What separates the items of a shown list (reasons, other spellings): the Arabic
    semicolon in the right-to-left languages, which are all written in Arabic script
    here (ar, ckb, prs, ps, ur): a Latin ';' reads as a foreign mark there."""
    return "\u061b " if is_rtl(language or active_language()) else "; "


def format_list(items: list[str], language: str | None = None) -> str:
    """Items joined as the language joins a list (CLDR's "standard" pattern through
    Babel): "Syria, Iraq, and Türkiye"; "سوريا والعراق وتركيا" with the Arabic و, "،" in
    Persian, Pashto and Urdu. A Latin ", " read as a foreign mark in an Arabic line."""
    from babel.lists import format_list as babel_format_list

    shown = [item for item in items if item]
    if not shown:
        return ""
    return babel_format_list(
        shown, style="standard", locale=babel_locale(language or active_language())
    )


def compile_catalog(po_path: Path, language: str, *, strict: bool = False) -> bytes:
    """The .mo of a catalog, pluralising by the project's rule (``app.i18n.plurals``).

    Babel's reader takes the rule from the catalog's Plural-Forms header; for a header
    without one it derives a rule from the locale, which changes with Babel's version and
    is nothing for Dari (CLDR does not know "prs"). So a missing header gets the project's
    rule. A header that states another rule is kept, since the forms were filled in its
    order; ``strict`` (the build tool) refuses it instead, and the tests keep the shipped
    catalogs in step with the table. Fuzzy entries are not trusted translations: they are
    left out, and English is shown for them."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    data = po_path.read_bytes()
    declared = plurals.declared_plural_forms(data)
    decided: str | None
    try:
        decided = plurals.plural_forms(language)
    except LookupError as error:
        if strict:
            raise
        _log.warning("%s: %s; using the catalog's own rule", po_path, error)
        decided = declared
    if declared is None and decided is not None:
        # Into the text, before reading: Babel keeps only as many forms as the rule it
        # assumes while reading.
        data = plurals.with_plural_forms(data, decided)
    elif declared is not None and decided is not None and not plurals.same_rule(declared, decided):
        problem = (
            f"{po_path}: Plural-Forms {declared!r} is not the project's rule {decided!r} "
            f"({plurals.WHERE})"
        )
        if strict:
            raise ValueError(problem)
        _log.warning("%s; its forms are used in the order it states", problem)
    catalog = read_po(io.BytesIO(data), locale=babel_locale(language))
    if catalog.locale is None:
        # "Language: prs" is unknown to CLDR and Babel dropped the locale; Babel 2.18 then
        # writes no Plural-Forms into the .mo at all (gettext would assume English's two).
        catalog.locale = babel_locale(language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _load(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po_path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        raise LookupError(f"no catalog for language {language!r}")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        stated = compiled.info().get("plural-forms")
        rule = plurals.PLURAL_RULES.get(language)
        if rule is None or (stated and plurals.same_rule(stated, rule.plural_forms)):
            return compiled
        # Not made by tools/ui_catalog.py compile (pybabel compile, say): not trusted.
        _log.warning("%s states Plural-Forms %r; compiling %s instead", mo_path, stated, po_path)
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(po_path, language)))


def translations_for(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    with _lock:
        if (language, domain) not in _cache:
            _cache[(language, domain)] = _load(language, domain)
        return _cache[(language, domain)]


def content_languages() -> list[str]:
    """Languages the child-friendly information is shipped in (English first)."""
    found = sorted(
        p.parent.parent.name
        for p in TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{INFORMATION_DOMAIN}.po")
    )
    return [SOURCE_LANGUAGE, *[code for code in found if code != SOURCE_LANGUAGE]]


def format_date(value: dt.date, language: str | None = None, fmt: str = "medium") -> str:
    """A date written the way the language's readers expect (Babel/CLDR)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=fmt, locale=babel_locale(language or _active_language))


def format_number(value: float, language: str | None = None) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(language or _active_language))


def format_percent(fraction: float, language: str | None = None) -> str:
    """A share written as the language writes percentages (Babel/CLDR: "40 %" in French)."""
    from babel.numbers import format_percent as babel_format_percent

    return babel_format_percent(fraction, locale=babel_locale(language or _active_language))


# The digits of the numbering systems that right-to-left languages' readers learn at school
# (CLDR's "native" system of ar, ckb: Arabic-Indic; of fa_AF, ps, ur: extended Arabic-Indic)
_DIGITS = {
    "arab": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "arabext": "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
}


def format_count(value: int, language: str | None = None) -> str:
    """A whole number in the digits the language's readers learnt: "١" in Arabic, "۱" in
    Dari, Pashto and Urdu (CLDR's native numbering system of a right-to-left language;
    Babel writes every number in Latin digits). For the child's screens (walkthrough N5);
    other languages keep Latin digits."""
    from babel.numbers import format_decimal

    language = language or _active_language
    locale = babel_locale(language)
    system = locale.other_numbering_systems.get("native", "latn") if is_rtl(language) else ""
    digits = _DIGITS.get(system)
    if not digits:
        return format_decimal(value, locale=locale)
    written = format_decimal(value, locale=locale, numbering_system=system)  # its separators
    return written.translate(str.maketrans("0123456789", digits))


def locale_display_name(locale_name: str, language: str | None = None) -> str:
    """A locale such as "fa_IR" named in the reader's language ("Persian (Iran)")."""
    from babel import Locale

    try:
        found = Locale.parse(locale_name).get_display_name(
            babel_locale(language or _active_language)
        )
    except (ValueError, LookupError):
        found = None
    return found or locale_name


def set_language(language: str) -> None:
    global _active, _active_language
    _active = translations_for(language)
    _active_language = language


def active_language() -> str:
    return _active_language


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message
