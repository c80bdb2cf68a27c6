"""Passphrase rules and the recovery code format (pure functions)."""

from __future__ import annotations

import secrets
import unicodedata

from app.i18n import N_

DEFAULT_MIN_LENGTH = 12
MIN_ALLOWED_MIN_LENGTH = 10
MAX_LENGTH = 256

# Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand
# cannot be confused (0/O, 1/I/L) and spells no words.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 6
RECOVERY_GROUP_SIZE = 5  # 30 symbols x 5 bits = 150 bits of entropy


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC-normalise so the same passphrase typed on another keyboard layout still matches."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def passphrase_problems(passphrase: str, user_name: str, min_length: int) -> list[str]:
    """Return untranslated msgids for every rule the passphrase breaks (empty when fine).

    Length is what makes a passphrase strong; we do not demand symbol soup, which people
    write on sticky notes. We refuse what is trivially guessable instead.
    """
    problems: list[str] = []
    text = unicodedata.normalize("NFC", passphrase)
    if len(text) < min_length:
        problems.append(N_("Use at least {min_length} characters."))
    if len(text) > MAX_LENGTH:
        problems.append(N_("Use at most 256 characters."))
    if text and len(set(text)) < 4:
        problems.append(N_("Use more different characters."))
    name = user_name.strip().casefold()
    if name and len(name) >= 3 and name in text.casefold():
        problems.append(N_("Do not use your user name in the passphrase."))
    if text.casefold() in _COMMON:
        problems.append(N_("This passphrase is too common."))
    return problems


_COMMON = frozenset(
    {
        "password1234",
        "passwordpassword",
        "123456789012",
        "qwertyuiopas",
        "harbourharbour",
        "welcomewelcome",
    }
)


def new_recovery_code() -> str:
    symbols = "".join(
        secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_SIZE)
    )
    return format_recovery_code(symbols)


def format_recovery_code(symbols: str) -> str:
    step = RECOVERY_GROUP_SIZE
    return "-".join(symbols[i : i + step] for i in range(0, len(symbols), step))


def normalise_recovery_code(code: str) -> str:
    """Accept what a person copies by hand: any case, spaces or dashes, O for 0, I/L for 1."""
    # Digits typed on another keyboard (Arabic-Indic ٣, Persian ۳ ...) are the same digits.
    letters = [str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in code.upper()]
    cleaned = "".join(ch for ch in letters if ch.isascii() and ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    return cleaned


def is_well_formed_recovery_code(code: str) -> bool:
    cleaned = normalise_recovery_code(code)
    return len(cleaned) == RECOVERY_GROUPS * RECOVERY_GROUP_SIZE and all(
        ch in RECOVERY_ALPHABET for ch in cleaned
    )


def throttle_delay_seconds(consecutive_failures: int) -> float:
    """Delay before the next attempt: none for the first three slips, then doubling to 30 s.

    Failures are counted per user in memory and reset by a success: a typo costs
    nothing, guessing gets slow, and nobody is locked out forever.
    """
    if consecutive_failures < 3:
        return 0.0
    return float(min(30, 2 ** (consecutive_failures - 3)))
