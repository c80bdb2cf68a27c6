"""The dashboard's counts kept by the write path (issue 15, item 8; app/storage/dashboard.py)
never get out of step with the cases: after every kind of write — registering, editing
the accompaniment and nationality, an information session recorded, deleted and taken
back, a case deleted and restored, records merged from another laptop (a session before
its case, an edit, a closing, a deletion) — the caseload's counts equal a GROUP BY over
``case_index`` and the children "not informed" equal an anti-join over the session
records. On a real vault, through the services and ``records.write_merged``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

from app.domain.case import (
    Accompaniment,
    Adult,
    Answer,
    Birth,
    CaseDraft,
    Names,
    Separation,
    Sex,
)
from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.services import auth, cases, dashboard, information
from app.storage import records as records_module
from app.storage.dashboard import CASELOAD_STATUSES, DashboardQueries
from app.storage.records import Records
from app.storage.vault import Vault


def _group_by(vault: Vault) -> list[tuple[Any, ...]]:
    """The caseload counted from case_index itself, folded to the first nationality."""
    in_care = ",".join(f"'{s}'" for s in CASELOAD_STATUSES)
    folded: dict[tuple[Any, ...], int] = {}
    for year, sex, nations, accompaniment, n in vault.query(
        "SELECT birth_year, sex, nationalities, accompaniment, count(*) FROM case_index"
        f" WHERE status IN ({in_care}) GROUP BY 1, 2, 3, 4"
    ):
        key = (year, sex or None, (nations or "").split(",")[0], accompaniment)
        folded[key] = folded.get(key, 0) + int(n)
    return sorted(((*key, n) for key, n in folded.items()), key=repr)


def _not_informed(vault: Vault) -> list[str]:
    """Open cases no live information session names, oldest registration first."""
    return [
        r[0]
        for r in vault.query(
            "SELECT c.record_id FROM case_index c WHERE c.status = 'open' AND NOT EXISTS"
            " (SELECT 1 FROM records s WHERE s.kind = ? AND s.deleted = 0"
            " AND json_extract(s.fields, '$.case_id') = c.record_id)"
            " ORDER BY c.registered_at, c.record_id",
            (information.SESSION_KIND,),
        )
    ]


def assert_in_step(vault: Vault) -> None:
    queries = DashboardQueries(vault)
    kept = sorted(
        (
            (c.birth_year, c.sex, c.nationality, c.accompaniment, c.count)
            for c in queries.caseload()
        ),
        key=repr,
    )
    assert kept == _group_by(vault)
    # Every status, not only the caseload's: a closed case left its cell, and went to one.
    by_status = vault.query("SELECT status, count(*) FROM case_index GROUP BY 1 ORDER BY 1")
    kept_status = vault.query(
        "SELECT status, sum(n) FROM caseload_counts GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1"
    )
    assert kept_status == by_status
    assert vault.query("SELECT count(*) FROM caseload_counts WHERE n < 0") == [(0,)]
    lines = queries.not_informed(limit=1000)
    expected = _not_informed(vault)
    assert lines.count == len(expected)
    assert [line.case_id for line in lines.lines] == expected


def _session() -> InformationSession:
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


def _child(given: str, status: Accompaniment, nations: list[str], **more: Any) -> CaseDraft:
    return CaseDraft(
        names=Names(given=given, given_latin=given),
        birth=more.pop("birth", Birth(declared_age=15)),
        nationalities=nations,
        separation=Separation(
            status=status,
            adult=None
            if status == "unaccompanied"
            else Adult(name="Iryna", relation="mother" if status == "accompanied" else "aunt"),
        ),
        **more,
    )


def _merge(vault: Vault, record_id: str, kind: str, fields: dict[str, Any], *, deleted=False):
    """A record as a merge from another laptop writes it (the sync path)."""
    at = dt.datetime.now(dt.UTC).isoformat()
    with vault.transaction() as conn:
        records_module.write_merged(
            conn, record_id, kind, fields, deleted=deleted, last_change=0, at=at
        )


def test_the_dashboard_counts_follow_every_write_and_equal_a_group_by(manager) -> None:
    vault = manager.vault
    records = Records(vault)
    assert_in_step(vault)  # the template vault: no child yet
    ids = cases.import_cases(
        manager,
        [
            _child("Amal", Accompaniment.UNACCOMPANIED, ["SY"], sex=Answer.of(Sex.FEMALE)),
            _child("Bilal", Accompaniment.SEPARATED, ["AF", "IR"], sex=Answer.of(Sex.MALE)),
            _child("Chaltu", Accompaniment.ACCOMPANIED, [], birth=Birth(declared_age=9)),
            _child("Dawit", Accompaniment.UNACCOMPANIED, ["ER"]),
        ],
    )
    assert_in_step(vault)
    before = dashboard.overview(manager).charts["accompaniment"].categories

    # An edit of the accompaniment alone moves the child from one cell to another; then
    # of the nationality alone.
    cases.update_case(
        manager,
        ids[2],
        _child("Chaltu", Accompaniment.UNACCOMPANIED, [], birth=Birth(declared_age=9)),
    )
    assert_in_step(vault)
    after = dict(dashboard.overview(manager).charts["accompaniment"].categories)
    assert after["unaccompanied"] == dict(before)["unaccompanied"] + 1
    assert "accompanied" not in after
    cases.update_case(
        manager,
        ids[2],
        _child("Chaltu", Accompaniment.UNACCOMPANIED, ["SO", "ET"], birth=Birth(declared_age=9)),
    )
    assert_in_step(vault)

    # Informed, then the session deleted, then taken back.
    session_id = information.record_session(manager, _session(), case_id=ids[0])
    assert ids[0] not in _not_informed(vault)
    assert_in_step(vault)
    records.delete(session_id, user_id=manager.user.id)
    assert ids[0] in _not_informed(vault)
    assert_in_step(vault)
    with records.unit(user_id=manager.user.id) as unit:
        unit.restore(session_id)
    assert_in_step(vault)

    # A case deleted leaves every count; restored, it comes back.
    records.delete(ids[3], user_id=manager.user.id)
    assert_in_step(vault)
    with records.unit(user_id=manager.user.id) as unit:
        unit.restore(ids[3])
    assert_in_step(vault)

    # From another laptop: a session arrives before its case, then the case, an edit, a
    # closing, and a deletion of another child.
    template = dict(records.get(ids[1]).fields)
    remote_case = str(uuid.uuid4())
    remote_session = str(uuid.uuid4())
    session_fields = dict(records.get(session_id).fields, case_id=remote_case)
    _merge(vault, remote_session, information.SESSION_KIND, session_fields)
    assert_in_step(vault)
    merged = dict(template, case_number="REMOTE-0001", nationalities=["UA"])
    _merge(vault, remote_case, "case", merged)
    assert remote_case not in _not_informed(vault)  # its session came first
    assert_in_step(vault)
    merged["separation"] = {"status": "unaccompanied", "adult": None}
    _merge(vault, remote_case, "case", merged)
    assert_in_step(vault)
    _merge(vault, remote_case, "case", dict(merged, status="closed"))
    assert_in_step(vault)
    _merge(vault, ids[1], "case", template, deleted=True)
    assert_in_step(vault)
    charts = dashboard.overview(manager).charts
    assert all(chart.total == len(ids) - 1 for chart in charts.values())


def test_a_vault_from_before_the_dashboard_migration_gets_its_counts(tmp_path: Path) -> None:
    """The release vault (schema 4, children already registered, some informed):
    migrated at sign-in, the counts and "informed" are filled from what it holds."""
    data = Path(__file__).resolve().parents[1] / "data" / "release_vault"
    info = json.loads((data / "RELEASE.json").read_text("utf-8"))
    folder = tmp_path / "release"
    shutil.copytree(data, folder)
    session = auth.sign_in(folder, *info["manager"])
    try:
        assert _group_by(session.vault), "the release vault holds children in care"
        assert_in_step(session.vault)
    finally:
        session.close()
