"""The Lifestyle page's import takes a wearable export the same way as the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phr.lifestyle.entries import count_entries
from tests.lifestyle.sources import fixtures as fx
from tests.lifestyle.ui_helpers import on_worker, open_session, quiet_modals
from ui.pages.lifestyle import LOG_FILTER, LifestylePage


def test_page_imports_a_withings_export(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "*.fit" in LOG_FILTER and "*.json" in LOG_FILTER
    errors = quiet_modals(monkeypatch)
    archive = fx.withings_zip(tmp_path / "data_ABC.zip")
    with open_session(qtbot, tmp_path, demo=False) as session:
        page = LifestylePage(session)
        qtbot.addWidget(page)
        page.run_import(archive)
        qtbot.waitUntil(lambda: "Imported data_ABC.zip" in page.import_note.text(), timeout=10_000)
        counts = on_worker(lambda: count_entries(session.vault))
        assert counts["steps"] == 2 and counts["blood_pressure"] == 1
        assert errors == []
