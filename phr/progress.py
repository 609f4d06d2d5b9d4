"""Progress reporting and cancellation shared by every long core operation.

The core never knows whether a terminal or a window is watching: it calls a plain
`progress(done, total, message)` function and checks a `CancelToken`. The CLI adapts this to
a progress bar, the UI to Qt signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from phr.errors import Cancelled

Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    """The default progress sink: ignore."""


class CancelToken:
    """A flag another thread may set; long work calls `check()` at safe points."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if cancellation was requested."""
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True)
class Changes:
    """What a mutation touched, so screens can refresh through one change hook."""

    genome: bool = False
    meds: bool = False
    logs: bool = False
    settings: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            genome=self.genome or other.genome,
            meds=self.meds or other.meds,
            logs=self.logs or other.logs,
            settings=self.settings or other.settings,
        )
