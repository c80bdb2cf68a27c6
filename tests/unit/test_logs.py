"""The app's own log never holds personal data."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.config import log_dir
from app.errors import WrongPassphrase
from app.logs import LOG_NAME, setup_logging
from app.services import auth
from tests.conftest import MANAGER, MANAGER_PASS

CANARY = "Canary-Tesfay-Haile"


def test_log_holds_no_personal_data(vault_dir: Path) -> None:
    handler = setup_logging()
    try:
        log = logging.getLogger("harbour.test")
        log.info("registered %s", CANARY)  # a careless call: the filter withholds arguments
        try:
            raise ValueError(f"bad date for {CANARY}")
        except ValueError:
            log.exception("intake failed")
        with pytest.raises(WrongPassphrase):
            auth.sign_in(vault_dir, MANAGER, f"{CANARY} wrong")
        auth.sign_in(vault_dir, MANAGER, MANAGER_PASS).close()
        handler.flush()
        text = (log_dir() / LOG_NAME).read_text("utf-8")
    finally:
        logging.getLogger("harbour").removeHandler(handler)
        handler.close()
    assert CANARY not in text
    assert MANAGER not in text and MANAGER_PASS not in text
    assert "intake failed (ValueError)" in text
    assert "sign-in refused: wrong passphrase" in text
    assert "[arguments withheld]" in text
