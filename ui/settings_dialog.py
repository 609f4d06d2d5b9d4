"""Per-vault settings the shell owns (for now only the idle-lock timeout)."""

from __future__ import annotations

from ui.qt import QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget
from ui.style import note_label

MAX_IDLE_MINUTES = 240


class SettingsDialog(QDialog):
    def __init__(self, idle_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PHR settings")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setRange(1, MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setValue(idle_minutes)
        form.addRow("Lock after no activity for:", self.idle_minutes)
        layout.addLayout(form)
        layout.addWidget(
            note_label(
                "Locking closes the vault and forgets the key; your passphrase is needed "
                "to continue. Stored in this vault.",
                "hint",
                self,
            )
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
