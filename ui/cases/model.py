"""The case list as a lazy Qt model: the whole list's length, rows fetched on demand.

``rowCount`` is the number of cases the query matches (one count query), so the view's
scroll bar covers the whole list: dragging it to the middle of 100,000 cases shows the
middle at once ([issue 12: 8], "jump to any part"). Rows are held in pages of
``PAGE_SIZE``; a row whose page is not here yet shows an ellipsis and asks for its page,
which is read after the paint (never inside it) and announced with ``dataChanged``. At
most ``MAX_PAGES`` pages are kept (the least recently used go first). Sorting and
filtering replace the query and start again from the first page.

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
list at once. ``query_changed`` says that a new query's rows replaced the old ones (the
list scrolls to the top then; a reload of the same query keeps its place).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from app.services import cases as case_service
from app.services.cases import CaseQuery, CaseRow
from app.services.session import Session
from ui.cases import labels
from ui.common import _
from ui.operations import OperationRunner

PAGE_SIZE = 100
MAX_PAGES = 200  # pages kept (20,000 rows); the least recently used go first
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
LINK_COLUMNS = (COL_NUMBER, COL_NAME, COL_LATIN)


@cache
def link_icon() -> QIcon:
    """Two chain links: a case linked to another as the same child [R5]."""
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#1f5fa8"))
        pen.setWidthF(size / 9)
        painter.setPen(pen)
        unit = size / 16
        painter.save()
        painter.translate(QPointF(size / 2, size / 2))
        painter.rotate(-45)
        for dx in (-3.2, 3.2):
            painter.drawRoundedRect(
                QRectF((dx - 4.2) * unit, -2.6 * unit, 8.4 * unit, 5.2 * unit),
                2.6 * unit,
                2.6 * unit,
            )
        painter.restore()
        painter.end()
        icon.addPixmap(pixmap)
    return icon


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
    query_changed = Signal()  # another query's rows replaced the list (not a reload)

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
        self._pages: OrderedDict[int, list[CaseRow]] = OrderedDict()
        self._total = 0
        self._runner = runner or OperationRunner(self)
        self._generation = 0  # bumped by every new query or session: older results dropped
        self._running = False  # one search operation at a time
        # ("first", query, ()) or ("pages", query, page numbers): waits for the running one
        self._waiting: tuple[str, CaseQuery, tuple[int, ...]] | None = None
        self._wanted = self._query  # the query of the newest request
        self._missing: set[int] = set()  # pages a paint asked for, read after it
        self._asking = QTimer(self)
        self._asking.setSingleShot(True)
        self._asking.setInterval(0)
        self._asking.timeout.connect(self._on_asking_timeout)
        if session is not None:
            self._load_first()

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
        changed = query != self._query
        self.beginResetModel()
        self._query = query
        self._clear_rows()
        if self._session is not None:
            self._load_first()
        self.endResetModel()
        if changed:
            self.query_changed.emit()
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
        changed = query != self._query
        self.beginResetModel()
        self._query = query
        self._clear_rows()
        if self._session is not None:
            self._load_first()
        self.endResetModel()
        if changed:
            self.query_changed.emit()
        self.loaded.emit()

    def total(self) -> int:
        """How many cases match the query of the rows shown."""
        return self._total

    def _clear_rows(self) -> None:
        self._pages.clear()
        self._missing.clear()
        self._total = 0

    def _load_first(self) -> None:
        assert self._session is not None
        rows = case_service.query_cases(self._session, self._query, offset=0, limit=self._page_size)
        self._total = (
            len(rows)
            if len(rows) < self._page_size
            else case_service.count_cases(self._session, self._query)
        )
        self._pages[0] = rows

    def _keep(self, page: int, rows: list[CaseRow]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            oldest = next(iter(self._pages))
            del self._pages[oldest]

    def _announce(self, page: int) -> None:
        first = page * self._page_size
        last = min(self._total, first + self._page_size) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    # ---- pages asked for by the view ------------------------------------------------------

    def _ask(self, page: int) -> None:
        if page not in self._missing:
            self._missing.add(page)
            self._asking.start()

    def _on_asking_timeout(self) -> None:
        pages = tuple(sorted(p for p in self._missing if p not in self._pages))
        self._missing.clear()
        if not pages or self._session is None:
            return
        if self._query.text.strip():
            self._request("pages", self._query, pages)
            return
        for page in pages:
            self._keep(page, self._read_page(page))
            self._announce(page)

    def _read_page(self, page: int) -> list[CaseRow]:
        assert self._session is not None
        return case_service.query_cases(
            self._session, self._query, offset=page * self._page_size, limit=self._page_size
        )

    # ---- searches off the GUI thread ----------------------------------------------------

    def _request(self, what: str, query: CaseQuery, pages: tuple[int, ...] = ()) -> None:
        if self._running:
            # replaces any older request still waiting (pages of the same query add up)
            if (
                what == "pages"
                and self._waiting is not None
                and self._waiting[0] == "pages"
                and self._waiting[1] == query
            ):
                pages = tuple(sorted({*self._waiting[2], *pages}))
            self._waiting = (what, query, pages)
            return
        self._start(what, query, pages)

    def _start(self, what: str, query: CaseQuery, pages: tuple[int, ...] = ()) -> None:
        session = self._session
        if session is None:
            return
        generation = self._generation
        size = self._page_size

        def work() -> tuple[dict[int, list[CaseRow]], int | None]:
            # Runs in a worker thread: services only, never a widget or this model.
            if what == "first":
                rows = case_service.query_cases(session, query, offset=0, limit=size)
                total = len(rows) if len(rows) < size else case_service.count_cases(session, query)
                return {0: rows}, total
            return {
                p: case_service.query_cases(session, query, offset=p * size, limit=size)
                for p in pages
            }, None

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
        result: tuple[dict[int, list[CaseRow]], int | None],
    ) -> None:
        current = generation == self._generation
        pages, total = result
        if current and what == "first":
            self.beginResetModel()
            self._query = query
            self._clear_rows()
            self._total = total or 0
            self._pages[0] = pages[0]
            self.endResetModel()
            self.query_changed.emit()
        elif current and query == self._query:
            for page, rows in pages.items():
                self._keep(page, rows)
                self._announce(page)
        self._next()
        if current:
            self.loaded.emit()

    def _on_search_failed(self, generation: int, exc: BaseException) -> None:
        self._next()
        if generation == self._generation:
            self.load_failed.emit(exc)

    # ---- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._session is None else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def loaded_row(self, index: int) -> CaseRow | None:
        """Row ``index`` if its page is here (None: it is on its way)."""
        rows = self._pages.get(index // self._page_size)
        offset = index % self._page_size
        return rows[offset] if rows is not None and offset < len(rows) else None

    def row(self, index: int) -> CaseRow:
        """Row ``index``, read now if its page is not here (activation, tests)."""
        found = self.loaded_row(index)
        if found is None and self._session is not None and 0 <= index < self._total:
            page = index // self._page_size
            self._keep(page, self._read_page(page))
            found = self.loaded_row(index)
        if found is None:
            raise IndexError(index)
        return found

    def row_of(self, case_id: str) -> int:
        for page, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == case_id:
                    return page * self._page_size + i
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
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row = self.loaded_row(index.row())
        column = index.column()
        if row is None:  # its page is asked for; shown when it arrives
            self._ask(index.row() // self._page_size)
            if role == Qt.ItemDataRole.DisplayRole and column == COL_NAME:
                return "…"
            return None
        if role == CASE_ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(row, column)
            if column == COL_NUMBER and row.linked:
                return _("{number} (linked to {others})").format(
                    number=text, others=", ".join(row.linked)
                )
            return text
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_ACCOMPANIMENT:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and row.linked and column in LINK_COLUMNS:
            return _("The same child as case {numbers} (the records are linked).").format(
                numbers=", ".join(row.linked)
            )
        if role == Qt.ItemDataRole.DecorationRole and column == COL_NUMBER and row.linked:
            return link_icon()
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
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(HEADERS) - 1))
