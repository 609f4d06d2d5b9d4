"""The Prevention plan page: due items first, the profile form saves or refuses with a reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from phr.prevention.screening import add_screening, list_screenings
from phr.profile import ProfileUpdate, get_profile, update_profile
from phr.vault import create_vault
from tests.ui.conftest import PASSPHRASE, on_worker, wait_for_main_window
from ui.main_window import MainWindow
from ui.pages.plan import PlanCard, PlanPage
from ui.qt import QDate
from ui.widgets.profile_form import FROM_MEDS


@pytest.fixture
def window(qtbot, make_shell, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.phr"
    with create_vault(path, PASSPHRASE) as vault:
        born = f"{date.today().year - 50}-01"
        update_profile(vault, ProfileUpdate(sex="female", born=born, smoking="never"))
        add_screening(vault, "cervical_cytology", date(date.today().year - 1, 1, 15))
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    return wait_for_main_window(qtbot, shell)


def _cards(page: PlanPage) -> list[str]:
    return [w.text.text() for w in page.widgets if isinstance(w, PlanCard)]


def test_plan_page_lists_due_items_first(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page(PlanPage)
    assert isinstance(page, PlanPage)
    qtbot.waitUntil(lambda: len(_cards(page)) > 10, timeout=10_000)
    cards = _cards(page)
    first_due = next(i for i, c in enumerate(cards) if "Due now" in c)
    first_ok = next(i for i, c in enumerate(cards) if "Up to date" in c)
    assert first_due < first_ok
    assert any("Breast cancer screening" in c and "Due now" in c for c in cards)
    assert any("USPSTF" in c for c in cards)
    page.clear()
    assert page.widgets == []


def test_profile_form_saves_and_refuses_bad_answers(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page(PlanPage)
    assert isinstance(page, PlanPage)
    qtbot.waitUntil(lambda: page.form.born.text() != "", timeout=10_000)
    page.toggle.click()
    page.form.born.setText("1970-13")
    page.form.save.click()
    qtbot.waitUntil(lambda: "between 01 and 12" in page.form.message.text(), timeout=10_000)
    page.form.born.setText("1960-05")
    page.form.smoking.setCurrentText("current")
    page.form.save.click()
    qtbot.waitUntil(lambda: page.form.message.text() == "Saved.", timeout=10_000)
    profile = on_worker(lambda: get_profile(window.session.vault))
    assert profile.born == (1960, 5) and profile.smoking == "current"


def _card(page: PlanPage, title: str) -> str:
    return next((c for c in _cards(page) if title in c), "")


COLORECTAL = "Bowel (colorectal) cancer screening"


def test_screening_added_and_removed_from_the_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page(PlanPage)
    assert isinstance(page, PlanPage)
    qtbot.waitUntil(lambda: "Due now" in _card(page, COLORECTAL), timeout=10_000)
    page.screenings_toggle.click()
    assert page.history.isVisible() and not page.form.isVisible()
    assert [page.history.list.item(i).text() for i in range(page.history.list.count())] == [
        f"{date.today().year - 1}-01-15   cervical cytology (Pap test)"
    ]
    page.history.add.click()
    dialog = page.add_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.kind.count() == 11
    dialog.kind.setCurrentIndex(dialog.kind.findData("colonoscopy"))
    two_years_ago = QDate.currentDate().addYears(-2)
    dialog.date.setDate(two_years_ago)
    dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: "Up to date" in _card(page, COLORECTAL), timeout=10_000)
    shown = [page.history.list.item(i).text() for i in range(page.history.list.count())]
    assert shown[1] == two_years_ago.toString("yyyy-MM-dd") + "   colonoscopy"  # newest first
    assert page.history.message.text() == "Recorded."

    questions: list[str] = []
    page.confirm = lambda parent, q: questions.append(q) is None and len(questions) > 1
    page.history.list.setCurrentRow(1)
    page.history.remove.click()  # first answer: No
    assert "colonoscopy of " + two_years_ago.toString("yyyy-MM-dd") in questions[0]
    assert len(on_worker(lambda: list_screenings(window.session.vault))) == 2
    page.history.remove.click()  # second answer: Yes
    qtbot.waitUntil(lambda: "Due now" in _card(page, COLORECTAL), timeout=10_000)
    kinds = [s.kind for s in on_worker(lambda: list_screenings(window.session.vault))]
    assert kinds == ["cervical_cytology"]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (QDate.currentDate().addDays(1), "between 1900 and today"),
        (QDate(date.today().year - 51, 6, 1), "before your month of birth"),
    ],
)
def test_bad_screening_date_is_refused_in_the_dialog(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, day: QDate, message: str
) -> None:
    page = window.show_page(PlanPage)
    assert isinstance(page, PlanPage)
    qtbot.waitUntil(lambda: len(_cards(page)) > 10, timeout=10_000)
    page.screenings_toggle.click()
    page.history.add.click()
    dialog = page.add_dialog
    assert dialog is not None
    dialog.date.setDate(day)
    dialog.ok.click()
    qtbot.waitUntil(lambda: message in dialog.error.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert len(on_worker(lambda: list_screenings(window.session.vault))) == 1


def test_profile_form_saves_statin_and_bp_treatment(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    on_worker(lambda: update_profile(window.session.vault, ProfileUpdate(bp_treatment="yes")))
    page = window.show_page(PlanPage)
    assert isinstance(page, PlanPage)
    qtbot.waitUntil(lambda: page.form.born.text() != "", timeout=10_000)
    assert page.form.bp_treatment.currentText() == "yes"
    assert page.form.statin.currentText() == FROM_MEDS
    page.toggle.click()
    page.form.statin.setCurrentText("yes")
    page.form.bp_treatment.setCurrentText(FROM_MEDS)
    page.form.save.click()
    qtbot.waitUntil(lambda: page.form.message.text() == "Saved.", timeout=10_000)
    profile = on_worker(lambda: get_profile(window.session.vault))
    assert profile.statin_stated is True and profile.bp_treatment_stated is None
    assert profile.as_json()["statin"] is True and profile.as_json()["bp_treatment"] is None
