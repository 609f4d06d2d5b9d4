"""Vault > Change passphrase…: the current passphrase, the new one twice, and the strength hint.

The current passphrase is asked because an unlocked, unattended window must not let anyone
lock the owner out of their own vault. The main window checks it against the vault
(`phr.vault.passphrase_matches`) before changing anything.
"""

from __future__ import annotations

from ui.passphrase import assess, passphrase_problem
from ui.qt import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget
from ui.style import SPACING, note_label


class ChangePassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change passphrase")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        form = QFormLayout()
        self.current = QLineEdit(self)
        self.first = QLineEdit(self)
        self.second = QLineEdit(self)
        for edit, name in (
            (self.current, "Current passphrase"),
            (self.first, "New passphrase"),
            (self.second, "Repeat the new passphrase"),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
            edit.textChanged.connect(self._update)
        form.addRow("&Current passphrase:", self.current)
        form.addRow("&New passphrase:", self.first)
        self.strength = note_label("", "hint", self)
        form.addRow("", self.strength)
        form.addRow("&Repeat it:", self.second)
        layout.addLayout(form)
        layout.addWidget(
            note_label(
                "Backups made before keep the old passphrase. Nobody can recover a lost one.",
                "hint",
                self,
            )
        )
        self.problem = note_label("", "error", self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Change passphrase")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        typed = self.first.text()
        self.strength.setText(assess(typed).text if typed else "")
        problem = None if self.current.text() else "Type your current passphrase."
        problem = problem or passphrase_problem(typed, self.second.text())
        self.problem.setText(problem if (typed or self.second.text()) else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
