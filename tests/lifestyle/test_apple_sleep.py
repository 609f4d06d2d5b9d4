"""Sleep by night: sessions chained across sources, dated by the wake-up, lengths in real time."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.lifestyle.importer import import_logs
from phr.vault import Vault
from tests.lifestyle.apple_export import PHONE, sleep, write_export


def nights(vault: Vault) -> dict[str, tuple[float, float]]:
    """wake-up local date -> (hours asleep, hours in bed)."""
    rows = vault.query(
        "SELECT date(at_utc, tz_offset || ' minutes'), value, value2 FROM log_entries"
        " WHERE kind = 'sleep' ORDER BY at_utc"
    )
    return {day: (value, value2) for day, value, value2 in rows}


def test_a_night_across_midnight_is_one_night_dated_by_the_wake_up(
    vault: Vault, tmp_path: Path
) -> None:
    path = write_export(
        tmp_path / "export.xml",
        sleep("2024-03-05 22:30:00 +0000", "2024-03-06 07:15:00 +0000", "InBed", PHONE),
        sleep("2024-03-05 23:00:00 +0000", "2024-03-06 01:00:00 +0000", "AsleepCore"),
        sleep("2024-03-06 01:00:00 +0000", "2024-03-06 02:00:00 +0000", "AsleepDeep"),
        sleep("2024-03-06 02:00:00 +0000", "2024-03-06 02:30:00 +0000", "Awake"),
        sleep("2024-03-06 02:30:00 +0000", "2024-03-06 05:00:00 +0000", "AsleepREM"),
        sleep("2024-03-06 05:00:00 +0000", "2024-03-06 07:00:00 +0000", "AsleepUnspecified"),
    )
    result = import_logs(vault, path)
    assert result.added == {"sleep": 1}
    assert nights(vault) == {"2024-03-06": (7.5, 8.75)}
    at = vault.query("SELECT at_utc, tz_offset FROM log_entries")
    assert at == [("2024-03-06T07:15:00Z", 0)]


def test_overlapping_apps_count_once_whatever_order_they_arrive_in(
    vault: Vault, tmp_path: Path
) -> None:
    path = write_export(
        tmp_path / "export.xml",
        sleep("2024-03-06 04:00:00 +0000", "2024-03-06 06:30:00 +0000", "Asleep", "SleepApp"),
        sleep("2024-03-06 02:30:00 +0000", "2024-03-06 06:00:00 +0000", "AsleepCore"),
        sleep("2024-03-05 23:00:00 +0000", "2024-03-06 02:00:00 +0000", "AsleepCore"),
        sleep("2024-03-05 23:30:00 +0000", "2024-03-06 01:00:00 +0000", "Asleep", "SleepApp"),
    )
    import_logs(vault, path)
    # 23:00-02:00 and 02:30-06:30 asleep; the 02:00-02:30 gap is in no record
    assert nights(vault) == {"2024-03-06": (7.0, 7.0)}


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        # Europe/London: clocks go forward at 01:00 GMT on 31 March 2024 (a 7 h night) ...
        ("2024-03-30 23:00:00 +0000", "2024-03-31 07:00:00 +0100", 7.0),
        # ... and back at 02:00 BST on 27 October 2024 (a 9 h night)
        ("2024-10-26 23:00:00 +0100", "2024-10-27 07:00:00 +0000", 9.0),
    ],
)
def test_nights_when_the_clocks_change_last_as_long_as_they_really_did(
    vault: Vault, tmp_path: Path, start: str, end: str, hours: float
) -> None:
    path = write_export(tmp_path / "export.xml", sleep(start, end, "AsleepCore"))
    import_logs(vault, path)
    assert nights(vault) == {end[:10]: (hours, hours)}


def test_records_within_three_hours_chain_into_one_session(vault: Vault, tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "export.xml",
        # dozed 20:00-21:00 and went to bed at 23:30: one night, woke on the 11th
        sleep("2024-06-10 20:00:00 +0200", "2024-06-10 21:00:00 +0200", "AsleepCore"),
        sleep("2024-06-10 23:30:00 +0200", "2024-06-11 07:00:00 +0200", "AsleepCore"),
        # on the 12th: asleep until 21:00, then nothing for exactly 3 h: a new session
        sleep("2024-06-12 20:00:00 +0200", "2024-06-12 21:00:00 +0200", "AsleepCore"),
        sleep("2024-06-13 00:00:00 +0200", "2024-06-13 06:00:00 +0200", "AsleepCore"),
    )
    import_logs(vault, path)
    assert nights(vault) == {
        "2024-06-11": (8.5, 8.5),
        "2024-06-12": (1.0, 1.0),
        "2024-06-13": (6.0, 6.0),
    }


def test_a_nap_adds_to_the_day_it_ends_on(vault: Vault, tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "export.xml",
        sleep("2024-06-10 23:00:00 +0200", "2024-06-11 06:00:00 +0200", "AsleepCore"),
        sleep("2024-06-11 14:00:00 +0200", "2024-06-11 15:00:00 +0200", "AsleepCore"),
    )
    import_logs(vault, path)
    assert nights(vault) == {"2024-06-11": (8.0, 8.0)}


def test_a_session_only_in_bed_gives_no_night(vault: Vault, tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "export.xml",
        sleep("2024-06-10 23:00:00 +0200", "2024-06-11 06:00:00 +0200", "InBed", PHONE),
        sleep("2024-06-11 06:00:00 +0200", "2024-06-11 06:10:00 +0200", "Awake"),
    )
    result = import_logs(vault, path)
    assert result.added == {}
    assert nights(vault) == {}


def test_reimport_adds_nothing_and_an_old_night_gains_its_time_in_bed(
    vault: Vault, tmp_path: Path
) -> None:
    path = write_export(
        tmp_path / "export.xml",
        sleep("2024-03-05 22:00:00 +0000", "2024-03-06 07:00:00 +0000", "InBed", PHONE),
        sleep("2024-03-05 23:00:00 +0000", "2024-03-06 06:00:00 +0000", "AsleepCore"),
    )
    import_logs(vault, path)
    again = import_logs(vault, path)
    assert again.total_added == 0 and again.duplicates == {"sleep": 1}
    vault_rows = nights(vault)
    with vault.transaction() as conn:  # as PHR stored nights before time in bed existed
        conn.execute("UPDATE log_entries SET value2 = NULL WHERE kind = 'sleep'")
    assert import_logs(vault, path).added == {"sleep": 1}
    assert nights(vault) == vault_rows == {"2024-03-06": (7.0, 9.0)}
