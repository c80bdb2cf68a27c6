"""Files Harbour writes outside the vault: documents where a person asks, and its own folders.

Every document a person saves (``--out`` on the command line, a save dialog in the
desktop) goes through ``app.storage.outputs.write_private``: never into a vault folder,
never through a link, never over an existing file unless the person said so, 0600, whole
or not at all. The command line and the screens call the functions here, never storage.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import tighten_home
from app.domain.roles import Permission
from app.i18n import _
from app.services.session import Session
from app.storage import outputs

if TYPE_CHECKING:
    from app.reports.referral_form import ReferralFormData


@dataclass(frozen=True)
class SavedDocument:
    size: int  # bytes written
    # Characters of a name no bundled font draws: printed as a visible mark, with the
    # name in Latin letters beside it. Whoever saved the document is told (issue 13).
    missing: tuple[str, ...] = ()

    @property
    def warning(self) -> str:
        if not self.missing:
            return ""
        return _(
            "Harbour has no font for some letters of the name ({letters}): they are printed"
            " as a mark, with the name in Latin letters beside it."
        ).format(letters=" ".join(self.missing))


def save_age_record_pdf(
    session: Session, case_id: str, out: str | os.PathLike[str], *, replace: bool = False
) -> SavedDocument:
    """Write a case's age-assessment record PDF to ``out`` and audit the print.

    ``replace``: the person agreed to replace an existing file (``--force``, or yes to a
    save dialog's question). A path that will be refused is refused before the PDF is
    built and before anything is audited.
    """
    from app.reports.age_record import build_age_record_checked
    from app.services import age

    session.require(Permission.RECORD_ASSESSMENT)
    outputs.check_output(out, replace=replace)
    built = build_age_record_checked(age.record_data(session, case_id))
    outputs.write_private(out, built.pdf, replace=replace)
    age.record_printed(session, case_id)
    return SavedDocument(len(built.pdf), tuple(dict.fromkeys(built.missing)))


def save_referral_pdf(
    session: Session,
    data: ReferralFormData,
    out: str | os.PathLike[str],
    *,
    replace: bool = False,
) -> SavedDocument:
    """Write a referral form (``data`` from ``referrals.form_data``, which checks the
    recipient and the basis [G9][R3] and audits the print [G10]) to ``out``. Managers
    only (PRINT_REFERRAL); a path that will be refused is refused before the PDF is built."""
    from app.reports.referral_form import build_referral_pdf_checked

    session.require(Permission.PRINT_REFERRAL)
    outputs.check_output(out, replace=replace)
    built = build_referral_pdf_checked(data)
    outputs.write_private(out, built.pdf, replace=replace)
    return SavedDocument(len(built.pdf), tuple(dict.fromkeys(built.missing)))


def save_stats_csv(session: Session, out: str | os.PathLike[str], *, replace: bool = False) -> int:
    """The statistics export a manager saves from the dashboard: aggregate counts only, every
    cell from 1 to 4 shown as "<5" and complementary cells suppressed [G15]; PRINT_REFERRAL,
    audited (``referrals.save_stats_csv``). Returns the bytes written."""
    from app.services import referrals

    session.require(Permission.PRINT_REFERRAL)
    return referrals.save_stats_csv(session, out, replace=replace)


def referral_pdf(session: Session, data: ReferralFormData) -> bytes:
    """A referral form's PDF in memory, for a printer (nothing written to disk); ``data``
    from ``referrals.form_data``, which checked the basis and audited the print [G10]."""
    from app.reports.referral_form import build_referral_pdf

    session.require(Permission.PRINT_REFERRAL)
    return build_referral_pdf(data)


#: Set once ``warm_up_printing`` has loaded what a first print needs.
printing_warmed = threading.Event()


def warm_up_printing(session: Session, language: str = "en") -> bool:
    """Load what the first referral form or age record needs (the fonts of the scripts a
    form draws, the language's catalog, the QR encoder), for a background thread after
    sign-in, so that the first print takes as long as the next. Only for a role that
    prints; never raises (it only saves time). True when it loaded."""
    if not (session.may(Permission.PRINT_REFERRAL) or session.may(Permission.RECORD_ASSESSMENT)):
        return False
    try:
        from app.reports.referral_form import warm_up

        warm_up(language)
    except Exception:  # an optimisation: the first print loads it anyway
        return False
    printing_warmed.set()
    return True


def check_output(out: str | os.PathLike[str], *, replace: bool = False) -> None:
    """Refuse now what saving to ``out`` would refuse (for a screen to say it early)."""
    outputs.check_output(out, replace=replace)


def protect_install(vault_folder: str | os.PathLike[str] | None = None) -> None:
    """At start: Harbour's own folders 0700 and their files 0600, and the same for
    ``vault_folder`` when it holds a vault. Never raises."""
    tighten_home()
    if vault_folder:
        outputs.tighten_vault_folder(Path(vault_folder))
