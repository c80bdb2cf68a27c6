"""Text people type and files bring in (app/domain/text.py; issue 11, finding 7).

[R2] A name is kept as the child says it, in its own script: NFC changes no letter a
reader sees, and ZWNJ/ZWJ stay where the script writes them (Persian, Dari and Pashto
names such as گل‌احمد carry U+200C). What is refused is what nobody can see or what
rewrites the line around it: control characters, bidi overrides, invisible characters,
names with no visible letter.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import text
from app.domain.case import Adult, Arrival, Birth, CaseDraft, Names, Separation, validate_case
from app.i18n import _

TODAY = dt.date(2026, 11, 23)


def problem(value: str, *, name: bool = True) -> str | None:
    found = text.name_problem(value) if name else text.text_problem(value)
    return None if found is None else _(found[0]).format(**found[1])


@pytest.mark.parametrize(
    "name",
    [
        "Ali",
        "محمد",
        "گل\u200cاحمد",  # ZWNJ inside a Persian name
        "می\u200cخواهم نور",
        "ዮናስ",
        "Олександр",
        "Abdi Cali Xasan",
        "O'Brien-Nuur",
        "क्\u200dष",  # ZWJ after a virama (Devanagari)
        "Ahmad 2",
    ],
)
def test_names_in_every_script_are_accepted(name: str) -> None:
    assert problem(name) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("\x1b[31mAli", "This field holds a control character (U+001B)"),
        ("Ali\tRahimi", "This field holds a control character (U+0009)"),
        ("Ali\x85", "This field holds a control character (U+0085)"),
        ("Ali\u202eilA", "This field holds a character that changes the writing direction"),
        ("\u2067Ali\u2069", "changes the writing direction (U+2067)"),
        ("Ali\u200bRahimi", "invisible character (U+200B)"),
        ("Ali\ufeff", "invisible character (U+FEFF)"),
        ("Ali\u00ad", "invisible character (U+00AD)"),
        ("Jo\u200chn", "invisible character (U+200C)"),  # Latin does not use ZWNJ
        ("\u200cگل", "invisible character (U+200C)"),  # nothing to separate
        ("گل\u200c احمد", "invisible character (U+200C)"),  # before a space
        ("گل\u200c\u200cاحمد", "invisible character (U+200C)"),
        ("\u200b", "has no visible letter"),
        ("\u200c\u200d", "has no visible letter"),
        ("\u3164\u3164", "has no visible letter"),
        ("\u2800", "has no visible letter"),
        ("\u0301\u0301", "has no visible letter"),
        ("---", "has no visible letter"),
    ],
)
def test_names_nobody_can_read_are_refused(name: str, expected: str) -> None:
    found = problem(name)
    assert found is not None and expected in found, found


def test_other_text_refuses_controls_and_overrides_only() -> None:
    assert problem("near the \u200bstation", name=False) is None
    assert problem("---", name=False) is None
    assert "control character (U+0007)" in problem("bell\x07", name=False)
    assert "writing direction (U+202D)" in problem("x\u202dy", name=False)


def test_names_are_normalised_to_nfc_and_spaces_to_one() -> None:
    assert text.normalise_name("Jose\u0301") == "José"
    assert text.normalise_name(" Ali\u00a0\u3000 Rahimi ") == "Ali Rahimi"
    assert text.normalise_name("\u1100\u1161") == "가"  # Hangul jamo compose
    assert text.normalise_text(" e\u0301 ") == " é "  # other text: NFC only


def test_the_case_model_stores_nfc_everywhere() -> None:
    draft = CaseDraft(
        names=Names(given="Jose\u0301", aliases=["Jose\u0301 A."]),
        arrival=Arrival(place="Ma\u0301laga"),
        birth=Birth(declared_age=15),
    )
    assert draft.names.given == "José"
    assert draft.names.aliases == ["José A."]
    assert draft.arrival.place == "Málaga"


def test_validate_case_names_the_field_of_each_text_problem() -> None:
    draft = CaseDraft(
        names=Names(given="Saba", family="\u202eabaS", aliases=["ok", "\u200b"]),
        birth=Birth(declared_age=15),
        arrival=Arrival(place="Lampedusa\x1b[2J"),
        separation=Separation(status="separated", adult=Adult(name="\u200b", relation="uncle")),
    )
    fields = {p.field: p.message for p in validate_case(draft, today=TODAY)}
    assert set(fields) == {
        "names.family",
        "names.aliases.1",
        "arrival.place",
        "separation.adult.name",
    }
    assert fields["names.family"] == text.DIRECTION
    assert fields["names.aliases.1"] == text.NO_LETTER
    assert fields["arrival.place"] == text.CONTROL


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Ali", "Ali"),
        ("\x1b[31mred", "\\u001b[31mred"),
        ("a\nb\r", "a\\u000ab\\u000d"),
        ("\u202eevil", "\\u202eevil"),
        ("\x9b2J", "\\u009b2J"),
        ("گل\u200cاحمد", "گل\u200cاحمد"),
        ("ዮናስ", "ዮናስ"),
        ("a\ud800b", "a\\ud800b"),  # a lone surrogate (a file name's undecodable byte)
        ("x\U000e0041", "x\\U000e0041"),
        # Direction marks a translation puts beside a path: printed, not escaped.
        ("\u200f/tmp/record.pdf\u200f (28 KB)", "\u200f/tmp/record.pdf\u200f (28 KB)"),
        ("\u061c12", "\u061c12"),
        ("\u2067isolate", "\\u2067isolate"),
    ],
)
def test_terminal_text_escapes_what_would_act_on_the_terminal(raw: str, shown: str) -> None:
    assert text.terminal_safe(raw) == shown


def test_terminal_json_escapes_stay_json() -> None:
    import json

    line = text.terminal_safe(
        json.dumps({"name": "a\u202e\U000e0041"}, ensure_ascii=False), json=True
    )
    assert line == '{"name": "a\\u202e\\udb40\\udc41"}'
    assert json.loads(line)["name"] == "a\u202e\U000e0041"


def test_utf8_with_or_without_bom_is_read() -> None:
    assert text.decode_text(b"given\nAli\n", name="f") == "given\nAli\n"
    assert text.decode_text(b"\xef\xbb\xbfgiven", name="f") == "given"
    assert text.decode_text("گل\u200cاحمد".encode(), name="f") == "گل\u200cاحمد"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("given\nJosé\n".encode("utf-16"), "is in UTF-16"),
        ("given\nJosé\n".encode("utf-16-be"), "is in UTF-16"),
        ("given\nJosé\n".encode("utf-32"), "is in UTF-32"),
        ("given\nJosé\n".encode("cp1252"), "line 2"),
        ("given\nJosé\n".encode("cp1252"), "Windows-1252"),
        (b"given\x00\x01\x02\x03", "not a text file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not a text file"),
    ],
)
def test_anything_else_is_refused_naming_the_encoding(data: bytes, expected: str) -> None:
    with pytest.raises(text.InputRefused) as refused:
        text.decode_text(data, name="sheet.csv")
    assert expected in str(refused.value)
    assert "sheet.csv" in str(refused.value)
