"""The medication list editor: a table of medicines and a form to add, edit, stop or remove.

Made to sit at the top of the Medications page. The editor refreshes itself when it shows and
after medication changes through `session.vault_changed`, so its host never reloads the list
(which would read it twice after every edit). Name matching
runs as the person types (`phr.meds.match_drug` is pure and fast, no vault needed); a close but
inexact match is only stored after the person confirms it. Form checking is plain Python
(`read_form`), so it is tested without Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from phr.errors import InvalidValue
from phr.meds import (
    Auto,
    Medication,
    add_medication,
    edit_medication,
    list_medications,
    match_drug,
    remove_medication,
    split_dose,
    stop_medication,
)
from phr.meds.names import DrugMatch
from phr.progress import CancelToken, Changes, Progress
from ui.ops import Op
from ui.qt import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QShowEvent,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ui.session import Session
from ui.style import SPACING, note_label

COLUMNS = ("Medicine", "Known as", "Dose", "How often", "Started", "Status")


@dataclass(frozen=True)
class MedicationForm:
    """What the form holds once checked."""

    name: str
    dose: str | None
    frequency: str | None
    started_on: date | None
    reason: str | None


def read_form(name: str, dose: str, frequency: str, started: str, reason: str) -> MedicationForm:
    """Check the typed fields; raises InvalidValue with a message for the person."""
    if not name.strip():
        raise InvalidValue("Type the medicine's name (brand or generic).")
    started_on = None
    if started.strip():
        try:
            started_on = date.fromisoformat(started.strip())
        except ValueError:
            raise InvalidValue("Write the start date like 2024-03-01 (year-month-day).") from None
        if started_on > date.today():
            raise InvalidValue("The start date is in the future.")
    return MedicationForm(
        name=name.strip(),
        dose=dose.strip() or None,
        frequency=frequency.strip() or None,
        started_on=started_on,
        reason=reason.strip() or None,
    )


def match_hint(found: DrugMatch) -> str:
    if found.generic is None:
        return "Not in PHR's drug list: it will be kept as typed, without genetic notes."
    shown = found.generic
    if found.matched_name and found.matched_name.lower() != found.generic:
        shown += f" ({found.matched_name})"
    if found.exact:
        return f"Recognised as {shown}."
    return f"Did you mean {shown}? You will be asked to confirm."


def ask_yes_no(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "PHR", question)
    return answer == QMessageBox.StandardButton.Yes


class MedicationEditor(QWidget):
    """Table + form. `confirm` is replaceable so tests answer questions without a modal."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.confirm: Callable[[QWidget, str], bool] = ask_yes_no
        self.medications: list[Medication] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(160)
        self.table.itemSelectionChanged.connect(self._load_selected)
        layout.addWidget(self.table)

        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. Plavix or clopidogrel 75mg")
        self.name.textChanged.connect(self._update_hint)
        self.hint = note_label("", "hint", self)
        self.dose = QLineEdit(self)
        self.dose.setPlaceholderText("e.g. 75mg or 1 tablet")
        self.frequency = QLineEdit(self)
        self.frequency.setPlaceholderText("e.g. once a day")
        self.started = QLineEdit(self)
        self.started.setPlaceholderText("YYYY-MM-DD (optional)")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("what it is for (optional)")
        form.addRow("Medicine:", self.name)
        form.addRow("", self.hint)
        form.addRow("Dose:", self.dose)
        form.addRow("How often:", self.frequency)
        form.addRow("Started on:", self.started)
        form.addRow("Reason:", self.reason)
        layout.addLayout(form)
        self.error = note_label("", "error", self)
        self.error.hide()
        layout.addWidget(self.error)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add medicine", self)
        self.save_button = QPushButton("Save changes", self)
        self.stop_button = QPushButton("Stopped taking it", self)
        self.remove_button = QPushButton("Remove", self)
        self.new_button = QPushButton("New", self)
        for button in (self.add_button, self.save_button, self.stop_button,
                       self.remove_button, self.new_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.stop_button.clicked.connect(self.stop)
        self.remove_button.clicked.connect(self.remove)
        self.new_button.clicked.connect(self.clear_form)
        session.vault_changed.connect(self._on_changed)
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> list[Medication]:
            return list_medications(self.session.vault)

        Op(self, load, session=self.session).success(self.show_medications).run()

    def show_medications(self, medications: list[Medication]) -> None:
        self.medications = medications
        self.table.setRowCount(len(medications))
        today = date.today()
        for row, med in enumerate(medications):
            dose = " ".join(x for x in (med.dose, med.unit) if x)
            status = med.status_text(today)
            cells = (med.name, med.generic or "(not recognised)", dose, med.frequency or "",
                     str(med.started_on or ""), status)  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._update_buttons()

    def clear(self) -> None:
        """Forget everything on screen (the window is locking)."""
        self.medications = []
        self.table.setRowCount(0)
        self.clear_form()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.session.is_unlocked:
            self.refresh()

    def _on_changed(self, changes: object) -> None:
        if isinstance(changes, Changes) and changes.meds and self.isVisible():
            self.refresh()

    # -- the form -----------------------------------------------------------------------------

    def selected(self) -> Medication | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.medications[row] if row < len(self.medications) else None

    def _load_selected(self) -> None:
        med = self.selected()
        if med is not None:
            self.name.setText(med.name)
            self.dose.setText(" ".join(x for x in (med.dose, med.unit) if x))
            self.frequency.setText(med.frequency or "")
            self.started.setText(str(med.started_on or ""))
            self.reason.setText(med.reason or "")
        self._update_buttons()

    def clear_form(self) -> None:
        self.table.clearSelection()
        for field in (self.name, self.dose, self.frequency, self.started, self.reason):
            field.clear()
        self._show_error("")
        self._update_buttons()

    def _update_hint(self, text: str) -> None:
        self.hint.setText(match_hint(match_drug(text)) if text.strip() else "")

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.save_button.setEnabled(chosen is not None)
        self.remove_button.setEnabled(chosen is not None)
        self.stop_button.setEnabled(chosen is not None and chosen.stopped_on is None)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _checked_form(self) -> MedicationForm | None:
        try:
            form = read_form(self.name.text(), self.dose.text(), self.frequency.text(),
                             self.started.text(), self.reason.text())  # fmt: skip
        except InvalidValue as exc:
            self._show_error(str(exc))
            return None
        self._show_error("")
        return form

    def _generic_for(self, name: str) -> str | Auto | None:
        """Exact: let the core match. Close: ask. Unknown: keep as typed."""
        found = match_drug(name)
        if not found.needs_confirmation:
            return Auto.MATCH
        shown = found.generic or ""
        if found.matched_name and found.matched_name.lower() != shown:
            shown += f" ({found.matched_name})"
        if self.confirm(self, f"Did you mean {shown}?\n\nChoose No to keep it as you typed it."):
            return found.generic
        return None

    def _run(self, work: Callable[[], Changes]) -> None:
        def job(progress: Progress, cancel: CancelToken) -> Changes:
            return work()

        Op(self, job, session=self.session).success(lambda _: self.clear_form()).run()

    # -- actions ------------------------------------------------------------------------------

    def add(self) -> None:
        form = self._checked_form()
        if form is None:
            return
        generic = self._generic_for(form.name)
        self._run(
            lambda: add_medication(
                self.session.vault,
                form.name,
                dose=form.dose,
                frequency=form.frequency,
                started_on=form.started_on,
                reason=form.reason,
                generic=generic,
            )
        )

    def save(self) -> None:
        med, form = self.selected(), self._checked_form()
        if med is None or form is None:
            return
        generic: str | Auto | None = Auto.KEEP
        if form.name != med.name:
            generic = self._generic_for(form.name)
        dose, unit = split_dose(form.dose)
        self._run(
            lambda: edit_medication(
                self.session.vault,
                med.id,
                name=form.name,
                generic=generic,
                dose=dose,
                unit=unit,
                frequency=form.frequency,
                started_on=form.started_on,
                reason=form.reason,
            )
        )

    def stop(self) -> None:
        med = self.selected()
        if med is not None:
            self._run(lambda: stop_medication(self.session.vault, med.id, date.today()))

    def remove(self) -> None:
        med = self.selected()
        if med is None:
            return
        question = (
            "Remove this medicine from the list entirely? To keep it as history, use "
            "'Stopped taking it' instead."
        )
        if self.confirm(self, question):
            self._run(lambda: remove_medication(self.session.vault, med.id))
