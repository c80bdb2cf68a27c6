"""The information-session service on a real vault."""

from __future__ import annotations

import datetime as dt
import json
import time

from app.domain.case import Birth, CaseDraft, Names
from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.services import cases, information
from app.storage.records import Records


def _session_record() -> InformationSession:
    now = dt.datetime.now(dt.UTC)
    return InformationSession(
        language="ar",
        started_at=now,
        ended_at=now,
        screens=[
            ScreenShown(
                screen_id="rights.1", topic_id="rights", seconds=20, answer=ChildAnswer.UNDERSTOOD
            )
        ],
    )


def test_children_not_informed_lists_open_cases_without_a_session(manager) -> None:
    ids = cases.import_cases(
        manager,
        [CaseDraft(names=Names(given=f"Child {n}"), birth=Birth(declared_age=15)) for n in "ABC"],
    )
    information.record_session(manager, _session_record(), case_id=ids[1])
    # A session record without a case id must not hide every case (a NULL in NOT IN).
    Records(manager.vault).insert(information.SESSION_KIND, {}, user_id=manager.user.id)
    assert sorted(information.children_not_informed(manager)) == sorted([ids[0], ids[2]])


def test_children_not_informed_is_not_quadratic(manager) -> None:
    """One pass over cases and sessions: a correlated subquery took 13 s at 8,000 cases."""
    draft = CaseDraft(names=Names(given="Child"), birth=Birth(declared_age=15))
    ids = cases.import_cases(manager, [draft] * 3000)
    fields = json.loads(_session_record().model_dump_json())
    Records(manager.vault).insert_many(
        information.SESSION_KIND,
        [{**fields, "case_id": case_id} for case_id in ids[::2]],
        user_id=manager.user.id,
    )
    started = time.perf_counter()
    assert len(information.children_not_informed(manager)) == 1500
    assert time.perf_counter() - started < 1.0


def test_recorded_readings_come_from_the_centre_folder_first(tmp_path, monkeypatch) -> None:
    """A centre drops its interpreters' readings into <data>/audio/LANG/TOPIC.* without a
    new installer; only audio files count, and the centre's copy wins over a shipped one."""
    from app.config import data_dir

    shipped = tmp_path / "shipped"
    (shipped / "so").mkdir(parents=True)
    (shipped / "so" / "welcome.ogg").write_bytes(b"OggS")
    (shipped / "so" / "rights.ogg").write_bytes(b"OggS")
    monkeypatch.setattr(information, "AUDIO", shipped)
    centre = data_dir() / "audio" / "so"
    centre.mkdir(parents=True)
    (centre / "welcome.mp3").write_bytes(b"ID3")
    (centre / "guardian.txt").write_text("notes, not a recording")

    assert information.recorded_audio("so", "welcome") == centre / "welcome.mp3"
    assert information.recorded_audio("so", "rights") == shipped / "so" / "rights.ogg"
    assert information.recorded_audio("so", "guardian") is None
    assert information.recorded_audio("ti", "welcome") is None
