"""``harbour referral list`` output built by SQLite (``referral_list.listing_output``,
issue 15 bench line) is byte for byte what the item-by-item path prints: ``json.dumps``
of each item (escaped by ``terminal_safe``) with ``--json``, tab-separated cells escaped
by ``terminal_safe`` without; on a real vault, with flagged deadlines [G2], lateness in
working days [G6], case numbers that JSON or a terminal would escape, the Arabic word for
a flagged deadline, and a deadline written between the two reads."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.domain.text import terminal_safe
from app.i18n import set_language
from app.services import demo
from app.services import referral_list as rl
from app.storage.referral_index import ReferralRepository

TODAY = dt.date(2026, 12, 18)
LATER = TODAY + dt.timedelta(days=30)  # many referrals overdue by then


@pytest.fixture
def filled(manager):
    demo.fill(manager, count=40, seed=7, today=TODAY)
    # [G2] a deadline beyond the profile's holidays is flagged, never computed: the
    # indexer writes no due, and its earliest date as due_sort (ReferralIndexer.write).
    rows = ReferralRepository(manager.vault).listing()
    with manager.vault.conn:
        for row in rows[::9]:
            manager.vault.conn.execute(
                "UPDATE referral_index SET due = NULL, flagged = 1 WHERE record_id = ?",
                (row[0],),
            )
    return manager


def _not_called(*args, **kwargs):
    raise AssertionError("the item-by-item path")


def _expected(session, *, overdue: bool, as_json: bool, today: dt.date) -> str:
    items = rl.list_referrals(session, overdue=overdue, today=today)
    if as_json:
        return "".join(
            terminal_safe(json.dumps(item.as_json(), ensure_ascii=False), json=True) + "\n"
            for item in items
        )
    return rl.text_output(items)


@pytest.mark.parametrize("as_json", [True, False])
@pytest.mark.parametrize("overdue", [True, False])
def test_G6_sql_output_is_the_item_by_item_output(filled, overdue, as_json, monkeypatch) -> None:
    with monkeypatch.context() as patch:  # built by SQLite, not item by item
        patch.setattr(rl, "list_referrals", _not_called)
        out = rl.listing_output(filled, overdue=overdue, json=as_json, today=LATER)
    assert out == _expected(filled, overdue=overdue, as_json=as_json, today=LATER)
    lines = out.split("\n")[:-1]
    assert len(lines) == len(rl.list_referrals(filled, overdue=overdue, today=LATER))
    if as_json:
        listed = [json.loads(line) for line in lines]
        assert listed
        if overdue:  # a flagged deadline is overdue from its earliest date, days unknown
            assert all(r["days_late"] > 0 for r in listed if not r["flagged"])
        if not overdue:
            flagged = [r for r in listed if r["flagged"]]
            assert flagged and all(r["due"] is None for r in flagged)
            assert any(r["working_days_late"] is not None for r in listed)
    else:
        assert all(line.count("\t") == 4 for line in lines)
        if not overdue:
            assert any(line.split("\t")[3] == "flagged" for line in lines)


ODD = ['quote " and \\ back', "tab\there", "نرک-۱", "line\u2028sep", "esc\x1b[2J", "del\x7f"]


def test_odd_case_numbers_fall_back_to_the_same_bytes(filled) -> None:
    rows = ReferralRepository(filled.vault).listing()
    with filled.vault.conn:  # stands for a case number nothing in Harbour writes today
        for (record_id, *_), number in zip(rows, ODD, strict=False):
            filled.vault.conn.execute(
                "UPDATE referral_index SET case_number = ? WHERE record_id = ?",
                (number, record_id),
            )
    for as_json in (True, False):
        out = rl.listing_output(filled, json=as_json, today=LATER)
        assert out == _expected(filled, overdue=False, as_json=as_json, today=LATER)
        assert "\x1b" not in out and "\u2028" not in out and "\x7f" not in out
    lines = rl.listing_output(filled, json=True, today=LATER).split("\n")[:-1]
    assert {json.loads(line)["case_number"] for line in lines} >= set(ODD)


def test_the_arabic_word_for_a_flagged_deadline(filled, monkeypatch) -> None:
    set_language("ar")
    try:
        with monkeypatch.context() as patch:  # still SQLite's: the word is safe as it is
            patch.setattr(rl, "list_referrals", _not_called)
            out = rl.listing_output(filled, today=LATER)
        assert out == _expected(filled, overdue=False, as_json=False, today=LATER)
        assert "flagged" not in out
    finally:
        set_language("en")


def test_a_deadline_missing_from_the_lateness_table_is_never_left_out(filled, monkeypatch) -> None:
    """A referral written between reading the deadlines and listing (a sync, the other
    window): its line ends in NUL, the check refuses the text, the items are listed."""
    read = ReferralRepository.listed_dues
    monkeypatch.setattr(ReferralRepository, "listed_dues", lambda self, **kw: read(self, **kw)[1:])
    for as_json in (True, False):
        out = rl.listing_output(filled, json=as_json, today=LATER)
        assert out == _expected(filled, overdue=False, as_json=as_json, today=LATER)
        assert "\x00" not in out
