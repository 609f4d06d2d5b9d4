"""Units and plausibility: one small table, tested entry by entry."""

from __future__ import annotations

import pytest

from phr.errors import InvalidValue
from phr.lifestyle.kinds import KINDS, kind_named, parse_reading


@pytest.mark.parametrize(
    ("kind", "text", "unit", "canonical"),
    [
        ("weight", "70", None, 70.0),
        ("weight", "154.32", "lb", 154.32 * 0.45359237),
        ("weight", "11", "st", 11 * 14 * 0.45359237),
        ("weight", "70500", "g", 70.5),
        ("height", "1.8", "m", 180.0),
        ("height", "70", "in", 177.8),
        ("blood_glucose", "90", "mg/dL", 90 / 18.016),
        ("blood_glucose", "5.5", "mmol/L", 5.5),
        ("alcohol", "2", None, 28.0),  # a bare number means US standard drinks (14 g)
        ("alcohol", "3", "units", 24.0),  # UK units (8 g)
        ("alcohol", "10", "g", 10.0),
        ("sleep", "450", "min", 7.5),
        ("exercise", "1.5", "h", 90.0),
        ("heart_rate", "72", "count/min", 72.0),
        ("steps", "12000", None, 12000.0),
    ],
)
def test_units_convert_to_the_canonical_unit(
    kind: str, text: str, unit: str | None, canonical: float
) -> None:
    reading = parse_reading(KINDS[kind], text, unit)
    assert reading.value == pytest.approx(canonical)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("weight", "0"),
        ("weight", "-3"),
        ("weight", "900"),
        ("heart_rate", "500"),
        ("sleep", "30"),
        ("blood_glucose", "0"),
        ("steps", "-1"),
        ("blood_pressure", "400/80"),
        ("blood_pressure", "120/10"),
        ("blood_pressure", "80/120"),
        ("weight", "nan"),
        ("weight", "inf"),
    ],
)
def test_implausible_values_are_rejected(kind: str, text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_reading(KINDS[kind], text)


def test_smoking_takes_a_status_word_or_a_daily_count() -> None:
    smoking = KINDS["smoking"]
    assert parse_reading(smoking, "current").status == "current"
    assert parse_reading(smoking, "current").value is None
    assert parse_reading(smoking, "never").value == 0.0
    assert parse_reading(smoking, "ex").status == "former"
    assert parse_reading(smoking, "12").status == "current"
    assert parse_reading(smoking, "0").status is None


def test_kind_aliases() -> None:
    assert kind_named("BP").name == "blood_pressure"
    assert kind_named("resting heart rate").name == "resting_heart_rate"
    assert kind_named("Blood-Glucose").name == "blood_glucose"
    with pytest.raises(InvalidValue, match="not a kind of log"):
        kind_named("mood")
