"""The Lifestyle page: entry form checks, adding, importing with progress, charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phr.lifestyle.entries import count_entries
from phr.lifestyle.importer import LogImportResult
from tests.lifestyle.helpers import QUIRKS
from tests.lifestyle.ui_helpers import on_worker, open_session, quiet_modals
from ui.pages.lifestyle import LifestylePage, check_reading, import_report

SCREENS = Path("/work/screens")


def test_form_check_names_the_problem() -> None:
    from phr.errors import InvalidValue

    with pytest.raises(InvalidValue, match="systolic"):
        check_reading("blood_pressure", "400/80", "mmHg", "")
    with pytest.raises(InvalidValue, match="calendar date"):
        check_reading("weight", "70", "kg", "2024-02-30")
    assert check_reading("weight", "154", "lb", "").unit == "lb"


def test_page_adds_imports_and_charts(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = quiet_modals(monkeypatch)
    with open_session(qtbot, tmp_path, demo=False) as session:
        page = LifestylePage(session)
        qtbot.addWidget(page)
        page.resize(900, 760)
        page.show()
        page.kind.setCurrentIndex(page.kind.findData("blood_pressure"))
        page.value.setText("400/80")
        page.add_reading()
        assert page.error.isVisible() and "systolic" in page.error.text()
        page.value.setText("128/82")
        page.add_reading()
        qtbot.waitUntil(lambda: "blood_pressure" in page.summaries, timeout=10_000)
        assert not page.error.isVisible()
        page.run_import(QUIRKS)
        qtbot.waitUntil(lambda: "steps" in page.summaries, timeout=10_000)
        assert "Imported export_quirks.xml" in page.import_note.text()
        counts = on_worker(lambda: count_entries(session.vault))
        assert counts["steps"] == 3 and counts["blood_pressure"] == 3
        assert page.canvas is not None
        assert errors == []


def test_bad_import_shows_the_error_and_changes_nothing(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = quiet_modals(monkeypatch)
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what\n1,2\n", encoding="utf-8")
    with open_session(qtbot, tmp_path, demo=False) as session:
        page = LifestylePage(session)
        qtbot.addWidget(page)
        page.run_import(bad)
        qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
        assert "columns must be" in errors[0]
        assert on_worker(lambda: count_entries(session.vault)) == {}


@pytest.mark.parametrize("accept", [False, True])
def test_csv_with_bad_lines_offers_to_skip_them(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, accept: bool
) -> None:
    """The core keeps a CSV with bad lines out unless the person chooses to skip them after
    seeing them: the page must offer that choice, not only report the error."""
    quiet_modals(monkeypatch)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,kind,value,unit\n2024-03-01,weight,70,kg\n2024-03-02,weight,abc,kg\n",
        encoding="utf-8",
    )
    asked: list[str] = []
    with open_session(qtbot, tmp_path, demo=False) as session:
        page = LifestylePage(session)
        qtbot.addWidget(page)
        page.confirm = lambda parent, question: asked.append(question) or accept
        page.run_import(bad)
        qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
        assert "line 3" in asked[0] and "skip" in asked[0].lower()
        expected = {"weight": 1} if accept else {}
        qtbot.waitUntil(
            lambda: on_worker(lambda: count_entries(session.vault)) == expected, timeout=10_000
        )
        if accept:
            qtbot.waitUntil(lambda: "bad lines" in page.import_note.text(), timeout=10_000)


def test_demo_vault_page_screenshot(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_modals(monkeypatch)
    with open_session(qtbot, tmp_path, demo=True) as session:
        page = LifestylePage(session)
        qtbot.addWidget(page)
        page.resize(960, 820)
        page.show()
        qtbot.waitUntil(lambda: "weight" in page.summaries, timeout=15_000)
        page.chart_kind.setCurrentIndex(page.chart_kind.findData("blood_pressure"))
        assert "130/80" in page.stats.text()
        qtbot.wait(200)
        if SCREENS.is_dir():
            page.grab().save(str(SCREENS / "lifestyle_page.png"))


def test_import_report_shows_warnings() -> None:
    result = LogImportResult("apple_health", added={"steps": 2}, warnings=["3 control characters"])
    assert import_report(result).splitlines()[-1] == "Warning: 3 control characters"
