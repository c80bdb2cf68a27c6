"""[G11]-[G13] Missing children on a real vault: the sighting, the police referral and the
alert in one transaction; found closes them and prompts the return interview."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import referral as rules
from app.domain.case import Accompaniment, Birth, CaseDraft, Names, Separation
from app.domain.referral import ReferralState
from app.errors import InvalidInput
from app.services import cases, missing, referrals
from app.storage.records import Records

SEEN = dt.datetime(2026, 11, 26, 21, 30, tzinfo=dt.UTC)


def register(manager) -> str:
    draft = CaseDraft(
        names=Names(given="Samir"),
        birth=Birth(declared_age=14),
        separation=Separation(status=Accompaniment.UNACCOMPANIED),
    )
    return cases.register_case(manager, draft).id


def sighting(**change) -> missing.Sighting:
    values = dict(
        seen_at=SEEN,
        where="bus stop by the centre",
        with_whom="two older boys",
        clothing="red hoodie, black trainers",
        belongings="phone, small backpack",
        contacts="a cousin in Milan",
        risks="trafficking indicators recorded at intake",
        told=("police", "guardian"),
    )
    values.update(change)
    return missing.Sighting(**values)


def test_G11_marking_missing_records_the_sighting_opens_police_and_raises_the_alert(
    manager,
) -> None:
    case_id = register(manager)
    episode = missing.mark_missing(manager, case_id, sighting())
    record = Records(manager.vault).get(episode)
    assert record is not None
    assert record.fields["clothing"] == "red hoodie, black trainers"
    assert record.fields["with_whom"] == "two older boys"
    assert record.fields["risks"] and record.fields["told"] == ["police", "guardian"]
    assert cases.get_row(manager, case_id).status == "missing"
    police = Records(manager.vault).get(rules.police_referral_id(case_id, episode))
    assert police is not None and police.fields["state"] == "sent"
    assert police.fields["basis"]["kind"] == "legal_basis"  # vital interests, no consent
    (alert,) = missing.open_alerts(manager)
    assert (alert.case_id, alert.episode_id) == (case_id, episode)
    assert [m.case_id for m in referrals.dashboard(manager).missing] == [case_id]


def test_G11_the_police_referral_is_a_draft_until_the_police_are_told(manager) -> None:
    case_id = register(manager)
    episode = missing.mark_missing(manager, case_id, sighting(told=("guardian",)))
    police = Records(manager.vault).get(rules.police_referral_id(case_id, episode))
    # A state at its default ("draft") is not stored.
    assert police is not None and police.fields.get("state", "draft") == "draft"


def test_G11_a_child_already_missing_is_not_marked_twice_and_where_is_needed(manager) -> None:
    case_id = register(manager)
    with pytest.raises(InvalidInput):
        missing.mark_missing(manager, case_id, sighting(where=" "))
    missing.mark_missing(manager, case_id, sighting())
    with pytest.raises(InvalidInput):
        missing.mark_missing(manager, case_id, sighting())


def test_G13_found_closes_the_alert_and_the_police_referral_and_prompts_the_interview(
    manager,
) -> None:
    case_id = register(manager)
    episode = missing.mark_missing(manager, case_id, sighting())
    missing.mark_found(
        manager,
        case_id,
        found_at=SEEN + dt.timedelta(days=2),
        where="railway station",
        condition="hungry, unharmed",
    )
    assert missing.open_alerts(manager) == []
    assert cases.get_row(manager, case_id).status == "open"
    record = Records(manager.vault).get(episode)
    assert record is not None and record.fields["found"]["condition"] == "hungry, unharmed"
    police = referrals.get_referral(manager, rules.police_referral_id(case_id, episode))
    assert police.state == ReferralState.COMPLETED
    assert missing.return_interviews_due(manager) == [episode]
    missing.record_return_interview(
        manager, episode, held_on=dt.date(2026, 11, 27), why_left="", exploited="not known"
    )
    assert missing.return_interviews_due(manager) == []
    with pytest.raises(InvalidInput):
        missing.mark_found(manager, case_id, found_at=SEEN, where="x", condition="y")


def test_G12_the_missing_child_notice_can_be_printed_at_once(manager) -> None:
    from app.reports.referral_form import build_referral_pdf
    from app.services import guardians

    guardians.add_entry(manager, name="Commissariat central", kind="police", languages=["fr"])
    case_id = register(manager)
    missing.mark_missing(manager, case_id, sighting())
    data = referrals.form_data(manager, case_id, "police_missing")
    assert data.last_sighting is not None
    assert data.last_sighting.clothing == "red hoodie, black trainers"
    assert data.basis.legal_basis == missing.POLICE_BASIS
    assert build_referral_pdf(data).startswith(b"%PDF")


def test_the_notice_carries_the_birth_date_as_written_on_the_papers(manager) -> None:
    """[issue 12: 14] The referral service passes the date as written on the child's papers
    (a Solar Hijri tazkira) with the Gregorian date to the form, which prints both."""
    import subprocess

    from app.domain.calendars import Calendar, WrittenDate
    from app.domain.case import BirthSource, DatePrecision
    from app.reports.referral_form import build_referral_pdf
    from app.services import guardians

    written = WrittenDate(calendar=Calendar.SOLAR_HIJRI, year=1389, month=12, day=21)
    guardians.add_entry(manager, name="Commissariat central", kind="police", languages=["en"])
    draft = CaseDraft(
        names=Names(given="Samir"),
        birth=Birth(
            date=written.to_gregorian(),
            precision=DatePrecision.EXACT,
            source=BirthSource.DOCUMENT,
            date_written=written,
        ),
        separation=Separation(status=Accompaniment.UNACCOMPANIED),
    )
    case_id = cases.register_case(manager, draft).id
    missing.mark_missing(manager, case_id, sighting())
    data = referrals.form_data(manager, case_id, "police_missing")
    assert (data.birth_date, data.birth_date_written) == (dt.date(2011, 3, 12), written)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=build_referral_pdf(data), capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "March 12, 2011" in flat and "21/12/1389" in flat and "Solar Hijri" in flat, flat
