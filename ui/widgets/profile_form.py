"""A small form for the answers the prevention plan needs (birth month, sex, smoking history,
diabetes, blood-pressure treatment, statin, known heart disease, country). Blood-pressure
treatment and statin can be left to the medicine list ("auto", as `--bp-treatment auto`).
The form only collects text; `phr.profile.update_profile` checks it and writes all answers or
none, so the CLI and the app agree."""

from __future__ import annotations

from collections.abc import Callable

from phr.profile import Profile, ProfileUpdate
from ui.qt import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from ui.style import note_label

UNSET = "not given"
YES_NO = (UNSET, "yes", "no")
FROM_MEDS = "work it out from my medicine list"
# (shown, value for ProfileUpdate): "auto" forgets a stated answer, so the medicine list decides.
YES_NO_AUTO = ((FROM_MEDS, "auto"), ("yes", "yes"), ("no", "no"))


class ProfileForm(QFrame):
    def __init__(self, on_save: Callable[[ProfileUpdate], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("profileForm")
        self.setStyleSheet(
            "QFrame#profileForm { border: 1px solid #d5dbe3; border-radius: 6px;"
            " background: #fafbfc; }"
        )
        self._on_save = on_save
        outer = QVBoxLayout(self)
        columns = QHBoxLayout()  # two columns: ten rows in one would not fit a 640-high window
        form = QFormLayout()
        right = QFormLayout()
        columns.addLayout(form, 1)
        columns.addLayout(right, 1)
        outer.addLayout(columns)
        self.born = QLineEdit(self)
        self.born.setPlaceholderText("YYYY-MM")
        self.sex = self._combo((UNSET, "female", "male"))
        self.smoking = self._combo((UNSET, "never", "former", "current"))
        self.pack_years = QLineEdit(self)
        self.pack_years.setPlaceholderText("packs a day x years")
        self.quit_year = QLineEdit(self)
        self.quit_year.setPlaceholderText("YYYY")
        self.diabetes = self._combo(YES_NO)
        self.heart = self._combo(YES_NO)
        self.bp_treatment = self._auto_combo()
        self.statin = self._auto_combo()
        self.country = QLineEdit(self)
        self.country.setPlaceholderText("US, GB, CA, AU, NZ, IE...")
        form.addRow("Month of birth", self.born)
        form.addRow("Sex", self.sex)
        form.addRow("Smoking", self.smoking)
        form.addRow("Pack-years", self.pack_years)
        form.addRow("Quit year", self.quit_year)
        right.addRow("Diabetes", self.diabetes)
        right.addRow("Heart attack, stent or stroke", self.heart)
        right.addRow("On blood-pressure treatment", self.bp_treatment)
        right.addRow("On a statin", self.statin)
        right.addRow("Country", self.country)
        row = QHBoxLayout()
        self.message = note_label("", "hint", self)
        self.save = QPushButton("Save my answers", self)
        self.save.clicked.connect(self._save)
        row.addWidget(self.message, 1)
        row.addWidget(self.save)
        outer.addLayout(row)

    def _combo(self, choices: tuple[str, ...]) -> QComboBox:
        box = QComboBox(self)
        box.addItems(list(choices))
        return box

    def _auto_combo(self) -> QComboBox:
        box = QComboBox(self)
        for shown, value in YES_NO_AUTO:
            box.addItem(shown, value)
        return box

    def show_profile(self, profile: Profile) -> None:
        data = profile.as_json()
        self.born.setText(str(data["born"] or ""))
        self.sex.setCurrentText(profile.sex or UNSET)
        self.smoking.setCurrentText(profile.smoking or UNSET)
        self.pack_years.setText("" if profile.pack_years is None else f"{profile.pack_years:g}")
        self.quit_year.setText("" if profile.quit_year is None else str(profile.quit_year))
        self.diabetes.setCurrentText(_yes_no(profile.diabetes))
        self.heart.setCurrentText(_yes_no(profile.heart_disease))
        self.bp_treatment.setCurrentIndex(
            self.bp_treatment.findData(_auto(profile.bp_treatment_stated))
        )
        self.statin.setCurrentIndex(self.statin.findData(_auto(profile.statin_stated)))
        self.country.setText(profile.country or "")

    def answers(self) -> ProfileUpdate:
        """The answers as typed; empty fields and "not given" leave an answer unchanged."""

        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        def choice(box: QComboBox) -> str | None:
            return None if box.currentText() == UNSET else box.currentText()

        smoking = choice(self.smoking)
        return ProfileUpdate(
            sex=choice(self.sex),
            born=text(self.born),
            smoking=smoking,
            pack_years=None if smoking == "never" else text(self.pack_years),
            quit_year=text(self.quit_year) if smoking == "former" else None,
            diabetes=choice(self.diabetes),
            heart_disease=choice(self.heart),
            bp_treatment=str(self.bp_treatment.currentData()),
            statin=str(self.statin.currentData()),
            country=text(self.country),
        )

    def show_error(self, message: str) -> None:
        self.message.setObjectName("error")
        self.message.setStyleSheet("color: #a61b1b;")
        self.message.setText(message)

    def show_saved(self) -> None:
        self.message.setStyleSheet("")
        self.message.setText("Saved.")

    def _save(self) -> None:
        self._on_save(self.answers())


def _yes_no(value: bool | None) -> str:
    return UNSET if value is None else ("yes" if value else "no")


def _auto(value: bool | None) -> str:
    """A stated answer, or "auto" when the person left it to the medicine list."""
    return "auto" if value is None else ("yes" if value else "no")
