"""The case list as a lazy Qt model: pages of rows fetched as the view scrolls.

Never loads every row: ``rowCount`` starts at one page and grows by ``fetchMore``
(Qt calls it when the view nears the end). Sorting and filtering replace the query
and start again from the first page. Each page is one indexed query on the vault
(``query_cases``), a few milliseconds even with 100,000 cases.

A search (query text) runs off the GUI thread (``ui/operations.py``): the first page and
the count of a search, and the further pages of it, are one operation each, and the rows
shown stay those of the last finished search until the next one arrives. Only the newest
search is applied: one operation runs at a time; a query typed meanwhile waits for it and
replaces any query still waiting, and a result that arrives for a query no longer wanted
is dropped (``_generation``), so the rows never come from an older query than the text
shown. ``query`` is the query of the rows shown. The worker calls the same services on
the same vault: its one SQLCipher connection is opened for use from any thread and every
query and transaction holds the vault's lock, so the worker and the GUI thread take turns
(a write on the GUI thread waits at most for one search query).

Listing without text (sign-in, filters, sort, the reload after a save) is one walk of an
index and stays synchronous: the screen that saved a case selects it in the reloaded
list at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication, QStyle

from app.services import cases as case_service
from app.services.cases import CaseQuery, CaseRow
from app.services.session import Session
from ui.cases import labels
from ui.common import _
from ui.operations import OperationRunner

PAGE_SIZE = 100
CASE_ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

(COL_NUMBER, COL_NAME, COL_LATIN, COL_BORN, COL_SEX, COL_ACCOMPANIMENT, COL_URGENT) = range(7)
COL_REGISTERED = 7
HEADERS = {
    COL_NUMBER: "Case number",
    COL_NAME: "Name",
    COL_LATIN: "Latin spelling",
    COL_BORN: "Born",
    COL_SEX: "Sex",
    COL_ACCOMPANIMENT: "Accompaniment",
    COL_URGENT: "Urgent",
    COL_REGISTERED: "Registered",
}
# Columns the vault can sort by, and the query's sort key for each.
SORT_KEYS = {
    COL_NUMBER: "case_number",
    COL_NAME: "name",
    COL_LATIN: "name",
    COL_REGISTERED: "registered",
}
Index = QModelIndex | QPersistentModelIndex


def _header(column: int) -> str:
    # msgids listed here so that Babel extracts them
    return {
        COL_NUMBER: _("Case number"),
        COL_NAME: _("Name"),
        COL_LATIN: _("Latin spelling"),
        COL_BORN: _("Born"),
        COL_SEX: _("Sex"),
        COL_ACCOMPANIMENT: _("Accompaniment"),
        COL_URGENT: _("Urgent"),
        COL_REGISTERED: _("Registered"),
    }[column]


class CaseListModel(QAbstractTableModel):
    loaded = Signal()  # rows (first page or a further one) and the count are current
    load_failed = Signal(object)  # the exception of a search that failed
    busy_changed = Signal(bool)  # a search is running off the GUI thread

    def __init__(
        self,
        session: Session | None,
        query: CaseQuery | None = None,
        *,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
        runner: OperationRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._query = query or CaseQuery()
        self._page_size = page_size
        self._rows: list[CaseRow] = []
        self._exhausted = session is None
        self._total: int | None = None
        self._runner = runner or OperationRunner(self)
        self._generation = 0  # bumped by every new query or session: older results dropped
        self._running = False  # one search operation at a time
        self._waiting: tuple[str, CaseQuery] | None = None  # ("first", query) or ("more", q)
        self._wanted = self._query  # the query of the newest request
        if session is not None:
            self._fetch_page()

    # ---- query --------------------------------------------------------------------------

    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def wanted(self) -> CaseQuery:
        """The query of the newest request (a search may still be running for it)."""
        return self._wanted

    @property
    def busy(self) -> bool:
        return self._running

    def set_query(self, query: CaseQuery) -> None:
        """Start again from the first page with another query (filter, search, sort).

        A search (text) runs off the GUI thread and replaces the rows when it is done;
        a listing without text replaces them at once."""
        self._generation += 1
        self._wanted = query
        if self._session is not None and query.text.strip():
            self._request("first", query)
            return
        self._waiting = None
        self.beginResetModel()
        self._query = query
        self._rows = []
        self._total = None
        self._exhausted = self._session is None
        if self._session is not None:
            self._fetch_page(notify=False)
        self.endResetModel()
        self.loaded.emit()

    def set_session(self, session: Session | None) -> None:
        self._session = session
        self._generation += 1
        self._waiting = None
        query = self._wanted
        if session is not None and query.text.strip():
            # A search typed before the lock: list first, then search again.
            self.set_query(replace(query, text=""))
            self.set_query(query)
            return
        self.set_query(query)

    def refresh(self) -> None:
        """Read the list again after a change (synchronous, also for a search: the screen
        that saved a case selects it at once)."""
        self._generation += 1
        self._waiting = None
        query = self._wanted
        self.beginResetModel()
        self._query = query
        self._rows = []
        self._total = None
        self._exhausted = self._session is None
        if self._session is not None:
            self._fetch_page(notify=False)
        self.endResetModel()
        self.loaded.emit()

    def total(self) -> int:
        """How many cases match (one count query, cached until the query changes)."""
        if self._total is None:
            self._total = (
                case_service.count_cases(self._session, self._query) if self._session else 0
            )
        return self._total

    def _fetch_page(self, *, notify: bool = True) -> None:
        assert self._session is not None
        if self._query.text.strip() and notify:
            self._request("more", self._query)
            return
        page = case_service.query_cases(
            self._session, self._query, offset=len(self._rows), limit=self._page_size
        )
        self._add_page(page, notify=notify)

    def _add_page(self, page: list[CaseRow], *, notify: bool) -> None:
        if len(page) < self._page_size:
            self._exhausted = True
        if not page:
            return
        if notify:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        else:
            self._rows.extend(page)

    # ---- searches off the GUI thread ----------------------------------------------------

    def _request(self, what: str, query: CaseQuery) -> None:
        if self._running:
            self._waiting = (what, query)  # replaces any older request still waiting
            return
        self._start(what, query)

    def _start(self, what: str, query: CaseQuery) -> None:
        session = self._session
        if session is None:
            return
        generation = self._generation
        offset = 0 if what == "first" else len(self._rows)
        limit = self._page_size

        def work() -> tuple[list[CaseRow], int | None]:
            # Runs in a worker thread: services only, never a widget or this model.
            rows = case_service.query_cases(session, query, offset=offset, limit=limit)
            total = case_service.count_cases(session, query) if what == "first" else None
            return rows, total

        self._running = True
        self.busy_changed.emit(True)
        self._runner.run(
            work,
            on_success=lambda result: self._on_search_done(generation, what, query, result),
            on_failure=lambda exc: self._on_search_failed(generation, exc),
        )

    def _next(self) -> None:
        self._running = False
        waiting, self._waiting = self._waiting, None
        if waiting is not None and self._session is not None:
            self._start(*waiting)
        else:
            self.busy_changed.emit(False)

    def _on_search_done(
        self,
        generation: int,
        what: str,
        query: CaseQuery,
        result: tuple[list[CaseRow], int | None],
    ) -> None:
        current = generation == self._generation
        if current and what == "first":
            rows, total = result
            self.beginResetModel()
            self._query = query
            self._rows = []
            self._total = total
            self._exhausted = False
            self._add_page(rows, notify=False)
            self.endResetModel()
        elif current and query == self._query:
            self._add_page(result[0], notify=True)
        self._next()
        if current:
            self.loaded.emit()

    def _on_search_failed(self, generation: int, exc: BaseException) -> None:
        self._next()
        if generation == self._generation:
            self.load_failed.emit(exc)

    # ---- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._exhausted or self._session is None:
            return False
        # A further page of a search is on its way (or the search itself): not twice.
        return not (self._running and self._query.text.strip())

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch_page()

    def row(self, index: int) -> CaseRow:
        return self._rows[index]

    def row_of(self, case_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.id == case_id:
                return i
        return -1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in HEADERS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _header(section)
        if role == Qt.ItemDataRole.ToolTipRole and section in SORT_KEYS:
            return _("Click to sort by this column")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == CASE_ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_URGENT and row.urgent:
            style = QApplication.style()
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.FontRole and column == COL_URGENT and row.urgent:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _text(row: CaseRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.case_number
        if column == COL_NAME:
            return row.display_name
        if column == COL_LATIN:
            return row.display_latin if row.display_latin != row.display_name else ""
        if column == COL_BORN:
            return str(row.birth_year or "")
        if column == COL_SEX:
            return labels.label(labels.SEX, row.sex) if row.sex else ""
        if column == COL_ACCOMPANIMENT:
            return labels.label(labels.ACCOMPANIMENT, row.accompaniment)
        if column == COL_URGENT:
            return _("Urgent") if row.urgent else ""
        if column == COL_REGISTERED:
            return row.registered_at[:10]
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._wanted.sort and descending == self._wanted.descending:
            return
        self.set_query(replace(self._wanted, sort=key, descending=descending))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1)
            )
