"""The lifestyle period of a report follows the person's data and says what it left out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from phr.lifestyle.entries import add_entry
from phr.report import ExportOptions, Section, export, lifestyle_window
from phr.vault import Vault
from tests.report.helpers import pdf_text

TODAY = dt.date(2026, 11, 20)


def _log(vault: Vault, *days: dt.date) -> None:
    for day in days:
        add_entry(vault, "weight", "70", unit="kg", at=f"{day.isoformat()}T08:00:00+00:00")


def test_window_ends_on_the_last_reading_and_reaches_back_a_year(vault: Vault) -> None:
    old = [dt.date(2023, 3, 1), dt.date(2024, 6, 30)]
    recent = [dt.date(2025, 9, 1), dt.date(2026, 2, 1), dt.date(2026, 6, 15)]
    _log(vault, *old, *recent)
    window = lifestyle_window(vault, today=TODAY)
    assert window.end == dt.date(2026, 6, 15)  # the watch stopped syncing in June
    assert window.start == dt.date(2025, 6, 16)  # 365 days, inclusive
    assert (window.older, window.older_first, window.older_last) == (2, *old)
    assert window.first_day == dt.date(2023, 3, 1) and not window.chosen


def test_short_history_starts_at_the_first_reading(vault: Vault) -> None:
    _log(vault, dt.date(2026, 10, 1), dt.date(2026, 11, 19))
    window = lifestyle_window(vault, today=TODAY)
    assert (window.start, window.end, window.older) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 19),
        0,
    )


def test_chosen_dates_are_kept_and_counted_against(vault: Vault) -> None:
    _log(vault, dt.date(2026, 1, 5), dt.date(2026, 5, 5), dt.date(2026, 9, 5))
    window = lifestyle_window(
        vault, since=dt.date(2026, 3, 1), until=dt.date(2026, 6, 1), today=TODAY
    )
    assert (window.start, window.end, window.chosen) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 6, 1),
        True,
    )
    assert (window.older, window.newer) == (1, 1)


def test_empty_vault_gets_the_year_up_to_today(vault: Vault) -> None:
    window = lifestyle_window(vault, today=TODAY)
    assert window.end == TODAY and not window.has_data
    assert window.start == TODAY - dt.timedelta(days=364)


def test_export_prints_the_window_and_the_older_data_left_out(vault: Vault, tmp_path: Path) -> None:
    _log(vault, dt.date(2024, 1, 10), dt.date(2024, 2, 10), dt.date(2026, 3, 1))
    _log(vault, dt.date(2026, 6, 1))
    options = ExportOptions(
        pdf=tmp_path / "r.pdf", sections=frozenset({Section.LIFESTYLE}), today=TODAY
    )
    export(vault, options)
    text = pdf_text((tmp_path / "r.pdf").read_bytes())
    assert "Measurements, 2025-06-02 to 2026-06-01" in text
    assert "2 older readings (2024-01-10 to 2024-02-10) are left out." in text
