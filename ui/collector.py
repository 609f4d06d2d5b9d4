"""Python's cyclic garbage collector runs on the GUI thread only, on a timer.

Why: CPython runs a collection in whichever thread happens to allocate when the thresholds
trip. The vault worker thread (`ui.ops`) allocates a lot, so with automatic collection it
regularly finalised unreachable windows, pages, timers and `Op` relays: Qt objects deleted
off the GUI thread, which corrupted Qt's state and crashed or hung the app (and the test
suite) later, on the GUI thread. The reverse also holds: an unreachable vault object would
be finalised on the GUI thread. So, as Anki does, automatic collection is switched off
while the worker exists, and a GUI-thread timer collects instead, generation by generation
as CPython would (same thresholds); once the worker has stopped, automatic collection is
safe again and comes back. Objects freed by plain reference counting are
unaffected; `ui.ops` makes sure the worker never drops the last reference to a Qt object.
"""

from __future__ import annotations

import gc
import logging
import threading

from ui.qt import QApplication, QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 1_000


class GuiThreadCollector(QObject):
    """Owns the timer; `install()` creates one per process and keeps it."""

    def __init__(self, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        self.collections = 0  # for tests and the log: how often the timer found work

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def tick(self) -> None:
        """Collect the generations whose thresholds are exceeded (what `gc` would do)."""
        threshold0, threshold1, threshold2 = gc.get_threshold()
        count0, count1, count2 = gc.get_count()
        generation = -1
        if count0 > threshold0:
            generation = 0
            if count1 > threshold1:
                generation = 1
                if count2 > threshold2:
                    generation = 2
        if generation >= 0:
            gc.collect(generation)
            self.collections += 1


_collector: GuiThreadCollector | None = None


def install() -> GuiThreadCollector:
    """Turn automatic collection off and collect on the GUI thread instead (idempotent).

    Call on the GUI thread once a QApplication exists, before starting any other thread.
    """
    global _collector
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("the garbage collector must be installed on the GUI thread")
    if QApplication.instance() is None:
        raise RuntimeError("install the garbage collector after creating the QApplication")
    if _collector is None:
        _collector = GuiThreadCollector()
    if gc.isenabled():
        log.info("garbage collection moved to the GUI thread")
    _collector.start()
    gc.disable()
    return _collector


def uninstall() -> None:
    """Back to automatic collection, once no other thread runs Python (worker stopped)."""
    if _collector is not None:
        _collector.stop()
    gc.enable()
