"""Qt objects die on the GUI thread and vault objects on the worker, whoever drops them.

The suite used to crash now and then (segfault or hang in the `unlocked` fixture) because
the vault worker, allocating while it opened a vault, ran a garbage collection that deleted
the previous test's unreachable windows on the worker thread.
"""

from __future__ import annotations

import gc
import threading

from phr.progress import CancelToken, Progress
from ui import collector, ops
from ui.ops import Op
from ui.qt import QObject, QTimer


class Witness:
    """Records the thread on which it is finalised."""

    def __init__(self, died_on: list[str]) -> None:
        self.died_on = died_on

    def __del__(self) -> None:
        self.died_on.append(threading.current_thread().name)


class Window(QObject):
    """An unreachable Qt object: a cycle through a Python attribute, like a closed window
    whose signals are connected to its own methods."""

    def __init__(self, died_on: list[str]) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.witness = Witness(died_on)
        self.me = self


def allocate_a_lot() -> int:
    """What opening or importing a vault does: many small container allocations."""
    total = 0
    for _ in range(20):
        rows = [(i, str(i), [i]) for i in range(10_000)]
        total += len(rows)
    return total


def test_unreachable_qt_objects_are_collected_on_the_gui_thread(qtbot) -> None:
    died_on: list[str] = []
    ops.worker()  # the worker exists from here on, as in the app
    Window(died_on)  # unreachable at once, but only a collection can free it
    assert ops.worker().call(allocate_a_lot, timeout=30) == 200_000
    assert died_on == []  # the worker's allocations did not collect it over there
    qtbot.waitUntil(lambda: bool(died_on), timeout=5_000)  # the GUI-thread timer did
    assert died_on == [threading.main_thread().name]
    ops.shutdown_worker()


def test_collection_is_automatic_again_once_the_worker_stops(qtbot) -> None:
    ops.worker()
    assert not gc.isenabled()
    ops.shutdown_worker()
    assert gc.isenabled()
    ops.worker()
    assert not gc.isenabled()
    ops.shutdown_worker()


def test_worker_locals_of_a_failed_op_die_on_the_worker(qtbot) -> None:
    """A failing op's error travels to the GUI thread; the worker's locals (in the app: a
    connection, a cursor, a Vault) must not travel with it in the traceback."""
    died_on: list[str] = []
    caught: list[BaseException] = []

    def fails(progress: Progress, cancel: CancelToken) -> None:
        connection_stand_in = Witness(died_on)  # noqa: F841 (held by this frame only)
        raise ValueError("boom")

    Op(None, fails).failure(caught.append).run()
    qtbot.waitUntil(lambda: bool(caught), timeout=5_000)
    assert died_on == ["phr-vault_0"]
    assert caught[0].__traceback__ is not None  # the log still gets file and line
    ops.shutdown_worker()


def test_install_refuses_other_threads(qapp) -> None:
    errors: list[BaseException] = []

    def install_elsewhere() -> None:
        try:
            collector.install()
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=install_elsewhere)
    thread.start()
    thread.join()
    assert len(errors) == 1 and "GUI thread" in str(errors[0])
