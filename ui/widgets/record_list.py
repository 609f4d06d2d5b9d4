"""A short list of the person's own records with Add… and Remove, for small histories kept
beside what they change (screenings on the plan page, clinical results on the Genome page).

The widget only shows records and reports choices: `on_add` opens the page's dialog and
`on_remove` gets the selected record; the page asks for confirmation and runs the core
function on the vault worker, so checks and messages are the command line's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from ui.qt import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, Qt, QVBoxLayout, QWidget
from ui.style import note_label


class Record(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)


class RecordList(QWidget, Generic[R]):
    def __init__(
        self,
        *,
        name: str,
        empty: str,
        add_label: str,
        text_of: Callable[[R], str],
        on_add: Callable[[], None],
        on_remove: Callable[[R], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._text_of = text_of
        self._on_remove = on_remove
        self.records: list[R] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setAccessibleName(name)
        self.list.setMaximumHeight(110)
        self.list.currentRowChanged.connect(self._update_buttons)
        layout.addWidget(self.list)
        self.empty = note_label(empty, "hint", self)
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.message = note_label("", "hint", self)
        self.add = QPushButton(add_label, self)
        self.add.clicked.connect(on_add)
        self.remove = QPushButton("Remove", self)
        self.remove.setEnabled(False)
        self.remove.clicked.connect(self._remove)
        row.addWidget(self.message, 1)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        layout.addLayout(row)
        self.show_records([])

    def show_records(self, records: Sequence[R]) -> None:
        self.records = list(records)
        self.list.clear()
        for record in self.records:
            item = QListWidgetItem(self._text_of(record))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)
        self.list.setVisible(bool(self.records))
        self.empty.setVisible(not self.records)
        self._update_buttons()

    def selected(self) -> R | None:
        row = self.list.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #a61b1b;" if error else "")
        self.message.setText(text)

    def clear(self) -> None:
        self.show_records([])
        self.show_message("")

    def _update_buttons(self, *_: object) -> None:
        self.remove.setEnabled(self.selected() is not None)

    def _remove(self) -> None:
        record = self.selected()
        if record is not None:
            self._on_remove(record)
