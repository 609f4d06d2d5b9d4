"""Medications: per medicine, what PHR found, what to discuss, how sure, and the source.

The notes are what the page is for, so they take the width and come first, the person's own
medicines at the top. The medication list is a compact panel beside them
(`medication_list_slot`) with its form in a dialog; the two scroll separately, never one inside
the other. Without a genome the notes would all say "not tested", so the page says to import
a DNA file first. Interpretation runs on the vault worker through an Op, like every vault read.
"""

from __future__ import annotations

from dataclasses import dataclass

from phr.genome.model import GenomeRecord
from phr.genome.store import active_genome
from phr.glossary import explain
from phr.profile import Profile, get_profile
from phr.progress import CancelToken, Changes, Progress
from phr.rules.inputs import interpret_person
from phr.rules.model import Category, Findings, Note
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from phr.vocabulary import vendor_text
from ui.glossary_tips import explain_terms
from ui.note_card import NoteCard, gene_table_html
from ui.pages.base import GLOSSARY_HINT, Page
from ui.qt import QFrame, QHBoxLayout, QLabel, QScrollArea, Qt, QVBoxLayout, QWidget
from ui.session import Session
from ui.style import SPACING, heading, note_label
from ui.widgets.empty_state import EmptyState
from ui.widgets.medication_editor import MedicationEditor
from ui.widgets.sex_question import SexQuestion

INTRO = (
    "How your genes may change the way some medicines work for you, based on the CPIC "
    "guidelines. Nothing here is a reason to stop or change a medicine on your own: take these "
    "notes to your doctor or pharmacist."
)


@dataclass(frozen=True)
class Loaded:
    findings: Findings
    genome: GenomeRecord | None
    released: str
    profile: Profile


def load_findings(vault: Vault) -> Loaded:
    """Worker side: gather the medication list and lifestyle facts once, then interpret."""
    findings = interpret_person(vault)
    return Loaded(findings, active_genome(vault), load_rule_set().released, get_profile(vault))


def genome_summary(loaded: Loaded) -> str:
    rules = f"Rule set {loaded.findings.rule_set_version} (released {loaded.released})."
    genome = loaded.genome
    if genome is None:
        return f"No genome imported yet, so nothing was tested. {rules}"
    return f"From {genome.source_name} ({vendor_text(genome.vendor)}, {genome.build}). {rules}"


class MedicationsPage(Page):
    title = "Medications"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.body.addWidget(note_label(INTRO, "hint", self))
        self.summary = note_label("", "hint", self)
        self.body.addWidget(self.summary)
        columns = QHBoxLayout()
        columns.setSpacing(SPACING * 2)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName("Notes about medicines")
        self.container = QWidget()
        outer = QVBoxLayout(self.container)
        outer.setContentsMargins(0, 0, 8, 0)
        outer.setSpacing(SPACING)
        # Inside the notes column: a question, not a wall above the notes.
        self.sex_question = SexQuestion(
            lambda work: self.op(work).run(), lambda: self.session.vault, self.container
        )
        outer.addWidget(self.sex_question)
        self.empty = EmptyState(
            "Import your DNA file first",
            "The notes here compare your genes with the medicines you take. Until a DNA "
            "file is imported there is nothing to compare, so no note can be written yet. "
            "You can still keep your medicine list on the right.",
            "Import a DNA file…",
            "genome:import",
            self.container,
        )
        self.empty.go_to.connect(self.go_to)
        self.empty.hide()
        outer.addWidget(self.empty)
        self.list = QVBoxLayout()
        self.list.setSpacing(SPACING)
        outer.addLayout(self.list)
        outer.addStretch(1)
        self.scroll.setWidget(self.container)
        columns.addWidget(self.scroll, 3)
        # The person's own list, compact, beside the notes; refreshing the notes rebuilds
        # only `self.list`.
        self.medication_list_slot = QVBoxLayout()
        self.medication_list_slot.setSpacing(SPACING // 2)
        self.medication_list_slot.addWidget(heading("Your medicine list", self, 1.15))
        self.editor = MedicationEditor(session, self)
        self.medication_list_slot.addWidget(self.editor, 1)
        panel = QWidget(self)
        panel.setLayout(self.medication_list_slot)
        self.medication_list_slot.setContentsMargins(0, 0, 0, 0)
        panel.setMinimumWidth(250)
        panel.setMaximumWidth(340)
        columns.addWidget(panel, 2)
        self.body.addLayout(columns, 1)
        self.cards: list[NoteCard] = []

    def start_action(self, action: str) -> None:
        if action == "add":
            self.editor.start_add()

    def is_affected_by(self, changes: Changes) -> bool:
        return changes.genome or changes.meds or changes.logs or changes.settings

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> Loaded:
            return load_findings(self.session.vault)

        self.op(load).success(self.show_findings).run()  # the editor refreshes itself

    def show_findings(self, loaded: Loaded) -> None:
        self._clear_notes()
        self.summary.setText(genome_summary(loaded))
        self.empty.setVisible(loaded.genome is None)
        if loaded.genome is None:
            self.sex_question.hide()  # one step at a time: the DNA file comes first
            return
        self.sex_question.show_for(loaded.profile, loaded.genome.sex)
        notes = [n for n in loaded.findings.notes if n.category == Category.MEDICATION]
        mine = [n for n in notes if n.on_medication_list]
        others = [n for n in notes if not n.on_medication_list]
        if mine:
            self._section("Your medicines")
            for note in mine:
                self._card(note)
            self._section("Other medicines")
        for note in others:
            self._card(note)
        self._section("Your gene results")
        table = QLabel(gene_table_html(loaded.findings.pgx), self.container)
        table.setToolTip(
            "\n\n".join(explain(k) for k in ("star_allele", "metabolizer", "activity_score"))
            + GLOSSARY_HINT
        )
        table.setTextFormat(Qt.TextFormat.RichText)
        table.setWordWrap(True)
        self.list.addWidget(table)

    def _section(self, text: str) -> None:
        self.list.addWidget(heading(text, self.container, scale=1.15))

    def _card(self, note: Note) -> None:
        card = NoteCard(note, self.container)
        explain_terms(card)
        self.cards.append(card)
        self.list.addWidget(card)

    def clear(self) -> None:
        self.editor.clear()
        self._clear_notes()
        self.sex_question.hide()

    def _clear_notes(self) -> None:
        self.cards.clear()
        self.summary.setText("")
        while self.list.count():
            item = self.list.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
