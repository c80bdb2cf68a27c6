"""Language and country codes: ISO 639-3 and ISO 3166 (pycountry's data), pure lookups."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=4096)
def language_exists(code: str) -> bool:
    code = code.strip().lower()
    if len(code) == 3:
        return pycountry.languages.get(alpha_3=code) is not None
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code) is not None
    return False


@lru_cache(maxsize=4096)
def to_iso639_3(code: str) -> str | None:
    code = code.strip().lower()
    found = (
        pycountry.languages.get(alpha_3=code)
        if len(code) == 3
        else pycountry.languages.get(alpha_2=code)
        if len(code) == 2
        else None
    )
    return found.alpha_3 if found else None


def normalise_language(code: str) -> str:
    """The one code style Harbour stores for a language: ISO 639-3 ("ar" -> "ara",
    "ARA" -> "ara"). A code ISO 639 does not know is kept as written (trimmed), so an
    older record loses nothing and its validation can still name it."""
    return to_iso639_3(code) or code.strip()


def language_name(code: str) -> str:
    found = pycountry.languages.get(alpha_3=code) if len(code) == 3 else None
    return found.name if found else code


@lru_cache(maxsize=512)
def country_exists(code: str) -> bool:
    code = code.strip().upper()
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code.upper())
    return getattr(found, "common_name", None) or (found.name if found else code)
