"""Names of languages and countries shown to staff, and what an information session
records as covered ([A3] links the session on topic 5).

No domain test called these before; mutation testing (tools/mutation.py) listed them as
mutants with no test at all.
"""

from __future__ import annotations

import datetime as dt

from app.domain.codes import country_name, language_name
from app.domain.information import ChildAnswer, InformationSession, ScreenShown


def test_language_names_come_from_iso_639_3() -> None:
    assert language_name("prs") == "Dari"
    assert language_name("ara") == "Arabic"
    assert language_name("ar") == "ar"  # a two-letter code is shown as it is
    assert language_name("xx1") == "xx1"  # unknown: the code itself, never an error


def test_country_names_use_the_common_name() -> None:
    assert country_name("SY") == "Syria"  # not "Syrian Arab Republic"
    assert country_name("sy") == "Syria"
    assert country_name("AF") == "Afghanistan"  # no common name: the name
    assert country_name("ZZ") == "ZZ"


def shown(screen: str, topic: str, answer: ChildAnswer = ChildAnswer.UNDERSTOOD) -> ScreenShown:
    return ScreenShown(screen_id=screen, topic_id=topic, seconds=12.5, answer=answer)


def test_a_session_lists_topics_in_the_order_first_shown_and_the_questions() -> None:
    start = dt.datetime(2026, 11, 23, 10, 0)
    session = InformationSession(
        language="ti",
        screens=[
            shown("welcome.1", "welcome"),
            shown("age.1", "age", ChildAnswer.QUESTION),
            shown("welcome.2", "welcome", ChildAnswer.NO_ANSWER),
            shown("age.2", "age"),
            shown("rights.1", "rights", ChildAnswer.QUESTION),
        ],
        started_at=start,
        ended_at=start + dt.timedelta(minutes=20),
    )
    assert session.topics_covered() == ["welcome", "age", "rights"]
    assert session.questions() == ["age.1", "rights.1"]
