"""The main window: a sidebar of pages, a menu, and the lock screen that replaces them.

Locking (idle or "Lock now") first hides the pages and asks each to forget what it shows,
then closes the vault on the worker thread, which drops the key. Unlocking re-opens the same
file and returns to the page that was showing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import phr
from phr.errors import PhrError
from phr.progress import CancelToken, Changes, Progress
from phr.vault import backup, change_passphrase, passphrase_matches
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
    Signal,
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
    """Emits `leave(what)` when the person closes the vault from the menu: `what` is "" for
    "back to the welcome window", "demo" for the demo, or the path of another vault to open.
    The Shell (which owns the windows) does the switching."""

    leave = Signal(str)

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
            page.go_to.connect(self.show_page_by_key)
        self.sidebar.setAccessibleName("Pages")
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
        self.lock_action = self._action(vault_menu, "&Lock now", self.lock, "Ctrl+L")
        self.close_action = self._action(
            vault_menu, "&Close vault", lambda: self.leave_vault(""), "Ctrl+W"
        )
        self.open_action = self._action(vault_menu, "&Open another vault…", self.open_another)
        self.demo_action = self._action(
            vault_menu, "Open the &demo", lambda: self.leave_vault("demo")
        )
        vault_menu.addSeparator()
        self.backup_action = self._action(vault_menu, "&Back up…", self.back_up)
        self.passwd_action = self._action(vault_menu, "Change &passphrase…", self.change_passphrase)
        self.settings_action = self._action(vault_menu, "&Settings…", self.edit_settings)
        vault_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        vault_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        self.page_actions = [
            self._action(
                go_menu,
                page.title,
                lambda index=index: self.sidebar.setCurrentRow(index),
                f"Ctrl+{index + 1}" if index < 9 else None,
            )
            for index, page in enumerate(self.pages)
        ]
        help_menu = self.menuBar().addMenu("&Help")
        self.guide_action = self._action(
            help_menu, "&Getting started", lambda: messages.show_help(self), "F1"
        )
        self.glossary_action = self._action(
            help_menu, "G&lossary", lambda: messages.show_help(self, "star_allele")
        )
        help_menu.addSeparator()
        about = QAction("&About PHR", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _action(
        self, menu: object, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        # `triggered` passes `checked`; passing it on would reach slots with defaults (Lock
        # now once showed "False" as its reason), so it is dropped here for every action.
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # -- vault actions ------------------------------------------------------------------------

    def leave_vault(self, what: str) -> None:
        """Close this vault (pages forget, key dropped) and let the Shell show what is next."""
        self.idle_watcher.stop()
        for page in self.pages:
            page.clear()
        log.info("closing the vault from the menu")
        self.leave.emit(what)

    def open_another(self) -> None:
        start = self.session.path.parent if self.session.path else Path.home()
        chosen = messages.choose_existing_vault(self, start)
        if chosen is not None:
            self.leave_vault(str(chosen))

    def back_up(self) -> None:
        if self.session.path is None:
            return
        start = self.session.path.with_name(f"{self.session.path.stem}-backup.phr")
        target = messages.choose_backup_path(self, start)
        if target is None:
            return
        secret = messages.ask_passphrase(
            self, "The backup opens with the same passphrase. Type it to confirm:"
        )
        if secret is None:
            return

        def work(progress: Progress, cancel: CancelToken) -> Path:
            vault = self.session.vault
            if not passphrase_matches(vault, secret):
                raise PhrError("That is not this vault's passphrase; no backup was written.")
            progress(0, 0, "Writing the backup…")
            return backup(vault, target, secret, overwrite=target.exists())

        (
            Op(self, work, session=self.session)
            .with_progress("Writing the backup…", cancellable=False)
            .success(
                lambda path: messages.show_info(
                    self, "Backup written", f"An encrypted copy of your vault is at\n{path}"
                )
            )
            .run()
        )

    def change_passphrase(self) -> None:
        answer = messages.ask_new_passphrase(self)
        if answer is None:
            return
        current, new = answer

        def work(progress: Progress, cancel: CancelToken) -> None:
            vault = self.session.vault
            if not passphrase_matches(vault, current):
                raise PhrError("The current passphrase is not right; nothing was changed.")
            change_passphrase(vault, new)

        (
            Op(self, work, session=self.session)
            .success(
                lambda _: messages.show_info(
                    self,
                    "Passphrase changed",
                    "From now on the vault opens with the new passphrase. Backups made "
                    "before still open with the old one.",
                )
            )
            .run()
        )

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

    def show_page_by_key(self, target: str) -> None:
        """`genome` shows a page; `genome:import` also starts that page's action (see
        `Page.start_action`), so "Import your DNA file" opens the file chooser at once."""
        key, _, action = target.partition(":")
        for page in self.pages:
            if page.key() == key:
                self.show_page(type(page))
                page.setFocus()
                if action:
                    page.start_action(action)
                return

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
        for action in (self.lock_action, self.settings_action, self.backup_action,
                       self.passwd_action):  # fmt: skip
            action.setEnabled(enabled)

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
