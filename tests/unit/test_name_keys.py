"""Name keys across scripts, fixed examples from registration.md's facts ([R2], [R5]).

test_duplicates.py measures precision and recall on synthetic pairs; these pin each
spelling fact on its own, so that breaking one (found by tools/mutation.py: each of
these broke with every other test green) fails a test that names it.
"""

from __future__ import annotations

import pytest

from app.domain.names import NameMatch, compare_names, propose_latin, script_of, skeleton, skeletons
from app.domain.names import tokens as name_tokens


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("محمد", "Arabic"),
        ("ዳዊት", "Ethiopic"),
        ("Олександр", "Cyrillic"),
        ("Dawit", "Latin"),
        ("Γιώργος", "Greek"),
        ("张伟", "Other"),
        ("12-3", "Latin"),  # no letter at all
        ("(محمد)", "Arabic"),  # the first letter decides, not the first character
        ("\U00017000", "Other"),  # a letter that has no Unicode name (Tangut)
    ],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (("sarah", "sara"), "sr"),  # final -ah is a vowel
        (("aisheh", "aisha"), "s"),  # and so is -eh
        (("leah", "lea"), "l"),  # in a four-letter name too
        (("saleh", "salih"), "slh"),  # -lah/-leh: the h is a letter (Salih)
        (("abdullah", "abdalla h"), "bdh"),  # Abd-Allah
        (("abdulkarim", "abdelkarim", "abdkarim"), "bdkrm"),  # one prefix
        (("olexandr", "oleksandr"), "lksndr"),  # x is ks
        (("khalid", "halid"), "hld"),
        (("yusuf", "yousef"), "ysf"),  # y is kept as a first letter
        (("omar", "umar"), "mr"),  # a first vowel goes
    ],
)
def test_spellings_of_one_name_share_a_skeleton(spellings: tuple[str, ...], key: str) -> None:
    assert {skeleton(s.replace(" ", "")) for s in spellings} == {key}


def test_somali_c_and_x() -> None:
    assert skeleton("maxamed", somali=True) == "mhmd"  # x is the h-sound
    assert skeleton("cabdi", somali=True) == "bd"  # c is the ʿayn
    assert skeleton("cc", somali=True) == ""  # nothing left is no key, not a key of junk
    assert skeleton("") == ""


def test_an_article_written_joined_gives_a_second_reading() -> None:
    """'Alkhateeb' is al-Khatib; 'Alhadi' and 'Elhadi' are al-Hadi. A short name that
    starts with Al is a name of its own (Alima), not an article."""
    assert skeletons("alhadi") == ("lhd", "hd")
    assert skeletons("elhadi") == ("lhd", "hd")
    assert skeletons("alima") == ("lm",)
    assert skeletons("othman")[-1] == skeleton("osman")  # th read as s


def test_compare_names_with_no_name_on_one_side() -> None:
    nothing = NameMatch(0.0, (), False, 2)
    assert compare_names([], name_tokens("Dawit Kidane")) == nothing
    assert compare_names(name_tokens("Dawit Kidane"), []) == nothing


def test_compare_names_is_symmetric() -> None:
    three, two = name_tokens("Dawit Kidane Tesfay"), name_tokens("Kidane Dawit")
    forth, back = compare_names(three, two), compare_names(two, three)
    assert forth.score == back.score
    assert forth.missing_tokens == back.missing_tokens == 1


def test_tokens_pair_one_to_one() -> None:
    """Two tokens of one name cannot both claim the same token of the other."""
    match = compare_names(name_tokens("Yonas Yonas"), name_tokens("Yonas Kidane"))
    assert match.score == pytest.approx(0.5)  # one Yonas matches, the other meets Kidane


def test_a_shared_common_name_counts_half() -> None:
    """A match on a very common name counts half, a mismatch fully:
    (0.5 * 1 + 1 * 0) / (0.5 + 1) for Mohammed matching and Dawit/Yonas not."""
    common = compare_names(name_tokens("Mohammed Dawit"), name_tokens("Mohammed Yonas"))
    rare = compare_names(name_tokens("Tesfay Dawit"), name_tokens("Tesfay Yonas"))
    assert common.score == pytest.approx(1 / 3)
    assert rare.score == pytest.approx(1 / 2)


def test_a_single_common_name_on_each_side_is_weak_evidence() -> None:
    assert compare_names(name_tokens("Mohammed"), name_tokens("Mohammed")).score == 0.85
    assert compare_names(name_tokens("Mohamed"), name_tokens("Mohammed")).score < 0.85
    assert compare_names(name_tokens("Tesfay"), name_tokens("Tesfay")).score == 1.0


def test_a_dropped_name_part_costs_a_little() -> None:
    score = compare_names(name_tokens("Dawit Kidane"), name_tokens("Dawit Kidane Tesfay")).score
    assert 0.85 < score < 1.0


def test_mehmet_is_a_spelling_of_mohammed() -> None:
    """registration.md: محمد is Muhammad, Mohammed, Mohamed, Mohamad, Mehmet: the
    skeletons mhmt and mhmd differ in one letter of four."""
    assert compare_names(name_tokens("Mehmet"), name_tokens("Mohammed")).score > 0.5


KNOWN = {"محمد": "Mohammed", "عبد الرحمن": "Abdulrahman", "فاطمة": "Fatima"}


@pytest.mark.parametrize(
    ("name", "proposal"),
    [
        ("عبد الرحمن", "Abdulrahman"),  # a two-word name
        ("محمد عبد الرحمن", "Mohammed Abdulrahman"),  # ... at the end
        ("عبد الرحمن محمد", "Abdulrahman Mohammed"),  # ... at the start
        ("N'Diaye فاطمة", "N'Diaye Fatima"),  # [R2] Latin letters are left as typed
        ("فاطمة ould", "Fatima ould"),
    ],
)
def test_propose_latin_uses_the_table(name: str, proposal: str) -> None:
    assert propose_latin(name, KNOWN) == proposal


def test_propose_latin_prefers_the_centres_table() -> None:
    assert propose_latin("محمد", {"محمد": "Muhammad"}) == "Muhammad"
    assert propose_latin("محمد") == "Mohammed"  # the default table


@pytest.mark.parametrize(
    ("name", "proposal"),
    [("محمد", "Mhmd"), ("سعاد", "Sad"), ("أحمد", "Ahmd"), ("مسعود", "Msud")],
)
def test_letter_by_letter_proposals_carry_no_ayn_or_hamza_marks(name: str, proposal: str) -> None:
    """Without a known spelling, a proposal is the letters as written (the docstring's
    "Mhmd"), without the marks for ayn and hamza, which nobody types in a document."""
    assert propose_latin(name, {}) == proposal


def test_taa_marbuta_is_a_final_a_not_an_h() -> None:
    """هبة is Heba: the final ة is read as the alif of هبا, not as an h."""
    assert propose_latin("هبة", {}) == propose_latin("هبا", {})
    assert not propose_latin("هبة", {}).endswith("h")
