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
from ui.qt import QShowEvent, QVBoxLayout, QWidget
from ui.session import Session
from ui.style import MARGIN, SPACING, heading

T = TypeVar("T")


class Page(QWidget):
    """Subclass, set `title`, add widgets to `self.body`, and implement `refresh()`."""

    title: ClassVar[str] = "Untitled"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.body.setSpacing(SPACING)
        self.heading = heading(self.title, self)
        self.body.addWidget(self.heading)
        session.vault_changed.connect(self._on_vault_changed)

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
