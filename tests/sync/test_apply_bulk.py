"""The bulk write path of a pulled batch (sync_log.apply_remote: change rows with one
executemany, referral index rows in bulk) writes what the one-by-one path writes: the
same index rows as on the laptop that made the changes, and every change's base linked
to its local row, also when the base arrived earlier in the same batch."""

from __future__ import annotations

import datetime as dt

from app.domain.case import Birth, CaseDraft, Names
from app.services import cases
from app.storage import change_log
from tests.sync.replicas import exchange

TODAY = dt.date(2026, 11, 23)


def _rows(session, sql: str) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return session.require_vault().query(sql)


def test_a_pulled_batch_writes_the_index_rows_and_links_its_bases(laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = laptops
    drafts = [
        CaseDraft(names=Names(given=f"Kid{i}", family="Bulk"), birth=Birth(declared_age=12 + i))
        for i in range(4)
    ]
    cases.import_cases(a, drafts, today=TODAY)
    first = cases.query_cases(a, limit=10)[0]
    draft = cases.open_case(a, first.id).draft
    changed = draft.model_copy(update={"names": draft.names.model_copy(update={"given": "Kidd"})})
    cases.update_case(a, first.id, changed, today=TODAY)  # its base arrives in the same batch
    report = exchange(a, b)
    assert report.applied >= 5
    referrals = "SELECT * FROM referral_index ORDER BY record_id"
    assert _rows(a, referrals), "the import opened referrals"
    assert _rows(b, referrals) == _rows(a, referrals)
    index = (
        "SELECT record_id, case_number, status, sort_name, display_name, birth_year, profile"
        " FROM case_index ORDER BY record_id"
    )
    assert _rows(b, index) == _rows(a, index)
    # Every base held on B points at B's own row of the change it names.
    links = (
        "SELECT c.change_id, b.change_id FROM change_log AS c"
        " JOIN change_log AS b ON b.seq = c.base ORDER BY c.change_id"
    )
    assert _rows(b, links) == _rows(a, links)
    bases = _rows(b, "SELECT count(*) FROM change_log WHERE base_id IS NOT NULL AND base IS NULL")
    assert bases == [(0,)]
    seqs = [r[0] for r in _rows(b, "SELECT seq FROM change_log ORDER BY seq")]
    assert len(seqs) == len(set(seqs))
    edit = _rows(b, "SELECT change_id FROM change_log WHERE path != '' AND base IS NOT NULL")
    assert edit, "the edit arrived linked to its base"
    assert change_log.id_text(edit[0][0])
