"""Starting the desktop app on a system without the X11 libraries Qt needs."""

from __future__ import annotations

import pytest


def test_missing_window_libraries_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes.util

    from ui import __main__ as desktop

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else f"lib{name}.so"
    )
    assert desktop.missing_window_libraries() == ["libxcb-cursor0"]
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # no window needed: nothing missing
    assert desktop.missing_window_libraries() == []
