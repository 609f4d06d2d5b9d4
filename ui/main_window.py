"""The main window: a sidebar of pages, a menu, and the lock screen that replaces them.

Locking (idle or "Lock now") first hides the pages and asks each to forget what it shows,
then closes the vault on the worker thread, which drops the key. Unlocking re-opens the same
file and returns to the page that was showing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import phr
from phr.errors import PhrError
from phr.progress import CancelToken, Changes, Progress
from ui import messages
from ui.idle import IdleClock, IdleWatcher
from ui.lock_screen import LockScreen
from ui.ops import Op, report_error
from ui.pages import PAGES, Page
from ui.qt import (
    QAction,
    QCloseEvent,
    QHBoxLayout,
    QKeySequence,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)
from ui.session import DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_KEY, Session
from ui.style import app_icon

log = logging.getLogger(__name__)

SIDEBAR_WIDTH = 190


def read_idle_minutes(raw: str | None) -> int:
    """Settings are text in the vault; anything unusable falls back to the default."""
    try:
        minutes = int(raw) if raw is not None else DEFAULT_IDLE_LOCK_MINUTES
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES
    return minutes if minutes > 0 else DEFAULT_IDLE_LOCK_MINUTES


class MainWindow(QMainWindow):
    def __init__(
        self,
        session: Session,
        *,
        now: Callable[[], float] = time.monotonic,
        idle_tick_ms: int = 5_000,
    ) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle("PHR")
        self.setWindowIcon(app_icon())
        self.resize(980, 640)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(SIDEBAR_WIDTH)
        self.pages_stack = QStackedWidget()
        self.pages: list[Page] = []
        for page_class in PAGES:
            page = page_class(session)
            self.pages.append(page)
            self.pages_stack.addWidget(page)
            self.sidebar.addItem(page.title)
        self.sidebar.currentRowChanged.connect(self.pages_stack.setCurrentIndex)

        content = QWidget()
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.pages_stack, 1)

        self.lock_screen = LockScreen()
        self.lock_screen.unlock_requested.connect(self.unlock)
        self.screens = QStackedWidget()
        self.screens.addWidget(content)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)

        self.idle_clock = IdleClock(DEFAULT_IDLE_LOCK_MINUTES, now=now)
        self.idle_watcher = IdleWatcher(self.idle_clock, idle_tick_ms, self)
        self.idle_watcher.idle.connect(self._lock_for_idle)
        session.vault_changed.connect(self._on_vault_changed)
        session.unlocked.connect(self._on_unlocked)
        self._on_unlocked()

        self._build_menu()
        self.sidebar.setCurrentRow(0)
        self._after_unlock()

    # -- menu ---------------------------------------------------------------------------------

    def _build_menu(self) -> None:
        vault_menu = self.menuBar().addMenu("&Vault")
        self.lock_action = QAction("&Lock now", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        # `triggered` passes `checked`; a bare connect sent False on as the lock reason
        self.lock_action.triggered.connect(lambda _checked=False: self.lock())
        vault_menu.addAction(self.lock_action)
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.triggered.connect(self.edit_settings)
        vault_menu.addAction(self.settings_action)
        vault_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        vault_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About PHR", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_about(self) -> None:
        messages.show_about(
            self,
            "About PHR",
            f"PHR {phr.__version__}\n\nAn offline, encrypted personal health record.\n"
            "Your data stays on this computer.\n\nLicensed under the GPL, version 3 or later.",
        )

    # -- pages --------------------------------------------------------------------------------

    @property
    def current_page(self) -> Page:
        return self.pages[self.pages_stack.currentIndex()]

    def show_page(self, page_class: type[Page]) -> Page:
        index = next(i for i, page in enumerate(self.pages) if isinstance(page, page_class))
        self.sidebar.setCurrentRow(index)
        return self.pages[index]

    # -- lock / unlock ------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    def lock(self, reason: str = "Locked. Enter your passphrase to continue.") -> None:
        if self.is_locked:
            return
        self.idle_watcher.stop()
        for page in self.pages:
            page.clear()
        self.lock_screen.prepare(self.session.path, reason)
        self.screens.setCurrentWidget(self.lock_screen)
        self._set_actions_enabled(False)
        self.session.lock(self).run()
        log.info("window locked")

    def _lock_for_idle(self) -> None:
        minutes = self.idle_clock.timeout_minutes
        self.lock(f"Locked after {minutes:g} minutes without activity.")

    def unlock(self, passphrase: str) -> None:
        if self.session.path is None:
            return
        (
            self.session.unlock(self, self.session.path, passphrase)
            .success(lambda _: self._show_pages())
            .failure(self._unlock_failed)
            .run()
        )

    def _unlock_failed(self, error: BaseException) -> None:
        if isinstance(error, PhrError):
            self.lock_screen.show_error(str(error))
        else:
            self.lock_screen.set_busy(False)
            report_error(self, error)

    def _on_unlocked(self) -> None:
        if self.session.path is not None:
            self.setWindowTitle(f"{self.session.path.name} - PHR")

    def _show_pages(self) -> None:
        self.lock_screen.passphrase.clear()
        self.screens.setCurrentIndex(0)  # the pages stack keeps its current page
        self._set_actions_enabled(True)
        self._after_unlock()

    def _set_actions_enabled(self, enabled: bool) -> None:
        self.lock_action.setEnabled(enabled)
        self.settings_action.setEnabled(enabled)

    def _after_unlock(self) -> None:
        """Read the idle timeout from the vault, then start watching for inactivity."""

        def load(progress: Progress, cancel: CancelToken) -> int:
            return read_idle_minutes(self.session.vault.get_setting(IDLE_LOCK_KEY))

        def apply(minutes: int) -> None:
            self.idle_clock.timeout_minutes = minutes
            if not self.is_locked:
                self.idle_watcher.start()

        Op(self, load, session=self.session).success(apply).run()

    # -- settings -----------------------------------------------------------------------------

    def edit_settings(self) -> None:
        minutes = messages.ask_idle_minutes(self, int(self.idle_clock.timeout_minutes))
        if minutes is not None:
            self.set_idle_minutes(minutes)

    def set_idle_minutes(self, minutes: int) -> Op[Changes]:
        def save(progress: Progress, cancel: CancelToken) -> Changes:
            self.session.vault.set_setting(IDLE_LOCK_KEY, str(minutes))
            return Changes(settings=True)

        return Op(self, save, session=self.session).run()

    def _on_vault_changed(self, changes: object) -> None:
        if isinstance(changes, Changes) and changes.settings and not self.is_locked:
            self._after_unlock()

    # -- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_watcher.stop()
        for page in self.pages:
            page.clear()
        self.session.shutdown()
        super().closeEvent(event)
