"""The calm look: default system fonts, some air, headings a bit larger. Nothing themed."""

from __future__ import annotations

from phr.paths import resource
from ui.qt import QColor, QFont, QIcon, QLabel, QPainter, QPixmap, QRectF, Qt, QWidget

MARGIN = 24
SPACING = 12

STYLESHEET = """
QLabel#error { color: #a61b1b; }
QLabel#hint { color: #555555; }
QLabel#warning { background: #fff6e0; border: 1px solid #e6c36a; border-radius: 4px; padding: 8px; }
QFrame#emptyState { background: #f4f8fc; border: 1px solid #c9d8ea; border-radius: 6px; }
QLabel#banner { background: #e3f4e8; border: 1px solid #9fd0ae; border-radius: 4px; padding: 8px; }
QPushButton#primary { background: #2f6f9f; color: white; font-weight: bold;
    padding: 6px 18px; border-radius: 4px; border: 1px solid #255a82; }
QPushButton#primary:disabled { background: #a9c0d3; border-color: #a9c0d3; }
QPushButton#primary:focus { border: 2px solid #10233f; }
QListWidget#sidebar { border: none; background: #f2f4f7; padding-top: 8px; }
QListWidget#sidebar::item { padding: 8px 14px; }
QListWidget#sidebar::item:selected { background: #dde6f3; color: #10233f; }
"""


def heading(text: str, parent: QWidget | None = None, scale: float = 1.6) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def note_label(text: str = "", name: str = "hint", parent: QWidget | None = None) -> QLabel:
    """A word-wrapped label styled by object name: `hint`, `error` or `warning`."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The PHR icon from resources/icons (PNGs rendered from phr.svg; PNG needs no plugin).

    Falls back to a painted icon if the files are missing, so a broken install still starts.
    """
    icon = QIcon()
    for size in ICON_SIZES:
        node = resource("icons", f"phr-{size}.png")
        pixmap = QPixmap()
        if node.is_file() and pixmap.loadFromData(node.read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon if not icon.isNull() else _painted_icon()


def _painted_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2f6f9f"))
        painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.2, size * 0.2)
        painter.setBrush(QColor("#ffffff"))
        bar, long = size * 0.2, size * 0.6
        painter.drawRect(QRectF((size - bar) / 2, (size - long) / 2, bar, long))
        painter.drawRect(QRectF((size - long) / 2, (size - bar) / 2, long, bar))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
