"""The first window: unlock a vault, create one, or try the demo.

Errors a person can act on (wrong passphrase, vault in use, not a vault, too new...) appear
inside this window under the button they pressed, so retrying is just typing again; only
unexpected failures get a dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from phr import paths
from phr.errors import PhrError, WrongPassphrase
from ui import messages
from ui.ops import Op, report_error
from ui.passphrase import CreateVaultForm, assess
from ui.qt import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.style import MARGIN, SPACING, app_icon, heading, note_label

log = logging.getLogger(__name__)

NO_RECOVERY_WARNING = (
    "Important: PHR cannot recover a lost passphrase. Nobody can: not the makers of PHR, "
    "not a support desk. If you forget it, everything in this vault is gone for good. "
    "Write it down and keep it somewhere safe."
)


def _path_row(parent: QWidget, edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class WelcomeWindow(QWidget):
    """Emits `opened` once the session holds an unlocked vault."""

    opened = Signal()

    def __init__(self, session: Session, vault_path: Path | None = None) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle("PHR")
        self.setWindowIcon(app_icon())
        # Word-wrapped labels make Qt underestimate the height at first layout; give room.
        self.setMinimumSize(580, 580)
        self.resize(640, 600)
        start = Path(vault_path) if vault_path else paths.default_vault_path()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        title_row = QHBoxLayout()
        title_row.setSpacing(SPACING)
        self.icon_label = QLabel(self)
        self.icon_label.setPixmap(app_icon().pixmap(56, 56))
        self.icon_label.setAccessibleName("PHR icon")
        title_row.addWidget(self.icon_label)
        title_row.addWidget(heading("PHR: your personal health record", self), 1)
        layout.addLayout(title_row)
        layout.addWidget(
            note_label(
                "Your health data stays in one encrypted file on this computer. "
                "Nothing is ever sent anywhere.",
                "hint",
                self,
            )
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_unlock_tab(start), "Open my vault")
        self.tabs.addTab(self._build_create_tab(start), "Create a new vault")
        layout.addWidget(self.tabs)

        demo_row = QHBoxLayout()
        demo_row.addWidget(
            note_label("Just looking? The demo uses made-up data only.", "hint", self), 1
        )
        self.demo_button = QPushButton("Open the demo", self)
        self.demo_button.clicked.connect(self.open_demo)
        demo_row.addWidget(self.demo_button)
        layout.addLayout(demo_row)
        self.demo_status = note_label("", "error", self)
        layout.addWidget(self.demo_status)

        self.tabs.setCurrentIndex(0 if start.exists() else 1)
        self._update_create_form()

    # -- building -----------------------------------------------------------------------------

    def _build_unlock_tab(self, start: Path) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        form.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        form.setVerticalSpacing(SPACING)
        self.unlock_path = QLineEdit(str(start), tab)
        browse = QPushButton("Browse…", tab)
        browse.clicked.connect(self._browse_existing)
        form.addRow("Vault file:", _path_row(tab, self.unlock_path, browse))
        self.unlock_passphrase = QLineEdit(tab)
        self.unlock_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.unlock_passphrase.returnPressed.connect(self.unlock)
        form.addRow("Passphrase:", self.unlock_passphrase)
        self.unlock_button = QPushButton("Unlock", tab)
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        form.addRow("", self.unlock_button)
        self.unlock_status = note_label("", "error", tab)
        form.addRow("", self.unlock_status)
        return tab

    def _build_create_tab(self, start: Path) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        column.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        column.setSpacing(SPACING)
        form = QFormLayout()
        form.setVerticalSpacing(SPACING)
        self.create_path = QLineEdit(str(start), tab)
        browse = QPushButton("Browse…", tab)
        browse.clicked.connect(self._browse_new)
        form.addRow("Save as:", _path_row(tab, self.create_path, browse))
        self.create_first = QLineEdit(tab)
        self.create_second = QLineEdit(tab)
        for edit in (self.create_first, self.create_second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Passphrase:", self.create_first)
        self.strength_label = note_label("", "hint", tab)
        # One line reserved whether or not it shows, so the form never jumps as it changes.
        self.strength_label.setWordWrap(False)
        self.strength_label.setFixedHeight(self.strength_label.fontMetrics().height() + 4)
        form.addRow("", self.strength_label)
        form.addRow("Repeat it:", self.create_second)
        column.addLayout(form)
        # Outside the form layout: QFormLayout mis-sizes spanning word-wrapped labels.
        column.addWidget(note_label(NO_RECOVERY_WARNING, "warning", tab))
        self.create_understood = QCheckBox(
            "I understand that a forgotten passphrase cannot be recovered.", tab
        )
        column.addWidget(self.create_understood)
        self.create_button = QPushButton("Create vault", tab)
        self.create_button.setObjectName("primary")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_vault)
        button_row = QHBoxLayout()
        button_row.addWidget(self.create_button)
        button_row.addStretch(1)
        column.addLayout(button_row)
        self.create_status = note_label("", "hint", tab)
        self.create_status.setWordWrap(False)
        self.create_status.setFixedHeight(self.create_status.fontMetrics().height() + 4)
        column.addWidget(self.create_status)
        self.create_error = note_label("", "error", tab)
        column.addWidget(self.create_error)
        column.addStretch(1)
        for edit in (self.create_path, self.create_first, self.create_second):
            edit.textChanged.connect(self._update_create_form)
        self.create_understood.toggled.connect(self._update_create_form)
        return tab

    # -- create -------------------------------------------------------------------------------

    def _form(self) -> CreateVaultForm:
        return CreateVaultForm(
            path=self.create_path.text(),
            first=self.create_first.text(),
            second=self.create_second.text(),
            understood_no_recovery=self.create_understood.isChecked(),
        )

    def _update_create_form(self) -> None:
        typed = self.create_first.text()
        # No verdict on an empty field: "weak" before typing reads as a scolding.
        self.strength_label.setText(assess(typed).text if typed else "")
        problem = self._form().problem()
        self.create_status.setText(problem or "Ready to create the vault.")
        self.create_button.setEnabled(problem is None)

    def create_vault(self) -> None:
        form = self._form()
        if form.problem() is not None:
            return
        op = self.session.create(self, Path(form.path).expanduser(), form.first)
        self._run(op, "Creating the vault…", self._show_create_error)

    def _show_create_error(self, message: str) -> None:
        self.create_error.setText(message)

    # -- unlock -------------------------------------------------------------------------------

    def unlock(self) -> None:
        path = self.unlock_path.text().strip()
        if not path:
            self.unlock_status.setText("Choose the vault file to open.")
            return
        op = self.session.unlock(self, Path(path).expanduser(), self.unlock_passphrase.text())
        self._run(op, "Unlocking the vault…", self._show_unlock_error)

    def _show_unlock_error(self, message: str) -> None:
        self.unlock_status.setText(message)

    # -- demo ---------------------------------------------------------------------------------

    def open_demo(self) -> None:
        self._run(self.session.open_demo(self), "Preparing the demo…", self.demo_status.setText)

    # -- shared -------------------------------------------------------------------------------

    def _run(self, op: Op[Path], label: str, show_error: Callable[[str], None]) -> None:
        for label_widget in (self.unlock_status, self.demo_status, self.create_error):
            label_widget.clear()
        self._set_busy(True)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            if isinstance(error, WrongPassphrase):
                self.unlock_passphrase.clear()
                self.unlock_passphrase.setFocus()
            if isinstance(error, PhrError):
                show_error(str(error))
            else:
                report_error(self, error)

        def succeeded(_: Path) -> None:
            self._set_busy(False)
            self.unlock_passphrase.clear()
            self.create_first.clear()
            self.create_second.clear()
            self.opened.emit()

        op.with_progress(label, cancellable=False).success(succeeded).failure(failed).run()

    def _set_busy(self, busy: bool) -> None:
        self.tabs.setEnabled(not busy)
        self.demo_button.setEnabled(not busy)
        if not busy:
            self._update_create_form()

    def _browse_existing(self) -> None:
        chosen = messages.choose_existing_vault(self, Path(self.unlock_path.text()))
        if chosen is not None:
            self.unlock_path.setText(str(chosen))

    def _browse_new(self) -> None:
        chosen = messages.choose_new_vault(self, Path(self.create_path.text()))
        if chosen is not None:
            self.create_path.setText(str(chosen))
