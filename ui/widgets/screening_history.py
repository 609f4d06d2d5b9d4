"""Screenings and tests the person has had, on the Prevention plan page.

The plan marks an item up to date from this history, so it has to be editable where the plan
is read, not only with `phr screening`. The widgets only collect a kind and a date and show
what comes back: the page runs `add_screening` / `remove_screening` (the CLI's functions) on the
vault worker, so the checks and the messages are the same as on the command line.
"""

from __future__ import annotations

from collections.abc import Callable

from phr.prevention.screening import SCREENING_KINDS, Screening
from ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.style import SPACING, note_label
from ui.widgets.record_list import RecordList

EMPTY = "Nothing recorded yet. Add the tests you have had so the plan can say what is up to date."


def screening_text(screening: Screening) -> str:
    """One line of the list: the date, then the kind in words."""
    return f"{screening.done_on.isoformat()}   {screening.label}"


class AddScreeningDialog(QDialog):
    """Kind and date. OK hands them to `on_submit`; the dialog stays open until the page says
    the screening was stored (`done`) or shows why not (`show_error`)."""

    def __init__(
        self, on_submit: Callable[[str, str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a screening or test")
        self.setMinimumWidth(420)
        self._on_submit = on_submit
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        form = QFormLayout()
        self.kind = QComboBox(self)
        for key, words in SCREENING_KINDS.items():
            self.kind.addItem(words[:1].upper() + words[1:], key)
        self.kind.setAccessibleName("Which test")
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        # No maximum: a future date reaches the core and gets its message, as in the CLI.
        self.date.setMinimumDate(QDate(1900, 1, 1))
        self.date.setDate(QDate.currentDate())
        self.date.setAccessibleName("Date of the test")
        form.addRow("&Test:", self.kind)
        form.addRow("&Date:", self.date)
        layout.addLayout(form)
        layout.addWidget(note_label("The day on the result letter is enough.", "hint", self))
        self.error = note_label("", "error", self)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Add")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def chosen_date(self) -> str:
        return self.date.date().toString("yyyy-MM-dd")

    def submit(self) -> None:
        self.show_error("")
        self.ok.setEnabled(False)  # one add at a time; re-enabled by show_error
        self._on_submit(self.chosen_kind(), self.chosen_date())

    def show_error(self, text: str) -> None:
        self.ok.setEnabled(True)
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def done_adding(self) -> None:
        self.ok.setEnabled(True)
        self.accept()


class ScreeningHistory(RecordList[Screening]):
    """The list with Add… and Remove, framed with a line saying how the plan reads it.
    `on_add` opens the dialog; `on_remove` gets the selected screening (the page asks for
    confirmation and does the work)."""

    def __init__(
        self,
        on_add: Callable[[], None],
        on_remove: Callable[[Screening], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="Screenings and tests you have had",
            empty=EMPTY,
            add_label="Add…",
            text_of=screening_text,
            on_add=on_add,
            on_remove=on_remove,
            parent=parent,
        )
        self.setObjectName("screeningHistory")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "QWidget#screeningHistory { border: 1px solid #d5dbe3; border-radius: 6px;"
            " background: #fafbfc; }"
        )
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.setContentsMargins(SPACING, SPACING, SPACING, SPACING)
        hint = (
            "Screenings and tests you have had, newest first. The plan uses the latest of "
            "each kind."
        )
        layout.insertWidget(0, note_label(hint, "hint", self))

    def show_screenings(self, screenings: list[Screening]) -> None:
        self.show_records(screenings)
