"""The page contract: a titled widget that loads its data through Ops and refreshes itself.

Pages never import each other. They learn about changes only through
`session.vault_changed(Changes)`; a visible page refreshes at once, a hidden one on its next
show (every show refreshes), so N pages do not all hit the vault after every edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from phr.progress import CancelToken, Changes, Progress
from ui.ops import Op
from ui.qt import (
    QFrame,
    QScrollArea,
    QShowEvent,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.style import MARGIN, SPACING, heading

T = TypeVar("T")

# Appended to glossary tooltips, so the full explanations are one menu away.
GLOSSARY_HINT = "\n\nMore words explained under Help > Glossary (F1 for the guide)."


class Page(QWidget):
    """Subclass, set `title`, add widgets to `self.body`, and implement `refresh()`."""

    title: ClassVar[str] = "Untitled"
    # Asks the window to show another page by its key ("genome", "medications"...): how an
    # empty state or an Overview item links to the page that can fix or explain it.
    go_to = Signal(str)

    @classmethod
    def key(cls) -> str:
        return cls.__name__.removesuffix("Page").lower()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.body.setSpacing(SPACING)
        self.heading = heading(self.title, self)
        self.body.addWidget(self.heading)
        session.vault_changed.connect(self._on_vault_changed)

    def start_action(self, action: str) -> None:
        """Start the page's main task when another page links to it ("import", "add");
        unknown actions just show the page."""

    def scroll_whole_page(self) -> QScrollArea:
        """Put everything added to `self.body` from now on into one scroll area under the
        heading. For pages taller than a small window (980x640): the page scrolls as one, and
        tables inside are sized to their rows (`fit_rows`) so nothing scrolls inside it."""
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(SPACING)
        scroll.setWidget(inner)
        self.body.addWidget(scroll, 1)
        self.body = layout
        return scroll

    def refresh(self) -> None:
        """Reload what the page shows from the vault (via `self.op`). Called on show and
        after `vault_changed` while visible."""

    def clear(self) -> None:
        """Forget any health data on screen; called when the window locks."""

    def is_affected_by(self, changes: Changes) -> bool:
        """Override to skip refreshes for changes this page does not show."""
        return True

    def op(self, fn: Callable[[Progress, CancelToken], T]) -> Op[T]:
        """An `Op` parented to this page and bound to its session (so `Changes` propagate)."""
        return Op(self, fn, session=self.session)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.session.is_unlocked:
            self.refresh()

    def _on_vault_changed(self, changes: object) -> None:
        if not isinstance(changes, Changes) or not self.is_affected_by(changes):
            return
        if self.isVisible() and self.session.is_unlocked:
            self.refresh()  # hidden pages catch up in showEvent


def fit_rows(table: QTableView, *, minimum_rows: int = 1, maximum_rows: int = 12) -> None:
    """Make a table exactly as tall as its rows (within limits), so that inside a scrolling
    page it shows its content instead of a second scroll bar."""
    model = table.model()
    rows = model.rowCount() if model is not None else 0
    shown = max(minimum_rows, min(rows, maximum_rows))
    vertical = table.verticalHeader()
    default = vertical.defaultSectionSize()
    heights = [table.rowHeight(row) or default for row in range(min(rows, shown))]
    heights += [default] * (shown - len(heights))
    header = table.horizontalHeader()
    header_height = max(header.sizeHint().height(), header.height() if header.isVisible() else 0)
    table.setFixedHeight(header_height + sum(heights) + 2 * table.frameWidth() + 2)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollBarPolicy(
        Qt.ScrollBarPolicy.ScrollBarAsNeeded
        if rows > maximum_rows
        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    )
