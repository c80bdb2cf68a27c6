"""[issue 12: 6] Duplicates at intake: "same child" opens the registered case with the
intake's details offered field by field; nothing typed is lost, nothing is registered
twice; a linked pair is marked in both case views; the reasons are never cut.

HARBOUR_SHOTS=DIR keeps PNGs of the duplicate step and the merge page (English, Arabic).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.case import Answer, Birth, CaseDraft, FamilyMember, Names, Sex
from app.services import auth
from app.services import cases as case_service
from app.services import special_categories as special_service
from tests.conftest import MANAGER, MANAGER_PASS
from ui.cases import form as F
from ui.cases.duplicates import DuplicateDialog

pytestmark = pytest.mark.gui

WAIT = 10_000
REASON = "Same father's name and village; the child confirmed"


def registered(vault_dir: Path) -> tuple[str, str]:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    row = case_service.register_case(
        session,
        CaseDraft(
            names=Names(given="Mohamed", family="Ali"),
            sex=Answer.of(Sex.MALE),
            birth=Birth(declared_age=15),
            nationalities=["SY"],
            family=[FamilyMember(relation="mother", name="Amina")],
        ),
    )
    session.close()
    return row.id, row.case_number


def shot(widget, name: str) -> None:
    folder = os.environ.get("HARBOUR_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def intake_of_the_same_child(qtbot, window):
    """Sign in, type an intake of the registered child (another spelling, a brother and
    a second nationality), go to the end: the duplicate dialog opens."""
    page = window.sign_in_page
    qtbot.keyClicks(page.passphrase, MANAGER_PASS)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.main_page, timeout=WAIT)
    window.main_page.show_section("cases")
    cases = window.main_page.cases_page
    cases.new_intake()
    wizard = cases.wizard
    state = wizard.state()
    state.update(
        {
            "names.given": "محمد",
            "names.family": "علي",
            "names.given_latin": "Mohamed",
            "names.family_latin": "Ali",
            "birth.declared_age": "15",
            "birth.source": "declared",
            "sex": {"status": "answered", "value": "male"},
            "nationalities": ["SY", "LB"],
            "place_of_origin": {"status": "answered", "value": "Aleppo"},
            "separation.status": "unaccompanied",
        }
    )
    wizard.set_state(state)
    wizard.groups["family"].set_value(
        [{"relation": "mother", "name": "Amina"}, {"relation": "brother", "name": "Omar"}]
    )
    conversion = wizard.convert()
    problems = {k: v for k, v in conversion.problems.items()}
    assert not problems, problems
    wizard.show_step(len(F.STEPS) - 1)
    wizard._changes += 1
    wizard.go_next()
    qtbot.waitUntil(lambda: wizard.duplicate_dialog is not None, timeout=WAIT)
    return cases, wizard, wizard.duplicate_dialog


@pytest.mark.parametrize("language", ["en", "ar"])
def test_same_child_offers_the_new_details_and_registers_nothing(
    qtbot, make_window, vault_dir: Path, language: str
) -> None:
    first_id, number = registered(vault_dir)
    window = make_window(vault_dir, language=language)
    window.resize(1366, 768)
    cases, wizard, dialog = intake_of_the_same_child(qtbot, window)
    draft_id = wizard.draft_id
    assert isinstance(dialog, DuplicateDialog)
    item = dialog.candidates.item(0)
    assert item.toolTip() == item.text()  # the whole "Why" line, however long
    assert dialog.candidates.textElideMode() == Qt.TextElideMode.ElideNone
    shot(dialog, f"duplicate-list-{language}")
    qtbot.keyClick(dialog.candidates, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.loaded, timeout=WAIT)
    shot(dialog, f"duplicate-compare-{language}")
    qtbot.keyClicks(dialog.reason, REASON)
    qtbot.keyClick(dialog.same_button, Qt.Key.Key_Space)

    merge = cases.merge_page
    qtbot.waitUntil(
        lambda: cases.stack.currentWidget() is merge and bool(merge.proposals), timeout=WAIT
    )
    assert merge.case_id == first_id
    assert number in merge.title.text()
    ids = {p.id for p in merge.proposals}
    assert {"nationalities:LB", "family:brother|omar", "place_of_origin"} <= ids
    assert "names.aliases:محمد علي" in ids  # the typed spelling can be kept as another one
    assert merge.accepted() == []  # nothing accepted for the officer
    texts = [merge.table.item(r, 2).text() for r in range(merge.table.rowCount())]
    assert any("Omar" in t for t in texts) and any("Aleppo" in t for t in texts)
    # Rows as tall as their wrapped text at the laid-out widths (not at a first guess).
    line = merge.table.fontMetrics().height()
    table = merge.table
    qtbot.waitUntil(
        lambda: max(table.rowHeight(r) for r in range(table.rowCount())) < 4 * line,
        timeout=WAIT,
    )
    shot(window, f"merge-{language}")

    # Back to the intake: nothing written, the intake is as typed.
    qtbot.keyClick(merge.back_button, Qt.Key.Key_Space)
    assert cases.stack.currentWidget() is wizard
    assert wizard.state()["names.given"] == "محمد"
    assert case_service.count_cases(window.session) == 1

    # Again, and accept two details; the rest stays in the draft.
    wizard.go_next()
    qtbot.waitUntil(lambda: wizard.duplicate_dialog is not None, timeout=WAIT)
    dialog = wizard.duplicate_dialog
    dialog.compare(0)
    qtbot.waitUntil(dialog.loaded, timeout=WAIT)
    dialog.reason.setText(REASON)
    qtbot.keyClick(dialog.same_button, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: cases.stack.currentWidget() is merge and bool(merge.proposals), timeout=WAIT
    )
    merge.tick("nationalities:LB")
    merge.tick("family:brother|omar")
    assert merge.keep_rest.isChecked() and merge.keep_rest.isVisibleTo(merge)
    with qtbot.waitSignal(cases.case_view.loaded, timeout=WAIT):
        qtbot.keyClick(merge.apply_button, Qt.Key.Key_Space)
    assert cases.stack.currentWidget() is cases.case_view
    assert cases.case_view.case_id == first_id  # the existing case opens
    assert number in cases.notice.text()

    session = window.session
    assert case_service.count_cases(session) == 1  # nothing registered twice
    detail = case_service.open_case(session, first_id)
    assert detail.draft.nationalities == ["SY", "LB"]
    assert [m.name for m in detail.draft.family] == ["Amina", "Omar"]
    assert detail.draft.place_of_origin.answered is False  # not ticked: not written
    [kept] = case_service.list_drafts(session)  # nothing typed is lost
    assert kept.id == draft_id and kept.merged_into == number
    data, _step = case_service.load_draft(session, draft_id)
    assert data["form"]["place_of_origin"]["value"] == "Aleppo"
    cases.new_intake()
    assert number in cases.resume_page.drafts.item(0).text()


def test_everything_ticked_or_the_rest_discarded_leaves_no_draft(
    qtbot, make_window, vault_dir: Path
) -> None:
    first_id, _number = registered(vault_dir)
    window = make_window(vault_dir)
    cases, _wizard, dialog = intake_of_the_same_child(qtbot, window)
    dialog.compare(0)
    qtbot.waitUntil(dialog.loaded, timeout=WAIT)
    dialog.reason.setText(REASON)
    qtbot.keyClick(dialog.same_button, Qt.Key.Key_Space)
    merge = cases.merge_page
    qtbot.waitUntil(
        lambda: cases.stack.currentWidget() is merge and bool(merge.proposals), timeout=WAIT
    )
    merge.tick("place_of_origin")
    qtbot.keyClick(merge.discard_rest, Qt.Key.Key_Space)  # discarded explicitly
    assert merge.discard_rest.isChecked()
    with qtbot.waitSignal(cases.case_view.loaded, timeout=WAIT):
        qtbot.keyClick(merge.apply_button, Qt.Key.Key_Space)
    session = window.session
    assert case_service.list_drafts(session) == []
    assert case_service.open_case(session, first_id).draft.place_of_origin.value == "Aleppo"
    assert case_service.count_cases(session) == 1


def test_a_linked_pair_is_marked_in_both_case_views(qtbot, make_window, vault_dir: Path) -> None:
    first_id, first_number = registered(vault_dir)
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    second = case_service.register_case(
        session, CaseDraft(names=Names(given="محمد", family="علي"), birth=Birth(declared_age=15))
    )
    case_service.decide_duplicate(session, first_id, second.id, same_child=True, reason="papers")
    session.close()
    window = make_window(vault_dir)
    page = window.sign_in_page
    qtbot.keyClicks(page.passphrase, MANAGER_PASS)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.main_page, timeout=WAIT)
    window.main_page.show_section("cases")
    cases = window.main_page.cases_page
    view = cases.case_view
    for case_id, other in ((first_id, second.case_number), (second.id, first_number)):
        with qtbot.waitSignal(view.loaded, timeout=WAIT):
            cases.open_case(case_id)
        assert view.linked_line.isVisibleTo(view)
        assert other in view.linked.text()
    shot(window, "case-linked-en")
    # A case without a link shows no mark.
    session = window.session
    third = case_service.register_case(
        session, CaseDraft(names=Names(given="Selam"), birth=Birth(declared_age=14))
    )
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        cases.open_case(third.id)
    assert not view.linked_line.isVisibleTo(view)


def test_tab_reaches_the_decision_buttons_in_the_order_they_are_drawn(
    qtbot, make_window, vault_dir: Path
) -> None:
    """Found by the keyboard walkthrough (docs/walkthrough.md): tabbing twice from "Back to
    the list" to reach "Same child", drawn on the right, landed on "Different child"."""
    registered(vault_dir)
    window = make_window(vault_dir)
    window.resize(1366, 768)
    _cases, _wizard, dialog = intake_of_the_same_child(qtbot, window)

    def after(widget):
        """The next widget Tab stops on (the chain also holds unfocusable children)."""
        nxt = widget.nextInFocusChain()
        while not nxt.focusPolicy() & Qt.FocusPolicy.TabFocus:
            nxt = nxt.nextInFocusChain()
        return nxt

    assert after(dialog.candidates) is dialog.cancel_button
    assert after(dialog.cancel_button) is dialog.compare_button
    assert after(dialog.back_button) is dialog.different_button
    assert after(dialog.different_button) is dialog.same_button


def test_ethnicity_and_religion_typed_at_intake_are_offered_to_the_case(
    qtbot, make_window, vault_dir: Path
) -> None:
    """Issue 12: the merge page dropped the intake's ethnicity and religion (GDPR Art. 9,
    recorded apart from the case). A manager, who may read them, sees them offered with
    their reason and adds them; walkthrough D6: the arrow keys choose between keeping
    and discarding the details not ticked, whatever their direction."""
    first_id, _number = registered(vault_dir)
    window = make_window(vault_dir)
    page = window.sign_in_page
    qtbot.keyClicks(page.passphrase, MANAGER_PASS)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.main_page, timeout=WAIT)
    window.main_page.show_section("cases")
    cases = window.main_page.cases_page
    cases.new_intake()
    wizard = cases.wizard
    state = wizard.state()
    state.update(
        {
            "names.given": "Mohamed",
            "names.family": "Ali",
            "birth.declared_age": "15",
            "birth.source": "declared",
            "separation.status": "unaccompanied",
            "special_categories.ethnicity": {"status": "answered", "value": "Hazara"},
            "special_categories.reason": "Risk of persecution; the lawyer needs it",
            "place_of_origin": {"status": "answered", "value": "Aleppo"},
        }
    )
    wizard.set_state(state)
    assert not wizard.convert().problems
    assert wizard.convert().special.ethnicity == Answer.of("Hazara")
    wizard.show_step(len(F.STEPS) - 1)
    wizard._changes += 1
    wizard.go_next()
    qtbot.waitUntil(lambda: wizard.duplicate_dialog is not None, timeout=WAIT)
    dialog = wizard.duplicate_dialog
    dialog.compare(0)
    qtbot.waitUntil(dialog.loaded, timeout=WAIT)
    dialog.reason.setText(REASON)
    qtbot.keyClick(dialog.same_button, Qt.Key.Key_Space)
    merge = cases.merge_page
    qtbot.waitUntil(
        lambda: cases.stack.currentWidget() is merge and bool(merge.proposals), timeout=WAIT
    )
    rows = {
        merge.table.item(r, 0).data(Qt.ItemDataRole.UserRole): merge.table.item(r, 2).text()
        for r in range(merge.table.rowCount())
    }
    assert "Hazara" in rows["special_categories.ethnicity"]
    assert "Risk of persecution" in rows["special_categories.ethnicity"]
    merge.tick("special_categories.ethnicity")

    merge.keep_rest.setFocus()
    for key, keep in ((Qt.Key.Key_Down, False), (Qt.Key.Key_Up, True), (Qt.Key.Key_Right, False)):
        qtbot.keyClick(merge.focusWidget(), key)
        assert merge.keep_rest.isChecked() is keep, key
    assert merge.discard_rest.isChecked()
    with qtbot.waitSignal(cases.case_view.loaded, timeout=WAIT):
        qtbot.keyClick(merge.apply_button, Qt.Key.Key_Space)
    session = window.session
    recorded = special_service.read_special_categories(session, first_id)
    assert recorded.ethnicity == Answer.of("Hazara")
    assert recorded.reason == "Risk of persecution; the lawyer needs it"
    assert case_service.list_drafts(session) == []  # the rest was discarded by arrow
    assert case_service.count_cases(session) == 1
