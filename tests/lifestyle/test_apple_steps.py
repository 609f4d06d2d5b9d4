"""Steps from phone and watch: Apple's source priority, stored as hourly totals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from phr.lifestyle.apple_steps import APPLE_WATCH, IPHONE, MANUAL, OTHER, StepSamples, source_class
from phr.lifestyle.importer import import_logs
from phr.vault import Vault
from tests.lifestyle.apple_export import (
    PHONE,
    PHONE_DEVICE,
    WATCH,
    WATCH_DEVICE,
    steps,
    write_export,
)


def hours(vault: Vault) -> dict[str, float]:
    """local 'YYYY-MM-DD HH' -> steps."""
    rows = vault.query(
        "SELECT strftime('%Y-%m-%d %H', at_utc, tz_offset || ' minutes'), value"
        " FROM log_entries WHERE kind = 'steps' ORDER BY at_utc"
    )
    return {hour: value for hour, value in rows}


@pytest.mark.parametrize(
    ("name", "device", "expected"),
    [
        ("Health", "", MANUAL),
        ("Sam’s Apple\u00a0Watch", "", APPLE_WATCH),
        ("Watchy", WATCH_DEVICE, APPLE_WATCH),
        ("Sam’s iPhone", "", IPHONE),
        ("Phone 2", PHONE_DEVICE, IPHONE),
        ("Connect", "", OTHER),
    ],
)
def test_sources_rank_as_apple_ranks_them_by_default(name: str, device: str, expected: int) -> None:
    assert source_class(name, device) == expected


def test_the_watch_wins_where_both_counted_and_the_phone_fills_the_gaps(
    vault: Vault, tmp_path: Path
) -> None:
    path = write_export(
        tmp_path / "export.xml",
        # phone listed first: the order in the file does not matter
        steps("2024-05-01 10:00:00 +0200", "2024-05-01 10:10:00 +0200", 1000, PHONE),
        steps("2024-05-01 10:50:00 +0200", "2024-05-01 11:10:00 +0200", 600, PHONE),
        steps("2024-05-01 10:05:00 +0200", "2024-05-01 10:15:00 +0200", 900, WATCH),
        steps("2024-05-01 12:00:00 +0200", "2024-05-01 12:10:00 +0200", 300, PHONE),
    )
    result = import_logs(vault, path)
    assert result.added == {"steps": 3}
    assert hours(vault) == {
        # watch 900 in full; phone 10:00-10:05 uncovered = 500; 10:50-11:00 half of 600 = 300
        "2024-05-01 10": 1700.0,
        "2024-05-01 11": 300.0,  # the other half of the phone's 10:50-11:10
        "2024-05-01 12": 300.0,  # only the phone walked
    }


def test_manual_entries_beat_the_watch_and_other_apps_only_fill_gaps(
    vault: Vault, tmp_path: Path
) -> None:
    typed = '  <MetadataEntry key="HKWasUserEntered" value="1"/>\n'
    path = write_export(
        tmp_path / "export.xml",
        steps("2024-05-02 08:00:00 +0000", "2024-05-02 08:30:00 +0000", 3000, WATCH),
        steps("2024-05-02 08:00:00 +0000", "2024-05-02 09:00:00 +0000", 4000, "Connect"),
        steps("2024-05-02 08:00:00 +0000", "2024-05-02 08:30:00 +0000", 2000, "Health"),
        # typed into another app: its metadata says so, and it ranks as manual
        steps("2024-05-02 10:00:00 +0000", "2024-05-02 10:00:00 +0000", 50, "Notes").replace(
            "/>\n", f">\n{typed} </Record>\n"
        ),
        steps("2024-05-02 10:00:00 +0000", "2024-05-02 10:10:00 +0000", 70, WATCH),
    )
    import_logs(vault, path)
    assert hours(vault) == {
        "2024-05-02 08": 2000.0 + 2000.0,  # manual in full; Connect only for 08:30-09:00
        "2024-05-02 10": 50.0 + 70.0,  # an instant covers no time: the watch still adds
    }


def test_of_two_other_apps_the_newest_ranks_higher() -> None:
    samples = StepSamples()
    day = datetime(2024, 5, 3, 9, 0)
    samples.add(("old band", OTHER), datetime(2020, 1, 1), datetime(2020, 1, 1, 0, 1), 0, 1)
    samples.add(("old band", OTHER), day, day.replace(minute=30), 0, 100)
    samples.add(("new ring", OTHER), datetime(2024, 1, 1), datetime(2024, 1, 1, 0, 1), 0, 1)
    samples.add(("new ring", OTHER), day, day.replace(minute=30), 0, 40)
    totals = {row[0]: row[2] for row in samples.hourly()}
    assert totals["2024-05-03T09:00:00Z"] == 40.0


def test_a_sample_across_midnight_is_split_by_local_hour_and_day(
    vault: Vault, tmp_path: Path
) -> None:
    path = write_export(
        tmp_path / "export.xml",
        steps("2024-05-03 23:45:00 -0400", "2024-05-04 00:15:00 -0400", 600, PHONE),
    )
    import_logs(vault, path)
    assert hours(vault) == {"2024-05-03 23": 300.0, "2024-05-04 00": 300.0}


def test_reimport_adds_no_steps(vault: Vault, tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "export.xml",
        steps("2024-05-01 10:00:00 +0200", "2024-05-01 10:10:00 +0200", 1000, PHONE),
        steps("2024-05-01 10:05:00 +0200", "2024-05-01 10:15:00 +0200", 900, WATCH),
    )
    import_logs(vault, path)
    again = import_logs(vault, path)
    assert again.added == {"steps": 0} and again.duplicates == {"steps": 1}
    assert hours(vault) == {"2024-05-01 10": 1400.0}


def test_a_step_sample_with_an_offset_of_a_day_or_more_is_skipped(
    vault: Vault, tmp_path: Path
) -> None:
    path = write_export(
        tmp_path / "export.xml",
        steps("2024-05-01 10:00:00 +2500", "2024-05-01 10:10:00 +2500", 1000, PHONE),
        steps("2024-05-01 10:00:00 +0200", "2024-05-01 10:10:00 +0200", 10, PHONE),
    )
    result = import_logs(vault, path)
    assert result.added == {"steps": 1} and result.skipped == {"implausible date": 1}
