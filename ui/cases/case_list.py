"""The case list: search (any script), filters, sortable headers, lazy pages.

A search runs off the GUI thread (``CaseListModel``); the page shows its rows and count
when ``model.loaded`` says they are in, and its error if it fails.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import HarbourError
from app.i18n import N_, format_number, ngettext
from app.services.cases import CaseQuery
from app.services.session import Session
from ui.cases import labels
from ui.cases.model import COL_ACCOMPANIMENT, COL_REGISTERED, SORT_KEYS, CaseListModel
from ui.common import MessageLabel, Page, _, directional, heading
from ui.operations import error_text

SEARCH_DEBOUNCE_MS = 250
ALL = N_("All")


ROWS_MEASURED = 30  # rows a column's width is measured on
FILTER_CHARACTERS = 16  # a closed filter's width, in characters


class CaseListPage(Page):
    open_requested = Signal(str)  # case id
    new_intake_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self.title = heading(self)
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_intake_requested)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(200)
        self._search_label = QLabel(self)
        self._search_label.setBuddy(self.search)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._on_search_text_changed)

        self.status = self._filter_combo(labels.CASE_STATUS)
        self.accompaniment = self._filter_combo(labels.ACCOMPANIMENT)
        self.age_status = self._filter_combo(labels.AGE_STATUS)
        self._status_label = QLabel(self)
        self._status_label.setBuddy(self.status)
        self._accompaniment_label = QLabel(self)
        self._accompaniment_label.setBuddy(self.accompaniment)
        self._age_label = QLabel(self)
        self._age_label.setBuddy(self.age_status)
        self.urgent_only = QCheckBox(self)
        self.urgent_only.toggled.connect(self.apply_filters)

        self.count_label = QLabel(self)
        self.notice = MessageLabel(MessageLabel.INFO, self)
        self.error = MessageLabel(parent=self)

        self.model = CaseListModel(None, CaseQuery(), parent=self)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.query_changed.connect(self._on_model_query_changed)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Sized to the rows in view, not to every row fetched: measuring all of them
        # asked the model 27,000 times (330 ms of the GUI thread) at sign-in (issue 14).
        header.setResizeContentsPrecision(ROWS_MEASURED)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Every column as wide as its content (names are never cut) but accompaniment,
        # which takes the room left and shows its whole text in a tooltip when cut.
        header.setSectionResizeMode(COL_ACCOMPANIMENT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        header.setSortIndicator(COL_REGISTERED, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self.table.activated.connect(self._on_table_activated)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new_button)
        search_line = QHBoxLayout()
        search_line.addWidget(self._search_label)
        search_line.addWidget(self.search, 1)
        search_line.addWidget(self.count_label)
        # Filters on one line: a closed combo is about 16 characters wide (its whole text in
        # its tooltip and in the open list, which is as wide as its longest choice), so
        # that the list fits 1024 px (1280 px at 125 %) with the longest choice chosen.
        filters = QHBoxLayout()
        for label, widget in (
            (self._status_label, self.status),
            (self._accompaniment_label, self.accompaniment),
            (self._age_label, self.age_status),
        ):
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.urgent_only)
        filters.addStretch(1)
        # A status line with its room kept: a message ("Case … registered.") appears there
        # without moving the search field and the table (walkthrough I4).
        self.status_line = QWidget(self)
        status = QVBoxLayout(self.status_line)
        status.setContentsMargins(0, 0, 0, 0)
        status.setSpacing(0)
        status.addWidget(self.notice)
        status.addWidget(self.error)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_line)
        layout.addLayout(search_line)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def _filter_combo(self, table: dict[str, str]) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(FILTER_CHARACTERS)
        combo.addItem("", "")
        for code in table:
            combo.addItem("", code)
        combo.currentIndexChanged.connect(self.apply_filters)
        combo.currentTextChanged.connect(combo.setToolTip)
        return combo

    @staticmethod
    def _fit_popup(combo: QComboBox) -> None:
        view = combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)

    def _reserve_status_line(self) -> None:
        """Room for one line of message (its icon is as high as the text)."""
        metrics = self.notice.fontMetrics()
        self.status_line.setMinimumHeight(max(metrics.height(), metrics.lineSpacing()))

    def retranslate(self) -> None:
        self._reserve_status_line()
        self.title.setText(_("Cases"))
        self.new_button.setText(_("&New intake"))
        self.new_button.setAccessibleName(_("New intake"))
        self._search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(_("Case number or name, in any script"))
        self.search.setAccessibleName(_("Search by case number or name"))
        for label, combo, text, table in (
            (self._status_label, self.status, _("Status:"), labels.CASE_STATUS),
            (
                self._accompaniment_label,
                self.accompaniment,
                _("Accompaniment:"),
                labels.ACCOMPANIMENT,
            ),
            (self._age_label, self.age_status, _("Age:"), labels.AGE_STATUS),
        ):
            label.setText(text)
            combo.setAccessibleName(text.rstrip(":"))
            for i in range(combo.count()):
                code = combo.itemData(i)
                combo.setItemText(i, labels.label(table, code) if code else _(ALL))
            combo.setToolTip(combo.currentText())
            self._fit_popup(combo)
        self.urgent_only.setText(_("Urgent only"))
        self.urgent_only.setAccessibleName(_("Show only cases with an urgent concern"))
        self.table.setAccessibleName(_("Cases"))
        self.model.retranslate()
        self._update_count()

    # ---- session ------------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self._session = session
        self.notice.clear()
        self.error.clear()
        if session is None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        self._run(lambda: self.model.set_session(session))

    def _run(self, fn) -> None:  # type: ignore[no-untyped-def]
        try:
            fn()
            self.error.clear()
        except HarbourError as exc:
            self.error.show_message(error_text(exc))
        self._update_count()

    def _update_count(self) -> None:
        if self._session is None:
            self.count_label.clear()
            return
        try:
            total = self.model.total()
        except HarbourError:
            return
        self.count_label.setText(
            # "100,001 cases": digits grouped as the language groups them
            directional(
                ngettext("{count} case", "{count} cases", total).format(count=format_number(total))
            )
        )

    # ---- filters and search -------------------------------------------------------------

    def _on_search_text_changed(self, _text: str) -> None:
        self.search_timer.start()

    def current_query(self) -> CaseQuery:
        wanted = self.model.wanted
        text = self.search.text().strip()
        sort, descending = wanted.sort, wanted.descending
        if text and text != wanted.text:
            sort, descending = "match", False  # a new search: best match first
        elif not text and sort == "match":
            sort, descending = "registered", True
        return replace(
            wanted,
            text=text,
            sort=sort,
            descending=descending,
            status=self.status.currentData() or None,
            accompaniment=self.accompaniment.currentData() or None,
            age_status=self.age_status.currentData() or None,
            urgent_only=self.urgent_only.isChecked(),
        )

    def apply_filters(self) -> None:
        self.search_timer.stop()
        if self._session is None:
            return
        query = self.current_query()
        if query != self.model.wanted:
            self._run(lambda: self.model.set_query(query))

    def refresh(self) -> None:
        if self._session is not None:
            self._run(self.model.refresh)

    def _show_sort(self) -> None:
        """The header's sort mark follows the query (none while ranked by match)."""
        query = self.model.wanted
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if query.sort == "match":
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            column = next((c for c, k in SORT_KEYS.items() if k == query.sort), COL_REGISTERED)
            header.setSortIndicator(
                column,
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder,
            )
        header.blockSignals(False)

    def _on_header_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in SORT_KEYS and self.model.wanted.sort == "match":
            self._show_sort()
        elif column not in SORT_KEYS:
            # Only case number, name and registration date sort in the vault.
            query = self.model.wanted
            wanted = next(c for c, k in SORT_KEYS.items() if k == query.sort)
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                wanted,
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
        self._update_count()

    def _on_model_loaded(self) -> None:
        self.error.clear()
        self._update_count()

    def _on_model_query_changed(self) -> None:
        """Another query's rows: from the top (a reload of the same one keeps its place)."""
        self.table.scrollToTop()
        self._show_sort()

    def _on_model_load_failed(self, exc: BaseException) -> None:
        self.error.show_message(error_text(exc))

    # ---- opening ------------------------------------------------------------------------

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row(index.row()).id)

    def select_case(self, case_id: str) -> None:
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
