"""Languages named in the reader's language, for staff.

CLDR (through Babel) names most languages in most languages. Dari is the gap: CLDR has no
locale "prs", and names the language only as the Afghan variant of Persian ("fa_AF": "Dari"
in English, "الدارية" in Arabic). Where CLDR has no name at all, the UI catalog's "Dari" is
used, and for any other unknown code the code itself, never an exception.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
from babel import Locale, localedata
from babel.core import UnknownLocaleError
from babel.languages import get_official_languages

from app.i18n import N_, SOURCE_LANGUAGE, _, active_language, babel_locale, native_name

# Codes CLDR lists under another key, and the catalog's word when CLDR has none.
_CLDR_KEY = {"prs": "fa_AF"}
_FALLBACK = {"prs": N_("Dari")}


def language_name(code: str, language: str | None = None) -> str:
    """``code`` (ISO 639, e.g. "prs", "ar", "ti") named in ``language`` (default: the UI
    language), first letter capitalised for a list or a label. Never raises."""
    reader = babel_locale(language or active_language())
    key = _CLDR_KEY.get(code, code)
    name = reader.languages.get(key)
    if not name and code in _FALLBACK:
        name = _(_FALLBACK[code])
    if not name:
        try:
            name = Locale.parse(key).get_display_name(reader)
        except (ValueError, LookupError, TypeError, UnknownLocaleError):
            name = None
    if not name:
        return code
    return name[:1].upper() + name[1:]


# ---- pickers: every language and country, searchable by any of its names ---------------
# One code style everywhere a case or an assessment stores a language: **ISO 639-3** ("ara",
# "prs", "ckb", "tir"), as registration.md asks, because it has codes for the languages
# children speak that ISO 639-1 lacks (Dari, Hazaragi, Sorani, Tigre, Pular ...). A two-letter
# code in an older record or typed by hand ("ar") is read as its ISO 639-3 equal ("ara") by
# ``app.domain.codes.normalise_language``; a code nobody knows is kept as written, never
# dropped. Countries are ISO 3166-1 alpha-2 ("SD", "AF").
#
# Each entry carries what a person may type to find it: the name in the interface language
# (CLDR through Babel), the English name (CLDR and ISO, from pycountry), the autonym (the
# language's own name, or the country's name in its first official language) and the codes.
# CLDR leaves gaps (Hazaragi, Kurmanji ...): ``_GAPS`` fills them, and ``_ALIASES`` adds the
# names staff use ("Farsi", "Sorani").

LANGUAGE = "language"
COUNTRY = "country"


@dataclass(frozen=True)
class Entry:
    code: str  # ISO 639-3 for a language, ISO 3166-1 alpha-2 for a country
    name: str  # in the interface language
    english: str
    autonym: str  # "" when unknown or the same as ``name``
    keys: tuple[str, ...]  # folded search keys: names, autonym, codes, aliases
    common: bool  # CLDR knows it (widely used): ranked before rare ISO 639-3 entries

    def label(self) -> str:
        """The name as a list shows it: 'Arabic — العربية (ara)'."""
        if self.autonym and fold(self.autonym) != fold(self.name):
            return f"{self.name} — {self.autonym} ({self.code})"
        return f"{self.name} ({self.code})"


# Languages CLDR has no name for, named here: English, own name, and names in the shipped
# interface languages where a translator gave one (English is shown otherwise).
_GAPS: dict[str, dict[str, str]] = {
    "prs": {"en": "Dari", "self": "دری", "prs": "دری", "ckb": "دەری"},
    "haz": {"en": "Hazaragi", "self": "هزارگی", "fr": "hazaragi", "prs": "هزارگی"},
    "kmr": {"en": "Northern Kurdish (Kurmanji)", "self": "Kurmancî", "fr": "kurmandji"},
    "apd": {"en": "Sudanese Arabic", "self": "عربي سوداني", "ar": "العربية السودانية"},
    "fuf": {"en": "Pular", "self": "Pulaar", "fr": "poular"},
}

_ALIASES: dict[str, tuple[str, ...]] = {
    "fas": ("Farsi", "فارسی"),
    "prs": ("Afghan Persian", "Farsi-e Dari"),
    "pus": ("Pashto", "Pushtu", "Pakhto"),
    "ckb": ("Sorani", "سۆرانی"),
    "kmr": ("Kurmanji",),
    "tir": ("Tigrigna",),
    "ara": ("Arabic",),
    "ukr": ("Ukrainian",),
    "som": ("Af-Soomaali",),
    "ful": ("Fulani", "Peul"),
}

_ARABIC_FOLDS = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ـ": None}
)


def fold(text: str) -> str:
    """Text as a search compares it: no case, no accents or vowel marks, one spelling of
    the Arabic-script letters Persian, Pashto and Urdu write differently."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_ARABIC_FOLDS).casefold().split())


def _cldr_key(language: object) -> str:
    """CLDR names a language by its shortest code: 'ar' for Arabic, 'ckb' for Sorani."""
    return getattr(language, "alpha_2", None) or language.alpha_3  # type: ignore[attr-defined]


AUTONYMS_FILE = Path(__file__).with_name("autonyms.json")


def cldr_autonyms() -> dict[str, dict[str, str]]:
    """From Babel's CLDR data: each language's name for itself (by CLDR key) and each
    country's name in its first official language other than English. Reading the ~300
    locales takes seconds, so the result ships as ``autonyms.json`` (``python -m
    app.i18n.names`` rewrites it; a unit test keeps it equal to Babel's data)."""
    ids = set(localedata.locale_identifiers())
    languages: dict[str, str] = {}
    for language in pycountry.languages:
        key = _cldr_key(language)
        if getattr(language, "type", "") == "L" and key in ids:
            name = native_name(key)
            if name and name != key:
                languages[key] = name
    countries: dict[str, str] = {}
    for country in pycountry.countries:
        for language in get_official_languages(country.alpha_2, de_facto=True):
            if language == "en" or language not in ids:
                continue
            name = Locale.parse(language).territories.get(country.alpha_2, "")
            if name:
                countries[country.alpha_2] = name
                break
    return {
        "languages": dict(sorted(languages.items())),
        "countries": dict(sorted(countries.items())),
    }


@lru_cache(maxsize=1)
def _autonyms() -> dict[str, dict[str, str]]:
    try:
        return json.loads(AUTONYMS_FILE.read_text("utf-8"))
    except (OSError, ValueError):  # pragma: no cover - a broken install: names still work
        return {"languages": {}, "countries": {}}


def _autonym(cldr_key: str) -> str:
    if cldr_key in _GAPS:
        return _GAPS[cldr_key]["self"]
    return _autonyms()["languages"].get(cldr_key, "")


NAMES_FILE = Path(__file__).with_name("language_names.json")


@lru_cache(maxsize=1)
def _names_file() -> dict[str, dict[str, str]]:
    """Names of languages CLDR lacks in an interface language (``language_names.json``,
    with its sources)."""
    try:
        data = json.loads(NAMES_FILE.read_text("utf-8"))
    except (OSError, ValueError):  # pragma: no cover - a broken install: CLDR still names
        return {}
    names: dict[str, dict[str, str]] = data.get("names", {})
    return names


def _named_here(code: str, ui_language: str) -> str:
    return _names_file().get(code, {}).get(ui_language, "")


def _script(text: str) -> str:
    """The script of a text's first letter ("ARABIC", "LATIN", "ETHIOPIC" ...), or ""."""
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "").split(" ")[0]
    return ""


def _same_script(autonym: str, ui_language: str) -> str:
    """The language's own name when the reader's script writes it (an Arabic reader reads
    "Kurmancî" no better than "Northern Kurdish", but reads an Arabic-script autonym),
    else ""."""
    if not autonym:
        return ""
    reader = _script(native_name(ui_language or SOURCE_LANGUAGE))
    return autonym if reader and _script(autonym) == reader else ""


def _ui_locale(ui_language: str) -> Locale:
    return babel_locale(ui_language or SOURCE_LANGUAGE)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@lru_cache(maxsize=16)
def language_entries(ui_language: str) -> tuple[Entry, ...]:
    """Every living language in ISO 639-3, named for a reader of ``ui_language``."""
    ui = _ui_locale(ui_language)
    english = Locale.parse("en")
    found: list[Entry] = []
    for language in pycountry.languages:
        if getattr(language, "type", "") != "L":
            continue
        code = language.alpha_3
        key = _cldr_key(language)
        gap = _GAPS.get(code, {})
        cldr_english = english.languages.get(key, "")
        english_name = gap.get("en") or cldr_english or language.name
        autonym = _autonym(code if code in _GAPS else key)
        name = (
            gap.get(ui_language)
            or _named_here(code, ui_language)
            or ui.languages.get(_CLDR_KEY.get(code, key))
            or _same_script(autonym, ui_language)
            or english_name
        )
        names = {name, english_name, language.name, cldr_english, autonym}
        names.update(_ALIASES.get(code, ()))
        codes = {code, getattr(language, "alpha_2", "")}
        keys = tuple(sorted({fold(n) for n in names | codes if n}))
        found.append(
            Entry(
                code=code,
                name=_capital(name),
                english=english_name,
                autonym=_capital(autonym),
                keys=keys,
                common=bool(cldr_english) or code in _GAPS,
            )
        )
    return tuple(sorted(found, key=lambda e: fold(e.name)))


def _country_autonym(code: str) -> str:
    return _autonyms()["countries"].get(code, "")


@lru_cache(maxsize=16)
def country_entries(ui_language: str) -> tuple[Entry, ...]:
    """Every ISO 3166-1 country, named for a reader of ``ui_language``."""
    ui = _ui_locale(ui_language)
    english = Locale.parse("en")
    found: list[Entry] = []
    for country in pycountry.countries:
        code = country.alpha_2
        cldr_english = english.territories.get(code, "")
        iso = getattr(country, "common_name", None) or country.name
        english_name = cldr_english or iso
        name = ui.territories.get(code) or english_name
        autonym = _country_autonym(code)
        names = {name, english_name, iso, country.name, autonym, country.alpha_3, code}
        official = getattr(country, "official_name", "")
        if official:
            names.add(official)
        found.append(
            Entry(
                code=code,
                name=name,
                english=english_name,
                autonym=autonym,
                keys=tuple(sorted({fold(n) for n in names if n})),
                common=True,
            )
        )
    return tuple(sorted(found, key=lambda e: fold(e.name)))


def entries(kind: str, ui_language: str) -> tuple[Entry, ...]:
    return language_entries(ui_language) if kind == LANGUAGE else country_entries(ui_language)


@lru_cache(maxsize=32)
def _by_code(kind: str, ui_language: str) -> dict[str, Entry]:
    return {e.code: e for e in entries(kind, ui_language)}


def normalise(kind: str, code: str) -> str:
    """The stored form of a code: ISO 639-3 for a language ('ar' -> 'ara'), upper-case
    alpha-2 for a country; an unknown code comes back trimmed, never dropped."""
    from app.domain.codes import normalise_language

    code = code.strip()
    if kind == LANGUAGE:
        return normalise_language(code)
    return code.upper()


def find(kind: str, code: str, ui_language: str) -> Entry | None:
    """The entry of a stored code (either code style for a language), or None."""
    if not code:
        return None
    return _by_code(kind, ui_language).get(normalise(kind, code))


def display(kind: str, code: str, ui_language: str) -> str:
    """A code as people read it ('Arabic'); an unknown code as it was written."""
    entry = find(kind, code, ui_language)
    return entry.name if entry is not None else code


def _rank(entry: Entry, query: str) -> int | None:
    best: int | None = None
    for key in entry.keys:
        if key == query:
            rank = 0
        elif key.startswith(query):
            rank = 1
        elif any(word.startswith(query) for word in key.replace("(", " ").split()):
            rank = 2
        elif query in key:
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
        if best == 0:
            break
    return best


def search(kind: str, query: str, ui_language: str, limit: int = 40) -> list[Entry]:
    """Entries matching ``query`` in any name or code, best first: exact matches, then
    names that start with it, then words that start with it, then anywhere; widely used
    languages before rare ones; then by name."""
    folded = fold(query)
    pool = entries(kind, ui_language)
    if not folded:
        return [e for e in pool if e.common][:limit]
    scored = []
    for entry in pool:
        rank = _rank(entry, folded)
        if rank is not None:
            scored.append((rank, not entry.common, fold(entry.name), entry))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored[:limit]]


def resolve(kind: str, text: str, ui_language: str) -> Entry | None:
    """The one entry a typed text names exactly (a code, or a name in any language), or
    None when it names none or several."""
    folded = fold(text)
    if not folded:
        return None
    entry = find(kind, text.strip(), ui_language)
    if entry is not None:
        return entry
    exact = [e for e in entries(kind, ui_language) if folded in e.keys]
    if len(exact) == 1:
        return exact[0]
    common = [e for e in exact if e.common]
    return common[0] if len(common) == 1 else None


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    AUTONYMS_FILE.write_text(
        json.dumps(cldr_autonyms(), ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    print(f"wrote {AUTONYMS_FILE}")
