"""How one reading reads in `phr log list` and on the Lifestyle page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from phr.lifestyle.entries import LogEntry

AT = datetime(2017, 1, 22, 18, 0, tzinfo=UTC)


def _entry(kind: str, value: float, unit: str, **workout: object) -> LogEntry:
    return LogEntry(1, kind, AT, value, None, None, unit, "apple_health", None, **workout)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "value", "unit", "shown"),
    [
        ("steps", 12.44, "steps", "12 steps"),  # an hour's share of a sample across the hour
        ("steps", 12345.0, "steps", "12,345 steps"),
        ("exercise", 17.4557, "min", "17 min"),
        ("weight", 70.45, "kg", "70.45 kg"),
    ],
)
def test_counts_read_as_whole_numbers(kind: str, value: float, unit: str, shown: str) -> None:
    assert _entry(kind, value, unit).display_value() == shown


def test_a_workout_without_a_duration_says_so_instead_of_zero_minutes() -> None:
    entry = _entry("exercise", 0.0, "min", activity="Running", distance_km=5.0, energy_kcal=300.0)
    assert entry.display_value() == "no duration recorded (Running, 5 km, 300 kcal)"
