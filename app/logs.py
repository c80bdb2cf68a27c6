"""The application's own log: rotated, in the user's log folder, never personal data.

Rule for every log call in Harbour: log event names, counts, durations and error
class names; never a name, a passphrase, a field value or an exception message (which
may quote user input). ``PersonalDataFilter`` is a last line of defence: it drops the
arguments of any record that was logged with some.

The log folder is 0700 and every log file 0600, the rotated ones too (issue 11, 8): the
handler opens its file with mode 0600 itself instead of relying on the umask.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os

from app.config import PRIVATE_FILE_MODE, log_dir, make_private_dir, set_mode

LOG_NAME = "harbour.log"


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = f"{record.msg} [arguments withheld]"
            record.args = None
        record.exc_text = None
        if record.exc_info and record.exc_info[0] is not None:
            # Keep the type of the error, never its message or traceback locals.
            record.msg = f"{record.msg} ({record.exc_info[0].__name__})"
            record.exc_info = None
        return True


def _private_opener(path: str, flags: int) -> int:
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE_MODE)
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, PRIVATE_FILE_MODE)  # a log file from an older, 0644 install
    return fd


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the current one, each new one) is 0600."""

    def _open(self):  # untyped: typeshed's open() with a str mode is IO[Any], not its TextIOWrapper
        return open(
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=_private_opener,
        )


def setup_logging(level: int = logging.INFO) -> logging.Handler:
    folder = make_private_dir(log_dir())
    for rotated in folder.glob(f"{LOG_NAME}*"):
        set_mode(rotated, PRIVATE_FILE_MODE)
    handler = PrivateRotatingFileHandler(
        folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger("harbour")
    root.setLevel(level)
    root.addHandler(handler)
    return handler
