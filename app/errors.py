"""Known errors a person can act on.

Storage, services and the CLI raise only these for situations a user can fix; anything
else is a bug and surfaces as one. Each error carries a message that is translated at
the moment it is shown (``str(error)`` uses the active UI language) and never holds
personal data, because error text can end up in logs and crash reports.
"""

from __future__ import annotations

from app.i18n import N_, _


class HarbourError(Exception):
    """Base class: ``message`` is an untranslated msgid, ``params`` fill its placeholders."""

    message = N_("Something went wrong.")

    def __init__(self, message: str | None = None, **params: object) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(self.message)

    def __str__(self) -> str:
        return _(self.message).format(**self.params)


class WrongPassphrase(HarbourError):
    message = N_("The passphrase is not correct.")


class WrongRecoveryCode(WrongPassphrase):
    message = N_("The recovery code is not correct.")


class UnknownUser(HarbourError):
    message = N_("There is no active user called {name} in this vault.")


class VaultNotFound(HarbourError):
    message = N_("No Harbour vault was found in {path}.")


class VaultExists(HarbourError):
    message = N_("A Harbour vault already exists in {path}.")


class ForeignFile(HarbourError):
    message = N_("{path} is not a Harbour vault file.")


class VaultBusy(HarbourError):
    message = N_("The vault is open in another Harbour window or command. Close it and try again.")


class VaultDamaged(HarbourError):
    message = N_("The vault is damaged: {reason}")


class InstallationFileForeign(HarbourError):
    message = N_(
        "Harbour's installation file {path} is not an ordinary file. Move it away, then "
        "start Harbour again."
    )


class VaultCopied(HarbourError):
    message = N_(
        "This vault folder was last used by Harbour on another computer (or copied from "
        "one). No child can be numbered until a manager says whether this is the same "
        "laptop or a new one."
    )


class VaultLocked(HarbourError):
    message = N_("The vault is locked. Sign in again.")


class DiskFull(HarbourError):
    message = N_("The disk is full. Free some space; nothing was saved.")


class DiskFullPartly(HarbourError):
    """The disk filled after some transactions had been committed: say how many (not a
    ``DiskFull``, whose message says nothing was saved)."""

    message = N_(
        "The disk is full: {saved} of {total} cases were saved before it filled, the "
        "others were not. Free some space."
    )


class VaultReadOnly(HarbourError):
    message = N_(
        "The vault folder {path} is on a read-only disk; Harbour needs to write there. "
        "Nothing was changed."
    )


class VaultNotWritable(HarbourError):
    message = N_("Harbour is not allowed to write in the vault folder {path}; nothing was changed.")


class PermissionDenied(HarbourError):
    message = N_("Your role ({role}) does not allow this: {action}.")


class PassphraseChangeRequired(PermissionDenied):
    message = N_(
        "{name} signed in with a temporary passphrase: change it first "
        "(on the command line: harbour user passwd)."
    )


class InvalidInput(HarbourError):
    message = N_("{reason}")


class TooManyAttempts(HarbourError):
    message = N_("Too many wrong passphrases. Try again in {seconds} seconds.")


class OutputRefused(HarbourError):
    """A file a person asked Harbour to write (``--out``, a save dialog) was not written."""

    message = N_("{path} could not be written ({reason}); nothing was saved.")


class OutputNoName(OutputRefused):
    message = N_("Give the name of the file to write; nothing was saved.")


class OutputInVault(OutputRefused):
    message = N_(
        "{path} is inside a Harbour vault folder, which holds only the vault. "
        "Save documents somewhere else; nothing was saved."
    )


class OutputIsLink(OutputRefused):
    message = N_(
        "{path} is a symbolic link; Harbour does not write through links. "
        "Choose the file itself; nothing was saved."
    )


class OutputIsFolder(OutputRefused):
    message = N_("{path} is a folder. Give a file name in it; nothing was saved.")


class OutputNotAFile(OutputRefused):
    message = N_("{path} is not an ordinary file; Harbour will not replace it. Nothing was saved.")


class OutputExists(OutputRefused):
    message = N_("{path} already exists. Choose another name; nothing was saved.")


class OutputFolderMissing(OutputRefused):
    message = N_("The folder {folder} does not exist; nothing was saved.")


class OutputReadOnly(OutputRefused):
    message = N_("{path} is on a read-only disk; nothing was saved.")


class OutputNotAllowed(OutputRefused):
    message = N_("Harbour is not allowed to write {path}; nothing was saved.")
