"""[G12] A child's photo on a real vault: kept only under a consent for photos recorded on
the case, re-encoded without camera data, and shown on the missing-child notice (read back
from the PDF with pdfimages) while that consent stands; "no photo" otherwise."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from app.domain.case import (
    Accompaniment,
    Birth,
    CaseDraft,
    Consent,
    ConsentPurpose,
    Names,
    Separation,
)
from app.errors import InvalidInput
from app.reports.referral_form import build_referral_pdf
from app.services import cases, guardians, missing, photos, referrals
from app.storage import kinds
from app.storage.records import Records

SEEN = dt.datetime(2026, 11, 26, 21, 30, tzinfo=dt.UTC)
GPS_IFD = 0x8825


def camera_jpeg(size: tuple[int, int] = (1600, 1200), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: EXIF with a GPS position, a camera serial number and
    an orientation tag."""
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((40, 40, 200), (0, 0, size[0] // 2, size[1] // 4))  # a blue top-left mark
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0xA431] = "SERIAL-4711-XYZ"  # BodySerialNumber
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def register(manager, *, photo_consent: bool | None) -> str:
    consents = []
    if photo_consent is not None:
        consents.append(
            Consent(purpose=ConsentPurpose.PHOTO, given_by="child", granted=photo_consent)
            if photo_consent
            else Consent(
                purpose=ConsentPurpose.PHOTO,
                given_by="child",
                granted=False,
                legal_basis="none: refused",
            )
        )
    draft = CaseDraft(
        names=Names(given="Samir"),
        birth=Birth(declared_age=14),
        separation=Separation(status=Accompaniment.UNACCOMPANIED),
        consents=consents,
    )
    return cases.register_case(manager, draft).id


def test_G12_the_photo_kind_is_registered_and_shared() -> None:
    assert kinds.is_shared("photo")


def test_G12_a_photo_without_consent_for_photos_is_refused(manager) -> None:
    for consent in (None, False):  # none recorded; refused
        case_id = register(manager, photo_consent=consent)
        with pytest.raises(photos.PhotoRefused) as refused:
            photos.add_photo(manager, case_id, camera_jpeg())
        assert refused.value.rule == "G12"
        assert Records(manager.vault).find_by_field("photo", "case_id", case_id) == []


def test_G12_the_photo_is_kept_without_camera_data_scaled_and_turned(manager) -> None:
    case_id = register(manager, photo_consent=True)
    original = camera_jpeg(orientation=6)  # the camera says: turn 90 degrees to show
    assert b"SERIAL-4711" in original and b"Exif" in original
    photos.add_photo(manager, case_id, original)
    photo = photos.latest_photo(manager, case_id)
    assert photo is not None
    kept = photo.jpeg
    assert b"Exif" not in kept and b"SERIAL-4711" not in kept and b"PhoneMaker" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG" and not image.getexif()
        assert not image.info.get("icc_profile") and "comment" not in image.info
        assert (image.width, image.height) == (photo.width, photo.height) == (600, 800)
    assert len(kept) <= photos.MAX_STORED
    # Stored in the record as it is kept, nothing else (the change log holds the same).
    (record,) = Records(manager.vault).find_by_field("photo", "case_id", case_id)
    assert set(record.fields) == {
        "case_id",
        "mime",
        "data",
        "width",
        "height",
        "taken_on",
        "consent_id",
    }


def test_G12_only_jpeg_and_png_of_sane_size_are_read(manager, tmp_path: Path) -> None:
    case_id = register(manager, photo_consent=True)
    gif = io.BytesIO()
    Image.new("RGB", (20, 20)).save(gif, "GIF")
    for bad in (b"not an image at all", gif.getvalue(), camera_jpeg()[:200]):
        with pytest.raises(InvalidInput, match="not a JPEG or PNG"):
            photos.add_photo(manager, case_id, bad)
    with pytest.raises(InvalidInput, match="larger than"):
        photos.add_photo(manager, case_id, b"\xff" * (photos.MAX_FILE + 1))
    # A PNG with transparency is kept, flattened on white, as a JPEG.
    png = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(png, "PNG")
    photos.add_photo(manager, case_id, png.getvalue())
    photo = photos.latest_photo(manager, case_id)
    assert photo is not None and photo.jpeg.startswith(b"\xff\xd8")


def test_too_many_pixels_are_refused_before_decoding() -> None:
    out = io.BytesIO()
    Image.new("L", (8000, 7000)).save(out, "PNG")  # 56 MP, a few kilobytes
    with pytest.raises(InvalidInput, match="million pixels"):
        photos.clean_jpeg(out.getvalue())


def _notice(manager, case_id: str) -> bytes:
    missing.mark_missing(
        manager, case_id, missing.Sighting(seen_at=SEEN, where="station", told=("police",))
    )
    return build_referral_pdf(referrals.form_data(manager, case_id, "police_missing"))


def _images(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    listed = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [line.split() for line in listed]


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(not shutil.which("pdfimages"), reason="poppler-utils not installed")
def test_G12_the_missing_child_notice_shows_the_photo_only_with_consent(
    manager, tmp_path: Path
) -> None:
    guardians.add_entry(manager, name="Commissariat central", kind="police", languages=["en"])
    with_photo = register(manager, photo_consent=True)
    photos.add_photo(manager, with_photo, camera_jpeg(), today=dt.date(2026, 11, 20))
    pdf = _notice(manager, with_photo)
    images = _images(pdf, tmp_path)
    # One picture, the kept JPEG (QR squares are paths, not images), 800 x 600 pixels.
    assert [(i[3], i[4], i[8]) for i in images] == [("800", "600", "jpeg")]
    text = _text(pdf, tmp_path)
    assert "Photo taken on" in text and "No photo" not in text

    without = register(manager, photo_consent=None)
    pdf = _notice(manager, without)
    assert _images(pdf, tmp_path) == []
    assert "No photo: none was taken with consent." in _text(pdf, tmp_path)


@pytest.mark.skipif(not shutil.which("pdfimages"), reason="poppler-utils not installed")
def test_G12_a_withdrawn_consent_hides_the_photo_from_the_notice(manager, tmp_path: Path) -> None:
    guardians.add_entry(manager, name="Commissariat central", kind="police", languages=["en"])
    case_id = register(manager, photo_consent=True)
    photos.add_photo(manager, case_id, camera_jpeg())
    draft = cases.open_case(manager, case_id).draft
    withdrawn = draft.model_copy(
        update={
            "consents": [
                c.model_copy(update={"granted": False, "legal_basis": "consent withdrawn"})
                for c in draft.consents
            ]
        }
    )
    cases.update_case(manager, case_id, withdrawn)
    pdf = _notice(manager, case_id)
    assert _images(pdf, tmp_path) == []
    assert "No photo" in _text(pdf, tmp_path)
