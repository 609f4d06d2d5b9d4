"""The Prevention plan page: due items first, the profile form saves or refuses with a reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from phr.prevention.screening import add_screening
from phr.profile import ProfileUpdate, get_profile, update_profile
from phr.vault import create_vault
from tests.ui.conftest import PASSPHRASE, on_worker, wait_for_main_window
from ui.main_window import MainWindow
from ui.pages.plan import PlanCard, PlanPage


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
