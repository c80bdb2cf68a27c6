"""Harbour's desktop shell (PySide6): windows, pages and widgets. Holds no business rule.

``ui`` calls ``app.services`` (and ``app.config``, ``app.i18n``, ``app.errors``,
``app.domain``), never ``app.storage``. Slow service calls run off the GUI thread through
``ui.operations``.
"""
