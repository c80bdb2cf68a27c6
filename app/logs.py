"""The application's own log: rotated, in the user's log folder, never personal data.

Rule for every log call in Harbour: log event names, counts, durations and error
class names; never a name, a passphrase, a field value or an exception message (which
may quote user input). ``PersonalDataFilter`` is a last line of defence: it drops the
arguments of any record that was logged with some.
"""

from __future__ import annotations

import logging
import logging.handlers

from app.config import log_dir

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


def setup_logging(level: int = logging.INFO) -> logging.Handler:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger("harbour")
    root.setLevel(level)
    root.addHandler(handler)
    return handler
