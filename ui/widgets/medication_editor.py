"""The medication list: a compact table beside the notes, and a dialog to add or edit.

Made to sit beside the notes on the Medications page: the notes are what the page is for, so
the list stays two columns wide (details in each row's tooltip) and the form lives in a
dialog that opens only when the person adds or edits. The editor refreshes itself when it shows and
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
    accept_suggestion,
    add_medication,
    describe_duplicate,
    edit_medication,
    list_medications,
    match_drug,
    remove_medication,
    same_drug,
    split_dose,
    stop_medication,
)
from phr.meds.names import DrugMatch
from phr.progress import CancelToken, Changes, Progress
from ui.ops import Op
from ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
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

COLUMNS = ("Medicine", "Status")


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


class MedicationDialog(QDialog):
    """The add/edit form. OK checks the fields first, so a mistake keeps the dialog open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Medicine")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. Plavix or clopidogrel 75mg")
        self.name.setAccessibleName("Medicine name")
        self.name.textChanged.connect(self._update_hint)
        self.hint = note_label("", "hint", self)
        self.dose = QLineEdit(self)
        self.dose.setPlaceholderText("e.g. 75mg or 1 tablet")
        self.dose.setAccessibleName("Dose")
        self.frequency = QLineEdit(self)
        self.frequency.setPlaceholderText("e.g. once a day")
        self.frequency.setAccessibleName("How often")
        self.started = QLineEdit(self)
        self.started.setPlaceholderText("YYYY-MM-DD (optional)")
        self.started.setAccessibleName("Started on")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("what it is for (optional)")
        self.reason.setAccessibleName("Reason")
        form.addRow("&Medicine:", self.name)
        form.addRow("", self.hint)
        form.addRow("&Dose:", self.dose)
        form.addRow("How &often:", self.frequency)
        form.addRow("&Started on:", self.started)
        form.addRow("&Reason:", self.reason)
        layout.addLayout(form)
        self.error = note_label("", "error", self)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def prepare(self, title: str, ok_text: str) -> None:
        self.setWindowTitle(title)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)
        ok.setDefault(True)
        self.show_error("")
        self.name.setFocus()

    def fields(self) -> tuple[QLineEdit, ...]:
        return (self.name, self.dose, self.frequency, self.started, self.reason)

    def checked(self) -> MedicationForm | None:
        try:
            form = read_form(*(field.text() for field in self.fields()))
        except InvalidValue as exc:
            self.show_error(str(exc))
            return None
        self.show_error("")
        return form

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _try_accept(self) -> None:
        if self.checked() is not None:
            self.accept()

    def _update_hint(self, text: str) -> None:
        self.hint.setText(match_hint(match_drug(text)) if text.strip() else "")


def run_dialog(dialog: MedicationDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


@dataclass(frozen=True)
class _Resolved:
    """The form after the name question: what will actually be stored."""

    form: MedicationForm
    name: str
    generic: str | Auto | None
    stored_generic: str | None
    typed: str = ""  # what the person typed, if the stored name differs


class MedicationEditor(QWidget):
    """Compact table + buttons; the form is a dialog. `confirm` and `run_dialog` are
    replaceable so tests answer questions and dialogs without a modal."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.confirm: Callable[[QWidget, str], bool] = ask_yes_no
        self.run_dialog: Callable[[MedicationDialog], bool] = run_dialog
        self.medications: list[Medication] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING // 2)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Your medicine list")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._load_selected)
        self.table.itemActivated.connect(lambda _item: self.start_edit())
        layout.addWidget(self.table, 1)

        self.dialog = MedicationDialog(self)
        # The form's fields, under the names the rest of the UI and the tests use.
        self.name, self.dose, self.frequency = (
            self.dialog.name,
            self.dialog.dose,
            self.dialog.frequency,
        )
        self.started, self.reason, self.hint = (
            self.dialog.started,
            self.dialog.reason,
            self.dialog.hint,
        )

        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add…", self)
        self.add_button.setAccessibleName("Add a medicine")
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setAccessibleName("Edit the selected medicine")
        self.stop_button = QPushButton("S&topped", self)
        self.stop_button.setToolTip("Mark the selected medicine as stopped today (kept as history)")
        self.stop_button.setAccessibleName("Mark the selected medicine as stopped")
        self.remove_button = QPushButton("Remo&ve", self)
        self.remove_button.setAccessibleName("Remove the selected medicine")
        for button in (self.add_button, self.edit_button, self.stop_button, self.remove_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.error = note_label("", "error", self)
        self.error.hide()
        layout.addWidget(self.error)
        self.add_button.clicked.connect(self.start_add)
        self.edit_button.clicked.connect(self.start_edit)
        self.stop_button.clicked.connect(self.stop)
        self.remove_button.clicked.connect(self.remove)
        self.save_button = self.edit_button  # older name, kept for callers
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
            details = describe_row(med, today)
            for column, text in enumerate((med.name, med.status_text(today))):
                item = QTableWidgetItem(text)
                item.setToolTip(details)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def clear(self) -> None:
        """Forget everything on screen (the window is locking)."""
        self.medications = []
        self.table.setRowCount(0)
        self.clear_form()
        self.dialog.reject()

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
        for field in self.dialog.fields():
            field.clear()
        self._show_error("")
        self._update_buttons()

    def start_add(self) -> None:
        """ "Add…": an empty form in the dialog; OK adds."""
        self.clear_form()
        self.dialog.prepare("Add a medicine", "Add")
        if self.run_dialog(self.dialog):
            self.add()

    def start_edit(self) -> None:
        """ "Edit…" (or Enter / double-click on a row): the selected medicine in the dialog."""
        med = self.selected()
        if med is None:
            return
        self._load_selected()
        self.dialog.prepare(f"Edit {med.name}", "Save")
        if self.run_dialog(self.dialog):
            self.save()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.remove_button.setEnabled(chosen is not None)
        self.stop_button.setEnabled(chosen is not None and chosen.stopped_on is None)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _checked_form(self) -> MedicationForm | None:
        form = self.dialog.checked()
        self._show_error(self.dialog.error.text())
        return form

    def _resolve(self, form: MedicationForm) -> _Resolved:
        """Ask about a close match. Accepting stores the matched drug's name; the typed text
        stays in the reason (see `phr.meds.accept_suggestion`). Exact: the core matches.
        Unknown or declined: kept as typed."""
        found = match_drug(form.name)
        if not found.needs_confirmation:
            stored = found.generic if found.exact else None
            return _Resolved(form, form.name, Auto.MATCH, stored)
        shown = found.generic or ""
        if found.matched_name and found.matched_name.lower() != shown:
            shown += f" ({found.matched_name})"
        question = f"Did you mean {shown}?\n\nChoose No to keep it as you typed it."
        if not self.confirm(self, question):
            return _Resolved(form, form.name, None, None)
        typed = form.name
        accepted = accept_suggestion(form.name, found, form.reason)
        form = MedicationForm(
            name=accepted.name,
            dose=form.dose or accepted.dose,
            frequency=form.frequency,
            started_on=form.started_on,
            reason=accepted.reason,
        )
        return _Resolved(form, accepted.name, found.generic, found.generic, typed=typed)

    def _generic_for(self, name: str) -> str | Auto | None:
        """The generic to store for `name` (asks about a close match); kept for callers."""
        probe = MedicationForm(name=name, dose=None, frequency=None, started_on=None, reason=None)
        return self._resolve(probe).generic

    def _run(self, work: Callable[[], Changes]) -> None:
        def job(progress: Progress, cancel: CancelToken) -> Changes:
            return work()

        Op(self, job, session=self.session).success(lambda _: self.clear_form()).run()

    def _unless_duplicate(
        self, resolved: _Resolved, then: Callable[[], None], ignore: int | None = None
    ) -> None:
        """Ask before listing a drug that is already there (by any brand or generic name)."""

        def check(progress: Progress, cancel: CancelToken) -> list[Medication]:
            vault, generic = self.session.vault, resolved.stored_generic
            found = same_drug(vault, resolved.name, generic, ignore_id=ignore)
            if not found and resolved.typed:  # "warfrin" kept as typed earlier
                found = same_drug(vault, resolved.typed, generic, ignore_id=ignore)
            return found

        def decide(already: list[Medication]) -> None:
            if already:
                question = f"{describe_duplicate(already[0])}.\n\nList it a second time anyway?"
                if not self.confirm(self, question):
                    return
            then()

        Op(self, check, session=self.session).success(decide).run()

    # -- actions ------------------------------------------------------------------------------

    def add(self) -> None:
        checked = self._checked_form()
        if checked is None:
            return
        resolved = self._resolve(checked)
        form = resolved.form
        self._unless_duplicate(
            resolved,
            lambda: self._run(
                lambda: add_medication(
                    self.session.vault,
                    form.name,
                    dose=form.dose,
                    frequency=form.frequency,
                    started_on=form.started_on,
                    reason=form.reason,
                    generic=resolved.generic,
                )
            ),
        )

    def save(self) -> None:
        med, checked = self.selected(), self._checked_form()
        if med is None or checked is None:
            return
        if checked.name != med.name:
            resolved = self._resolve(checked)
        else:
            resolved = _Resolved(checked, checked.name, Auto.KEEP, med.generic)
        form = resolved.form
        dose, unit = split_dose(form.dose)

        def work() -> Changes:
            return edit_medication(
                self.session.vault,
                med.id,
                name=form.name,
                generic=resolved.generic,
                dose=dose,
                unit=unit,
                frequency=form.frequency,
                started_on=form.started_on,
                reason=form.reason,
            )

        if checked.name == med.name:
            self._run(work)
        else:
            self._unless_duplicate(resolved, lambda: self._run(work), ignore=med.id)

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
            "'Stopped' instead."
        )
        if self.confirm(self, question):
            self._run(lambda: remove_medication(self.session.vault, med.id))


def describe_row(med: Medication, today: date) -> str:
    """The details the compact table leaves out, for the row's tooltip."""
    parts = [
        med.name
        if not med.generic or med.generic == med.name.lower()
        else f"{med.name} ({med.generic})"
    ]
    if med.generic is None:
        parts.append("not recognised: no genetic notes")
    dose = " ".join(x for x in (med.dose, med.unit) if x)
    for label, value in (("dose", dose), ("how often", med.frequency or ""),
                         ("started", str(med.started_on or "")), ("reason", med.reason or ""),
                         ("status", med.status_text(today))):  # fmt: skip
        if value:
            parts.append(f"{label}: {value}")
    return "\n".join(parts)
