"""Medications: per medicine, what PHR found, what to discuss, how sure, and the source.

The person's own medicines come first. The medication-list editor sits at the top
(`medication_list_slot`), scrolling with the notes. Interpretation runs on the
vault worker through an Op, like every vault read.
"""

from __future__ import annotations

from dataclasses import dataclass

from phr.genome.model import GenomeRecord
from phr.genome.store import active_genome
from phr.profile import Profile, get_profile
from phr.progress import CancelToken, Changes, Progress
from phr.rules.inputs import interpret_person
from phr.rules.model import Category, Findings, Note
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from phr.vocabulary import vendor_text
from ui.note_card import NoteCard, gene_table_html
from ui.pages.base import Page
from ui.qt import QFrame, QLabel, QScrollArea, Qt, QVBoxLayout, QWidget
from ui.session import Session
from ui.style import SPACING, heading, note_label
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
        self.medication_list_slot = QVBoxLayout()
        self.body.addWidget(note_label(INTRO, "hint", self))
        self.summary = note_label("", "hint", self)
        self.body.addWidget(self.summary)
        self.sex_question = SexQuestion(
            lambda work: self.op(work).run(), lambda: self.session.vault, self
        )
        self.body.addWidget(self.sex_question)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.container = QWidget()
        outer = QVBoxLayout(self.container)
        outer.setContentsMargins(0, 0, 8, 0)
        outer.setSpacing(SPACING)
        # The person's own list scrolls with the notes, above them; refreshing the notes
        # rebuilds only `self.list`.
        outer.addLayout(self.medication_list_slot)
        self.medication_list_slot.addWidget(heading("Your medicine list", self.container, 1.15))
        self.editor = MedicationEditor(session, self.container)
        self.medication_list_slot.addWidget(self.editor)
        self.list = QVBoxLayout()
        self.list.setSpacing(SPACING)
        outer.addLayout(self.list)
        self.scroll.setWidget(self.container)
        self.body.addWidget(self.scroll, 1)
        self.cards: list[NoteCard] = []

    def is_affected_by(self, changes: Changes) -> bool:
        return changes.genome or changes.meds or changes.logs or changes.settings

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> Loaded:
            return load_findings(self.session.vault)

        self.op(load).success(self.show_findings).run()  # the editor refreshes itself

    def show_findings(self, loaded: Loaded) -> None:
        self._clear_notes()
        self.summary.setText(genome_summary(loaded))
        suggestion = loaded.genome.sex if loaded.genome else None
        self.sex_question.show_for(loaded.profile, suggestion)
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
        table.setTextFormat(Qt.TextFormat.RichText)
        table.setWordWrap(True)
        self.list.addWidget(table)
        self.list.addStretch(1)

    def _section(self, text: str) -> None:
        self.list.addWidget(heading(text, self.container, scale=1.15))

    def _card(self, note: Note) -> None:
        card = NoteCard(note, self.container)
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
