"""A note as a card: what was found, what it means, what to discuss, evidence and source, and
a "Why" section that unfolds to the rule, the genotypes it used (with their status) and the
rule-set version. Shared by the Medications and Prevention pages (pages never import pages).
"""

from __future__ import annotations

from html import escape

from phr.genome.summary import coverage_words
from phr.rules.model import Note, NoteStatus, PgxCall
from phr.vocabulary import (
    alleles_text,
    call_detail_lines,
    call_genotype_cell,
    call_status_text,
    genotype_status_text,
    note_status_text,
)
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget

_STATUS_COLOURS = {
    NoteStatus.ACTIONABLE: ("#8a5a00", "#fff1d6"),
    NoteStatus.PARTIAL: ("#34495e", "#e6ecf2"),
    NoteStatus.INFORMATIVE: ("#1e6b3a", "#e3f4e8"),
    NoteStatus.NOT_TESTED: ("#555555", "#eeeeee"),
}
# the badge: the words from phr.vocabulary (the CLI, the PDF and the CSV say the same)
STATUS_TEXT = {
    status: (note_status_text(status), fg, bg) for status, (fg, bg) in _STATUS_COLOURS.items()
}

CARD_STYLE = (
    "QFrame#noteCard { border: 1px solid #d5dbe3; border-radius: 6px; background: #ffffff; }"
)


def _label(html: str, parent: QWidget) -> QLabel:
    label = QLabel(html, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def sources_html(note: Note) -> str:
    parts = []
    for source in note.sources:
        text = escape(source.label)
        if source.pmid:
            text += f" (PMID {escape(source.pmid)})"
        parts.append(text)
    return "; ".join(parts)


def why_html(note: Note) -> str:
    """The 'why' of a note as an HTML fragment (also used by tests to check what is shown)."""
    rows = "".join(
        "<tr>"
        f"<td>{escape(g.gene or '')}</td><td>{escape(g.rsid)}</td>"
        f"<td>{escape(alleles_text(g.alleles))}</td>"
        f"<td>{escape(genotype_status_text(g.status))}</td>"
        "</tr>"
        for g in note.genotypes
    )
    inputs = "".join(
        f"<br>{escape(key.capitalize())}: {escape(value)}" for key, value in note.inputs.items()
    )
    table = (
        "<table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>Gene</th><th align='left'>Variant</th>"
        "<th align='left'>Your genotype</th><th align='left'>Status</th></tr>"
        f"{rows}</table>"
        if rows
        else ""
    )
    return (
        f"<b>Rule</b> {escape(note.id)} · <b>rule set</b> {escape(note.rule_set_version)}"
        f"{inputs}<br><b>Your file:</b> {escape(coverage_words(note.coverage))}<br>"
        f"{table}<b>Limits:</b> {escape(note.limits)}"
    )


class NoteCard(QFrame):
    def __init__(self, note: Note, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = note
        self.setObjectName("noteCard")
        self.setStyleSheet(CARD_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        top = QHBoxLayout()
        text, fg, bg = STATUS_TEXT[note.status]
        self.badge = QLabel(text, self)
        self.badge.setStyleSheet(
            f"color: {fg}; background: {bg}; border-radius: 4px; padding: 2px 8px;"
            " font-weight: bold;"
        )
        top.addWidget(self.badge)
        self.title = _label(f"<b>{escape(note.title)}</b>", self)
        top.addWidget(self.title, 1)
        if note.on_medication_list:
            mine = QLabel("On your list", self)
            mine.setStyleSheet(
                "color: #10233f; background: #dde6f3; border-radius: 4px; padding: 2px 8px;"
            )
            top.addWidget(mine)
        layout.addLayout(top)
        if note.confirm_clinically:
            layout.addWidget(
                _label(
                    "<span style='color:#a61b1b'><b>Confirm with a clinical test before anyone "
                    "acts on this result.</b></span>",
                    self,
                )
            )
        self.found = _label(f"<b>What PHR found:</b> {escape(note.found)}", self)
        self.meaning = _label(f"<b>What it means:</b> {escape(note.meaning)}", self)
        self.discuss = _label(f"<b>What to discuss:</b> {escape(note.discuss)}", self)
        self.evidence = _label(
            f"<span style='color:#555'><b>Evidence:</b> {escape(note.evidence)} · "
            f"<b>Source:</b> {sources_html(note)}</span>",
            self,
        )
        for label in (self.found, self.meaning, self.discuss, self.evidence):
            layout.addWidget(label)
        self.why_button = QPushButton("Why? ▸", self)
        self.why_button.setCheckable(True)
        self.why_button.setFlat(True)
        self.why_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.why_button.toggled.connect(self._toggle_why)
        row = QHBoxLayout()
        row.addWidget(self.why_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.why = _label(why_html(note), self)
        self.why.setStyleSheet("color: #333; background: #f6f8fa; padding: 8px;")
        self.why.hide()
        layout.addWidget(self.why)

    def _toggle_why(self, shown: bool) -> None:
        self.why.setVisible(shown)
        self.why_button.setText("Why? ▾" if shown else "Why? ▸")


def gene_table_html(calls: tuple[PgxCall, ...]) -> str:
    rows = []
    for call in calls:
        names = call_genotype_cell(call)
        phenotype = escape(call.phenotype_text())
        # long sentences (what a negative RYR1 result cannot rule out, why CYP2D6 has no
        # phenotype) go under the meaning, so the columns keep their width
        for line in call_detail_lines(call):
            phenotype += f"<br><small>{escape(line)}</small>"
        missing = (
            f"<br><small>not tested: {escape(', '.join(call.missing))}</small>"
            if call.missing
            else ""
        )
        status = escape(call_status_text(call.status, assumes_reference=call.assumes_reference))
        rows.append(
            f"<tr><td><b>{escape(call.gene)}</b></td><td>{escape(names)}</td>"
            f"<td>{phenotype}</td><td>{status}{missing}</td></tr>"
        )
    return (
        "<table cellspacing='0' cellpadding='4'>"
        "<tr><th align='left'>Gene</th><th align='left'>Your alleles</th>"
        "<th align='left'>Meaning</th><th align='left'>Status</th></tr>"
        + "".join(rows)
        + "</table>"
    )
