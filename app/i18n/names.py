"""Languages named in the reader's language, for staff.

CLDR (through Babel) names most languages in most languages. Dari is the gap: CLDR has no
locale "prs", and names the language only as the Afghan variant of Persian ("fa_AF": "Dari"
in English, "الدارية" in Arabic). Where CLDR has no name at all, the UI catalog's "Dari" is
used, and for any other unknown code the code itself, never an exception.
"""

from __future__ import annotations

from babel import Locale
from babel.core import UnknownLocaleError

from app.i18n import N_, _, active_language, babel_locale

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
