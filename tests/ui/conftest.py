"""Fixtures for the desktop shell: a real ShellWindow on a real vault in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.config import AppSettings
from tests.conftest import FAST_KDF


@pytest.fixture(scope="session", autouse=True)
def _bundled_fonts(qapp: object) -> None:
    from ui.fonts import apply_ui_font, register_fonts

    register_fonts()
    apply_ui_font(qapp)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def _collector_on_gui_thread(qapp: object) -> None:
    """As the app does (ui/__main__.py): while a test waits on the event loop, cycles are
    collected by a GUI-thread timer, never by a worker (ui/gc_guard.py)."""
    from ui import gc_guard

    gc_guard.install(qapp)  # type: ignore[arg-type]


@pytest.fixture
def make_window(qtbot: object) -> Iterator[Callable[..., object]]:
    from ui.language import apply_language
    from ui.shell import ShellWindow

    made: list[ShellWindow] = []

    def make(folder: Path, *, idle_ms: int | None = None, language: str = "en") -> ShellWindow:
        apply_language(language)
        settings = AppSettings(vault_folder=str(folder), language=language)
        window = ShellWindow(settings, kdf=FAST_KDF, idle_ms=idle_ms)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        made.append(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)  # type: ignore[attr-defined]
        return window

    yield make
    for window in made:
        window.close()
    apply_language("en")
