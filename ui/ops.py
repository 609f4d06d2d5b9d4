"""Running vault work off the GUI thread: one worker thread and one `Op` helper.

Modelled on Anki's `CollectionOp`. Why one thread: sqlcipher3 connections are bound to the
thread that opened them, so the vault is opened, used and closed on the same dedicated
worker (a single-worker executor); ops queue behind each other instead of racing. Results
come back to the GUI thread through a queued Qt signal.

Progress is polled (every 100 ms) rather than signalled per call, so a core loop that reports
progress a million times cannot flood the GUI event queue. Cancel sets the op's `CancelToken`;
the core raises `phr.errors.Cancelled` at its next safe point.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from phr.errors import Cancelled, PhrError
from phr.logs import describe_bug
from phr.progress import CancelToken, Changes, Progress
from phr.vault import explain_database_error
from ui import collector, messages
from ui.qt import QObject, QProgressDialog, Qt, QTimer, QWidget, Signal, Slot, is_valid

if TYPE_CHECKING:
    from ui.session import Session

log = logging.getLogger(__name__)

T = TypeVar("T")

GENERIC_ERROR = (
    "Something unexpected went wrong and the action did not finish. "
    "Details (without any health data) were written to the PHR log file."
)


class VaultWorker:
    """The single thread on which every vault connection lives."""

    def __init__(self) -> None:
        self._ident: int | None = None
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="phr-vault", initializer=self._remember_thread
        )

    def _remember_thread(self) -> None:
        self._ident = threading.get_ident()

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        return self._executor.submit(fn)

    def call(self, fn: Callable[[], T], timeout: float | None = None) -> T:
        """Run `fn` on the worker and wait: only for shutdown and tests, never from a page."""
        return self.submit(fn).result(timeout)

    def is_current(self) -> bool:
        return self._ident is not None and threading.get_ident() == self._ident

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=False)


_worker: VaultWorker | None = None


def worker() -> VaultWorker:
    """The process-wide vault worker, started on first use (on the GUI thread).

    Starting it moves garbage collection to the GUI thread (`ui.collector`): otherwise the
    worker, which allocates a lot, would finalise unreachable Qt objects on its own thread.
    """
    global _worker
    if _worker is None:
        collector.install()
        _worker = VaultWorker()
    return _worker


def shutdown_worker() -> None:
    """Finish queued work and stop the worker (app exit, test teardown)."""
    global _worker
    if _worker is not None:
        _worker.shutdown()  # joins the thread: afterwards only the GUI thread runs Python
        _worker = None
        collector.uninstall()


def cancel_all() -> None:
    """Ask every running op to stop (window closing): shutdown then waits less."""
    for op in list(_RUNNING):
        op.token.cancel()


def report_error(parent: QWidget | None, error: BaseException) -> None:
    """The default failure handling: PHR errors speak for themselves, others stay generic.

    `Cancelled` shows nothing: the person asked for it and nothing changed.
    """
    if isinstance(error, Cancelled):
        return
    explained = explain_database_error(error, None)
    if isinstance(error, PhrError):
        messages.show_error(parent, str(error))
    elif explained is not None:
        messages.show_error(parent, str(explained))
    else:
        messages.show_error(parent, GENERIC_ERROR)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits `finished`, Qt queues the slot call."""

    finished = Signal(object, object)

    def __init__(self, op: Op[Any]) -> None:
        super().__init__()
        self._op = op
        self.finished.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        self._op._finish(result, error if isinstance(error, BaseException) else None)


def _release_frames(error: BaseException) -> None:
    """Drop the local variables held by the error's traceback, here on the worker.

    The error travels to the GUI thread; without this its frames would carry the worker's
    locals along (an open connection, a cursor, a `Vault`) and they would be finalised there.
    File names and line numbers stay, so the log still gets a full traceback.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__


# Ops keep themselves alive until they finish, so `Op(...).run()` needs no variable.
# An Op and its `_Relay` reference each other on purpose: the worker's closure may hold the
# last outside reference to them, and a cycle is freed only by the cyclic collector, which
# runs on the GUI thread (`ui.collector`), never by the worker dropping that reference.
_RUNNING: set[Op[Any]] = set()


class Op(Generic[T]):
    """One piece of background vault work: `Op(parent, fn).success(cb).run()`.

    `fn(progress, cancel_token)` runs on the vault worker; `success` callbacks get its return
    value on the GUI thread, in the order they were added. If `fn` returns a `Changes` and a
    session was given, `session.vault_changed` fires after the success callbacks.
    Callbacks are skipped if `parent` was deleted meanwhile.
    """

    show_delay_ms: ClassVar[int] = 400  # quick ops finish before any dialog flashes
    poll_ms: ClassVar[int] = 100

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[Progress, CancelToken], T],
        *,
        session: Session | None = None,
    ) -> None:
        self._parent = parent
        self._fn = fn
        self._session = session
        self._on_success: list[Callable[[T], None]] = []
        self._on_failure: Callable[[BaseException], None] | None = None
        self._label: str | None = None
        self._cancellable = False
        self._latest: tuple[int, int, str] | None = None
        self._relay: _Relay | None = None
        self._poll: QTimer | None = None
        self.token = CancelToken()
        self.progress_dialog: QProgressDialog | None = None
        self.done = False

    # -- building -----------------------------------------------------------------------------

    def success(self, cb: Callable[[T], None]) -> Op[T]:
        self._on_success.append(cb)
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        """Replace the default error box; use `report_error` inside `cb` to fall back to it."""
        self._on_failure = cb
        return self

    def with_progress(self, label: str, *, cancellable: bool = True) -> Op[T]:
        self._label = label
        self._cancellable = cancellable
        return self

    # -- running ------------------------------------------------------------------------------

    def run(self) -> Op[T]:
        _RUNNING.add(self)
        self._relay = _Relay(self)
        if self._label is not None:
            self._start_progress(self._label)
        relay = self._relay
        worker().submit(lambda: self._call(relay))
        return self

    def cancel(self) -> None:
        """What the dialog's Cancel button does; safe to call from any thread."""
        if not self._cancellable:
            return
        self.token.cancel()
        dialog = self.progress_dialog
        if dialog is not None and not self.done and is_valid(dialog):
            dialog.setLabelText("Cancelling…")

    def _call(self, relay: _Relay) -> None:
        """Runs on the worker thread. Never lets an exception escape into the executor."""
        try:
            result = self._fn(self._report, self.token)
        except Exception as exc:
            _release_frames(exc)
            relay.finished.emit(None, exc)
        else:
            relay.finished.emit(result, None)

    def _report(self, done: int, total: int, message: str) -> None:
        self._latest = (done, total, message)  # a tuple swap is atomic; the GUI polls it

    # -- progress dialog ----------------------------------------------------------------------

    def _start_progress(self, label: str) -> None:
        cancel_text = "Cancel" if self._cancellable else None  # None: no Cancel button
        dialog = QProgressDialog(label, cancel_text, 0, 0, self._parent)  # type: ignore[arg-type]
        dialog.setWindowTitle(messages.APP_TITLE)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(360)
        dialog.canceled.connect(self.cancel)
        self.progress_dialog = dialog
        QTimer.singleShot(self.show_delay_ms, self._show_dialog)
        self._poll = QTimer()
        self._poll.setInterval(self.poll_ms)
        self._poll.timeout.connect(self._update_dialog)
        self._poll.start()

    def _show_dialog(self) -> None:
        dialog = self.progress_dialog
        if not self.done and dialog is not None and is_valid(dialog):
            dialog.show()

    def _update_dialog(self) -> None:
        dialog, latest = self.progress_dialog, self._latest
        if dialog is None or latest is None or self.done or self.token.cancelled:
            return
        if not is_valid(dialog):
            return
        done, total, message = latest
        dialog.setMaximum(max(total, 0))
        if total > 0:
            dialog.setValue(min(done, total))
        if message:
            dialog.setLabelText(message)

    # -- finishing ----------------------------------------------------------------------------

    def _finish(self, result: object, error: BaseException | None) -> None:
        self.done = True
        _RUNNING.discard(self)
        if self._poll is not None:
            self._poll.stop()
        if self.progress_dialog is not None and is_valid(self.progress_dialog):
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.hide()
            self.progress_dialog.deleteLater()
        if error is not None and not isinstance(error, PhrError):
            log.error(describe_bug("a background operation", error))
        elif isinstance(error, Cancelled):
            log.info("background operation cancelled")
        if self._parent is not None and not is_valid(self._parent):
            log.info("background operation finished after its window closed")
            return
        if error is not None:
            if self._on_failure is not None:
                self._on_failure(error)
            else:
                report_error(self._parent, error)
            return
        for cb in self._on_success:
            cb(result)  # type: ignore[arg-type]
        if isinstance(result, Changes) and self._session is not None:
            self._session.vault_changed.emit(result)
