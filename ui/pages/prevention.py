"""Prevention: findings that are not about one medicine, and the opt-in step for sensitive ones.

APOE (Alzheimer's risk) and BRCA stay hidden until the person reads what the result can and
cannot say and chooses to see it; choosing again hides it. The switch is a vault setting, so
the CLI and reports follow the same choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from phr.genome.store import active_genome
from phr.profile import Profile, get_profile
from phr.progress import CancelToken, Changes, Progress
from phr.rules.inputs import interpret_person
from phr.rules.model import Category, Findings
from phr.rules.optins import TOPICS, get_optins, set_optin
from phr.rules.ruleset import load_rule_set
from ui.glossary_tips import explain_terms
from ui.note_card import NoteCard
from ui.pages.base import Page
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, Qt, QVBoxLayout, QWidget
from ui.session import Session
from ui.style import SPACING, heading, note_label
from ui.widgets.empty_state import EmptyState
from ui.widgets.sex_question import SexQuestion

INTRO = (
    "Findings that may matter for your health in general. Most are about raised or lowered "
    "chances, not certainties. Talk them over with your doctor before acting on any of them."
)


@dataclass(frozen=True)
class Loaded:
    findings: Findings
    optins: set[str]
    profile: Profile
    suggestion: str | None  # the active genome's suggested sex (never used by the rules)
    has_genome: bool = True


class OptinBox(QFrame):
    """One sensitive topic: what it can say, what it cannot, and the button to show or hide."""

    def __init__(self, topic: str, page: PreventionPage) -> None:
        super().__init__(page)
        info = load_rule_set().optins[topic]
        self.topic = topic
        self.setObjectName("optinBox")
        self.setStyleSheet(
            "QFrame#optinBox { border: 1px solid #e6c36a; border-radius: 6px;"
            " background: #fffaf0; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(heading(info.title, self, scale=1.05))
        for label, text in (
            ("What it can tell you", info.can_say),
            ("What it cannot tell you", info.cannot_say),
        ):
            line = QLabel(f"<b>{label}:</b> {text}", self)
            line.setWordWrap(True)
            line.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(line)
        row = QHBoxLayout()
        self.state = QLabel("", self)
        self.button = QPushButton("", self)
        self.button.clicked.connect(lambda: page.toggle_optin(topic, not self.shown))
        row.addWidget(self.state, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.shown = False
        self.set_shown(False)

    def set_shown(self, shown: bool) -> None:
        self.shown = shown
        if shown:
            self.state.setText("Your result is shown below.")
            self.button.setText("Hide this result")
        else:
            self.state.setText("Hidden. PHR has not shown this result.")
            self.button.setText("I have read this: show my result")


class PreventionPage(Page):
    title = "Prevention"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.body.addWidget(note_label(INTRO, "hint", self))
        self.sex_question = SexQuestion(
            lambda work: self.op(work).run(), lambda: self.session.vault, self
        )
        self.body.addWidget(self.sex_question)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        outer = QVBoxLayout(inner)
        outer.setContentsMargins(0, 0, 8, 0)
        outer.setSpacing(SPACING)
        self.empty = EmptyState(
            "Import your DNA file first",
            "The findings here come from your DNA file. Until one is imported nothing has "
            "been tested, so there is nothing to show yet.",
            "Import a DNA file…",
            "genome:import",
            inner,
        )
        self.empty.go_to.connect(self.go_to)
        self.empty.hide()
        outer.addWidget(self.empty)
        self.optin_heading = heading("Sensitive results (your choice)", inner, scale=1.15)
        outer.addWidget(self.optin_heading)
        self.optin_boxes = {topic: OptinBox(topic, self) for topic in TOPICS}
        for box in self.optin_boxes.values():
            outer.addWidget(box)
        self.findings_heading = heading("Your findings", inner, scale=1.15)
        outer.addWidget(self.findings_heading)
        self.list = QVBoxLayout()
        self.list.setSpacing(SPACING)
        outer.addLayout(self.list)
        outer.addStretch(1)
        self.scroll.setWidget(inner)
        self.body.addWidget(self.scroll, 1)
        self.cards: list[NoteCard] = []

    def is_affected_by(self, changes: Changes) -> bool:
        return changes.genome or changes.meds or changes.logs or changes.settings

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> Loaded:
            vault = self.session.vault
            genome = active_genome(vault)
            suggestion = genome.sex if genome else None
            return Loaded(
                interpret_person(vault),
                get_optins(vault),
                get_profile(vault),
                suggestion,
                has_genome=genome is not None,
            )

        self.op(load).success(self.show_findings).run()

    def toggle_optin(self, topic: str, on: bool) -> None:
        def work(progress: Progress, cancel: CancelToken) -> Changes:
            return set_optin(self.session.vault, topic, on)

        self.op(work).run()  # the returned Changes fires vault_changed -> refresh

    def show_findings(self, loaded: Loaded) -> None:
        self._clear_cards()
        self.empty.setVisible(not loaded.has_genome)
        for widget in (self.optin_heading, self.findings_heading, *self.optin_boxes.values()):
            widget.setVisible(loaded.has_genome)
        if not loaded.has_genome:
            self.sex_question.hide()
            return
        self.sex_question.show_for(loaded.profile, loaded.suggestion)
        for topic, box in self.optin_boxes.items():
            box.set_shown(topic in loaded.optins)
        for note in loaded.findings.notes:
            if note.category != Category.PREVENTION:
                continue
            card = NoteCard(note, self)
            explain_terms(card)
            self.cards.append(card)
            self.list.addWidget(card)

    def _clear_cards(self) -> None:
        for card in self.cards:
            self.list.removeWidget(card)
            card.deleteLater()
        self.cards.clear()

    def clear(self) -> None:
        self._clear_cards()
        self.sex_question.hide()
        for box in self.optin_boxes.values():
            box.set_shown(False)
