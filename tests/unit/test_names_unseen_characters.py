"""A name copied from a PDF, a web page or a right-to-left screen is the same name (issue 17).

Copying brings characters nobody sees or typed: the Arabic presentation forms a PDF's
text layer gives (ﻣﺤﻤﺪ for محمد), a right-to-left mark, the first-strong isolate and pop
that Harbour itself wraps a shown name in, a zero width space, a soft hyphen, a tatweel.
Before ``names.matching_form`` two Arabic-script spellings of one name scored 0.00 when
one carried presentation forms or a bidi mark. Synthetic names only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.duplicates import NAME_THRESHOLD, Profile, blocking_keys, score
from app.domain.names import matching_form, tokens
from app.storage.case_index import fold, search_terms

RLM, LRM, FSI, PDI, ZWSP, SHY, TATWEEL, ZWNJ = (
    "\u200f",
    "\u200e",
    "\u2068",
    "\u2069",
    "\u200b",
    "\u00ad",
    "\u0640",
    "\u200c",
)
# مجتبى and محمد in the presentation forms a PDF's text layer holds (initial, medial, final)
MUJTABA_PDF = "\ufee3\ufea0\ufe98\ufe92\ufef0"
MUHAMMAD_PDF = "\ufee3\ufea4\ufee4\ufeaa"


def name_score(a: str, b: str) -> float:
    return score(Profile((a,)), Profile((b,))).name_score


@pytest.mark.parametrize(
    ("typed", "copied"),
    [
        ("مجتبى", MUJTABA_PDF),
        ("محمد", MUHAMMAD_PDF),
        ("مجتبى", RLM + "مجتبى"),
        ("محمد", FSI + "محمد" + PDI),
        ("مجتبى", "مـجـتـبـى".replace("ـ", TATWEEL)),
        ("مجتبى", "مجت" + ZWSP + "بى"),
        ("Мухаммад", LRM + "Мухаммад"),
        ("Firas", "Fi" + SHY + "ras"),
        ("Firas", "\uff26\uff49\uff52\uff41\uff53"),  # full-width Ｆｉｒａｓ
    ],
)
def test_a_copied_name_scores_as_the_typed_one_both_ways(typed: str, copied: str) -> None:
    same = name_score(typed, typed)
    assert name_score(typed, copied) == same
    assert name_score(copied, typed) == same
    assert blocking_keys(Profile((copied,))) == blocking_keys(Profile((typed,)))
    assert search_terms(Profile((copied,))) == search_terms(Profile((typed,)))


def test_against_latin_the_copied_arabic_reads_as_the_typed() -> None:
    assert name_score("Mujtaba", MUJTABA_PDF) == name_score("Mujtaba", "مجتبى")
    assert name_score("Mujtaba", RLM + "مجتبى") >= NAME_THRESHOLD


def test_the_persian_zero_width_non_joiner_stays_a_name_inside_one_word() -> None:
    """ZWNJ is written inside محمد‌رضا by Persian spelling; it is not dropped as noise
    and the name still meets its two-word and joined spellings."""
    joined = "محمد" + ZWNJ + "رضا"
    assert ZWNJ in matching_form(joined)
    assert name_score("محمدرضا", joined) >= NAME_THRESHOLD
    assert name_score("Mohammad Reza", joined) >= NAME_THRESHOLD


def test_different_names_stay_apart_when_copied() -> None:
    """Dropping marks does not join names: محمد is not محمود, whatever carries it."""
    assert name_score(MUHAMMAD_PDF, "محمود") < NAME_THRESHOLD
    assert name_score(RLM + "محمد", "محمود") < NAME_THRESHOLD


def test_search_folds_a_query_as_the_index_does() -> None:
    """A query pasted with a mark or in presentation forms finds the stored term."""
    assert fold(RLM + "مجتبى") == fold("مجتبى")
    assert fold(MUJTABA_PDF) == fold("مجتبى")
    stored = {t.original for t in tokens("مجتبى")}
    assert {t.original for t in tokens(FSI + MUJTABA_PDF + PDI)} == stored


def test_a_child_registered_from_a_pdf_is_found_by_the_typed_name(vault_dir: Path) -> None:
    """Through the vault's own index: a registration whose name was pasted from a PDF
    (presentation forms pass the entry checks; the invisible characters do not,
    app/domain/text.py) is a duplicate candidate of the typed name, and a search typed or
    pasted with a mark finds it."""
    from app.domain.case import Birth, CaseDraft, Names
    from app.domain.case_list import CaseQuery
    from app.services import auth, cases
    from tests.conftest import MANAGER, MANAGER_PASS

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        copied = CaseDraft(
            names=Names(given=MUJTABA_PDF, family="رحیمی"), birth=Birth(declared_age=15)
        )
        case_id = cases.register_case(session, copied).id
        typed = CaseDraft(names=Names(given="مجتبى", family="رحیمی"), birth=Birth(declared_age=15))
        found = cases.find_duplicates(session, typed)
        assert case_id in [c.row.id for c in found]
        rows = cases.query_cases(session, CaseQuery(text="مجتبى"))
        assert case_id in [r.id for r in rows]
        rows = cases.query_cases(session, CaseQuery(text=RLM + "مجتبى"))
        assert case_id in [r.id for r in rows]
        assert cases.open_case(session, case_id).draft.names.given == MUJTABA_PDF  # as typed
    finally:
        session.close()
