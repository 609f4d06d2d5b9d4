"""Prevention plan: screenings and checks due by age and sex (due now first), the 10-year heart
risk from the person's own numbers, lifestyle notes, and the genetic findings that change what
to do. Everything comes from `phr.prevention.summary.prevention_summary`, as for the CLI.

Two folding sections above the plan hold what the person tells PHR: the profile answers and the
screening history (`phr profile set`, `phr screening add/remove`: the same core functions run on
the vault worker). Only one is open at a time so the plan keeps room in a small window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from phr.errors import PhrError
from phr.prevention.plan import PlanItem
from phr.prevention.screening import Screening, add_screening, list_screenings, remove_screening
from phr.prevention.summary import PreventionSummary, prevention_summary
from phr.profile import Profile, ProfileUpdate, get_profile, update_profile
from phr.progress import CancelToken, Changes, Progress
from ui.pages.base import Page
from ui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.session import Session
from ui.style import SPACING, heading, note_label
from ui.widgets.medication_editor import ask_yes_no
from ui.widgets.profile_form import ProfileForm
from ui.widgets.screening_history import AddScreeningDialog, ScreeningHistory

INTRO = (
    "Checks and screenings recommended for people of your age and sex (US Preventive Services "
    "Task Force, grades A and B), with what PHR knows about you. Not a diagnosis: take it to "
    "your doctor."
)
BADGES = {
    "due": ("Due now", "#8a1f1f", "#fde4e1"),
    "upcoming": ("Coming up", "#8a5a00", "#fff1d6"),
    "up_to_date": ("Up to date", "#1e6b3a", "#e3f4e8"),
    "not_applicable": ("Not for you now", "#555555", "#eeeeee"),
}
CARD = "QFrame#planCard { border: 1px solid #d5dbe3; border-radius: 6px; background: #ffffff; }"


@dataclass(frozen=True)
class Loaded:
    summary: PreventionSummary
    profile: Profile
    screenings: list[Screening]


def _label(html: str, parent: QWidget) -> QLabel:
    label = QLabel(html, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setOpenExternalLinks(False)  # the app makes no network connection
    return label


def item_html(item: PlanItem) -> str:
    """One plan item as HTML (tests read it to check what is shown)."""
    text, fg, bg = BADGES[item.status]
    when = ""
    if item.due and item.status in ("upcoming", "up_to_date"):
        when = f" &nbsp;next: {item.due.isoformat()}"
    reasons = "".join(f"<li>{escape(r)}</li>" for r in item.reasons)
    src = item.source
    pmid = f", PMID {escape(src.pmid)}" if src.pmid else ""
    return (
        f"<b>{escape(item.title)}</b> &nbsp;<span style='color:{fg}; background:{bg};'>"
        f"&nbsp;{text}&nbsp;</span>{when}<ul style='margin-top:2px'>{reasons}</ul>"
        f"<span style='color:#555555'>Source: {escape(src.org)} grade {escape(src.grade)}, "
        f"{src.year}{pmid}. {escape(src.url)}</span>"
    )


class PlanCard(QFrame):
    def __init__(self, html: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("planCard")
        self.setStyleSheet(CARD)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.text = _label(html, self)
        layout.addWidget(self.text)


class PlanPage(Page):
    title = "Prevention plan"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.body.addWidget(note_label(INTRO, "hint", self))
        self.confirm: Callable[[QWidget, str], bool] = ask_yes_no  # replaceable in tests
        toggles = QHBoxLayout()
        self.toggle = QPushButton("Your details for the plan…", self)
        self.toggle.setCheckable(True)
        self.screenings_toggle = QPushButton("Screenings and tests you have had…", self)
        self.screenings_toggle.setCheckable(True)
        toggles.addWidget(self.toggle)
        toggles.addWidget(self.screenings_toggle)
        toggles.addStretch(1)
        self.body.addLayout(toggles)
        self.form = ProfileForm(self.save_profile, self)
        self.form.hide()
        self.toggle.toggled.connect(self._show_form)
        self.body.addWidget(self.form)
        self.history = ScreeningHistory(self.open_add_screening, self.remove_screening, self)
        self.history.hide()
        self.screenings_toggle.toggled.connect(self._show_history)
        self.body.addWidget(self.history)
        self.add_dialog: AddScreeningDialog | None = None
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.list = QVBoxLayout(inner)
        self.list.setContentsMargins(0, 0, 8, 0)
        self.list.setSpacing(SPACING)
        self.scroll_area.setWidget(inner)
        self.inner = inner
        self.body.addWidget(self.scroll_area, 1)
        self.widgets: list[QWidget] = []

    def is_affected_by(self, changes: Changes) -> bool:
        return changes.genome or changes.meds or changes.logs or changes.settings

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> Loaded:
            vault = self.session.vault
            return Loaded(prevention_summary(vault), get_profile(vault), list_screenings(vault))

        self.op(load).success(self.show_plan).run()

    def save_profile(self, update: ProfileUpdate) -> None:
        def work(progress: Progress, cancel: CancelToken) -> Changes:
            return update_profile(self.session.vault, update)

        def failed(exc: BaseException) -> None:
            self.form.show_error(str(exc) if isinstance(exc, PhrError) else "Not saved.")

        self.op(work).success(lambda _: self.form.show_saved()).failure(failed).run()

    def _show_form(self, shown: bool) -> None:
        self.form.setVisible(shown)
        if shown:
            self.screenings_toggle.setChecked(False)

    def _show_history(self, shown: bool) -> None:
        self.history.setVisible(shown)
        if shown:
            self.toggle.setChecked(False)

    def open_add_screening(self) -> None:
        """Window-modal, not `exec()`: the add runs on the worker while the dialog stays open
        to show a refusal."""
        if self.add_dialog is None:
            self.add_dialog = AddScreeningDialog(self.add_screening, self)
        self.add_dialog.show_error("")
        self.add_dialog.open()

    def add_screening(self, kind: str, day: str) -> None:
        dialog = self.add_dialog

        def work(progress: Progress, cancel: CancelToken) -> Changes:
            return add_screening(self.session.vault, kind, day)

        def done(_: Changes) -> None:
            if dialog is not None:
                dialog.done_adding()
            self.history.show_message("Recorded.")

        def failed(exc: BaseException) -> None:
            text = str(exc) if isinstance(exc, PhrError) else "Not recorded."
            if dialog is not None and dialog.isVisible():
                dialog.show_error(text)
            else:
                self.history.show_message(text, error=True)

        self.op(work).success(done).failure(failed).run()

    def remove_screening(self, screening: Screening) -> None:
        question = (
            f"Remove the {screening.label} of {screening.done_on.isoformat()} from your "
            "history? The plan will no longer count it."
        )
        if not self.confirm(self, question):
            return
        sid = screening.id

        def work(progress: Progress, cancel: CancelToken) -> Changes:
            return remove_screening(self.session.vault, sid)

        def failed(exc: BaseException) -> None:
            text = str(exc) if isinstance(exc, PhrError) else "Not removed."
            self.history.show_message(text, error=True)

        self.op(work).success(lambda _: self.history.show_message("Removed.")).failure(failed).run()

    def _add(self, widget: QWidget) -> None:
        self.widgets.append(widget)
        self.list.addWidget(widget)

    def show_plan(self, loaded: Loaded) -> None:
        self._clear_cards()
        summary = loaded.summary
        self.form.show_profile(loaded.profile)
        self.history.show_screenings(loaded.screenings)
        self._add(heading("Your plan", self.inner, scale=1.15))
        for item in summary.due_first():
            self._add(PlanCard(item_html(item), self.inner))
        self._add(heading("10-year heart and stroke risk", self.inner, scale=1.15))
        self._add(PlanCard(risk_html(summary), self.inner))
        if summary.lifestyle:
            self._add(heading("From your logs", self.inner, scale=1.15))
            for note in summary.lifestyle:
                mark = "⚠ " if note.attention else ""
                html = (
                    f"<b>{mark}{escape(note.title)}</b><br>{escape(note.text)}"
                    f"<br><span style='color:#555555'>Source: {escape(note.source)}</span>"
                )
                self._add(PlanCard(html, self.inner))
        self._add(heading("Genetic findings that change prevention", self.inner, scale=1.15))
        if not summary.has_genome:
            self._add(note_label("No DNA file imported: these are not tested.", "hint", self))
        for g in summary.genetic:
            sources = "; ".join(
                escape(label) + (f" (PMID {escape(pmid)})" if pmid else "")
                for label, pmid in g.sources
            )
            html = (
                f"<b>{escape(g.title)}</b> &nbsp;<i>{escape(g.status.replace('_', ' '))}</i>"
                f"<br>Found: {escape(g.found)}<br>{escape(g.meaning)}<br><b>What to do:</b> "
                f"{escape(g.action)}<br><span style='color:#555555'>Source: {sources}</span>"
            )
            self._add(PlanCard(html, self.inner))
        self.list.addStretch(1)

    def clear(self) -> None:
        self._clear_cards()
        self.history.clear()
        if self.add_dialog is not None:
            self.add_dialog.reject()

    def _clear_cards(self) -> None:
        for widget in self.widgets:
            self.list.removeWidget(widget)
            widget.deleteLater()
        self.widgets.clear()
        while self.list.count():
            self.list.takeAt(0)


def risk_html(summary: PreventionSummary) -> str:
    risk = summary.risk
    if risk.cvd_10y is None:
        text = f"PHR does not estimate your risk: {escape(risk.refused or '')}"
    else:
        text = (
            f"Heart attack, stroke or heart failure: <b>{risk.cvd_10y:.1f} %</b><br>"
            f"Heart attack or stroke (ASCVD): <b>{risk.ascvd_10y:.1f} %</b>"
        )
        if risk.old:
            text += "<br>Older than a year: " + escape(", ".join(risk.old))
    return text + (
        "<br><span style='color:#555555'>AHA PREVENT equations (Khan et al., Circulation 2024, "
        "PMID 37947085).</span>"
    )
