"""Work around PySide6 6.12 on CPython 3.11: void Qt methods drop a reference to ``None``.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7): every call from Python to a
Qt method that returns nothing (``setText``, ``processEvents``, ``show`` ...) lowers
``sys.getrefcount(None)`` by one, because the bindings return ``Py_None`` without a new
reference, which is only harmless on 3.12+ where ``None`` is immortal (PEP 683). After
a few thousand calls CPython 3.11 aborts with "Fatal Python error: none_dealloc".

The guard adds references to ``None`` (writing its reference count, as the missing
``Py_INCREF`` calls would have) whenever the count falls low, from a timer, so it never
gets near zero. The added references are never released, so interpreter shutdown is
safe too. On 3.12+ it does nothing. Remove it once PySide6 is fixed or Harbour requires
Python 3.12.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

NEEDED = sys.version_info < (3, 12)
LOW_WATER = 1 << 30  # a GUI loses a few thousand references a second at most
TOP_UP = 1 << 31

_timer: QTimer | None = None


def top_up() -> None:
    """Make sure ``None`` has plenty of references; cheap when nothing is needed."""
    if NEEDED and sys.getrefcount(None) < LOW_WATER:
        # ob_refcnt is the first field of every object in a CPython release build.
        ctypes.c_ssize_t.from_address(id(None)).value += TOP_UP


def install(parent: QObject | None = None) -> None:
    """Top up now, and every second from a timer on the GUI thread."""
    global _timer
    if not NEEDED:
        return
    top_up()
    if _timer is None:
        _timer = QTimer(parent)
        _timer.setInterval(1000)
        _timer.timeout.connect(top_up)
        _timer.start()
