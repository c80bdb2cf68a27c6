"""Slow service calls off the GUI thread, with success and failure callbacks (Anki's pattern).

The operation function runs in a worker thread and must never touch a widget; the
callbacks run back on the GUI thread. A failure that is not a ``HarbourError`` is a bug:
its callback still runs (so the screen leaves its busy state) and the exception is then
handed to ``sys.excepthook``, which reports it (and fails a pytest-qt test).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.errors import HarbourError
from ui.common import _

log = logging.getLogger("harbour.ui.operations")


def error_text(exc: BaseException) -> str:
    """What to show a person for an error: the translated message, or a generic line."""
    if isinstance(exc, HarbourError):
        return str(exc)
    return _("Something went wrong. Harbour has noted it; please try again.")


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted from the worker are queued to it."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        done: Callable[[_Relay], bool],
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._done = done
        self.succeeded.connect(self._on_self_succeeded)
        self.failed.connect(self._on_self_failed)

    @Slot(object)
    def _on_self_succeeded(self, result: object) -> None:
        if self._done(self):
            self._on_success(result)

    @Slot(object)
    def _on_self_failed(self, exc: BaseException) -> None:
        if self._done(self):
            self._on_failure(exc)
        if not isinstance(exc, HarbourError):
            log.error("operation failed with a bug", exc_info=exc)
            sys.excepthook(type(exc), exc, exc.__traceback__)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class OperationRunner(QObject):
    """Runs operations on Qt's thread pool and says when it is busy."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[_Relay] = set()
        self._pool = QThreadPool.globalInstance()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        relay = _Relay(on_success, on_failure, self._finished)
        was_busy = self.busy
        self._running.add(relay)
        if not was_busy:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the workers are idle (for shutting down)."""
        return self._pool.waitForDone(msecs)

    def _finished(self, relay: _Relay) -> bool:
        """The operation is over; False when this runner is gone (its window was closed
        while the work ran): nobody is left to tell, and emitting from a deleted runner
        raised "Signal source has been deleted" in the next test (test_fit, now and then)."""
        relay.deleteLater()
        if not shiboken6.isValid(self):
            return False
        self._running.discard(relay)
        if not self._running:
            self.busy_changed.emit(False)
        return True


def progress_to(owner: QObject, signal_name: str) -> Callable[[int, int], None]:
    """A ``progress(done, total)`` callback for a service running in the worker that
    emits ``owner``'s signal of that name, queued to the GUI thread. An owner closed
    meanwhile is skipped: its going away must not fail the work (a sign-in, a recovery)."""

    def progress(done: int, total: int) -> None:
        try:
            if shiboken6.isValid(owner):
                getattr(owner, signal_name).emit(done, total)
        except RuntimeError:  # deleted between the check and the emit
            pass

    return progress
