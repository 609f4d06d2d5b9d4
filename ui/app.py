"""`phr-desktop`: wires the welcome window, the session and the main window together."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import phr
from phr.logs import configure, describe_bug
from ui import collector, diagnostics, ops
from ui.qt import QApplication, QObject
from ui.session import Session
from ui.style import STYLESHEET, app_icon
from ui.welcome import WelcomeWindow

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


class Shell(QObject):
    """Owns the session and whichever window is showing; tests drive the app through it."""

    def __init__(
        self,
        vault_path: Path | None = None,
        *,
        now: Callable[[], float] = time.monotonic,
        idle_tick_ms: int = 5_000,
    ) -> None:
        super().__init__()
        self.session = Session(self)
        self._now = now
        self._idle_tick_ms = idle_tick_ms
        self.welcome: WelcomeWindow | None = None
        self._new_welcome(vault_path)
        self.main_window: MainWindow | None = None

    def _new_welcome(self, vault_path: Path | None) -> WelcomeWindow:
        self.welcome = WelcomeWindow(self.session, vault_path)
        self.welcome.opened.connect(self._open_main_window)
        return self.welcome

    def start(self) -> None:
        if self.welcome is not None:
            self.welcome.show()

    def leave_vault(self, what: str) -> None:
        """Vault > Close / Open another / Open the demo: close the vault, back to the welcome
        window (shown first, so closing the main window does not quit the app), then open
        the demo or preselect the other vault if that was asked."""
        window = self.main_window
        other = Path(what) if what and what != "demo" else self.session.path
        welcome = self._new_welcome(other)
        welcome.show()
        if window is not None:
            self.main_window = None
            window.close()  # its closeEvent closes the vault on the worker and waits
            window.deleteLater()
        if what == "demo":
            welcome.open_demo()
        elif what:
            welcome.tabs.setCurrentIndex(0)
            welcome.unlock_passphrase.setFocus()

    def _open_main_window(self) -> None:
        # Imported here, not at the top: the pages pull in pandas, matplotlib and the report
        # code, which would otherwise delay the welcome window by seconds (see warm_up_core).
        from ui.main_window import MainWindow

        self.main_window = MainWindow(self.session, now=self._now, idle_tick_ms=self._idle_tick_ms)
        self.main_window.leave.connect(self.leave_vault)
        self.main_window.show()
        if self.welcome is not None:
            self.welcome.close()
            self.welcome.deleteLater()
            self.welcome = None

    def shutdown(self) -> None:
        """Close the vault on its thread and stop the worker (idempotent)."""
        self.session.shutdown()
        ops.shutdown_worker()


def build_parser() -> argparse.ArgumentParser:
    """Separate so packaging can add flags (e.g. `--self-test`) without touching `main`."""
    parser = argparse.ArgumentParser(prog="phr-desktop", description="PHR desktop app")
    parser.add_argument("--vault", type=Path, help="vault file to preselect")
    parser.add_argument("--version", action="version", version=f"PHR {phr.__version__}")
    checks = parser.add_mutually_exclusive_group()
    checks.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end (offscreen, throwaway vault), then exit",
    )
    checks.add_argument(
        "--startup-time",
        action="store_true",
        help="print how long the welcome window took to appear, then exit",
    )
    return parser


def log_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """The GUI thread's `sys.excepthook`. Python's default prints the exception's message to
    stderr, which a desktop launcher may send to the system journal; messages can quote data,
    so only where it happened is logged."""
    if trace is not None and error.__traceback__ is None:
        error = error.with_traceback(trace)
    log.error(describe_bug("the desktop app", error))


def missing_display(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """One sentence when a Linux desktop app cannot possibly open a window, else None.

    Without this, Qt aborts with a core dump and a message about the xcb plugin that sends
    people looking for missing libraries rather than for a display."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "phr-desktop: no graphical display found (DISPLAY and WAYLAND_DISPLAY are not set); "
        "start it from a desktop session, or use the command line: phr --help"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = build_parser().parse_known_args(argv)
    sys.excepthook = log_unexpected
    if args.self_test:
        # Headless by design (build machines, CI); and it leaves no log in the user's folders.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    else:
        problem = missing_display(os.environ)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
        configure()
    log.info("phr-desktop %s starting", phr.__version__)
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("PHR")
    app.setApplicationDisplayName("PHR")
    app.setApplicationVersion(phr.__version__)
    app.setDesktopFileName(phr.APP_ID)
    app.setWindowIcon(app_icon())
    app.setStyleSheet(STYLESHEET)
    collector.install()  # before any other thread exists; see ui.collector
    shell = Shell(args.vault)
    app.aboutToQuit.connect(shell.shutdown)
    shell.start()
    assert shell.welcome is not None
    if args.self_test:
        return diagnostics.run_self_test_in_app(app, shell.welcome)
    if args.startup_time:
        return diagnostics.run_startup_timing(app, shell.welcome)
    diagnostics.on_first_paint(shell.welcome, diagnostics.warm_up_core)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
