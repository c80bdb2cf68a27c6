"""Switching the UI language: gettext catalog, Qt's own translations, layout direction."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from app import i18n

_qt_translator: QTranslator | None = None


def apply_language(code: str) -> None:
    """Make ``code`` the active language for gettext, Qt's standard dialogs and the layout.

    Widgets built afterwards come out in the new language; call ``retranslate_all`` for
    the ones already built.
    """
    global _qt_translator
    i18n.set_language(code)
    app = QApplication.instance()
    if app is None:
        return
    QApplication.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if i18n.is_rtl(code) else Qt.LayoutDirection.LeftToRight
    )
    if _qt_translator is not None:
        QCoreApplication.removeTranslator(_qt_translator)
        _qt_translator = None
    if code != i18n.SOURCE_LANGUAGE:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{code}", folder):
            QCoreApplication.installTranslator(translator)
            _qt_translator = translator


def retranslate_all() -> None:
    """Send LanguageChange now to every window; each widget passes it to its children."""
    for widget in QApplication.topLevelWidgets():
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
