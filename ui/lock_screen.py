"""What a locked main window shows instead of its pages: the vault name and a passphrase box."""

from __future__ import annotations

from pathlib import Path

from ui.qt import QHBoxLayout, QLineEdit, QPushButton, Qt, QVBoxLayout, QWidget, Signal
from ui.style import SPACING, heading, note_label


class LockScreen(QWidget):
    """Emits `unlock_requested(passphrase)`; the window decides what to do with it."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(SPACING)
        column.addWidget(heading("PHR is locked", self), 0, Qt.AlignmentFlag.AlignHCenter)
        self.path_label = note_label("", "hint", self)
        self.path_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.path_label)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setMinimumWidth(320)
        self.passphrase.returnPressed.connect(self._submit)
        self.unlock_button = QPushButton("Unlock", self)
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self._submit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        column.addLayout(row)
        self.status = note_label("", "error", self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.status)
        outer.addLayout(column)
        outer.addStretch(2)

    def prepare(self, vault_path: Path | None, reason: str) -> None:
        self.path_label.setText(f"{reason}\n{vault_path}" if vault_path else reason)
        self.passphrase.clear()
        self.status.clear()
        self.set_busy(False)
        self.passphrase.setFocus()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.status.setText(message)
        self.passphrase.clear()
        self.passphrase.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)

    def _submit(self) -> None:
        if self.passphrase.text():
            self.set_busy(True)
            self.unlock_requested.emit(self.passphrase.text())
