"""One caseload chart (QtCharts bars) with its text alternative: the same numbers as a
line of text under it, also its accessible description.

Colours come from the palette (bars in the highlight colour, text in the window text
colour, no background of its own), so the chart reads in light and dark themes. In a
right-to-left language the value axis stands on the right and the categories run from
right to left.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app import i18n
from app.i18n import format_number
from ui.common import _, directional, isolate

CHART_HEIGHT = 230


class ChartPanel(QWidget):
    """A bar chart of (label, count) categories and its text alternative."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._categories: list[tuple[str, int]] = []
        self.bars = QBarSet("")
        self.series = QBarSeries()
        self.series.append(self.bars)
        self.series.setLabelsVisible(True)
        self.series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        self.chart = QChart()
        self.chart.addSeries(self.series)
        self.chart.legend().setVisible(False)
        self.chart.setBackgroundVisible(False)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.axis_x = QBarCategoryAxis()
        self.axis_y = QValueAxis()
        self.axis_y.setLabelFormat("%d")
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.axis_x)
        self.series.attachAxis(self.axis_y)
        self.view = QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(CHART_HEIGHT)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setFrameShape(QChartView.Shape.NoFrame)
        self.view.setStyleSheet("background: transparent")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.text)
        self.apply_palette()

    def set_data(self, title: str, categories: list[tuple[str, int]]) -> None:
        """``title`` already translated; ``categories`` (translated label, count)."""
        self._title, self._categories = title, list(categories)
        rtl = i18n.is_rtl(i18n.active_language())
        shown = list(reversed(categories)) if rtl else list(categories)
        self.bars.remove(0, self.bars.count())
        self.bars.append([float(n) for _label, n in shown])
        self.axis_x.clear()
        self.axis_x.append([label for label, _n in shown] or [" "])
        top = max((n for _label, n in categories), default=0)
        self.axis_y.setRange(0, max(1, top * 1.12))
        self.axis_y.setTickCount(5 if top >= 4 else 2)
        self.axis_y.applyNiceNumbers()  # 0, 50, 100 ... rather than 0, 57, 115 ...
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        if self.axis_y.alignment() != side:
            self.chart.removeAxis(self.axis_y)
            self.chart.addAxis(self.axis_y, side)
            self.series.attachAxis(self.axis_y)
        self.chart.setTitle(title)
        self.apply_palette()
        self._describe()

    def categories(self) -> list[tuple[str, int]]:
        return list(self._categories)

    def _describe(self) -> None:
        parts = [
            _("{label}: {count}").format(label=isolate(label), count=format_number(n))
            for label, n in self._categories
        ]
        total = sum(n for _label, n in self._categories)
        text = _("{title} — {values}. Total: {total}.").format(
            title=self._title,
            values="; ".join(parts) if parts else _("none"),
            total=format_number(total),
        )
        self.text.setText(directional(text))
        self.text.setAccessibleName(self._title)
        self.view.setAccessibleName(self._title)
        self.view.setAccessibleDescription(text)

    def apply_palette(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        self.chart.setTitleBrush(text)
        font = self.font()
        title_font = self.font()
        title_font.setBold(True)
        self.chart.setTitleFont(title_font)
        for axis in (self.axis_x, self.axis_y):
            axis.setLabelsBrush(text)
            axis.setLabelsFont(font)
            axis.setLinePenColor(grid)
            axis.setGridLineColor(grid)
        self.bars.setColor(palette.color(QPalette.ColorRole.Highlight))
        self.bars.setBorderColor(palette.color(QPalette.ColorRole.Highlight))
        self.bars.setLabelColor(text)
        self.bars.setLabelFont(font)

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.apply_palette()
        super().changeEvent(event)
