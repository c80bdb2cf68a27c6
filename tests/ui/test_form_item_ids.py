"""The intake form keeps every list item's stable id through load, edit and save
([DESIGN: Records and sync]: items merge by id, never by position), and the Latin spelling
Harbour proposed stays marked as proposed until the officer changes it.

Editing one family member changes exactly the one path ``family.<its id>``; removing one
removes exactly that id. Without the ids the storage can only guess (app/domain/paths.py
align_items): removing one member and editing another in the same save then reads as two
removals and a new member with a new id.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.case import (
    Answer,
    Birth,
    CaseDraft,
    Concern,
    Consent,
    ConsentPurpose,
    DocumentSeen,
    FamilyMember,
    Language,
    Names,
    Urgency,
    Vulnerability,
)
from app.services import auth
from app.services import cases as case_service
from tests.conftest import MANAGER, MANAGER_PASS
from tests.ui.test_cases import open_cases, press, type_text
from ui.cases import form as F

pytestmark = pytest.mark.gui

WAIT = 10_000


def full_draft(**names: object) -> CaseDraft:
    return CaseDraft(
        names=Names(**{"given": "أمينة", "given_latin": "Amina", **names}),
        birth=Birth(declared_age=15),
        languages=[Language(code="ara", preferred=True), Language(code="tir")],
        documents=[DocumentSeen(type="Birth certificate", number="B-1", original=False)],
        family=[
            FamilyMember(relation="Mother", name="Fatima", alive=Answer.of(True)),
            FamilyMember(relation="Brother", name="Omar", whereabouts=Answer.of("Khartoum")),
        ],
        vulnerabilities=[
            Vulnerability(concern=Concern.HEALTH, urgency=Urgency.URGENT, notes="Asthma")
        ],
        consents=[
            Consent(
                purpose=ConsentPurpose.REGISTRATION,
                given_by="child",
                language="ara",
                granted=True,
            )
        ],
    )


def register(vault_dir: Path, draft: CaseDraft) -> tuple[str, CaseDraft, int]:
    """A registered case, as storage gave it back (every item with its id), and how many
    changes its history holds."""
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        row = case_service.register_case(session, draft)
        stored = case_service.open_case(session, row.id).draft
        count = len(case_service.case_history(session, row.id))
    finally:
        session.close()
    return row.id, stored, count


def open_for_edit(qtbot, window, case_id: str):
    if window.session is None:
        cases = open_cases(qtbot, window)
        with qtbot.waitSignal(cases.case_view.loaded, timeout=WAIT):
            cases.open_case(case_id)
    else:  # just saved: the case view shows the case again
        cases = window.main_page.cases_page
        assert cases.stack.currentWidget() is cases.case_view
        assert cases.case_view.case_id == case_id and cases.case_view.data is not None
    qtbot.keyClick(cases.case_view.edit_button, Qt.Key.Key_Space)
    assert cases.stack.currentWidget() is cases.wizard
    return cases, cases.wizard


def save(qtbot, cases, wizard) -> None:
    """Through every step to "Save changes", by keyboard."""
    wizard.show_step(0)
    while wizard.current_step() < len(F.STEPS) - 1:
        press(qtbot, Qt.Key.Key_Return)
    assert wizard.next_button.text() == "Save changes"
    with qtbot.waitSignal(cases.case_view.loaded, timeout=WAIT):
        press(qtbot, Qt.Key.Key_Return)


def new_entries(window, case_id: str, before: int):
    return case_service.case_history(window.session, case_id)[before:]


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    type_text(qtbot, text)


def test_every_item_id_and_the_proposed_latin_survive_load_and_save() -> None:
    stored = full_draft(latin_proposed=True).model_copy(deep=True)
    for items in (stored.languages, stored.documents, stored.family):
        for n, item in enumerate(items):
            item.id = f"{type(item).__name__.lower()}-{n}"
    stored.vulnerabilities[0].id = "vuln-0"
    stored.consents[0].id = "consent-0"
    state = F.draft_to_form(stored)
    again = F.form_to_draft(state, today=dt.date(2026, 1, 1)).draft
    assert again == stored  # ids, proposed Latin and all
    # the Latin edited: no longer proposed; only the other items' ids are untouched
    state["names.given_latin"] = "Aminah"
    assert F.form_to_draft(state).draft.names.latin_proposed is False
    # a row added in the form has no id yet (storage gives one); the others keep theirs
    state["family"].append({"relation": "Uncle", "name": "Ali"})
    ids = [m.id for m in F.form_to_draft(state).draft.family]
    assert ids == ["familymember-0", "familymember-1", ""]


def test_saving_a_case_unchanged_writes_nothing(qtbot, make_window, vault_dir: Path) -> None:
    case_id, stored, before = register(vault_dir, full_draft(latin_proposed=True))
    assert all(m.id for m in stored.family) and stored.names.latin_proposed
    window = make_window(vault_dir)
    cases, wizard = open_for_edit(qtbot, window, case_id)
    assert wizard.groups["family"].item_ids() == [m.id for m in stored.family]
    save(qtbot, cases, wizard)
    assert new_entries(window, case_id, before) == []
    after = case_service.open_case(window.session, case_id).draft
    assert after == stored


def test_editing_one_family_member_changes_that_path_only_and_removing_one_removes_its_id(
    qtbot, make_window, vault_dir: Path
) -> None:
    case_id, stored, before = register(vault_dir, full_draft())
    mother, brother = stored.family
    window = make_window(vault_dir)

    # edit the mother: one change, path family.<her id>
    cases, wizard = open_for_edit(qtbot, window, case_id)
    family = wizard.groups["family"]
    wizard.show_step(F.STEPS.index(F.FAMILY))
    retype(qtbot, family.bounds()["family.0.name"].widget, "Fatima Ahmed")
    save(qtbot, cases, wizard)
    entries = new_entries(window, case_id, before)
    assert [e.path for e in entries] == [f"family.{mother.id}"]
    assert entries[0].value["name"] == "Fatima Ahmed" and entries[0].value["id"] == mother.id
    before += len(entries)

    # remove the brother: one change, his id removed
    cases, wizard = open_for_edit(qtbot, window, case_id)
    family = wizard.groups["family"]
    wizard.show_step(F.STEPS.index(F.FAMILY))
    _box, _bounds, remove = family.rows[1]
    qtbot.keyClick(remove, Qt.Key.Key_Space)
    assert family.item_ids() == [mother.id]
    save(qtbot, cases, wizard)
    entries = new_entries(window, case_id, before)
    assert [e.path for e in entries] == [f"family.{brother.id}"]
    assert entries[0].removed
    after = case_service.open_case(window.session, case_id).draft
    assert [(m.id, m.name) for m in after.family] == [(mother.id, "Fatima Ahmed")]


def test_removing_one_and_editing_the_other_in_one_save_keeps_both_ids(
    qtbot, make_window, vault_dir: Path
) -> None:
    """The case the storage's guess gets wrong: the list changed length and the member
    left changed content, so without its id it would become a new member."""
    case_id, stored, before = register(vault_dir, full_draft())
    mother, brother = stored.family
    window = make_window(vault_dir)
    cases, wizard = open_for_edit(qtbot, window, case_id)
    family = wizard.groups["family"]
    wizard.show_step(F.STEPS.index(F.FAMILY))
    qtbot.keyClick(family.rows[0][2], Qt.Key.Key_Space)  # remove the mother
    retype(qtbot, family.bounds()["family.0.name"].widget, "Omar Yusuf")
    save(qtbot, cases, wizard)
    entries = {e.path: e for e in new_entries(window, case_id, before)}
    assert set(entries) == {f"family.{mother.id}", f"family.{brother.id}"}
    assert entries[f"family.{mother.id}"].removed
    assert entries[f"family.{brother.id}"].value["name"] == "Omar Yusuf"
    after = case_service.open_case(window.session, case_id).draft
    assert [(m.id, m.name) for m in after.family] == [(brother.id, "Omar Yusuf")]


def test_the_other_lists_keep_their_ids_and_a_proposed_latin_stays_proposed(
    qtbot, make_window, vault_dir: Path
) -> None:
    case_id, stored, before = register(vault_dir, full_draft(latin_proposed=True))
    window = make_window(vault_dir)
    cases, wizard = open_for_edit(qtbot, window, case_id)
    # one edit in each of the other lists
    wizard.show_step(F.STEPS.index(F.LANGUAGES))
    retype(qtbot, wizard.groups["languages"].bounds()["languages.1.dialect"].widget, "Asmara")
    wizard.show_step(F.STEPS.index(F.ARRIVAL))
    retype(qtbot, wizard.groups["documents"].bounds()["documents.0.number"].widget, "B-2")
    wizard.show_step(F.STEPS.index(F.NEEDS))
    retype(qtbot, wizard.bounds["needs.health.notes"].widget, "Asthma, inhaler")
    wizard.show_step(F.STEPS.index(F.CONSENT))
    retype(qtbot, wizard.bounds["consent.registration.legal_basis"].widget, "Art. 6(1)(e)")
    save(qtbot, cases, wizard)
    paths = sorted(e.path for e in new_entries(window, case_id, before))
    assert paths == sorted(
        [
            f"languages.{stored.languages[1].id}",
            f"documents.{stored.documents[0].id}",
            f"vulnerabilities.{stored.vulnerabilities[0].id}",
            f"consents.{stored.consents[0].id}",
        ]
    )  # and nothing of names: the Latin spelling is still the proposed one
    after = case_service.open_case(window.session, case_id).draft
    assert after.names.latin_proposed is True
    before += len(paths)

    # the officer corrects the Latin spelling: it is theirs now, no longer proposed
    cases, wizard = open_for_edit(qtbot, window, case_id)
    retype(qtbot, wizard.bounds["names.given_latin"].widget, "Aminah")
    save(qtbot, cases, wizard)
    entries = new_entries(window, case_id, before)
    assert sorted(e.path for e in entries) == ["names.given_latin", "names.latin_proposed"]
    after = case_service.open_case(window.session, case_id).draft
    assert (after.names.given_latin, after.names.latin_proposed) == ("Aminah", False)
