"""Pictogram-like symbols for the presenter's buttons, drawn with QPainter.

Drawn rather than taken from a font, so that no symbol can fall back to a missing glyph
and each reads the same in every language: a tick in a green disc ("I understand"), a
question mark in a blue disc ("I have a question"), and arrows that point the way the
screens move (mirrored in right-to-left languages by the caller), a loudspeaker for
reading aloud, a square for stopping it, and a padlock for the staff's control (the child's
screen carries no word in the staff's language).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

UNDERSTOOD = "understood"
QUESTION = "question"
FORWARD = "forward"
BACKWARD = "backward"
SPEAKER = "speaker"
STOP = "stop"
STAFF = "staff"  # a padlock: the staff's control, named for screen readers, never in words

_COLOURS = {
    UNDERSTOOD: "#2E8B57",
    QUESTION: "#2F6DB5",
    FORWARD: "#3A4A6B",
    BACKWARD: "#3A4A6B",
    SPEAKER: "#7A4FA0",
    STOP: "#7A4FA0",
    STAFF: "#5B6478",
}
_SIZE = 128


def _path(kind: str) -> QPainterPath:
    path = QPainterPath()
    if kind == UNDERSTOOD:
        path.moveTo(36, 66)
        path.lineTo(56, 88)
        path.lineTo(94, 42)
    elif kind == QUESTION:
        path.moveTo(46, 48)
        path.cubicTo(46, 26, 84, 26, 84, 48)
        path.cubicTo(84, 62, 64, 62, 64, 78)
        path.lineTo(64, 82)
    elif kind == FORWARD:
        path.moveTo(34, 64)
        path.lineTo(92, 64)
        path.moveTo(70, 40)
        path.lineTo(94, 64)
        path.lineTo(70, 88)
    elif kind == SPEAKER:
        path.moveTo(30, 54)
        path.lineTo(44, 54)
        path.lineTo(62, 38)
        path.lineTo(62, 90)
        path.lineTo(44, 74)
        path.lineTo(30, 74)
        path.closeSubpath()
        path.arcMoveTo(QRectF(56, 48, 24, 32), 60)
        path.arcTo(QRectF(56, 48, 24, 32), 60, -120)
        path.arcMoveTo(QRectF(56, 36, 40, 56), 60)
        path.arcTo(QRectF(56, 36, 40, 56), 60, -120)
    elif kind == STOP:
        path.addRoundedRect(QRectF(44, 44, 40, 40), 4, 4)
    elif kind == STAFF:
        path.addRoundedRect(QRectF(40, 60, 48, 34), 5, 5)
        path.moveTo(50, 60)
        path.lineTo(50, 50)
        path.arcTo(QRectF(50, 34, 28, 32), 180, -180)
        path.lineTo(78, 60)
    else:
        path.moveTo(94, 64)
        path.lineTo(36, 64)
        path.moveTo(58, 40)
        path.lineTo(34, 64)
        path.lineTo(58, 88)
    return path


def symbol_pixmap(kind: str, size: int = _SIZE) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / _SIZE, size / _SIZE)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_COLOURS[kind]))
    painter.drawEllipse(QRectF(4, 4, _SIZE - 8, _SIZE - 8))
    pen = QPen(QColor("white"), 13)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(_path(kind))
    if kind == QUESTION:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawEllipse(QPointF(64, 100), 8, 8)
    painter.end()
    return pixmap


def symbol_icon(kind: str) -> QIcon:
    return QIcon(symbol_pixmap(kind))
