"""What a page shows when there is nothing to show yet: what is missing and one button to fix it.

An empty page full of "Not tested" cards reads as a result; a short sentence and a button
reads as the next step. The button does not know the other pages (pages never import pages):
it emits `go_to(page_key)` and the main window switches.
"""

from __future__ import annotations

from ui.qt import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget, Signal
from ui.style import SPACING, heading, note_label


class EmptyState(QFrame):
    """A heading, a sentence and a button that asks the window to show `target`."""

    go_to = Signal(str)

    def __init__(
        self, title: str, text: str, button_text: str, target: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.target = target
        column = QVBoxLayout(self)
        column.setSpacing(SPACING)
        self.title = heading(title, self, scale=1.3)
        column.addWidget(self.title)
        self.text = note_label(text, "hint", self)
        column.addWidget(self.text)
        row = QHBoxLayout()
        self.button = QPushButton(button_text, self)
        self.button.setAccessibleName(button_text.rstrip("…"))
        self.button.setDefault(True)
        self.button.clicked.connect(lambda _checked=False: self.go_to.emit(self.target))
        row.addWidget(self.button)
        row.addStretch(1)
        column.addLayout(row)
