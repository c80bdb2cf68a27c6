"""``harbour case photo`` and the missing-child notice run for real ([G12]): a photo kept
under consent shows on the notice written by ``referral pdf --type police_missing``
(pdfimages); without consent, or not a photo, one translated line and exit 1."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.domain.case import (
    Accompaniment,
    Birth,
    CaseDraft,
    Consent,
    ConsentPurpose,
    Names,
    Separation,
)
from app.services import auth, cases, guardians
from tests.conftest import MANAGER, MANAGER_PASS
from tests.integration.helpers import assert_ok, assert_one_line_error, harbour
from tests.unit.test_photos import camera_jpeg

pytestmark = pytest.mark.slow


def _prepare(vault: Path) -> tuple[str, str]:
    session = auth.sign_in(vault, MANAGER, MANAGER_PASS)
    try:
        guardians.add_entry(session, name="Police station", kind="police", languages=["en"])
        numbers = []
        for consents in (
            [Consent(purpose=ConsentPurpose.PHOTO, given_by="child", granted=True)],
            [],
        ):
            draft = CaseDraft(
                names=Names(given="Samir"),
                birth=Birth(declared_age=14),
                separation=Separation(status=Accompaniment.UNACCOMPANIED),
                consents=consents,
            )
            numbers.append(cases.register_case(session, draft).case_number)
        return numbers[0], numbers[1]
    finally:
        session.close()


@pytest.mark.skipif(not shutil.which("pdfimages"), reason="poppler-utils not installed")
def test_G12_case_photo_then_the_notice_carries_it(vault_dir: Path, tmp_path: Path) -> None:
    consented, refused = _prepare(vault_dir)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(camera_jpeg())

    def run(*args: str):
        return harbour(*args, "--vault", str(vault_dir), "--as", MANAGER, passphrase=MANAGER_PASS)

    result = run("case", "photo", "--case", consented, "--file", str(photo))
    assert_ok(result)
    assert result.stdout == f"Photo kept with case {consented}, without its camera data.\n"
    line = assert_one_line_error(run("case", "photo", "--case", refused, "--file", str(photo)))
    assert "No consent for photos" in line and "[G12]" not in line  # [G12], in words
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    line = assert_one_line_error(run("case", "photo", "--case", consented, "--file", str(text)))
    assert "is not a JPEG or PNG photo" in line

    assert_ok(run("case", "missing", "--case", consented, "--where", "station", "--told", "police"))
    notice = tmp_path / "notice.pdf"
    assert_ok(
        run(
            "referral", "pdf", "--case", consented, "--type", "police_missing", "--out", str(notice)
        )
    )
    listed = subprocess.run(
        ["pdfimages", "-list", str(notice)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert [line.split()[8] for line in listed] == ["jpeg"]
