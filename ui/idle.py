"""Idle lock: after N minutes without keyboard or mouse input, the window locks.

Split in two so tests never sleep: `IdleClock` is plain Python with an injectable `now()`,
and `IdleWatcher` is the Qt glue (an application-wide event filter that notes input, and a
`QTimer` that asks the clock whether time is up).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ui.qt import QApplication, QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleClock:
    """Remembers the last input time; `expired()` says whether the timeout has passed."""

    def __init__(self, timeout_minutes: float, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.timeout_minutes = timeout_minutes
        self._last_input = now()

    def touch(self) -> None:
        self._last_input = self._now()

    def idle_seconds(self) -> float:
        return self._now() - self._last_input

    def expired(self) -> bool:
        return self.timeout_minutes > 0 and self.idle_seconds() >= self.timeout_minutes * 60


class IdleWatcher(QObject):
    """Emits `idle` once when the clock expires; `start()` again after unlocking."""

    idle = Signal()

    def __init__(self, clock: IdleClock, tick_ms: int = 5_000, parent: QObject | None = None):
        super().__init__(parent)
        self.clock = clock
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.check)
        self._filtering = False

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self.clock.touch()
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False

    def check(self) -> None:
        if self.running and self.clock.expired():
            self.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.clock.touch()
        return False
