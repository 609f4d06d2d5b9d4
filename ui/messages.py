"""Modal questions and notices, in one module so tests can replace them.

Every modal box or file chooser the UI shows goes through a function here; tests monkeypatch
these functions (see tests/ui/conftest.py) so no test ever blocks on a dialog.
"""

from __future__ import annotations

from pathlib import Path

from ui.qt import QFileDialog, QMessageBox, QWidget

APP_TITLE = "PHR"
VAULT_FILTER = "PHR vaults (*.phr);;All files (*)"


def show_error(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, APP_TITLE, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def show_about(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.about(parent, title, text)


def choose_existing_vault(parent: QWidget | None, start: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open a PHR vault", str(start), VAULT_FILTER)
    return Path(name) if name else None


def choose_new_vault(parent: QWidget | None, start: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "Where should the new vault live?", str(start), VAULT_FILTER
    )
    return Path(name) if name else None


def ask_idle_minutes(parent: QWidget | None, current: int) -> int | None:
    """The Settings dialog; returns the new idle-lock minutes, or None if cancelled."""
    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(current, parent)
    if dialog.exec() != SettingsDialog.DialogCode.Accepted:
        return None
    return dialog.idle_minutes.value()


def choose_backup_path(parent: QWidget | None, start: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "Where should the backup go?", str(start), VAULT_FILTER
    )
    return Path(name) if name else None


def ask_passphrase(parent: QWidget | None, question: str) -> str | None:
    """The current passphrase, asked again (for a backup); None if cancelled."""
    from ui.qt import QInputDialog, QLineEdit

    text, ok = QInputDialog.getText(parent, APP_TITLE, question, QLineEdit.EchoMode.Password)
    return text if ok else None


def ask_new_passphrase(parent: QWidget | None) -> tuple[str, str] | None:
    """(current, new) from the change-passphrase dialog, or None if cancelled."""
    from ui.passphrase_dialog import ChangePassphraseDialog

    dialog = ChangePassphraseDialog(parent)
    if dialog.exec() != ChangePassphraseDialog.DialogCode.Accepted:
        return None
    return dialog.current.text(), dialog.first.text()


def show_help(parent: QWidget | None, term: str | None = None) -> None:
    """The Help window (guide and glossary), opened at `term` if given; not modal."""
    from ui.help_window import HelpWindow

    HelpWindow.show_for(parent, term)
