"""Compound names with the article, as Afghan, Pakistani and Bangladeshi children carry
them (issue 17: "compound names written as two words on one side and one on the other").

Noun + article + head (the iḍāfa of Nūr al-Ḥaqq): South Asian romanization writes the
article with the nominative u and assimilates it to a sun letter (Noor-ul-Haq,
Fazl-ur-Rahman, Qamar-uz-Zaman, Zeb-un-Nisa), in one, two or three words; Arabic script
writes one word or two. Sources: A. Schimmel, Islamic Names (1989), ch. 3; ALA-LC
romanization tables for Urdu (2012) and Pashto (2013) on the article and on ض ظ ذ as z
with ق kept q. Rules, each only a further reading or a further way to join two words, so
that nothing that met before is parted: ``orthography.IDAFA_HEADS`` (a one-word spelling
read without its article too: ``idafa_latin_without_article``, ``idafa_without_article``),
``names._joined_variants`` (both records' two words joined), ``names._vowel_spellings``
(oo is u: Noor = Nur), ``orthography.SOUTH_ASIAN_SECOND``.

Measured before these rules (13 compounds' forms below, every pair both ways, at the
shipped threshold): 60 of 132 pairs of one name met. After: 130 of 132 (Fazal-ur-Rehman
against Fazlur Rahman stays below, 0.72). A second reader's 2,468 pairs (Afghan,
Pakistani, Bangladeshi, Arab and European names, Claudine, Geraldine, Sherzaman, Paul,
Mansur ...) lost no match and gained 89, among them two other names: Zia-un-Nisa /
Zain-un-Nisa, Faizuddin / Fazal ud Din. Unchanged, as the general rule that a name may lose
a word between registrations wants: Noor ul Haq meets Noor (0.92) and Anwar ul Haq (0.86).
The labelled sets hold no such compound (given names of one word from Wikidata): they
did not move. Synthetic names only.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from app.domain.duplicates import NAME_THRESHOLD, Profile, score

FORMS = {
    "Noor-ul-Haq": [
        "Noor-ul-Haq",
        "Noor ul Haq",
        "Noorul Haq",
        "Noorulhaq",
        "Nur al-Haq",
        "Nurul Haq",
        "Nurulhaq",
        "نور الحق",
        "نورالحق",
    ],
    "Fazl-ur-Rahman": [
        "Fazl-ur-Rahman",
        "Fazlur Rahman",
        "Fazlurrahman",
        "Fazl al-Rahman",
        "فضل الرحمن",
        "فضل\u200cالرحمن",
    ],
    "Zia-ul-Haq": ["Zia-ul-Haq", "Zia ul Haq", "Ziaul Haq", "Ziaulhaq", "ضياء الحق", "ضیاءالحق"],
    "Habib-ur-Rahman": [
        "Habib-ur-Rahman",
        "Habibur Rahman",
        "Habiburrahman",
        "Habib ur Rehman",
        "حبيب الرحمن",
        "حبیب\u200cالرحمن",
    ],
    "Shams-ud-Din": [
        "Shams-ud-Din",
        "Shams ud Din",
        "Shamsuddin",
        "Shamsudin",
        "Shams al-Din",
        "شمس الدين",
    ],
    "Qamar-uz-Zaman": ["Qamar-uz-Zaman", "Qamaruzzaman", "Qamar uz Zaman", "قمر الزمان"],
    "Zeb-un-Nisa": ["Zeb-un-Nisa", "Zebunnisa", "Zeb un Nisa"],
    "Ikram-ul-Haq": ["Ikram-ul-Haq", "Ikramul Haq", "Ikramulhaq", "اکرام الحق"],
    "Khair-ul-Islam": ["Khair-ul-Islam", "Khairul Islam", "Khairulislam", "خير الإسلام"],
    "Anwar-ul-Haq": ["Anwar-ul-Haq", "Anwarul Haq", "Anwarulhaq", "انوار الحق"],
    "Salah-ud-Din": ["Salahuddin", "Salah ad-Din", "Salah Uddin", "صلاح الدين"],
    "Nizam-ud-Din": ["Nizamuddin", "Nizam ud Din", "نظام الدين", "نظام\u200cالدین"],
    "Nasr-ad-Din": ["Nasreddine", "Nasr ad-Din", "Nasreldin", "نصر الدين"],
}


def name_score(a: str, b: str) -> float:
    return score(Profile((a,)), Profile((b,))).name_score


def both_ways(a: str, b: str) -> float:
    return min(name_score(a, b), name_score(b, a))


@pytest.mark.parametrize(
    ("a", "b"),
    [pair for forms in FORMS.values() for pair in itertools.combinations(forms, 2)],
)
def test_the_forms_of_one_compound_meet(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ikramul Haq", "Inamul Haq"),
        ("Fazlur Rahman", "Habibur Rahman"),
        ("Fazlurrahman", "Abdurrahman"),  # Abd + a name of God is another compound
        ("Ziaulhaq", "Ziaurrahman"),
        ("Noorulhaq", "Noorullah"),
        ("Noorulhaq", "Nurul Islam"),
        ("Khairul Islam", "Khairullah"),
        ("Nurul Haq", "Nurul Amin"),
        ("Nuruddin", "Nasruddin"),
        ("Kamaluddin", "Jamaluddin"),
        ("Noorulhaq", "Noor"),  # one word against its part (the policy's Rahma /
        ("Qamaruzzaman", "Qamar"),  # Rahmatullah): other names
        ("Kamaluddin", "Kamal"),
    ],
)
def test_other_names_stay_apart(a: str, b: str) -> None:
    assert max(name_score(a, b), name_score(b, a)) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Faisal Rahman", "فيصل رحمن"), ("Jamal Haq", "جمال حق"), ("Mansur Islam", "منصور اسلام")],
)
def test_a_name_ending_in_al_or_ur_before_a_head_stays_two_names(a: str, b: str) -> None:
    """Faisal Rahman is a given name and a father's: its -al is no article (only the u of
    South Asian spellings is read as one, orthography.IDAFA_ARTICLE)."""
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Qazi", "قاضی"), ("Qazi", "قاضي"), ("Ghazi", "قاضی"), ("Qadi", "قاضي"), ("Zia", "ضياء")],
)
def test_south_asian_reads_z_and_keeps_q(latin: str, arabic: str) -> None:
    """Urdu, Dari and Pashto say ض as z and keep ق a q (Qazi); Iran says both its way
    (Ghazi); Arabic says ض as d (Qadi). Qazi met قاضی at 0.00 before."""
    assert both_ways(latin, arabic) >= NAME_THRESHOLD


@pytest.mark.xfail(reason="Urdu's epenthetic a (Fazal for Fazl) against one word")
def test_known_gap_fazal_against_fazlur() -> None:
    assert both_ways("Fazal-ur-Rehman", "Fazlur Rahman") >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"), [("Noor", "Nur"), ("Moon", "Mun"), ("Yoon", "Yun"), ("Noor ul Haq", "Nur al-Haq")]
)
def test_english_oo_is_u(a: str, b: str) -> None:
    """Noor met Nur at 0.00: the one-syllable vowel rule read oo as Hepburn's o only."""
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_a_compound_registered_one_way_is_found_written_the_others(vault_dir: Path) -> None:
    """Through the vault's own index: the duplicate check finds Noor ul Haq registered in
    three words when typed in one, or in Arabic script, and the list search finds it by
    its words, and typed as one word (the search terms hold two neighbouring words' joined
    keys too: case_index.search_terms)."""
    from app.domain.case import Birth, CaseDraft, Names
    from app.domain.case_list import CaseQuery
    from app.services import auth, cases
    from tests.conftest import MANAGER, MANAGER_PASS

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        draft = CaseDraft(
            names=Names(given="Noor ul Haq", family="Safi"), birth=Birth(declared_age=15)
        )
        case_id = cases.register_case(session, draft).id
        for typed in ("Noorulhaq", "نورالحق", "Nurul Haq"):
            again = CaseDraft(names=Names(given=typed, family="Safi"), birth=Birth(declared_age=15))
            assert case_id in [c.row.id for c in cases.find_duplicates(session, again)], typed
        for query in ("Noorulhaq", "Nurulhaq", "Noor Haq", "Haq", "Noor", "Nur"):
            rows = cases.query_cases(session, CaseQuery(text=query))
            assert case_id in [r.id for r in rows], query
    finally:
        session.close()
