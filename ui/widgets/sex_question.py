"""The one question PHR asks about the person: sex, for genes on the X chromosome.

CLINICAL.md rule 8: sex comes from the person, never only from the data. The question shows,
with its reason, on the Medications and Prevention pages until it is answered and on the
Genome page once a genome with X-chromosome data is active. "Prefer not to say" is an answer
too: PHR stops asking and reads X genes without assuming. The answer can be changed any time
with `phr profile set` (or by forgetting it there).
"""

from __future__ import annotations

from collections.abc import Callable

from phr.profile import SEX_REASON, Profile, set_sex
from phr.progress import CancelToken, Changes, Progress
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from ui.style import heading

RunOp = Callable[[Callable[[Progress, CancelToken], Changes]], None]


class SexQuestion(QFrame):
    """A banner with the reason and three answers; hidden once answered."""

    def __init__(self, run_op: RunOp, vault_getter: Callable[[], object], parent: QWidget) -> None:
        super().__init__(parent)
        self._run_op = run_op
        self._vault = vault_getter
        self.setObjectName("sexQuestion")
        self.setStyleSheet(
            "QFrame#sexQuestion { border: 1px solid #9fb6d6; border-radius: 6px;"
            " background: #f2f6fc; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(heading("One question: what is your sex?", self, scale=1.05))
        reason = QLabel(SEX_REASON, self)
        reason.setWordWrap(True)
        layout.addWidget(reason)
        self.suggestion = QLabel("", self)
        self.suggestion.setWordWrap(True)
        self.suggestion.setStyleSheet("color: #555;")
        layout.addWidget(self.suggestion)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for answer, text in (
            ("female", "Female"),
            ("male", "Male"),
            ("not_given", "Prefer not to say"),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, a=answer: self.answer(a))
            row.addWidget(button)
            self.buttons[answer] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.hide()

    def show_for(self, profile: Profile, suggestion: str | None, relevant: bool = True) -> None:
        """Visible only while unanswered and relevant; `suggestion` is the data's guess."""
        if suggestion:
            self.suggestion.setText(
                f"Your DNA file suggests {suggestion}, but only your own answer is used."
            )
        else:
            self.suggestion.setText("")
        self.suggestion.setVisible(bool(suggestion))
        self.setVisible(relevant and not profile.sex_asked)

    def answer(self, answer: str) -> None:
        def work(progress: Progress, cancel: CancelToken) -> Changes:
            return set_sex(self._vault(), answer)  # type: ignore[arg-type]

        self.hide()
        self._run_op(work)
