"""Reports page: choices become export options, the preview shows real pages, saving asks
before replacing and runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.lifestyle.entries import add_entry
from phr.report import Section
from phr.vault import create_vault
from tests.report.helpers import pdf_text
from tests.ui.conftest import PASSPHRASE, Modals, wait_for_main_window
from ui.main_window import MainWindow
from ui.pages import reports
from ui.pages.reports import ReportsPage


@pytest.fixture
def page(qtbot, make_shell, tmp_path: Path) -> ReportsPage:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.phr"
    create_vault(path, PASSPHRASE).close()
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    window: MainWindow = wait_for_main_window(qtbot, shell)
    shown = window.show_page(ReportsPage)
    assert isinstance(shown, ReportsPage)
    return shown


def test_defaults_leave_out_sensitive_results_and_identity(page: ReportsPage) -> None:
    page.name.setText("Zoë Łukasiewicz-Ngũgĩ")  # typed, but the box is not ticked
    options = page.options()
    assert options.sections == frozenset(Section)
    assert not options.include_sensitive
    assert options.name is None and options.birth_date is None
    page.identity.setChecked(True)
    page.birth_date.setText("1984-03-02")
    page.section_boxes[Section.LIFESTYLE].setChecked(False)
    options = page.options()
    assert options.name == "Zoë Łukasiewicz-Ngũgĩ" and str(options.birth_date) == "1984-03-02"
    assert Section.LIFESTYLE not in options.sections


def test_preview_renders_the_pdf_pages_as_images(qtbot, page: ReportsPage) -> None:  # type: ignore[no-untyped-def]
    page.preview_button.click()
    qtbot.waitUntil(lambda: bool(page.page_images), timeout=20_000)
    first = page.page_images[0]
    assert first.width > 400 and first.height > first.width  # an A4 portrait page
    assert "Nothing has been saved yet" in page.status.text()


def test_save_pdf_asks_before_replacing(
    qtbot, page: ReportsPage, tmp_path: Path, modals: Modals, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"keep")
    answers: list[bool] = [False]
    asked: list[Path] = []
    monkeypatch.setattr(reports, "ask_save_path", lambda *a: target)
    monkeypatch.setattr(reports, "ask_overwrite", lambda p, path: asked.append(path) or answers[0])
    monkeypatch.setattr(reports, "ask_info", lambda p, text: modals.infos.append(text))

    page.save_pdf_button.click()
    assert asked == [target] and target.read_bytes() == b"keep"
    assert page.status.text().startswith("Not saved")

    answers[0] = True
    page.identity.setChecked(True)
    page.name.setText("Zoë Łukasiewicz-Ngũgĩ")
    page.save_pdf_button.click()
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=20_000)
    assert "Zoë Łukasiewicz-Ngũgĩ" in pdf_text(target.read_bytes())
    assert modals.infos and not modals.errors


def test_bad_birth_date_is_explained_not_saved(page: ReportsPage) -> None:
    page.identity.setChecked(True)
    page.birth_date.setText("2 March 1984")
    page.save_csv_button.click()
    assert "YYYY-MM-DD" in page.status.text()


def test_dates_show_the_persons_own_window_until_they_pick_others(
    qtbot,  # type: ignore[no-untyped-def]
    make_shell,
    tmp_path: Path,
) -> None:
    """Old readings: the boxes show the window that holds them, not the last 90 days, and
    the export is told nothing was chosen (so the PDF does not say the patient chose it)."""
    path = tmp_path / "v.phr"
    with create_vault(path, PASSPHRASE) as vault:
        for day in ("2016-03-01", "2016-05-30"):
            add_entry(vault, "weight", "70", unit="kg", at=f"{day}T08:00:00+00:00")
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    window: MainWindow = wait_for_main_window(qtbot, shell)
    page = window.show_page(ReportsPage)
    assert isinstance(page, ReportsPage)
    qtbot.waitUntil(lambda: page.until.date().toString("yyyy-MM-dd") == "2016-05-30")
    assert page.since.date().toString("yyyy-MM-dd") == "2016-03-01"
    options = page.options()
    assert options.since is None and options.until is None
    page.since.setDate(page.since.date().addDays(10))  # the person picks a date
    assert str(page.options().since) == "2016-03-11"
