"""The Genome page's clinical test results: add (with the core's refusals shown), list, remove."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.results import list_results
from phr.vault import create_vault
from tests.ui.conftest import PASSPHRASE, on_worker, wait_for_main_window
from ui.main_window import MainWindow
from ui.pages import genome as genome_page
from ui.pages.genome import GenomePage
from ui.qt import QDate
from ui.widgets.clinical_results import FOUND_PRESENT


@pytest.fixture
def window(qtbot, make_shell, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.phr"
    create_vault(path, PASSPHRASE).close()
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    return wait_for_main_window(qtbot, shell)


def test_clinical_result_added_refused_and_removed(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.show_page(GenomePage)
    assert isinstance(page, GenomePage)
    assert page.clinical.empty.isVisibleTo(page)
    page.clinical.add.click()
    dialog = page.add_result_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.gene.setCurrentText("CYP2C19")
    dialog.diplotype.setText("*1/*99")
    dialog.lab.setText("Example Lab")
    dialog.date.setDate(QDate(2023, 4, 17))
    dialog.ok.click()
    qtbot.waitUntil(lambda: "no allele '*99'" in dialog.error.text(), timeout=10_000)
    assert dialog.isVisible() and on_worker(lambda: list_results(window.session.vault)) == []
    dialog.diplotype.setText("*2/*2")
    dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: page.clinical.list.count() == 1, timeout=10_000)
    assert page.clinical.list.item(0).text() == (
        "CYP2C19 *2/*2, from a clinical test (Example Lab, 2023-04-17)"
    )
    monkeypatch.setattr(genome_page, "confirm_remove_result", lambda parent, result: True)
    page.clinical.list.setCurrentRow(0)
    page.clinical.remove.click()
    qtbot.waitUntil(lambda: page.clinical.list.count() == 0, timeout=10_000)
    assert on_worker(lambda: list_results(window.session.vault)) == []


def test_hla_allele_result_entered_in_the_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page(GenomePage)
    assert isinstance(page, GenomePage)
    page.clinical.add.click()
    dialog = page.add_result_dialog
    assert dialog is not None
    genes = [dialog.gene.itemText(i) for i in range(dialog.gene.count())]
    assert "HLA-B" in genes and "HLA-A" in genes
    dialog.gene.setCurrentText("HLA-B")
    dialog.allele.setText("*15:02")
    dialog.found.setCurrentText(FOUND_PRESENT)
    dialog.lab.setText("HLA Lab")
    dialog.date.setDate(QDate(2024, 3, 1))
    dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: page.clinical.list.count() == 1, timeout=10_000)
    assert page.clinical.list.item(0).text() == (
        "HLA-B *15:02 present, from a clinical test (HLA Lab, 2024-03-01)"
    )
    (stored,) = on_worker(lambda: list_results(window.session.vault))
    assert (stored.gene, stored.allele, stored.allele_present) == ("HLA-B", "*15:02", True)
