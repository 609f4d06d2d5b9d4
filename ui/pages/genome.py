"""Genome: import a DNA file (button or drag-and-drop), see it in plain words, pick the active
genome, remove one, and look up what a genome says at a place.

Imports run on the vault worker through an Op with a cancellable progress dialog; the core does
all the work (`phr.genome.importer.import_genome`), so the CLI and this page behave the same.
Modal questions (file chooser, sample chooser, remove confirmation) are module functions so
tests can answer them without a dialog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from phr.errors import PhrError
from phr.genome.formats.vcf import SampleChoiceNeeded
from phr.genome.importer import ImportResult, import_genome
from phr.genome.model import GenomeRecord, GenotypeAt, GenotypeStatus, parse_locus
from phr.genome.store import (
    GenotypeReader,
    activate_genome,
    active_genome,
    has_calls_on,
    list_genomes,
    remove_genome,
)
from phr.genome.summary import describe_genome
from phr.glossary import explain, tooltip_for
from phr.profile import Profile, get_profile
from phr.progress import CancelToken, Changes, Progress
from phr.results import (
    ClinicalResult,
    add_result,
    list_results,
    remove_result,
    result_genes,
)
from phr.vocabulary import COMPANIES, NONE, genotype_status_text, vendor_text
from ui import messages
from ui.ops import report_error
from ui.pages.base import GLOSSARY_HINT, Page, fit_rows
from ui.qt import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QtGui,
    QWidget,
)
from ui.session import Session
from ui.style import heading, note_label
from ui.widgets.clinical_results import AddResultDialog, ClinicalResults, Entry
from ui.widgets.sex_question import SexQuestion

INTRO = (
    "Import the raw data file your DNA company gave you "
    f"({', '.join(COMPANIES)}) or a VCF from a sequencing service. Zipped files are fine. "
    "Click the button or drag the file onto this page. The file stays on this computer."
)
GENOME_FILTER = "DNA raw data (*.txt *.csv *.tsv *.zip *.gz *.vcf *.bcf *.bgz);;All files (*)"

STATUS_WORDS = {status: genotype_status_text(status, long=True) for status in GenotypeStatus}


# -- modal questions (tests replace these) ----------------------------------------------------


def choose_genome_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a DNA file", str(Path.home()), GENOME_FILTER
    )
    return Path(name) if name else None


def choose_sample(parent: QWidget | None, samples: list[str]) -> str | None:
    from ui.qt import QtWidgets

    name, ok = QtWidgets.QInputDialog.getItem(
        parent,
        messages.APP_TITLE,
        "This file holds several people. Whose genome is it?",
        samples,
        0,
        False,
    )
    return str(name) if ok else None


def confirm_remove(parent: QWidget | None, genome: GenomeRecord) -> bool:
    answer = QMessageBox.question(
        parent,
        messages.APP_TITLE,
        f"Remove the genome from {genome.source_name} and all its genotypes from this vault? "
        "This cannot be undone.",
    )
    return answer == QMessageBox.StandardButton.Yes


def confirm_remove_result(parent: QWidget | None, result: ClinicalResult) -> bool:
    answer = QMessageBox.question(
        parent,
        messages.APP_TITLE,
        f"Remove the {result.gene} result from {result.lab} ({result.tested_on.isoformat()})? "
        "PHR will read this gene from the DNA file again.",
    )
    return answer == QMessageBox.StandardButton.Yes


# -- worker-side loads ------------------------------------------------------------------------


NOT_ASKED = Profile(None)


@dataclass(frozen=True)
class Loaded:
    genomes: list[GenomeRecord]
    active: GenomeRecord | None
    profile: Profile = NOT_ASKED
    has_x: bool = False  # the active genome lists X-chromosome data (the sex question)
    results: list[ClinicalResult] = field(default_factory=list)  # clinical test results


def split_queries(text: str) -> list[str]:
    return [q for q in re.split(r"[\s;]+|,(?!\d{3})", text) if q]


class GenomePage(Page):
    title = "Genome"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setAcceptDrops(True)
        self.scroll_whole_page()
        self.banner = QLabel("", self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner_row = QHBoxLayout()
        self.banner_buttons: list[QPushButton] = []
        for text, target in (
            ("See medicine notes", "medications"),
            ("See prevention findings", "prevention"),
            ("See the overview", "overview"),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _checked=False, key=target: self.go_to.emit(key))
            self.banner_buttons.append(button)
            self.banner_row.addWidget(button)
        self.banner_row.addStretch(1)
        self.body.addWidget(self.banner)
        self.body.addLayout(self.banner_row)
        self._show_banner(None)
        self.body.addWidget(note_label(INTRO, "hint", self))
        row = QHBoxLayout()
        self.import_button = QPushButton("Import a DNA file…", self)
        self.import_button.clicked.connect(self.ask_and_import)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.body.addLayout(row)

        self.sex_question = SexQuestion(
            lambda work: self.op(work).run(), lambda: self.session.vault, self
        )
        self.body.addWidget(self.sex_question)
        self.body.addWidget(heading("Active genome", self, 1.15))
        self.summary = note_label("No genome imported yet.", "hint", self)
        self.summary.setToolTip(
            explain("genome_build") + "\n\n" + explain("chip_vs_sequencing") + GLOSSARY_HINT
        )
        self.body.addWidget(self.summary)
        self.warnings = note_label("", "warning", self)
        self.warnings.hide()
        self.body.addWidget(self.warnings)

        self.body.addWidget(heading("Your genomes", self, 1.15))
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(["Active", "File", "From", "Map", "Genotypes"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Your genomes")
        for column, term in ((2, "chip_vs_sequencing"), (3, "genome_build")):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(explain(term) + GLOSSARY_HINT)
        fit_rows(self.table, maximum_rows=6)
        self.body.addWidget(self.table)
        buttons = QHBoxLayout()
        self.activate_button = QPushButton("Use this genome", self)
        self.activate_button.clicked.connect(self.activate_selected)
        self.remove_button = QPushButton("Remove…", self)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.activate_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)

        self.body.addWidget(heading("Results from clinical tests", self, 1.15))
        self.clinical = ClinicalResults(self.open_add_result, self.remove_clinical_result, self)
        self.body.addWidget(self.clinical)
        self.add_result_dialog: AddResultDialog | None = None

        self.body.addWidget(heading("Look up a place", self, 1.15))
        lookup = QHBoxLayout()
        self.lookup_box = QLineEdit(self)
        self.lookup_box.setPlaceholderText("rs4244285 or 10:96541616 (several: separate by spaces)")
        self.lookup_box.setAccessibleName("Places to look up")
        self.lookup_box.returnPressed.connect(self.run_lookup)
        self.lookup_button = QPushButton("Look up", self)
        self.lookup_button.clicked.connect(self.run_lookup)
        lookup.addWidget(self.lookup_box, 1)
        lookup.addWidget(self.lookup_button)
        self.body.addLayout(lookup)
        self.lookup_results = QTableWidget(0, 4, self)
        self.lookup_results.setHorizontalHeaderLabels(
            ["Asked", "Where", "Letters", "What it means"]
        )
        self.lookup_results.verticalHeader().hide()
        self.lookup_results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lookup_results.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        self.lookup_results.setAccessibleName("Look-up results")
        fit_rows(self.lookup_results, maximum_rows=12)
        self.body.addWidget(self.lookup_results)
        self.body.addStretch(1)
        self.loaded = Loaded([], None)

    # -- refresh --------------------------------------------------------------------------------

    def is_affected_by(self, changes: Changes) -> bool:
        return changes.genome or changes.settings

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> Loaded:
            vault = self.session.vault
            genomes = list_genomes(vault)
            active = next((g for g in genomes if g.active), None)
            has_x = active is not None and has_calls_on(vault, active.id, "X")
            return Loaded(genomes, active, get_profile(vault), has_x, list_results(vault))

        self.op(load).success(self.show_loaded).run()

    def show_loaded(self, loaded: Loaded) -> None:
        self.loaded = loaded
        active = loaded.active
        self.sex_question.show_for(
            loaded.profile, active.sex if active else None, relevant=loaded.has_x
        )
        if active is None:
            self.summary.setText("No genome imported yet. Import a file to begin.")
            self.warnings.hide()
        else:
            self.summary.setText("\n".join(describe_genome(active, warnings=False)))
            tip = tooltip_for(self.summary.text())
            self.summary.setToolTip(tip + GLOSSARY_HINT if tip else "")
            if active.warnings:
                self.warnings.setText("\n".join(active.warnings))
                self.warnings.show()
            else:
                self.warnings.hide()
        self.clinical.show_results(loaded.results)
        self.table.setRowCount(len(loaded.genomes))
        for row, genome in enumerate(loaded.genomes):
            cells = [
                "●" if genome.active else "",
                genome.source_name,
                vendor_text(genome.vendor),
                str(genome.build),
                f"{genome.called:,}",
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        fit_rows(self.table, maximum_rows=6)
        has = bool(loaded.genomes)
        self.activate_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.lookup_button.setEnabled(active is not None)

    def clear(self) -> None:
        self.sex_question.hide()
        self._show_banner(None)
        self.loaded = Loaded([], None)
        self.summary.setText("")
        self.warnings.hide()
        self.table.setRowCount(0)
        self.lookup_results.setRowCount(0)
        self.lookup_box.clear()

    # -- import ---------------------------------------------------------------------------------

    def start_action(self, action: str) -> None:
        if action == "import":
            self.ask_and_import()

    def ask_and_import(self) -> None:
        path = choose_genome_file(self)
        if path is not None:
            self.start_import(path)

    def start_import(self, path: Path, sample: str | None = None) -> None:
        def work(progress: Progress, cancel: CancelToken) -> ImportResult:
            return import_genome(
                self.session.vault, path, sample=sample, progress=progress, cancel=cancel
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, SampleChoiceNeeded):
                chosen = choose_sample(self, error.samples)
                if chosen is not None:
                    self.start_import(path, chosen)
                return
            report_error(self, error)

        self.last_result: ImportResult | None = None
        (
            self.op(work)
            .with_progress(f"Importing {path.name}…")
            .success(self._imported)
            .failure(failed)
            .run()
        )

    def _imported(self, result: ImportResult) -> None:
        self.last_result = result
        self._show_banner(result)
        self.session.vault_changed.emit(result.changes)

    def _show_banner(self, result: ImportResult | None) -> None:
        """After an import: say it worked and point at the pages that now have results."""
        visible = result is not None
        if result is not None:
            genome = result.genome
            self.banner.setText(
                f"Imported {genome.source_name}: {genome.called:,} genotypes read. It is now "
                "your active genome, and the Medications and Prevention pages show what it "
                "says."
            )
        self.banner.setVisible(visible)
        for button in self.banner_buttons:
            button.setVisible(visible)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if _dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        path = _dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.start_import(path)

    # -- list actions ---------------------------------------------------------------------------

    def selected_genome(self) -> GenomeRecord | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.loaded.genomes):
            return self.loaded.genomes[row]
        return None

    def activate_selected(self) -> None:
        genome = self.selected_genome()
        if genome is None or genome.active:
            return
        self.op(lambda p, c: activate_genome(self.session.vault, genome.id)).run()

    def remove_selected(self) -> None:
        genome = self.selected_genome()
        if genome is None or not confirm_remove(self, genome):
            return
        self.op(lambda p, c: remove_genome(self.session.vault, genome.id)).run()

    # -- lookup ---------------------------------------------------------------------------------

    def run_lookup(self) -> None:
        queries = split_queries(self.lookup_box.text())
        if not queries:
            return
        for query in queries:
            try:
                parse_locus(query)
            except ValueError:
                messages.show_error(
                    self,
                    f"“{query}” is not an rsID (like rs4244285) or a place (like 10:96541616).",
                )
                return

        def work(progress: Progress, cancel: CancelToken) -> list[GenotypeAt]:
            vault = self.session.vault
            genome = active_genome(vault)
            if genome is None:
                return []
            reader = GenotypeReader(vault, genome)
            return reader.at_many(queries)

        self.op(work).success(self.show_lookup).run()

    def show_lookup(self, answers: list[GenotypeAt]) -> None:
        self.lookup_results.setRowCount(len(answers))
        for row, answer in enumerate(answers):
            where = f"{answer.chrom}:{answer.pos:,}" if answer.chrom and answer.pos else NONE
            letters = " / ".join(answer.alleles) if answer.alleles else NONE
            status = STATUS_WORDS[answer.status]
            if answer.discordant:
                status = "The file gives two different genotypes here; read as not readable"
            cells = [answer.query, where, letters, status]
            for column, text in enumerate(cells):
                self.lookup_results.setItem(row, column, QTableWidgetItem(text))
        fit_rows(self.lookup_results, maximum_rows=12)

    # -- clinical test results ------------------------------------------------------------------

    def open_add_result(self) -> None:
        """Window-modal: the add runs on the worker while the dialog stays open for a refusal."""
        if self.add_result_dialog is None:
            self.add_result_dialog = AddResultDialog(result_genes(), self.add_clinical_result, self)
        self.add_result_dialog.show_error("")
        self.add_result_dialog.open()

    def add_clinical_result(self, entry: Entry) -> None:
        dialog = self.add_result_dialog

        def work(progress: Progress, cancel: CancelToken) -> Changes:
            return add_result(
                self.session.vault,
                entry.gene,
                diplotype=entry.diplotype,
                phenotype=entry.phenotype,
                allele=entry.allele,
                present=entry.present,
                lab=entry.lab,
                tested_on=entry.day,
            )

        def done(_: Changes) -> None:
            if dialog is not None:
                dialog.done_adding()
            self.clinical.show_message("Recorded: PHR now reads this gene from the lab's result.")

        def failed(exc: BaseException) -> None:
            text = str(exc) if isinstance(exc, PhrError) else "Not recorded."
            if dialog is not None and dialog.isVisible():
                dialog.show_error(text)
            else:
                self.clinical.show_message(text, error=True)

        self.op(work).success(done).failure(failed).run()

    def remove_clinical_result(self, result: ClinicalResult) -> None:
        if not confirm_remove_result(self, result):
            return
        rid = result.id

        def work(progress: Progress, cancel: CancelToken) -> Changes:
            return remove_result(self.session.vault, rid)

        def failed(exc: BaseException) -> None:
            text = str(exc) if isinstance(exc, PhrError) else "Not removed."
            self.clinical.show_message(text, error=True)

        self.op(work).success(lambda _: self.clinical.show_message("Removed.")).failure(
            failed
        ).run()


def _dropped_file(mime: object) -> Path | None:
    urls = getattr(mime, "urls", lambda: [])()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.is_file() else None
