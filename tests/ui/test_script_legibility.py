"""Issue 12, item 12: Arabic-script and Ethiopic names as legible as Latin ones.

Measured, not assumed: text is rendered with the app's font (ui/fonts.py: Noto Sans, then
Harbour's UI copies of Noto Sans Arabic and Noto Sans Ethiopic made by tools/ui_fonts.py)
and the ink is read back from the image. With the original fonts an Arabic-only row was
laid out on Noto Sans Arabic's 2.11 em line (Noto Sans: 1.36 em), so it was taller and its
baseline sat 0.07 em higher than a Latin row's; and its letters' body was 0.88 of the
Latin x-height (isolated dal and heh; the teeth of most letters are lower still).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QTextLayout
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from ui.fonts import ARABIC_UI_FAMILY, ETHIOPIC_UI_FAMILY, FONTS_DIR, LATIN_FAMILY

pytestmark = pytest.mark.gui

PX = 32  # large enough that a 0.07 em shift is two pixels
LATIN = "Amina Hassan"  # nothing below the baseline
ARABIC = "محمد علي يوسف"
URDU = "ٹیپو سلطان"
PASHTO = "ښکلا ګل"
ETHIOPIC = "ሰላም ሃብተ"  # nothing below the baseline
MIXED = "Amina محمد ሰላም"
SINGLE = [LATIN, ARABIC, URDU, PASHTO, ETHIOPIC]  # one script each: baselines from the ink
NAMES = [*SINGLE, MIXED]


def app_font(px: int = PX) -> QFont:
    font = QFont(QApplication.font())
    font.setPixelSize(px)
    return font


def ink_rows(image: QImage, rect: QRect | None = None) -> list[int]:
    """Dark pixels per row of ``image`` (within ``rect``)."""
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rect = rect or image.rect()
    counts = []
    for y in range(rect.top(), rect.bottom() + 1):
        line = image.constScanLine(y).tobytes()
        counts.append(sum(1 for x in range(rect.left(), rect.right() + 1) if line[x] < 128))
    return counts


def ink_box(counts: list[int]) -> tuple[int, int]:
    rows = [y for y, n in enumerate(counts) if n]
    assert rows, "nothing was drawn"
    return rows[0], rows[-1]


def baseline_of(text: str, counts: list[int]) -> int:
    """The baseline row from the ink: the bottom of the ink for the Latin and Ethiopic
    names (chosen with nothing below the baseline); for Arabic script, the bottom of the
    stroke on which the letters join (the densest rows of the lower half of the ink)."""
    top, bottom = ink_box(counts)
    if text in (LATIN, ETHIOPIC):
        return bottom
    middle = (top + bottom) // 2
    densest = max(range(middle, bottom + 1), key=lambda y: counts[y])
    joined = densest  # the stroke is a few pixels thick: its lowest well-inked row
    while joined + 1 <= bottom and counts[joined + 1] >= counts[densest] // 2:
        joined += 1
    return joined


def draw(text: str, font: QFont, height: int = 4 * PX, width: int = 900) -> list[int]:
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor(0, 0, 0))
    align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
    painter.drawText(QRectF(0, 0, width, height), align, text)
    painter.end()
    return ink_rows(image)


def single(family: str, px: int = PX) -> QFont:
    font = QFont(family)
    font.setPixelSize(px)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    return font


def test_the_app_font_draws_arabic_script_and_ethiopic_with_the_ui_copies(qapp) -> None:
    layout = QTextLayout(f"{LATIN} {ARABIC} {URDU} {PASHTO} {ETHIOPIC}", app_font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = {run.rawFont().familyName() for run in layout.glyphRuns()}
    assert families == {LATIN_FAMILY, ARABIC_UI_FAMILY, ETHIOPIC_UI_FAMILY}


def test_the_ui_copies_have_the_line_of_noto_sans(qapp) -> None:
    """Ascent, descent and leading as Noto Sans's at every size: a line of Arabic or
    Tigrinya is as tall as a line of Latin and has its baseline."""
    for size in (9, 12, 16, 24, 48):
        latin = QFontMetricsF(single(LATIN_FAMILY, size))
        for family in (ARABIC_UI_FAMILY, ETHIOPIC_UI_FAMILY):
            other = QFontMetricsF(single(family, size))
            assert (other.ascent(), other.descent(), other.leading()) == (
                latin.ascent(),
                latin.descent(),
                latin.leading(),
            ), (family, size)


def test_arabic_letters_are_as_large_as_latin_lowercase(qapp) -> None:
    """Isolated dal and heh (no dots, ascender or tail) against the Latin x-height: 0.88
    with Noto Sans Arabic, about 1.08 with the UI copy (scaled 1.25)."""
    x_top, x_bottom = ink_box(draw("xxxx", single(LATIN_FAMILY)))
    top, bottom = ink_box(draw("د ه د", single(ARABIC_UI_FAMILY)))
    ratio = (bottom - top + 1) / (x_bottom - x_top + 1)
    assert 0.98 <= ratio <= 1.2, ratio
    original_top, original_bottom = ink_box(draw("د ه د", single("Noto Sans Arabic")))
    assert (bottom - top) > (original_bottom - original_top) * 1.15


def test_ethiopic_syllables_are_as_tall_as_latin_ascenders(qapp) -> None:
    """ላም (0.714 em, like a Latin capital) scaled 1.10 reaches the Latin ascender
    (hdl: 0.76 em) instead of staying at cap height."""
    top, bottom = ink_box(draw("hdl", single(LATIN_FAMILY)))
    e_top, e_bottom = ink_box(draw("ላም", single(ETHIOPIC_UI_FAMILY)))
    ratio = (e_bottom - e_top + 1) / (bottom - top + 1)
    assert 0.97 <= ratio <= 1.12, ratio


def test_a_line_mixing_scripts_is_as_tall_as_a_latin_line(qapp) -> None:
    def line(text: str) -> tuple[float, float]:
        layout = QTextLayout(text, app_font())
        layout.beginLayout()
        made = layout.createLine()
        layout.endLayout()
        return made.ascent(), made.descent()

    assert line(MIXED) == line(ARABIC) == line(ETHIOPIC) == line(LATIN)


def test_names_in_every_script_share_one_baseline_when_painted(qapp) -> None:
    """Each name painted alone, centred in the same rectangle: one baseline for all."""
    baselines = {text: baseline_of(text, draw(text, app_font())) for text in SINGLE}
    assert max(baselines.values()) - min(baselines.values()) <= 1, baselines


@pytest.fixture(params=["ltr", "rtl"])
def direction(request: pytest.FixtureRequest, qapp) -> Iterator[Qt.LayoutDirection]:
    value = (
        Qt.LayoutDirection.RightToLeft if request.param == "rtl" else Qt.LayoutDirection.LeftToRight
    )
    before = qapp.layoutDirection()
    qapp.setLayoutDirection(value)
    yield value
    qapp.setLayoutDirection(before)


def grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def test_a_list_gives_every_script_the_same_row_and_baseline(qtbot, direction) -> None:
    """The case list's rows: same height, same baseline in the row, in both directions."""
    view = QListWidget()
    qtbot.addWidget(view)
    view.setFont(app_font())
    view.addItems(NAMES)
    view.resize(700, 60 * len(NAMES))
    view.show()
    qtbot.waitExposed(view)
    heights = {text: view.sizeHintForRow(row) for row, text in enumerate(NAMES)}
    assert len(set(heights.values())) == 1, heights
    image = grab(view.viewport())
    offsets = {}
    for row, text in enumerate(SINGLE):
        rect = view.visualItemRect(view.item(row))
        offsets[text] = baseline_of(text, ink_rows(image, rect))
    assert max(offsets.values()) - min(offsets.values()) <= 1, offsets


def test_a_form_draws_every_script_on_one_baseline(qtbot, direction) -> None:
    """Line edits and labels of a form, each holding a name, at the app's own size: the
    same height, and one baseline per widget kind (a line edit lifts text whose ink is
    deeper than the line, to show it whole: with Noto Sans Arabic's 0.74 em descender that
    lifted every Arabic name by 4 px; a tail of the UI copy, 0.5 em, by at most 1 px)."""
    form = QWidget()
    qtbot.addWidget(form)
    layout = QFormLayout(form)
    edits, labels = [], []
    for text in NAMES:
        edit, label = QLineEdit(text), QLabel(text)
        edit.setMinimumWidth(300)
        edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no text cursor in the ink
        layout.addRow(label, edit)
        edits.append(edit)
        labels.append(label)
    form.show()
    qtbot.waitExposed(form)
    assert len({edit.sizeHint().height() for edit in edits}) == 1
    assert len({label.sizeHint().height() for label in labels}) == 1
    for widgets, frame in ((edits, 3), (labels, 0)):
        offsets = {}
        for widget, text in zip(widgets, SINGLE, strict=False):
            image = grab(widget)
            inside = image.rect().adjusted(frame, frame, -frame, -frame)
            offsets[text] = baseline_of(text, ink_rows(image, inside))
        assert max(offsets.values()) - min(offsets.values()) <= 1, (type(widgets[0]), offsets)


def test_the_ui_font_files_carry_the_ofl_and_a_name_of_their_own() -> None:
    from fontTools.ttLib import TTFont

    licence = (FONTS_DIR / "OFL.txt").read_text()
    for file, family in (
        ("HarbourSansArabic-Regular.ttf", ARABIC_UI_FAMILY),
        ("HarbourSansArabic-Bold.ttf", ARABIC_UI_FAMILY),
        ("HarbourSansEthiopic-Regular.ttf", ETHIOPIC_UI_FAMILY),
        ("HarbourSansEthiopic-Bold.ttf", ETHIOPIC_UI_FAMILY),
    ):
        assert file in licence
        with TTFont(FONTS_DIR / file) as font:
            names = font["name"]
            assert names.getDebugName(1) == family
            assert "Open Font License" in (names.getDebugName(10) or "")
            assert "Noto" not in (names.getDebugName(6) or "")
