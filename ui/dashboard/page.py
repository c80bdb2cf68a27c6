"""The managers' dashboard (issue 15, item 8): who is missing, who has no guardian and how
late that is [G6], urgent needs without a referral [G7], children not yet informed, age
assessments in progress, referrals awaiting an answer — each line opening the case — and
the caseload in four charts [G14], with the statistics export [G15] for managers.

Everything comes from ``app.services.dashboard.overview`` (the indexes the write path
keeps), run off the GUI thread each time the page is shown, a case is registered, a child
is marked missing or found, or ``refresh`` is called. The missing-child banner of
ui/missing_banner.py stands above every page, this one included; the list of missing
children is this page's first list.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Permission
from app.services import dashboard as dashboard_service
from app.services import files as file_service
from app.services.session import Session
from ui.common import MessageLabel, Page, _, heading
from ui.dashboard import texts
from ui.dashboard.charts import ChartPanel
from ui.dashboard.lists import CaseListSection
from ui.missing_banner import alerts
from ui.operations import OperationRunner, error_text

LIST_ORDER = ("without_guardian", "urgent", "not_informed", "age", "awaiting")
# Lines read per list (each list says how many more there are): the most urgent at a
# glance. Every line is formatted in Python (names isolated, dates in the UI language):
# 200 lines a list cost most of the page's 30-90 ms fill at 100,000 cases.
LIST_LINES = 50
# After sign-in, once the window's other reads are done, the dashboard is read in the
# background, so that the first Ctrl+2 shows it at its first paint (then reads it again).
PREFETCH_MS = 1500
# (row, column, rows, columns) of each chart, in reading order
CHART_PLACES = {
    "age_group": (0, 0, 1, 1),
    "sex": (0, 1, 1, 1),
    "nationality": (1, 0, 1, 2),
    "accompaniment": (2, 0, 1, 1),
}


class DashboardPage(Page):
    open_requested = Signal(str)  # a case id: the Cases section opens it
    refreshed = Signal()  # the lists and charts show the vault as it was just read

    def __init__(self, operations: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = operations
        self._session: Session | None = None
        self._overview: dashboard_service.Overview | None = None
        self._running = False
        self._again = False
        self._generation = 0
        self._prefetched: dashboard_service.Overview | None = None
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_MS)
        self._prefetch_timer.timeout.connect(self._on_prefetch_timer_timeout)

        self.title = heading(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.message = MessageLabel(parent=self)
        self.notice = MessageLabel(MessageLabel.INFO, self)

        self.sections: dict[str, CaseListSection] = {
            key: CaseListSection(texts.LIST_TITLES[key], texts.LIST_EMPTY[key], self)
            for key in LIST_ORDER
        }
        self.sections["missing"] = CaseListSection(
            texts.LIST_TITLES["missing"], texts.LIST_EMPTY["missing"], self, alert=True
        )
        for section in self.sections.values():
            section.open_requested.connect(self.open_requested)
        self.charts = {key: ChartPanel(self) for key in dashboard_service.CHARTS}

        content = QWidget(self)
        grid = QGridLayout()
        for i, key in enumerate(LIST_ORDER):
            grid.addWidget(self.sections[key], i // 2, i % 2)
        # Two charts side by side; the nationalities, whose names are long, across the
        # whole width (in a half, "Afghanistan" was cut to "Afgha…"); then accompaniment.
        chart_grid = QGridLayout()
        for key, place in CHART_PLACES.items():
            chart_grid.addWidget(self.charts[key], *place)
        self.charts_title = heading(self, 1.15)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        body = QVBoxLayout(content)
        body.addLayout(top)
        body.addWidget(self.summary)
        body.addWidget(self.message)
        body.addWidget(self.notice)
        body.addWidget(self.sections["missing"])
        body.addLayout(grid)
        body.addWidget(self.charts_title)
        body.addLayout(chart_grid)
        body.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._tab_order()
        # A child marked missing or found in this window: the lists follow at once (the
        # banner above every page, ui/missing_banner.py, says it too).
        alerts().changed.connect(self._on_alerts_changed)
        self.retranslate()

    def _tab_order(self) -> None:
        chain = [self.export_button, self.sections["missing"].list]
        chain += [self.sections[key].list for key in LIST_ORDER]
        chain += [self.charts[key].text for key in CHART_PLACES]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ---- session ------------------------------------------------------------------------
    def set_session(self, session: Session | None) -> None:
        self._session = session
        self.message.clear()
        self.notice.clear()
        self._prefetched = None
        self._prefetch_timer.stop()
        if session is None:
            self._generation += 1
            self._overview = None
            for section in self.sections.values():
                section.set_lines([], 0)
            for key, chart in self.charts.items():
                chart.set_data(_(texts.CHART_TITLES[key]), [])
            self.summary.clear()
        elif self.isVisible():
            self.refresh()
        else:
            self._prefetch_timer.start()

    def clear_session(self) -> None:
        self.set_session(None)

    # ---- reading ------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        # What the background read found is shown at once, at the page's first paint;
        # the read that follows rebuilds only what changed since (``refreshed`` then).
        prefetched, self._prefetched = self._prefetched, None
        if prefetched is not None:
            old, self._overview = self._overview, prefetched
            self._fill(old)
        self.refresh()

    def _on_prefetch_timer_timeout(self) -> None:
        if self._session is None or self.isVisible():
            return
        if self._ops.busy:  # sign-in's own reads (the case list) go first
            self._prefetch_timer.start()
            return
        self.refresh(prefetch=True)

    def _on_alerts_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self, *, prefetch: bool = False) -> None:
        """Read the dashboard again (off the GUI thread); a refresh asked for while one
        runs follows it. ``prefetch``: read while the page is hidden, and keep what was
        read for the page's next show (nothing is built while hidden)."""
        session = self._session
        if session is None:
            return
        if self._running:
            self._again = True
            return
        self._running, self._again = True, False
        generation = self._generation

        def done(result: dashboard_service.Overview) -> None:
            self._running = False
            if generation == self._generation and self._session is session:
                if prefetch and not self.isVisible():
                    self._prefetched = result
                else:
                    self._show(result)
            if self._again:
                self.refresh()

        def failed(exc: BaseException) -> None:
            self._running = False
            if generation == self._generation and self._session is session:
                self.message.show_message(error_text(exc))

        self._ops.run(
            lambda: dashboard_service.overview(session, limit=LIST_LINES),
            on_success=done,
            on_failure=failed,
        )

    def _show(self, overview: dashboard_service.Overview) -> None:
        old, self._overview = self._overview, overview
        self.message.clear()
        self._fill(old)
        self.refreshed.emit()

    def _fill(self, old: dashboard_service.Overview | None = None) -> None:
        """Show the overview read last; with ``old``, only the lists and charts whose
        data differ from it are rebuilt (showing the page again with nothing changed
        rebuilds nothing, and nothing is painted twice)."""
        o = self._overview
        if o is None:
            return

        def changed(*names: str) -> bool:
            return old is None or any(getattr(old, n) != getattr(o, n) for n in names)

        if changed("missing"):
            self._fill_missing(o)
        if changed("without_guardian", "without_guardian_count"):
            self._fill_without_guardian(o)
        if changed("urgent_without_referral", "urgent_without_referral_count"):
            self._fill_urgent(o)
        for key, name in (("not_informed", "not_informed"), ("age", "age_in_progress")):
            if changed(name):
                self._fill_case_lines(key, getattr(o, name))
        if changed("awaiting_answer", "awaiting_answer_count"):
            self._fill_awaiting(o)
        for key, chart in o.charts.items():
            if old is None or old.charts.get(key) != chart:
                self.charts[key].set_data(
                    _(texts.CHART_TITLES[key]),
                    [(texts.category(key, code), n) for code, n in chart.categories],
                )
        self._summarise()

    def _fill_missing(self, o: dashboard_service.Overview) -> None:
        self.sections["missing"].set_lines(
            [
                (
                    m.case_id,
                    texts.line(
                        m.case_number, m.display_name, m.display_latin, texts.since(m.since)
                    ),
                )
                for m in o.missing
            ],
            len(o.missing),
        )

    def _fill_without_guardian(self, o: dashboard_service.Overview) -> None:
        self.sections["without_guardian"].set_lines(
            [
                (
                    r.case_id,
                    texts.line(r.case_number, r.display_name, r.display_latin, texts.deadline(r)),
                )
                for r in o.without_guardian
            ],
            o.without_guardian_count,
        )

    def _fill_urgent(self, o: dashboard_service.Overview) -> None:
        self.sections["urgent"].set_lines(
            [
                (
                    r.case_id,
                    texts.line(
                        r.case_number, r.display_name, r.display_latin, texts.referral_type(r.type)
                    ),
                )
                for r in o.urgent_without_referral
            ],
            o.urgent_without_referral_count,
        )

    def _fill_case_lines(self, key: str, found: Any) -> None:
        self.sections[key].set_lines(
            [
                (
                    c.case_id,
                    texts.line(
                        c.case_number,
                        c.display_name,
                        c.display_latin,
                        texts.registered(c.registered_at),
                    ),
                )
                for c in found.lines
            ],
            found.count,
        )

    def _fill_awaiting(self, o: dashboard_service.Overview) -> None:
        self.sections["awaiting"].set_lines(
            [
                (
                    r.case_id,
                    texts.line(
                        r.case_number,
                        r.display_name,
                        r.display_latin,
                        _("{type}: {deadline}").format(
                            type=texts.referral_type(r.type), deadline=texts.deadline(r)
                        ),
                    ),
                )
                for r in o.awaiting_answer
            ],
            o.awaiting_answer_count,
        )

    def _summarise(self) -> None:
        o = self._overview
        if o is None:
            self.summary.clear()
            return
        from app.i18n import format_date, format_number

        self.summary.setText(
            _("{count} children in care on {date}.").format(
                count=format_number(o.caseload), date=format_date(o.today)
            )
        )

    # ---- the statistics export [G15] -----------------------------------------------------
    def _on_export_button_clicked(self) -> None:
        session = self._session
        if session is None:
            return
        self.notice.clear()
        if not session.may(Permission.PRINT_REFERRAL):
            self.message.show_translated(
                lambda: _("Only a manager can export statistics: they leave this laptop.")
            )
            return
        self.message.clear()
        suggested = str(Path.home() / f"harbour-statistics-{dt.date.today().isoformat()}.csv")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export statistics"), suggested, _("CSV files (*.csv)")
        )
        if not path:
            return
        # The dialog asked before choosing an existing file: yes there means replace it.
        replace = os.path.lexists(path)
        self.export_button.setEnabled(False)

        def done(size: int) -> None:
            self.export_button.setEnabled(True)
            self.notice.show_message(
                _(
                    "The statistics are saved to {path} ({kb} KB). Counts from 1 to 4 show as <5."
                ).format(path=path, kb=max(1, size // 1024))
            )

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.message.show_message(error_text(exc))

        self._ops.run(
            lambda: file_service.save_stats_csv(session, path, replace=replace),
            on_success=done,
            on_failure=failed,
        )

    # ---- language -----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(_("Dashboard"))
        self.setAccessibleName(_("Dashboard"))
        self.charts_title.setText(_("Children in care"))
        text = _("&Export statistics (CSV)…")
        self.export_button.setText(text)
        self.export_button.setAccessibleName(text.replace("&", ""))
        self.export_button.setToolTip(
            _("Aggregate counts only; every count from 1 to 4 shows as <5. Managers only.")
        )
        for section in self.sections.values():
            section.retranslate()
        if self._overview is not None:
            self._fill()
        else:
            for key, chart in self.charts.items():
                chart.set_data(_(texts.CHART_TITLES[key]), [])
