"""The welcome window: create, unlock (with retry), demo, and the errors a person can fix."""

from __future__ import annotations

from pathlib import Path

from phr import demo
from phr.vault import create_vault, latest_version, open_vault
from tests.ui.conftest import PASSPHRASE, Modals, on_worker, wait_for_main_window
from ui.qt import Qt
from ui.session import demo_vault_path


def make_vault(path: Path, passphrase: str = PASSPHRASE) -> Path:
    create_vault(path, passphrase).close()
    return path


def test_create_vault_through_the_form_shows_overview_with_real_facts(
    qtbot, make_shell, tmp_path: Path, modals: Modals
) -> None:
    shell = make_shell()
    welcome = shell.welcome
    target = tmp_path / "mine.phr"
    welcome.create_path.setText(str(target))
    qtbot.keyClicks(welcome.create_first, PASSPHRASE)
    qtbot.keyClicks(welcome.create_second, PASSPHRASE)
    assert "strong" in welcome.strength_label.text()
    assert not welcome.create_button.isEnabled()  # the no-recovery warning is not ticked yet
    welcome.create_understood.setChecked(True)
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)

    window = wait_for_main_window(qtbot, shell)
    facts = window.pages[0].facts
    assert facts["path"].text() == str(target)
    assert facts["schema"].text() == str(latest_version())
    assert facts["genomes"].text() == "0"
    assert facts["medications"].text() == "0"
    assert facts["log_entries"].text() == "0"
    assert facts["size"].text().endswith("KB")
    assert window.sidebar.item(0).text() == "Overview"
    assert target.exists()
    assert not window.pages[0].demo_banner.isVisibleTo(window)
    assert shell.welcome is None
    assert modals.errors == []


def test_mismatched_passphrases_are_refused_and_nothing_is_created(
    qtbot, make_shell, tmp_path: Path
) -> None:
    shell = make_shell()
    welcome = shell.welcome
    target = tmp_path / "mine.phr"
    welcome.create_path.setText(str(target))
    welcome.create_first.setText(PASSPHRASE)
    welcome.create_second.setText(PASSPHRASE + "!")
    welcome.create_understood.setChecked(True)
    assert welcome.create_status.text() == "The two passphrases do not match."
    assert not welcome.create_button.isEnabled()
    welcome.create_vault()  # even if invoked directly, nothing happens
    qtbot.wait(50)
    assert not target.exists()
    assert shell.main_window is None


def test_wrong_passphrase_is_said_in_the_window_and_retry_works(
    qtbot, make_shell, tmp_path: Path, modals: Modals
) -> None:
    path = make_vault(tmp_path / "v.phr")
    shell = make_shell(path)
    welcome = shell.welcome
    assert welcome.tabs.currentIndex() == 0  # an existing vault preselects "Open"
    assert welcome.unlock_path.text() == str(path)

    qtbot.keyClicks(welcome.unlock_passphrase, "not it")
    qtbot.keyClick(welcome.unlock_passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong passphrase" in welcome.unlock_status.text(), timeout=10_000)
    assert welcome.unlock_passphrase.text() == ""
    assert welcome.unlock_button.isEnabled()
    assert modals.errors == []  # no dialog spam

    qtbot.keyClicks(welcome.unlock_passphrase, PASSPHRASE)
    qtbot.mouseClick(welcome.unlock_button, Qt.MouseButton.LeftButton)
    window = wait_for_main_window(qtbot, shell)
    assert window.pages[0].facts["path"].text() == str(path)


def test_vault_in_use_elsewhere_shows_its_message(qtbot, make_shell, tmp_path: Path) -> None:
    path = make_vault(tmp_path / "v.phr")
    elsewhere = open_vault(path, PASSPHRASE)  # as if another PHR window had it open
    try:
        shell = make_shell(path)
        shell.welcome.unlock_passphrase.setText(PASSPHRASE)
        shell.welcome.unlock()
        qtbot.waitUntil(lambda: "in use" in shell.welcome.unlock_status.text(), timeout=10_000)
    finally:
        elsewhere.close()


def test_a_file_that_is_not_a_vault_shows_its_message(qtbot, make_shell, tmp_path: Path) -> None:
    path = tmp_path / "notes.phr"
    path.write_text("just some text\n")
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText("anything")
    shell.welcome.unlock()
    qtbot.waitUntil(
        lambda: "is not a PHR vault" in shell.welcome.unlock_status.text(), timeout=10_000
    )


def test_demo_opens_a_fresh_demo_vault(qtbot, make_shell, user_dirs: Path) -> None:
    old = demo.create_demo_vault(demo_vault_path())
    old.set_setting("left-over", "from last time")
    old.close()

    shell = make_shell()
    qtbot.mouseClick(shell.welcome.demo_button, Qt.MouseButton.LeftButton)
    window = wait_for_main_window(qtbot, shell)

    assert demo_vault_path() == user_dirs / "demo.phr"
    assert window.pages[0].facts["path"].text() == str(demo_vault_path())
    assert window.pages[0].demo_banner.isVisibleTo(window)
    assert on_worker(lambda: shell.session.vault.get_setting("demo")) == "1"
    assert on_worker(lambda: shell.session.vault.get_setting("left-over")) is None
