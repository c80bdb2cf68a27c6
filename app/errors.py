"""Known errors a person can act on.

Storage, services and the CLI raise only these for situations a user can fix; anything
else is a bug and surfaces as one. Each error carries a message that is translated at
the moment it is shown (``str(error)`` uses the active UI language) and never holds
personal data, because error text can end up in logs and crash reports.
"""

from __future__ import annotations

from app.i18n import _


class HarbourError(Exception):
    """Base class: ``message`` is an untranslated msgid, ``params`` fill its placeholders."""

    message = "Something went wrong."

    def __init__(self, message: str | None = None, **params: object) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(self.message)

    def __str__(self) -> str:
        return _(self.message).format(**self.params)


class WrongPassphrase(HarbourError):
    message = "The passphrase is not correct."


class UnknownUser(HarbourError):
    message = "There is no active user called {name} in this vault."


class VaultNotFound(HarbourError):
    message = "No Harbour vault was found in {path}."


class VaultExists(HarbourError):
    message = "A Harbour vault already exists in {path}."


class ForeignFile(HarbourError):
    message = "{path} is not a Harbour vault file."


class VaultBusy(HarbourError):
    message = "The vault is open in another Harbour window or command. Close it and try again."


class VaultDamaged(HarbourError):
    message = "The vault is damaged: {reason}"


class VaultLocked(HarbourError):
    message = "The vault is locked. Sign in again."


class DiskFull(HarbourError):
    message = "The disk is full. Free some space; nothing was saved."


class PermissionDenied(HarbourError):
    message = "Your role ({role}) does not allow this: {action}."


class InvalidInput(HarbourError):
    message = "{reason}"


class TooManyAttempts(HarbourError):
    message = "Too many wrong passphrases. Try again in {seconds} seconds."
