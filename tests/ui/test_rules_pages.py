"""Medications and Prevention pages: real findings from a stored genome, the "why", opt-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.vault import create_vault
from tests.rules.genomes import all_reference_calls, array_rows, store
from tests.ui.conftest import PASSPHRASE, wait_for_main_window
from ui.main_window import MainWindow
from ui.pages.medications import MedicationsPage
from ui.pages.prevention import PreventionPage
from ui.qt import QVBoxLayout


@pytest.fixture
def window(qtbot, make_shell, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.phr"
    with create_vault(path, PASSPHRASE) as vault:
        calls: dict[str, str | None] = dict(all_reference_calls())
        calls.update({"rs4244285": "AA", "rs6025": "CT", "rs429358": "CT", "rs28399504": None})
        store(vault, array_rows(calls), sex="female", name="my-23andme.txt")
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    return wait_for_main_window(qtbot, shell)


def test_medications_page_shows_cards_with_their_why(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page(MedicationsPage)
    assert isinstance(page, MedicationsPage)
    assert isinstance(page.medication_list_slot, QVBoxLayout)  # for the medication-list editor
    qtbot.waitUntil(lambda: len(page.cards) > 10, timeout=10_000)
    clopidogrel = next(c for c in page.cards if c.note.id == "cyp2c19-clopidogrel")
    assert "CYP2C19 *2/*2" in clopidogrel.found.text()
    assert "PMID 35034351" in clopidogrel.evidence.text()
    assert clopidogrel.why.isHidden()
    clopidogrel.why_button.setChecked(True)
    assert not clopidogrel.why.isHidden()
    why = clopidogrel.why.text()
    assert "cyp2c19-clopidogrel" in why and "1.0.0" in why
    assert (
        "rs28399504" in why and "Could not be read" in why
    )  # the status in the words of phr.vocabulary
    assert "my-23andme.txt" in page.summary.text()
    assert all(c.note.category == "medication" for c in page.cards)


def test_prevention_page_opt_in_reveals_and_hides_apoe(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page(PreventionPage)
    assert isinstance(page, PreventionPage)
    qtbot.waitUntil(lambda: len(page.cards) > 3, timeout=10_000)
    ids = {c.note.id for c in page.cards}
    assert "f5-factor-v-leiden" in ids and "apoe-alzheimers" not in ids
    box = page.optin_boxes["apoe"]
    assert "cannot tell you" in " ".join(lbl.text() for lbl in box.findChildren(type(box.state)))
    box.button.click()
    qtbot.waitUntil(lambda: any(c.note.id == "apoe-alzheimers" for c in page.cards), timeout=10_000)
    assert box.shown
    box.button.click()
    qtbot.waitUntil(
        lambda: not any(c.note.id == "apoe-alzheimers" for c in page.cards), timeout=10_000
    )


def test_lock_clears_the_cards(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page(MedicationsPage)
    qtbot.waitUntil(lambda: len(page.cards) > 0, timeout=10_000)
    page.clear()
    assert page.cards == [] and page.list.count() == 0


def test_sex_is_asked_with_its_reason_and_the_answer_reaches_g6pd(  # type: ignore[no-untyped-def]
    qtbot, make_shell, tmp_path: Path
) -> None:
    """A woman's heterozygous G6PD variant: PHR asks (rule 8), she answers, and the result
    reads two copies ("Variable"); the question does not come back."""
    from phr.profile import get_profile
    from tests.ui.conftest import on_worker

    path = tmp_path / "g6pd.phr"
    with create_vault(path, PASSPHRASE) as vault:
        calls: dict[str, str | None] = dict(all_reference_calls())
        calls["rs5030868"] = "AG"
        store(vault, array_rows(calls), name="her-23andme.txt")
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    window = wait_for_main_window(qtbot, shell)
    page = window.show_page(MedicationsPage)
    assert isinstance(page, MedicationsPage)
    qtbot.waitUntil(lambda: page.sex_question.isVisible(), timeout=10_000)
    assert "X chromosome" in " ".join(
        w.text() for w in page.sex_question.findChildren(type(page.summary))
    )
    g6pd = next(c for c in page.cards if c.note.id == "g6pd-medicines")
    assert "Variable" in g6pd.found.text()  # a mixed X call already means two copies
    page.sex_question.buttons["female"].click()
    qtbot.waitUntil(lambda: not page.sex_question.isVisible(), timeout=10_000)
    profile = on_worker(lambda: get_profile(shell.session.vault))
    assert profile.sex == "female"
    prevention = window.show_page(PreventionPage)
    assert isinstance(prevention, PreventionPage)
    qtbot.waitUntil(lambda: len(prevention.cards) > 0, timeout=10_000)
    assert not prevention.sex_question.isVisible()
