"""The Op helper: one worker thread, errors shown plainly, Cancel really cancels."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from phr.errors import Cancelled, InvalidValue
from phr.progress import CancelToken, Changes, Progress
from phr.vault import Vault, create_vault
from tests.ui.conftest import PASSPHRASE, Modals, on_worker
from ui.ops import GENERIC_ERROR, Op
from ui.qt import QPushButton, QWidget
from ui.session import Session


def test_every_op_runs_on_the_same_non_gui_thread(qtbot) -> None:
    seen: list[int] = []

    def where(progress: Progress, cancel: CancelToken) -> int:
        return threading.get_ident()

    for _ in range(3):
        Op(None, where).success(seen.append).run()
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=5_000)
    assert len(set(seen)) == 1
    assert seen[0] != threading.get_ident()


def test_phr_error_shows_its_own_message(qtbot, modals: Modals) -> None:
    def bad(progress: Progress, cancel: CancelToken) -> None:
        raise InvalidValue("Systolic pressure 400 is outside what PHR accepts (60 to 300).")

    Op(None, bad).run()
    qtbot.waitUntil(lambda: bool(modals.errors), timeout=5_000)
    assert modals.errors == ["Systolic pressure 400 is outside what PHR accepts (60 to 300)."]


def test_unexpected_error_is_generic_on_screen_and_logged(
    qtbot, modals: Modals, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(progress: Progress, cancel: CancelToken) -> None:
        raise KeyError("internal detail rs4244285 A/G")

    with caplog.at_level(logging.ERROR, logger="ui"):
        Op(None, broken).run()
        qtbot.waitUntil(lambda: bool(modals.errors), timeout=5_000)
    assert modals.errors == [GENERIC_ERROR]
    assert "KeyError" in caplog.text and "broken" in caplog.text
    assert "rs4244285" not in caplog.text  # messages can quote data; the log keeps places only


def test_failure_callback_replaces_the_dialog(qtbot, modals: Modals) -> None:
    caught: list[BaseException] = []

    def bad(progress: Progress, cancel: CancelToken) -> None:
        raise InvalidValue("nope")

    Op(None, bad).failure(caught.append).run()
    qtbot.waitUntil(lambda: bool(caught), timeout=5_000)
    assert modals.errors == []


def test_returned_changes_reach_vault_changed(qtbot) -> None:
    session = Session()

    def mutate(progress: Progress, cancel: CancelToken) -> Changes:
        return Changes(meds=True)

    with qtbot.waitSignal(session.vault_changed, timeout=5_000) as signal:
        Op(None, mutate, session=session).run()
    assert signal.args == [Changes(meds=True)]


@pytest.fixture
def worker_vault(tmp_path: Path) -> Vault:
    vault: Vault = on_worker(lambda: create_vault(tmp_path / "v.phr", PASSPHRASE))
    yield vault
    on_worker(vault.close)


def test_cancel_in_the_progress_dialog_cancels_and_changes_nothing(
    qtbot, worker_vault: Vault, modals: Modals
) -> None:
    """Stands in for a long import: writes inside a transaction, checks the token each step."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    outcome: list[object] = []

    def long_import(progress: Progress, cancel: CancelToken) -> str:
        with worker_vault.transaction() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('half-done', 'x')")
            for step in range(100_000):
                cancel.check()
                progress(step, 100_000, f"Importing row {step}")
                time.sleep(0.001)
        return "finished"

    op = Op(parent, long_import).with_progress("Importing…").success(outcome.append)
    op.failure(outcome.append).run()
    dialog = op.progress_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.maximum() == 100_000, timeout=5_000)
    qtbot.waitUntil(lambda: dialog.labelText().startswith("Importing row"), timeout=5_000)

    cancel_button = dialog.findChild(QPushButton)
    cancel_button.click()
    qtbot.waitUntil(lambda: op.done, timeout=5_000)

    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    assert modals.errors == []
    assert on_worker(lambda: worker_vault.get_setting("half-done")) is None  # rolled back
