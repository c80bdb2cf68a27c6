"""Text that people type and files bring in: one normal form, and what is refused (pure).

[R2] A child's name is kept as the child says it, in its own script. Two things here
change stored text, and neither changes a letter a reader sees: every string is put in
Unicode NFC (a letter typed as base + combining accent and the same letter typed
precomposed become one spelling, so searching and duplicate detection see one name),
and in a person's name runs of spaces of any width become one space, trimmed at the ends.

Refused, each with one message tied to its field (``name_problem``, ``text_problem``;
``validate_case`` applies them to every string of a case):

- control characters (C0, DEL, C1; in names also tab and line breaks): they can move the
  cursor, clear the screen or ring the bell when shown in a terminal;
- characters that change the writing direction (embeddings, overrides, isolates,
  U+202A-U+202E and U+2066-U+2069): U+202E shows "Ali" + RLO + "ilA" as "AliAli";
- in names, invisible characters (default-ignorable code points: zero-width space, soft
  hyphen, byte order mark, Hangul fillers, variation selectors, tags ...), except ZWNJ
  (U+200C) and ZWJ (U+200D) between two letters of a script that writes them (Arabic
  script for Persian, Dari, Pashto, Urdu and Kurdish — گل‌احمد — Syriac, N'Ko, Mongolian
  and the Indic scripts);
- names with no visible letter or digit.

Files: ``decode_text`` takes UTF-8 with or without a byte order mark, and refuses
anything else naming what it found (UTF-16, UTF-32, an 8-bit code page, binary data).

Terminals: ``terminal_safe`` escapes what could act on a terminal (controls, format
characters except ZWNJ/ZWJ, line separators, lone surrogates) as ``\\uXXXX``.
"""

from __future__ import annotations

import re
import unicodedata

from app.errors import HarbourError
from app.i18n import N_, _

CONTROL = N_("This field holds a control character ({code}); delete it and type the text again.")
DIRECTION = N_(
    "This field holds a character that changes the writing direction ({code}); "
    "delete it and type the text again."
)
INVISIBLE = N_(
    "This field holds an invisible character ({code}) that the name does not need; "
    "delete it and type the name again."
)
NO_LETTER = N_("This name has no visible letter or digit.")

ENCODING = N_("{path} is in {encoding}, not UTF-8. Save it as UTF-8 and try again.")
NOT_UTF8 = N_(
    "{path} is not UTF-8: line {line} holds a byte that UTF-8 does not use, so the file is "
    "probably in {encoding}. Save it as UTF-8 and try again."
)
CODE_PAGE = N_("an 8-bit code page such as Windows-1252 or Latin-1")
NOT_TEXT = N_("{path} is not a text file (it holds binary data).")

ZWNJ, ZWJ = "\u200c", "\u200d"
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TEXT_CONTROLS_ALLOWED = frozenset("\t\n\r")  # in free text (notes), not in names
# Scripts that write ZWNJ/ZWJ between letters (first word of the Unicode character name).
JOINING_SCRIPTS = frozenset(
    {
        "ARABIC",
        "SYRIAC",
        "NKO",
        "MONGOLIAN",
        "DEVANAGARI",
        "BENGALI",
        "GURMUKHI",
        "GUJARATI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
    }
)
# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt): drawn as nothing.
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_SPACES = re.compile(r"[^\S\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+")  # runs of Zs


class InputRefused(HarbourError):
    """A file or a value that is refused whole: ``message`` says why, in one line."""


def code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


_IGNORABLE_SET = frozenset(chr(cp) for low, high in _IGNORABLE for cp in range(low, high + 1))


def is_ignorable(ch: str) -> bool:
    return ch in _IGNORABLE_SET


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ", 1)[0]


def _joins(value: str, index: int) -> bool:
    """Whether the ZWNJ/ZWJ at ``index`` stands between two letters of a joining script."""
    if index == 0 or index == len(value) - 1:
        return False
    before, after = value[index - 1], value[index + 1]
    return all(
        unicodedata.category(ch)[0] in "LM" and _script(ch) in JOINING_SCRIPTS
        for ch in (before, after)
    )


def _visible(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN" and not is_ignorable(ch)


def _control(ch: str, allowed: frozenset[str] = frozenset()) -> bool:
    category = unicodedata.category(ch)
    return (category in ("Cc", "Cs") and ch not in allowed) or category in ("Zl", "Zp")


def name_problem(value: str) -> tuple[str, dict[str, str]] | None:
    """Why a person's name is refused (msgid, params), or None. Empty is not a problem
    here (whether a name is required is the model's rule)."""
    if not value:
        return None
    if value.isascii() and value.isprintable():  # most Latin names: only the letter rule
        return None if any(ch.isalnum() for ch in value) else (NO_LETTER, {})
    for ch in value:
        if _control(ch):
            return CONTROL, {"code": code_point(ch)}
        if ch in BIDI_CONTROLS:
            return DIRECTION, {"code": code_point(ch)}
    if not any(_visible(ch) for ch in value):
        return NO_LETTER, {}
    for index, ch in enumerate(value):
        if ch in (ZWNJ, ZWJ):
            if not _joins(value, index):
                return INVISIBLE, {"code": code_point(ch)}
        elif is_ignorable(ch) or unicodedata.category(ch) == "Cf":
            return INVISIBLE, {"code": code_point(ch)}
    return None


def text_problem(value: str) -> tuple[str, dict[str, str]] | None:
    """Why other free text (a place, a note) is refused, or None: control characters
    other than tab and line breaks, and direction overrides. Invisible characters pass."""
    if value.isascii() and value.isprintable():
        return None
    for ch in value:
        if _control(ch, _TEXT_CONTROLS_ALLOWED) and ch not in "\u2028\u2029":
            return CONTROL, {"code": code_point(ch)}
        if ch in BIDI_CONTROLS:
            return DIRECTION, {"code": code_point(ch)}
    return None


def normalise_text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def normalise_name(value: str) -> str:
    """NFC, runs of spaces (any width, no-break included) as one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _escaped(ch: str, json: bool) -> str:
    cp = ord(ch)
    if cp <= 0xFFFF:
        return f"\\u{cp:04x}"
    if json:  # a JSON string spells a character beyond the BMP as a surrogate pair
        cp -= 0x10000
        return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}"
    return f"\\U{cp:08x}"


#: Marks that only give a neutral character a direction (left-to-right, right-to-left and
#: Arabic letter marks). Translations put them beside paths and numbers so that a line in
#: Arabic script reads right; unlike embeddings, overrides and isolates they cannot reorder
#: a run of text, so they are printed as they are (escaping them printed "\u200f" into
#: every Arabic line). Names never hold them: the name rules refuse invisible characters.
DIRECTION_MARKS = ("\u200e", "\u200f", "\u061c")


def _acts_on_terminal(ch: str) -> bool:
    if ch in (ZWNJ, ZWJ) or ch in DIRECTION_MARKS:
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def terminal_safe(value: str, *, json: bool = False) -> str:
    """``value`` with every character that could act on a terminal written as an escape
    (``\\u001b``). With ``json``, the escapes are JSON's own, so a JSON line stays valid
    and decodes to the original text."""
    if value.isascii() and value.isprintable():
        return value
    return "".join(_escaped(ch, json) if _acts_on_terminal(ch) else ch for ch in value)


def shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# -- files -------------------------------------------------------------------------------
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte order mark, told by where the zero bytes fall."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    zeros = [sum(1 for i in range(k, len(sample), 4) if sample[i] == 0) for k in range(4)]
    quarter = len(sample) / 4
    if sorted(zeros)[1] > 0.7 * quarter and min(zeros) < 0.3 * quarter:
        return "UTF-32"
    even, odd = zeros[0] + zeros[2], zeros[1] + zeros[3]
    if max(even, odd) > 0.3 * len(sample) / 2 and min(even, odd) < 0.05 * len(sample) / 2:
        return "UTF-16"
    return None


def _binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\x0c\x1b")
    return controls > 0.05 * len(sample)


def decode_text(data: bytes, *, name: str) -> str:
    """The text of a CSV or JSON file: UTF-8, with or without a byte order mark.

    Anything else raises ``InputRefused`` naming what the file seems to be in. Zero bytes
    never occur in UTF-8 text: a file holding them is UTF-16/32 or binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            raise InputRefused(ENCODING, path=name, encoding=encoding)
    if b"\x00" in data:
        wide = _wide_encoding(data)
        if wide:
            raise InputRefused(ENCODING, path=name, encoding=wide)
        raise InputRefused(NOT_TEXT, path=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _binary(data):
            raise InputRefused(NOT_TEXT, path=name) from None
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputRefused(NOT_UTF8, path=name, line=line, encoding=_(CODE_PAGE)) from None
    if _binary(data):
        raise InputRefused(NOT_TEXT, path=name)
    return text
