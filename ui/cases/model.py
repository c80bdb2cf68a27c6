"""The case list as a lazy Qt model: pages of rows fetched as the view scrolls.

Never loads every row: ``rowCount`` starts at one page and grows by ``fetchMore``
(Qt calls it when the view nears the end). Sorting and filtering replace the query
and start again from the first page. Each page is one indexed query on the vault
(``query_cases``), a few milliseconds even with 100,000 cases.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from app.services import cases as case_service
from app.services.cases import CaseQuery, CaseRow
from app.services.session import Session
from ui.cases import labels
from ui.common import _

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
    def __init__(
        self,
        session: Session | None,
        query: CaseQuery | None = None,
        *,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._query = query or CaseQuery()
        self._page_size = page_size
        self._rows: list[CaseRow] = []
        self._exhausted = session is None
        self._total: int | None = None
        if session is not None:
            self._fetch_page()

    # ---- query --------------------------------------------------------------------------

    @property
    def query(self) -> CaseQuery:
        return self._query

    def set_query(self, query: CaseQuery) -> None:
        """Start again from the first page with another query (filter, search, sort)."""
        self.beginResetModel()
        self._query = query
        self._rows = []
        self._total = None
        self._exhausted = self._session is None
        if self._session is not None:
            self._fetch_page(notify=False)
        self.endResetModel()

    def set_session(self, session: Session | None) -> None:
        self._session = session
        self.set_query(self._query)

    def refresh(self) -> None:
        self.set_query(self._query)

    def total(self) -> int:
        """How many cases match (one count query, cached until the query changes)."""
        if self._total is None:
            self._total = (
                case_service.count_cases(self._session, self._query) if self._session else 0
            )
        return self._total

    def _fetch_page(self, *, notify: bool = True) -> None:
        assert self._session is not None
        page = case_service.query_cases(
            self._session, self._query, offset=len(self._rows), limit=self._page_size
        )
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

    # ---- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

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
        if key == self._query.sort and descending == self._query.descending:
            return
        self.set_query(replace(self._query, sort=key, descending=descending))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1)
            )
