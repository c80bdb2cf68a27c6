"""[R5] "Same child" at intake: the intake's details offered field by field to the case
already registered, applied in one service call; nothing is registered twice."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import intake_merge as M
from app.domain.case import (
    Accompaniment,
    Answer,
    AnswerStatus,
    Birth,
    CaseDraft,
    FamilyMember,
    Language,
    Names,
    Separation,
    Sex,
)
from app.errors import InvalidInput
from app.services import cases

TODAY = dt.date(2026, 11, 23)


def registered() -> CaseDraft:
    return CaseDraft(
        names=Names(given="Mohamed", family="Ali"),
        sex=Answer.of(Sex.MALE),
        birth=Birth(declared_age=15),
        nationalities=["SY"],
        languages=[Language(id="l1", code="ara", preferred=True)],
        family=[FamilyMember(id="f1", relation="mother", name="Amina")],
        separation=Separation(status=Accompaniment.UNACCOMPANIED),
    )


def intake() -> CaseDraft:
    return CaseDraft(
        names=Names(given="محمد", family="علي", given_latin="Mohamed", family_latin="Ali"),
        sex=Answer(status=AnswerStatus.UNKNOWN),  # never replaces an answered value
        birth=Birth(declared_age=15),
        nationalities=["SY", "LB"],
        place_of_origin=Answer.of("Aleppo"),
        languages=[Language(code="ara", preferred=True), Language(code="kmr")],
        family=[
            FamilyMember(relation="mother", name="Amina", alive=Answer.of(True)),
            FamilyMember(relation="brother", name="Omar"),
        ],
        separation=Separation(status=Accompaniment.UNACCOMPANIED),
    )


def by_id(found: list[M.Proposal]) -> dict[str, M.Proposal]:
    return {p.id: p for p in found}


def test_proposals_are_the_new_details_only_field_by_field() -> None:
    found = by_id(M.proposals(registered(), intake()))
    assert set(found) == {
        "names.given",
        "names.family",
        "names.aliases:محمد علي",
        "nationalities:LB",
        "place_of_origin",
        "languages:kmr",
        "family:mother|amina",
        "family:brother|omar",
    }
    assert found["names.given"].current == "Mohamed" and found["names.given"].proposed == "محمد"
    # The intake's Latin spelling is the case's name already: nothing to propose.
    assert "names.given_latin" not in found
    assert found["family:mother|amina"].action == M.SET
    assert found["family:mother|amina"].current["id"] == "f1"
    assert found["family:brother|omar"].action == M.ADD
    # Nothing proposed for what is the same, unanswered, or would erase an answer.
    assert not {"sex", "birth", "separation", "languages:ara"} & set(found)


def test_same_drafts_propose_nothing_and_ids_are_stable() -> None:
    assert M.proposals(registered(), registered()) == []
    assert M.proposals(registered(), intake()) == M.proposals(registered(), intake())


def test_apply_takes_only_what_was_accepted_and_keeps_item_ids() -> None:
    case = registered()
    found = M.proposals(case, intake())
    merged = M.apply(
        case, found, {"names.aliases:محمد علي", "family:mother|amina", "languages:kmr"}
    )
    assert merged.names.given == "Mohamed"  # not accepted: the case's name stays
    assert merged.names.aliases == ["محمد علي"]
    assert [(m.id, m.alive.value) for m in merged.family] == [("f1", True)]
    assert [lang.code for lang in merged.languages] == ["ara", "kmr"]
    assert merged.nationalities == ["SY"]
    left = {p.id for p in M.remaining(found, {"languages:kmr"})}
    assert "languages:kmr" not in left and "nationalities:LB" in left


def test_an_id_no_longer_proposed_is_refused() -> None:
    with pytest.raises(M.UnknownProposal):
        M.apply(registered(), M.proposals(registered(), intake()), {"names.nickname"})


def test_merge_intake_updates_the_case_registers_nothing_and_keeps_the_rest(manager) -> None:
    case = cases.register_case(manager, registered(), today=TODAY)
    draft_id = cases.save_draft(manager, {"names": {"given": "محمد"}, "form": {}}, step=6)
    found = cases.intake_changes(manager, case.id, intake())
    assert "nationalities:LB" in {p.id for p in found}

    result = cases.merge_intake(
        manager,
        case.id,
        intake(),
        ["nationalities:LB", "family:brother|omar"],
        reason="Same father's name; the child confirmed",
        draft_id=draft_id,
        keep_rest=True,
        today=TODAY,
    )
    assert (result.applied, result.kept) == (2, len(found) - 2)
    assert cases.count_cases(manager) == 1  # nothing registered twice
    detail = cases.open_case(manager, case.id)
    assert detail.draft.nationalities == ["SY", "LB"]
    assert [m.name for m in detail.draft.family] == ["Amina", "Omar"]
    assert all(m.id for m in detail.draft.family)  # the new member got its own id
    [info] = cases.list_drafts(manager)  # the rest stays in the draft, marked
    assert info.merged_into == case.case_number
    # The changes are in the case's history (one change per path).
    paths = {entry.path for entry in cases.case_history(manager, case.id)}
    assert "nationalities" in paths


def test_merge_intake_discards_the_draft_when_asked_and_refuses_without_reason(manager) -> None:
    case = cases.register_case(manager, registered(), today=TODAY)
    draft_id = cases.save_draft(manager, {"names": {"given": "محمد"}, "form": {}}, step=6)
    with pytest.raises(InvalidInput):
        cases.merge_intake(manager, case.id, intake(), [], reason=" ", draft_id=draft_id)
    assert cases.list_drafts(manager)
    cases.merge_intake(
        manager, case.id, intake(), [], reason="checked", draft_id=draft_id, keep_rest=False
    )
    assert cases.list_drafts(manager) == []
    assert cases.open_case(manager, case.id).draft == cases.open_case(manager, case.id).draft


def test_linked_cases_show_on_both_rows_and_go_when_undone(manager) -> None:
    a = cases.register_case(manager, registered(), today=TODAY)
    b = cases.register_case(manager, intake(), today=TODAY)
    c = cases.register_case(
        manager, CaseDraft(names=Names(given="Selam"), birth=Birth(declared_age=14)), today=TODAY
    )
    link = cases.decide_duplicate(manager, a.id, b.id, same_child=True, reason="same papers")
    cases.decide_duplicate(manager, a.id, c.id, same_child=False, reason="different")
    rows = {row.id: row for row in cases.query_cases(manager)}
    assert rows[a.id].linked == (b.case_number,)
    assert rows[b.id].linked == (a.case_number,)
    assert rows[c.id].linked == ()  # "different child" is no link
    assert [r.id for r in cases.linked_cases(manager, b.id)] == [a.id]
    assert cases.get_row(manager, a.id).linked == (b.case_number,)
    cases.undo_decision(manager, link, reason="wrong papers")
    assert all(row.linked == () for row in cases.query_cases(manager))


def test_a_part_the_intake_never_asked_keeps_the_case_answer() -> None:
    """Walkthrough D5: the second intake asked neither the place of birth nor the date of
    separation; accepting its birth or separation must not turn Idlib and 2025-09-14
    into "not asked"."""
    case = registered().model_copy(
        update={
            "birth": Birth(declared_age=15, place=Answer.of("Idlib")),
            "separation": Separation(
                status=Accompaniment.UNACCOMPANIED,
                date=Answer.of(dt.date(2025, 9, 14)),
                place=Answer.of("Lesbos"),
            ),
        }
    )
    new = intake().model_copy(
        update={
            "birth": Birth(date=dt.date(2010, 1, 1), precision="year"),
            "separation": Separation(
                status=Accompaniment.UNACCOMPANIED,
                place=Answer(status=AnswerStatus.UNKNOWN),
                cause=Answer.of("war"),
            ),
        }
    )
    found = by_id(M.proposals(case, new))
    after = M.apply(case, list(found.values()), {"birth", "separation"})
    assert after.birth.date == dt.date(2010, 1, 1)  # the intake's date is offered
    assert after.birth.place == Answer.of("Idlib")
    assert after.separation.date == Answer.of(dt.date(2025, 9, 14))
    assert after.separation.place == Answer.of("Lesbos")  # never downgraded to unknown
    assert after.separation.cause == Answer.of("war")


def test_an_intake_with_only_a_place_of_birth_keeps_the_case_date() -> None:
    case = registered()  # declared age 15
    new = intake().model_copy(update={"birth": Birth(place=Answer.of("Idlib"))})
    found = by_id(M.proposals(case, new))
    assert found["birth"].proposed["declared_age"] == 15
    after = M.apply(case, [found["birth"]], {"birth"})
    assert after.birth.declared_age == 15 and after.birth.place == Answer.of("Idlib")


def test_nothing_is_offered_when_the_intake_adds_nothing_to_a_whole_section() -> None:
    case = registered().model_copy(
        update={"birth": Birth(declared_age=15, place=Answer.of("Idlib"))}
    )
    assert "birth" not in by_id(M.proposals(case, intake()))
