"""The character rules of app/domain/text.py ([R2]) at their edges: line and paragraph
separators, lone surrogates, invisible characters that are not format characters and
format characters that are not default-ignorable, ZWNJ at either end of a name or beside a
letter of a script that does not write it.

Beside tests/unit/test_text_rules.py; each example here was a mutant of text.py that
survived every test (tools/mutation.py, see docs/mutation.md).
"""

from __future__ import annotations

import pytest

from app.domain import text

CONTROL, DIRECTION, INVISIBLE = text.CONTROL, text.DIRECTION, text.INVISIBLE


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("Ali\u2028Hassan", (CONTROL, "U+2028")),  # line separator
        ("Ali\u2029", (CONTROL, "U+2029")),  # paragraph separator
        ("Ali\ud800", (CONTROL, "U+D800")),  # a lone surrogate
        ("Ali\ufe0f", (INVISIBLE, "U+FE0F")),  # variation selector: ignorable, not Cf
        ("\u3164Ali", (INVISIBLE, "U+3164")),  # Hangul filler: ignorable, a "letter"
        ("Ali\ufff9", (INVISIBLE, "U+FFF9")),  # a format character not default-ignorable
        ("Ali\u200cرضا", (INVISIBLE, "U+200C")),  # ZWNJ after a Latin letter
        ("گل\u200c", (INVISIBLE, "U+200C")),  # ZWNJ at the end
        ("\u200cگل", (INVISIBLE, "U+200C")),  # ... and at the start
        ("\U00017000\u200c\U00017000", (INVISIBLE, "U+200C")),  # letters without a name
        ("گل\u200cاحمد", None),  # Persian: ZWNJ between two Arabic-script letters
        ("علی ب\u200cت", None),  # the letter right before it counts, not the one before that
    ],
)
def test_name_characters(name: str, refused: tuple[str, str] | None) -> None:
    found = text.name_problem(name)
    assert (found and (found[0], found[1]["code"])) == refused


def test_free_text_keeps_tabs_and_line_breaks_but_not_surrogates() -> None:
    assert text.text_problem("line one\tline two\nthree\r\n") is None
    assert text.text_problem("first\u2028second\u2029") is None
    assert text.text_problem("a\ud800") == (CONTROL, {"code": "U+D800"})


def test_line_and_paragraph_separators_are_escaped_for_a_terminal() -> None:
    assert text.terminal_safe("a\u2028b\u2029c") == "a\\u2028b\\u2029c"
