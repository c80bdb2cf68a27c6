"""Rules in the functions mutmut does not mutate (decorated: pydantic validators,
properties, functools caches): [R1]'s answers, the ISO code checks, and how names are cut
into tokens and compared.

docs/mutation.md lists hand-made one-line mutants of these functions; the ones that every
other test let through are pinned here.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.domain.case import Answer, AnswerStatus
from app.domain.codes import country_exists, language_exists, to_iso639_3
from app.domain.names import compare_names, tokens


@pytest.mark.parametrize("value", [None, "", []])
def test_an_answered_field_needs_a_value(value) -> None:
    """[R1] "answered" with nothing in it would hide a question never really answered."""
    with pytest.raises(ValidationError, match="an answered field needs a value"):
        Answer(status=AnswerStatus.ANSWERED, value=value)


@pytest.mark.parametrize(
    "status", [AnswerStatus.NOT_ASKED, AnswerStatus.UNKNOWN, AnswerStatus.DECLINED]
)
def test_not_asked_unknown_and_declined_hold_no_value(status: AnswerStatus) -> None:
    """[R1] A refusal is recorded as a refusal, never beside a value."""
    with pytest.raises(ValidationError, match="only an answered field holds a value"):
        Answer(status=status, value="Kabul")
    assert not Answer(status=status).answered


def test_only_an_answer_is_answered() -> None:
    assert Answer.of("Kabul").answered
    assert Answer.of(False).answered  # "no" is an answer


@pytest.mark.parametrize(
    ("code", "exists"),
    [
        ("ar", True),
        ("ara", True),
        ("prs", True),
        (" AR ", True),
        ("xx", False),
        ("a", False),
        ("arab", False),
        ("", False),
    ],
)
def test_language_codes(code: str, exists: bool) -> None:
    """ISO 639-1 or 639-3 only: a code of another length is no language code."""
    assert language_exists(code) is exists


@pytest.mark.parametrize(
    ("code", "iso639_3"),
    [("ar", "ara"), ("fa", "fas"), ("prs", "prs"), (" AR ", "ara"), ("xx", None), ("arab", None)],
)
def test_codes_become_iso_639_3(code: str, iso639_3: str | None) -> None:
    assert to_iso639_3(code) == iso639_3


@pytest.mark.parametrize(
    ("code", "exists"), [("SY", True), ("sy", True), ("QQ", False), ("SYR", False), ("S", False)]
)
def test_country_codes_are_alpha_2(code: str, exists: bool) -> None:
    assert country_exists(code) is exists


def test_abdul_abdel_and_abd_are_one_prefix_written_joined() -> None:
    """registration.md: "Abd al-", "Abdul", "Abdel" are one prefix."""
    assert compare_names(tokens("Abdulrahman"), tokens("Abdelrahman")).score == 1.0


def test_a_final_abd_is_kept_as_a_name_part() -> None:
    assert [t.skeleton for t in tokens("Ahmed Abdul")] == ["hmd", "bd"]


def test_cyrillic_vowels_are_written_so_they_count() -> None:
    """Written in the same script, the letters are the evidence: Марина (Marina) and
    Мирон (Myron) share a consonant skeleton but are two names."""
    assert compare_names(tokens("Марина"), tokens("Мирон")).score == 0.0
    assert compare_names(tokens("Олександр"), tokens("Oleksandr")).score == 1.0
