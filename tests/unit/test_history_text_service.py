"""app/services/history.case_activity on a real vault: the history names colleagues, the
age assessment and the information sessions come with the case (issue 12, item 7)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.errors import PermissionDenied
from app.services import age, auth, history, information
from tests.conftest import MANAGER, MANAGER_PASS
from tests.unit.test_age_service import DAY, DOUBT, READY, SOCIAL_PASS, setting  # noqa: F401

RAW = re.compile(r"[{}\[\]]|[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{16}")


def test_activity_reads_in_words_with_colleagues_by_name(setting) -> None:  # noqa: F811
    folder, case_id = setting
    social = auth.sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    age.add_result(social, started.id, method_id="documents", age_range=None, performed_on=DAY)
    social.close()

    manager = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    now = dt.datetime.now(dt.UTC)
    information.record_session(
        manager,
        InformationSession(
            language="prs",
            started_at=now,
            ended_at=now,
            screens=[
                ScreenShown(
                    screen_id="age.1", topic_id="age", seconds=9, answer=ChildAnswer.UNDERSTOOD
                )
            ],
        ),
        case_id=case_id,
    )
    activity = history.case_activity(manager, case_id)
    manager.close()

    whats = [(r.what, r.value, r.who) for r in activity.history]
    assert ("Age", "Assessment in progress", "Social One") in whats
    assert whats[-1][0] == "Case registered" and whats[-1][2] == "Manager One (you)"
    for row in activity.history:
        for text in (row.what, row.value, row.who):
            assert not RAW.search(text), text
    assert activity.assessment is not None
    assert activity.assessment.results == "1"
    assert activity.assessment.state == "In progress"
    assert activity.assessment.signed_by == "Not signed yet"
    [session] = activity.sessions
    assert session.language == "Dari"
    assert session.interpreter == "No interpreter"
    assert session.answers == "Understood: 1; questions: 0; no answer: 0"


def test_an_interpreter_may_not_read_it(setting) -> None:  # noqa: F811
    folder, case_id = setting
    interpreter = auth.sign_in(folder, "Interpreter Three", "harbour words 2026 lamp")
    with pytest.raises(PermissionDenied):
        history.case_activity(interpreter, case_id)
    interpreter.close()
