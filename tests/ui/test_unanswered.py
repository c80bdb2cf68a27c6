"""Issue 12, item 2: nothing pre-answered [R1].

Every choice that records a fact about the child starts unanswered and must be chosen:
accompaniment, consent decisions, the source and precision of a birth date, original or
copy of a document. Pressing Next without choosing says so beside the field, in the
interface language, and keeps everything typed.
"""

from __future__ import annotations

import pytest

from app import i18n
from ui.cases import form as F
from ui.cases.intake import IntakeWizard
from ui.language import apply_language
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui

FAMILY = F.STEPS.index(F.FAMILY)
CONSENT = F.STEPS.index(F.CONSENT)


@pytest.fixture
def wizard(qtbot):
    wizard = IntakeWizard(OperationRunner())
    qtbot.addWidget(wizard)
    wizard.resize(1000, 700)
    wizard.show()
    return wizard


def test_no_choice_starts_answered(wizard) -> None:
    for key in ("separation.status", "birth.source", "birth.precision"):
        assert wizard.bounds[key].value() == "", key
    for purpose in ("registration", "sharing", "photo", "family_tracing"):
        assert wizard.bounds[f"consent.{purpose}.granted"].value() == ""
        assert wizard.bounds[f"consent.{purpose}.given_by"].value() == ""
    document = wizard.groups["documents"].bounds()["documents.0.original"]
    assert document.value() == ""
    assert wizard.bounds["sex"].value()["status"] == "not_asked"


def test_the_form_records_no_answer_nobody_gave() -> None:
    state = {"names.given": "Amina", "birth.declared_age": "15"}
    problems = F.form_to_draft(state).problems
    assert problems["separation.status"] == F.NEED_ACCOMPANIMENT
    assert problems["birth.source"] == F.NEED_SOURCE
    assert "birth.precision" not in problems  # no date: only an age was given
    state |= {
        "separation.status": "accompanied",
        "separation.adult.relation": "uncle",
        "birth.source": "declared",
        "consent.sharing.given_by": "child",
    }
    conversion = F.form_to_draft(state)
    assert conversion.problems == {"consent.sharing.granted": F.NEED_DECISION}
    assert conversion.draft.consents == []  # never "granted" by default
    state["consent.sharing.granted"] = "no"
    state["consent.sharing.legal_basis"] = "Child protection act s. 12"
    conversion = F.form_to_draft(state)
    assert conversion.problems == {}
    assert [c.granted for c in conversion.draft.consents] == [False]
    assert conversion.draft.separation.status == "accompanied"


def test_next_without_a_choice_says_so_in_the_users_language_and_keeps_the_text(
    qtbot, wizard
) -> None:
    apply_language("fr")
    try:
        wizard.retranslate()
        wizard.bounds["names.given"].widget.setText("Amina")
        wizard.bounds["birth.declared_age"].widget.setText("15")
        wizard.bounds["birth.source"].set_value("declared")
        wizard.go_next()
        wizard.go_next()
        assert wizard.current_step() == FAMILY
        wizard.bounds["separation.cause"].widget.line.setText("La guerre")
        wizard.go_next()
        assert wizard.current_step() == FAMILY
        message = wizard.bounds["separation.status"].message
        assert message.isVisibleTo(wizard)
        assert message.text() == i18n._(F.NEED_ACCOMPANIMENT)
        assert message.text() != F.NEED_ACCOMPANIMENT  # translated, not English
        assert wizard.focusWidget() is wizard.bounds["separation.status"].widget
        assert wizard.bounds["separation.cause"].value()["value"] == "La guerre"
        assert wizard.bounds["names.given"].value() == "Amina"
    finally:
        apply_language("en")
