"""The main window: idle lock drops the key, unlock returns to the same page, menu actions."""

from __future__ import annotations

from pathlib import Path

import pytest

import phr
from phr.progress import CancelToken, Progress
from phr.vault import Vault, VaultInfo, create_vault, info
from tests.ui.conftest import PASSPHRASE, FakeClock, Modals, on_worker, wait_for_main_window
from ui import main_window as main_window_module
from ui.main_window import MainWindow
from ui.pages import PAGES, Page
from ui.qt import Qt
from ui.session import IDLE_LOCK_KEY


class CountingPage(Page):
    """A second page, so 'returns to the same page' means something."""

    title = "Counting"

    def __init__(self, session, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parent)
        self.loaded: list[VaultInfo] = []

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> VaultInfo:
            return info(self.session.vault)

        self.op(load).success(self.loaded.append).run()

    def clear(self) -> None:
        self.loaded.clear()


@pytest.fixture
def unlocked(qtbot, make_shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(main_window_module, "PAGES", [*PAGES, CountingPage])
    path = tmp_path / "v.phr"
    vault = create_vault(path, PASSPHRASE)
    vault.set_setting(IDLE_LOCK_KEY, "3")
    vault.close()
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    window = wait_for_main_window(qtbot, shell)
    qtbot.waitUntil(lambda: window.idle_watcher.running, timeout=10_000)
    return window


def open_vault_object(window: MainWindow) -> Vault:
    return on_worker(lambda: window.session.vault)  # type: ignore[no-any-return]


def test_idle_lock_closes_the_vault_and_unlock_returns_to_the_same_page(
    qtbot, unlocked: MainWindow, clock: FakeClock, modals: Modals
) -> None:
    window = unlocked
    assert window.idle_clock.timeout_minutes == 3  # read from the vault's settings
    counting = window.show_page(CountingPage)
    qtbot.waitUntil(lambda: len(counting.loaded) == 1, timeout=10_000)
    vault = open_vault_object(window)

    clock.advance(minutes=2.9)
    qtbot.wait(50)  # several idle ticks: not yet
    assert not window.is_locked and vault.is_open

    clock.advance(minutes=0.2)
    qtbot.waitUntil(lambda: window.is_locked and not vault.is_open, timeout=10_000)
    assert vault.conn is None  # connection closed: SQLCipher has dropped the key
    assert not window.session.is_unlocked
    assert counting.loaded == []  # the page forgot what it showed
    assert "3 minutes" in window.lock_screen.path_label.text()
    assert not window.lock_action.isEnabled()

    qtbot.keyClicks(window.lock_screen.passphrase, "wrong")
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong passphrase" in window.lock_screen.status.text(), timeout=10_000)
    assert window.is_locked and modals.errors == []

    qtbot.keyClicks(window.lock_screen.passphrase, PASSPHRASE)
    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)
    assert window.current_page is counting
    assert window.lock_screen.passphrase.text() == ""  # not kept in a hidden widget
    qtbot.waitUntil(lambda: len(counting.loaded) == 1, timeout=10_000)
    assert open_vault_object(window).is_open
    qtbot.waitUntil(lambda: window.idle_watcher.running, timeout=10_000)


def test_input_restarts_the_idle_countdown(qtbot, unlocked: MainWindow, clock: FakeClock) -> None:
    window = unlocked
    clock.advance(minutes=2)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Shift)  # any key press counts as activity
    clock.advance(minutes=2)
    qtbot.wait(50)
    assert not window.is_locked


def test_lock_now_locks_immediately(qtbot, unlocked: MainWindow) -> None:
    vault = open_vault_object(unlocked)
    unlocked.lock_action.trigger()
    assert unlocked.is_locked  # the pages are hidden at once, before the worker closes
    qtbot.waitUntil(lambda: not vault.is_open, timeout=10_000)
    shown = unlocked.lock_screen.path_label.text()
    assert shown.startswith("Locked. Enter your passphrase") and "False" not in shown


def test_settings_change_idle_minutes_and_announce_the_change(
    qtbot, unlocked: MainWindow, modals: Modals
) -> None:
    modals.idle_minutes_answer = 7
    with qtbot.waitSignal(unlocked.session.vault_changed, timeout=10_000) as changed:
        unlocked.settings_action.trigger()
    assert changed.args[0].settings
    qtbot.waitUntil(lambda: unlocked.idle_clock.timeout_minutes == 7, timeout=10_000)
    assert on_worker(lambda: unlocked.session.vault.get_setting(IDLE_LOCK_KEY)) == "7"


def test_about_names_the_version(unlocked: MainWindow, modals: Modals) -> None:
    unlocked.show_about()
    assert any(phr.__version__ in text for text in modals.infos)


def test_vault_is_refused_outside_the_worker_thread(unlocked: MainWindow) -> None:
    with pytest.raises(RuntimeError, match="worker thread"):
        _ = unlocked.session.vault


def test_unlock_warms_the_active_genome_on_the_worker(qtbot, make_shell, tmp_path: Path) -> None:
    """After unlock the active genome's columns are decoded in the background (issue 14), so
    the first interpretation reads them from memory."""
    from phr.genome.model import Build, CoverageKind
    from phr.genome.store import NewGenome, store_genome

    path = tmp_path / "v.phr"
    with create_vault(path, PASSPHRASE) as vault:
        genome = NewGenome("23andMe", Build.GRCH37, CoverageKind.ARRAY, "g.txt", "e" * 64)
        gid = store_genome(vault, genome, [("rs4244285", "10", 96541616, None, None, "A/G")])
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    window = wait_for_main_window(qtbot, shell)
    held = on_worker(lambda: window.session.vault.caches.get("genome_columns", {}))
    assert gid in held and held[gid]._chroms.get(10) is not None  # decoded, not just listed
