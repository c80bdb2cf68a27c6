"""The question a manager answers when this vault folder was last written by another
installation of Harbour (a copied or imaged folder; ``app/storage/installation.py``).

Until it is answered no child can be numbered on this laptop; other roles are told to
ask a manager. Keyboard: the buttons have mnemonics; Escape means "later".
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.roles import Permission
from app.errors import HarbourError
from app.services import device
from app.services.session import Session
from ui.common import _


def ask_which_laptop(parent: QWidget, session: Session) -> QMessageBox | None:
    """Open the question (non-modal) when this vault needs it; returns the box shown."""
    try:
        if not device.needs_confirmation(session):
            return None
    except HarbourError:
        return None  # a role that cannot read cases numbers no child either
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Is this the same laptop?"))
    box.setText(
        _(
            "This vault folder was last used by Harbour on another computer (or copied from "
            "one). No child can be numbered until a manager says whether this is the same "
            "laptop or a new one."
        )
    )
    box.setAccessibleName(_("Is this the same laptop?"))
    if not session.may(Permission.CHANGE_SETTINGS):
        box.setInformativeText(_("Ask a manager to sign in on this laptop and answer."))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()
        return box
    box.setInformativeText(
        _(
            "Choose “New laptop” if the folder was copied to this computer while the other "
            "one is still in use: this laptop then numbers children as a device of its own."
        )
    )
    same = box.addButton(_("&Same laptop"), QMessageBox.ButtonRole.AcceptRole)
    new = box.addButton(_("&New laptop"), QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(later)
    box.setDefaultButton(later)

    def answered(_result: int) -> None:
        clicked = box.clickedButton()
        if clicked in (same, new):
            try:
                device.confirm(session, same_device=clicked is same)
            except HarbourError as exc:
                QMessageBox.warning(parent, _("Is this the same laptop?"), str(exc))

    box.finished.connect(answered)
    box.open()
    return box
