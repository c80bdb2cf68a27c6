"""A child's photo, taken with consent ([G12], registration.md [R1]).

A photo is a record of its own (kind ``photo``, shared like the case it belongs to): the
case id, the image as base64 JPEG, its size in pixels, the day it was taken and the id of
the consent it was taken under. Kept in the record rather than in a table of blobs so that
it travels, merges and is audited like every other record, with no second path for sync,
bundles or the change log; the price is the base64 overhead (a third) twice over (record
and change log), which the size limit keeps small: a notice photo needs no more than
``MAX_SIDE`` pixels on its long side, re-encoded to at most ``MAX_STORED`` bytes.

What comes in is checked and re-encoded, never kept as given: only JPEG and PNG files of at
most ``MAX_FILE`` bytes and ``MAX_PIXELS`` pixels are read (Pillow, which reportlab already
depends on; ``app/`` never imports Qt); the image is turned the way its EXIF orientation
says, scaled down, and written again as a JPEG without EXIF, XMP, ICC or comments, so a
camera's GPS position, serial number or date never reaches the vault or a printed notice.

Consent: ``add_photo`` needs a consent for photos recorded on the case and granted
(``ConsentPurpose.PHOTO``); refused without, naming the rule. The missing-child notice
shows the newest photo only while that consent is still granted on the case
(``notice_photo``).

Permissions: adding a photo WRITE_CASE; reading it READ_CASE.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.case import ConsentPurpose
from app.domain.roles import Permission
from app.errors import HarbourError, InvalidInput
from app.i18n import N_, _
from app.services.session import Session
from app.storage.case_index import CASE_KIND
from app.storage.records import Record, Records

PHOTO_KIND = "photo"
MAX_FILE = 15 * (1 << 20)  # a phone's photo, with room
MAX_PIXELS = 50_000_000  # refused before decoding (a "decompression bomb" is tiny on disk)
MAX_SIDE = 800  # pixels on the long side: enough for a printed notice
MAX_STORED = 200 * 1024  # bytes of JPEG kept
QUALITIES = (85, 75, 65, 55)

NO_PHOTO_CONSENT = N_("No consent for photos is recorded on this case: record the consent first.")
NOT_AN_IMAGE = N_("{path} is not a JPEG or PNG photo.")
IMAGE_TOO_LARGE = N_("{path} is larger than {limit} MiB; take a smaller photo.")
TOO_MANY_PIXELS = N_("{path} has more than {limit} million pixels; take a smaller photo.")


class PhotoRefused(HarbourError):
    """A rule refuses the photo (``rule`` names it)."""

    def __init__(self, message: str, rule: str, **params: object) -> None:
        super().__init__(message, **params)
        self.rule = rule


@dataclass(frozen=True)
class Photo:
    id: str
    case_id: str
    jpeg: bytes
    width: int
    height: int
    taken_on: dt.date
    consent_id: str


def _case(records: Records, case_id: str) -> Record:
    record = records.get(case_id)
    if record is None or record.kind != CASE_KIND or record.deleted:
        raise InvalidInput(reason=_("There is no such case."))
    return record


def photo_consent(case_fields: dict[str, Any]) -> str | None:
    """[G12] The id of a granted consent for photos on the case (the latest), or None."""
    found = None
    for consent in case_fields.get("consents") or []:
        if consent.get("purpose") == ConsentPurpose.PHOTO and consent.get("granted") is True:
            found = str(consent.get("id") or "consent")
    return found


def clean_jpeg(data: bytes, name: str = "photo") -> tuple[bytes, int, int]:
    """The image re-encoded as a JPEG of at most MAX_SIDE pixels a side and MAX_STORED
    bytes, turned as its EXIF orientation says, with no metadata at all. Refuses anything
    but a JPEG or PNG, and images of more than MAX_PIXELS pixels, before decoding them."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_FILE:
        raise InvalidInput(IMAGE_TOO_LARGE, path=name, limit=MAX_FILE >> 20)
    try:
        with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput(TOO_MANY_PIXELS, path=name, limit=MAX_PIXELS // 1_000_000)
            image.load()
            turned = ImageOps.exif_transpose(image) or image
            if turned.mode in ("RGBA", "LA", "P", "PA"):
                rgba = turned.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
            else:
                flat = turned.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidInput(NOT_AN_IMAGE, path=name) from None
    flat.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    for quality in QUALITIES:
        out = io.BytesIO()
        # A fresh image carries no info: no EXIF, XMP, ICC profile or comment is written.
        Image.frombytes("RGB", flat.size, flat.tobytes()).save(
            out, "JPEG", quality=quality, optimize=True
        )
        if out.tell() <= MAX_STORED:
            return out.getvalue(), flat.width, flat.height
    flat.thumbnail((MAX_SIDE // 2, MAX_SIDE // 2), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    Image.frombytes("RGB", flat.size, flat.tobytes()).save(out, "JPEG", quality=QUALITIES[-1])
    return out.getvalue(), flat.width, flat.height


def read_photo_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a photo file: an ordinary file of at most MAX_FILE bytes."""
    file = Path(path)
    try:
        if not file.is_file():
            raise InvalidInput(NOT_AN_IMAGE, path=str(path))
        if file.stat().st_size > MAX_FILE:
            raise InvalidInput(IMAGE_TOO_LARGE, path=str(path), limit=MAX_FILE >> 20)
        return file.read_bytes()
    except PermissionError:
        raise InvalidInput(N_("Harbour is not allowed to read {path}."), path=str(path)) from None


def add_photo(
    session: Session,
    case_id: str,
    data: bytes,
    *,
    name: str = "photo",
    today: dt.date | None = None,
) -> str:
    """[G12] Keep a photo of the child, taken under the consent for photos recorded on the
    case; refused without one. The image is checked and re-encoded (``clean_jpeg``).
    Returns the photo's record id."""
    session.require(Permission.WRITE_CASE)
    records = Records(session.require_vault())
    case = _case(records, case_id)
    consent = photo_consent(case.fields)
    if consent is None:
        raise PhotoRefused(NO_PHOTO_CONSENT, "G12")
    jpeg, width, height = clean_jpeg(data, name)
    return records.insert(
        PHOTO_KIND,
        {
            "case_id": case_id,
            "mime": "image/jpeg",
            "data": base64.b64encode(jpeg).decode("ascii"),
            "width": width,
            "height": height,
            "taken_on": (today or dt.date.today()).isoformat(),
            "consent_id": consent,
        },
        user_id=session.user.id,
        audit_detail="G12",
    )


def _photo(record: Record) -> Photo:
    f = record.fields
    return Photo(
        id=record.id,
        case_id=str(f["case_id"]),
        jpeg=base64.b64decode(f["data"]),
        width=int(f["width"]),
        height=int(f["height"]),
        taken_on=dt.date.fromisoformat(f["taken_on"]),
        consent_id=str(f.get("consent_id", "")),
    )


def latest_photo(session: Session, case_id: str) -> Photo | None:
    """The newest photo of the child, whatever its consent says now (for the case view)."""
    session.require(Permission.READ_CASE)
    found = Records(session.require_vault()).find_by_field(PHOTO_KIND, "case_id", case_id)
    return _photo(found[-1]) if found else None


def notice_photo(records: Records, case_id: str) -> Photo | None:
    """[G12] The photo a missing-child notice shows: the newest, and only while a consent
    for photos is still granted on the case (a withdrawn consent hides it)."""
    case = records.get(case_id)
    if case is None or photo_consent(case.fields) is None:
        return None
    found = records.find_by_field(PHOTO_KIND, "case_id", case_id)
    return _photo(found[-1]) if found else None
