"""Results from clinical tests, on the Genome page (issue 16).

A lab's result outranks the genome file for its gene, so the person enters it where they manage
their DNA files. The widgets only collect values and show what comes back: the page runs
`add_result` / `remove_result` (the CLI's functions) on the vault worker, so every check and
message is the one `phr results add` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from phr.results import ClinicalResult
from phr.vocabulary import clinical_source_text
from ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from ui.style import SPACING, note_label
from ui.widgets.record_list import RecordList

FOUND_PRESENT = "Yes (present)"
FOUND_ABSENT = "No (absent)"

EMPTY = (
    "No clinical test results recorded. If a laboratory tested one of these genes for you, "
    "add its result: PHR then reads it in place of the DNA file."
)


@dataclass(frozen=True)
class Entry:
    """What the dialog collected, unchecked (the core checks it)."""

    gene: str
    diplotype: str | None
    phenotype: str | None
    lab: str
    day: str
    allele: str | None = None  # one allele the lab tested for (HLA typing: '*15:02')
    present: bool | None = None  # whether the lab found it; None when no allele was given


def result_text(result: ClinicalResult) -> str:
    """One line of the list: 'CYP2C19 *2/*2, Poor Metabolizer, from a clinical test (...)'."""
    said = [result.gene]
    if result.diplotype:
        said.append(result.diplotype)
    if result.phenotype:
        said.append(result.phenotype)
    if result.allele is not None:
        said.append(f"{result.allele} {'present' if result.allele_present else 'absent'}")
    head = " ".join(said[:2]) + "".join(f", {s}" for s in said[2:])
    return f"{head}, {clinical_source_text(result.lab, result.tested_on.isoformat())}"


class AddResultDialog(QDialog):
    """Gene, diplotype and/or phenotype, lab, date. OK hands an `Entry` to `on_submit`; the
    dialog stays open until the page says it was stored or shows why not."""

    def __init__(
        self,
        genes: list[str],
        on_submit: Callable[[Entry], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a clinical test result")
        self.setMinimumWidth(440)
        self._on_submit = on_submit
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        form = QFormLayout()
        self.gene = QComboBox(self)
        self.gene.addItems(genes)
        self.gene.setAccessibleName("Gene")
        self.diplotype = QLineEdit(self)
        self.diplotype.setPlaceholderText("for example *1/*2")
        self.diplotype.setAccessibleName("Diplotype")
        self.phenotype = QLineEdit(self)
        self.phenotype.setPlaceholderText("for example Intermediate Metabolizer")
        self.phenotype.setAccessibleName("Phenotype")
        self.allele = QLineEdit(self)
        self.allele.setPlaceholderText("HLA tests: for example *15:02")
        self.allele.setAccessibleName("Allele tested for")
        self.found = QComboBox(self)
        self.found.addItems([FOUND_PRESENT, FOUND_ABSENT])
        self.found.setAccessibleName("Did the lab find the allele")
        self.lab = QLineEdit(self)
        self.lab.setAccessibleName("Laboratory")
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(QDate(1900, 1, 1))  # no maximum: the core says why
        self.date.setDate(QDate.currentDate())
        self.date.setAccessibleName("Date of the result")
        form.addRow("&Gene:", self.gene)
        form.addRow("&Diplotype:", self.diplotype)
        form.addRow("&Phenotype:", self.phenotype)
        form.addRow("A&llele:", self.allele)
        form.addRow("The lab &found it:", self.found)
        form.addRow("&Laboratory:", self.lab)
        form.addRow("D&ate:", self.date)
        layout.addLayout(form)
        layout.addWidget(
            note_label("Copy them as the lab's report writes them; one of the two is enough. "
                       "For an HLA test (HLA-A, HLA-B), enter the two typed alleles as the "
                       "diplotype, or one allele and whether the lab found it.", "hint", self)
        )  # fmt: skip
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

    def entry(self) -> Entry:
        allele = self.allele.text().strip() or None
        return Entry(
            gene=self.gene.currentText(),
            diplotype=self.diplotype.text().strip() or None,
            phenotype=self.phenotype.text().strip() or None,
            lab=self.lab.text(),
            day=self.date.date().toString("yyyy-MM-dd"),
            allele=allele,
            present=None if allele is None else self.found.currentText() == FOUND_PRESENT,
        )

    def submit(self) -> None:
        self.show_error("")
        self.ok.setEnabled(False)
        self._on_submit(self.entry())

    def show_error(self, text: str) -> None:
        self.ok.setEnabled(True)
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def done_adding(self) -> None:
        self.ok.setEnabled(True)
        self.accept()


class ClinicalResults(RecordList[ClinicalResult]):
    """The list with Add… and Remove; the page does the work."""

    def __init__(
        self,
        on_add: Callable[[], None],
        on_remove: Callable[[ClinicalResult], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="Results from clinical tests",
            empty=EMPTY,
            add_label="Add a clinical result…",
            text_of=result_text,
            on_add=on_add,
            on_remove=on_remove,
            parent=parent,
        )

    def show_results(self, results: list[ClinicalResult]) -> None:
        self.show_records(results)
