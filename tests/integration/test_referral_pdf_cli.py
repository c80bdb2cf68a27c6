"""``harbour referral pdf`` run for real (issue 15, item 10): the form written and read back
with pdftotext; each refusal one translated line and a non-zero exit, nothing written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.domain import referral as rules
from app.domain.case import Accompaniment, Birth, CaseDraft, Names, Separation
from app.domain.roles import Role
from app.services import auth, cases, guardians, referrals, users
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import assert_ok, assert_one_line_error, harbour

pytestmark = pytest.mark.slow

OFFICER, OFFICER_PASS = "Officer Two", "harbour officer pass 77"


def _prepare(vault: Path) -> tuple[str, str]:
    """Two unaccompanied children: the first's guardian referral has a recipient and a
    recorded consent; the second's has neither. Returns their case numbers."""
    session = auth.sign_in(vault, MANAGER, MANAGER_PASS)
    try:
        users.add_user(session, name=OFFICER, role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
        rows = [
            cases.register_case(
                session,
                CaseDraft(
                    names=Names(given=given, given_latin=latin),
                    birth=Birth(declared_age=15),
                    separation=Separation(status=Accompaniment.UNACCOMPANIED),
                ),
            )
            for given, latin in (("سمير", "Samir"), ("Lina", ""))
        ]
        office = guardians.add_entry(
            session,
            name="Guardian Office",
            kind="guardianship_authority",
            appointing_authority="District court",
            languages=["en"],
        )
        referral_id = rules.guardian_referral_id(rows[0].id)
        referrals.set_recipient(session, referral_id, office)
        referrals.record_basis(
            session, referral_id, consent_given_by="child", language="ara", granted=True
        )
        return rows[0].case_number, rows[1].case_number
    finally:
        session.close()


def test_referral_pdf_writes_the_form_and_refuses_in_one_line(
    vault_dir: Path, tmp_path: Path
) -> None:
    ready, not_ready = _prepare(vault_dir)
    out = tmp_path / "guardian.pdf"

    def pdf(case: str, target: Path, *, who: str = MANAGER, pw: str = MANAGER_PASS, **extra):
        args = ["referral", "pdf", "--vault", str(vault_dir), "--as", who, "--case", case]
        args += ["--type", extra.get("type", "guardian"), "--out", str(target)]
        return harbour(*args, passphrase=pw)

    result = pdf(ready, out)
    assert_ok(result)
    assert result.stdout.startswith("Referral form written to ")
    assert len(result.stdout.splitlines()) == 1
    assert out.stat().st_mode & 0o077 == 0  # written privately
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Guardian Office" in text and ready in text and "Samir" in text

    # [G9] no recipient, no basis: refused naming what is missing; nothing written.
    refused = tmp_path / "refused.pdf"
    line = assert_one_line_error(pdf(not_ready, refused))
    assert "No recipient" in line
    # A referral type this case does not have.
    assert "no such referral" in assert_one_line_error(pdf(ready, refused, type="health"))
    # An intake officer may not print referrals (PRINT_REFERRAL: managers only).
    assert assert_one_line_error(pdf(ready, refused, who=OFFICER, pw=OFFICER_PASS))
    # An unknown case.
    assert "There is no case NRC-0000" in assert_one_line_error(pdf("NRC-0000", refused))
    assert not refused.exists()
    # An existing file is not replaced without --force.
    before = out.read_bytes()
    assert "already exists" in assert_one_line_error(pdf(ready, out))
    assert out.read_bytes() == before


def test_referral_pdf_refusal_is_translated(
    vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, not_ready = _prepare(vault_dir)
    monkeypatch.setenv("HARBOUR_LANGUAGE", "fr")
    args = ["referral", "pdf", "--vault", str(vault_dir), "--as", MANAGER]
    args += ["--case", not_ready, "--type", "guardian", "--out", str(tmp_path / "x.pdf")]
    line = assert_one_line_error(harbour(*args, passphrase=MANAGER_PASS))
    assert "No recipient" not in line and "destinataire" in line  # French, not English
