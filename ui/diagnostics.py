"""Checks and start-up of the installed desktop app: `--self-test`, `--startup-time`, warm-up.

Both exist for packaging: a bundle must be tested as the bundle, by running it. `--self-test`
shows the welcome window (offscreen), then runs the core self-test (`phr.selftest`) with a
window step in front, and exits 0 only if everything passed. `--startup-time` prints how long
the welcome window took to appear after the process started, then exits.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import pkgutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import phr
import ui
from phr.selftest import Outcome, Step, Workspace, run_self_test
from ui.qt import QApplication, QEvent, QObject, QTimer, QWidget

log = logging.getLogger(__name__)

# Set by a launcher that wants the time from *its* clock (e.g. seconds since the epoch taken
# just before starting the app), for platforms where the process start time is not readable.
LAUNCH_TIME_ENV = "PHR_LAUNCH_TIME"


def welcome_step(window: QWidget) -> Step:
    """The window step: the welcome window is showing and renders to real pixels."""

    def check(ws: Workspace) -> str:
        QApplication.processEvents()
        if not window.isVisible():
            raise RuntimeError("the welcome window is not showing")
        image = window.grab().toImage()
        if image.isNull() or image.width() == 0:
            raise RuntimeError("the welcome window did not render")
        platform = QApplication.platformName()
        return f"shown and rendered {image.width()}x{image.height()} ({platform})"

    return Step("welcome window", check)


def ui_modules_step() -> Step:
    """Every `ui` module imports: catches a Qt module or plugin the bundle left out."""

    def check(ws: Workspace) -> str:
        names = [m.name for m in pkgutil.walk_packages(ui.__path__, prefix="ui.")]
        for name in names:
            if not name.endswith("__main__"):
                importlib.import_module(name)
        if "ui.pages" not in names:
            raise RuntimeError("the ui package lists no modules (bundle incomplete?)")
        return f"{len(names)} modules import"

    return Step("desktop modules", check)


def run_self_test_in_app(app: QApplication, window: QWidget) -> int:
    """Run the self-test once the event loop has shown `window`; return the exit status."""
    status = {"code": 1}

    def report(outcome: Outcome) -> None:
        print(outcome.line(), flush=True)

    def go() -> None:
        try:  # an exception escaping a Qt slot would leave the app running: always quit
            result = run_self_test(report, before=(welcome_step(window), ui_modules_step()))
            if result.ok:
                print(result.summary(), flush=True)
                status["code"] = 0
            else:
                print(f"phr-desktop: {result.summary()}", file=sys.stderr, flush=True)
        finally:
            app.quit()

    QTimer.singleShot(0, go)
    app.exec()
    return status["code"]


class _FirstPaint(QObject):
    """Calls `then()` once, just after the watched window first paints."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._then is not None and event.type() == QEvent.Type.Paint:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after this paint has finished
        return False


def on_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    _FirstPaint(window, then)


def run_startup_timing(app: QApplication, window: QWidget) -> int:
    """Print the time from process start to the welcome window's first paint, and exit."""
    elapsed: list[float] = []

    def painted() -> None:
        elapsed.append(seconds_since_launch())
        app.quit()

    on_first_paint(window, painted)
    QTimer.singleShot(30_000, app.quit)  # never hang a measuring script
    app.exec()
    if not elapsed:
        print("phr-desktop: the welcome window never appeared", file=sys.stderr)
        return 1
    print(f"startup: welcome window shown {elapsed[0]:.3f} s after launch", flush=True)
    return 0


def warm_up_core() -> threading.Thread | None:
    """Import every `phr` module on a background thread while the person reads the welcome.

    The main window's pages need pandas, matplotlib, fpdf2 and the rules and report code:
    seconds of imports that would otherwise happen when they press Unlock. `phr` never
    imports Qt (a test enforces it), which is what makes importing it off the GUI thread safe.
    Only while `ui.collector` has automatic garbage collection off: otherwise this thread's
    allocations could make CPython finalise unreachable Qt objects on it. Without that, no
    warm-up (the pages then just load on unlock).
    """
    if gc.isenabled():
        log.info("core warm-up skipped: automatic garbage collection is on")
        return None

    def run() -> None:
        started = time.perf_counter()
        count = 0
        for info in pkgutil.walk_packages(phr.__path__, prefix="phr."):
            if info.name.endswith("__main__"):
                continue
            try:
                importlib.import_module(info.name)
                count += 1
            except Exception as exc:  # only a head start: the real import reports problems
                log.warning(
                    "warm-up import failed module=%s error=%s", info.name, type(exc).__name__
                )
        log.info("core warm-up modules=%d seconds=%.2f", count, time.perf_counter() - started)

    thread = threading.Thread(target=run, name="phr-warm-up", daemon=True)
    thread.start()
    return thread


def seconds_since_launch() -> float:
    """From `$PHR_LAUNCH_TIME` if a launcher set it, else from the process start (Linux)."""
    given = os.environ.get(LAUNCH_TIME_ENV)
    if given:
        return time.time() - float(given)
    started = _process_start_boottime()
    if started is not None:
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    return time.process_time()  # CPU time: a lower bound where nothing better exists


def _process_start_boottime() -> float | None:
    """Seconds after boot at which this process started (/proc, clock-tick resolution)."""
    try:
        stat = Path("/proc/self/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[19])  # field 22 of stat(5); the split drops pid and comm
    return ticks / os.sysconf("SC_CLK_TCK")
