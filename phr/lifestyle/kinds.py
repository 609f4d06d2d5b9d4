"""The kinds of lifestyle measurement, their canonical units, unit conversion and plausibility.

One small table is the whole units story (the issue allows "a units library or one small tested
table"; a library would be a large dependency for a dozen factors). Every value is stored in
its kind's canonical unit; the conversions below are exact definitions or standard factors:

- 1 lb = 0.45359237 kg (international pound); 1 st = 14 lb; 1 in = 2.54 cm; 1 ft = 12 in.
- blood glucose: mg/dL -> mmol/L divides by 18.016 (molar mass of glucose 180.16 g/mol / 10).
- alcohol: canonical grams of pure ethanol. A UK "unit" is 8 g (NHS definition); a "drink" is
  a US standard drink of 14 g (NIAAA definition). A person typing a bare number means drinks.
- height (extra kind, needed for BMI): centimetres; the latest height entry is the height.

Plausibility limits reject typing slips (systolic 400, weight 0), not unusual people: the
bounds are wide on purpose, and messages never repeat the value itself.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from phr.errors import InvalidValue
from phr.lifestyle.kind import Kind
from phr.lifestyle.labs import LAB_ALIASES, LAB_KINDS, LPA_NOT_CONVERTIBLE, LPA_UNITS

__all__ = ["KINDS", "Kind", "Reading", "kind_named", "parse_reading", "unit_factor"]


def _u(*pairs: tuple[str, float]) -> dict[str, float]:
    return dict(pairs)


_LB = 0.45359237
_GLUCOSE_MG_DL = 1 / 18.016

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "weight",
            "weight",
            "kg",
            _u(("kg", 1.0), ("g", 0.001), ("lb", _LB), ("lbs", _LB), ("st", 14 * _LB)),
            2.0,
            400.0,
            "kg",
        ),
        Kind(
            "height",
            "height",
            "cm",
            _u(("cm", 1.0), ("m", 100.0), ("mm", 0.1), ("in", 2.54), ("ft", 30.48)),
            40.0,
            250.0,
            "cm",
        ),
        Kind(
            "blood_pressure",
            "blood pressure",
            "mmHg",
            _u(("mmhg", 1.0)),
            20.0,  # per-number bounds are checked separately (systolic/diastolic)
            300.0,
            "mmHg",
        ),
        Kind(
            "heart_rate",
            "heart rate",
            "bpm",
            _u(("bpm", 1.0), ("count/min", 1.0), ("/min", 1.0)),
            20.0,
            300.0,
            "bpm",
        ),
        Kind(
            "resting_heart_rate",
            "resting heart rate",
            "bpm",
            _u(("bpm", 1.0), ("count/min", 1.0), ("/min", 1.0)),
            20.0,
            200.0,
            "bpm",
        ),
        Kind(
            "steps",
            "steps",
            "steps",
            _u(("steps", 1.0), ("count", 1.0), ("step", 1.0)),
            0.0,
            100_000.0,
            "steps",
            daily_total=True,
        ),
        Kind(
            "sleep",
            "sleep",
            "h",
            _u(("h", 1.0), ("hours", 1.0), ("hour", 1.0), ("hr", 1.0), ("min", 1 / 60)),
            0.0,
            24.0,
            "h",
        ),
        Kind(
            "blood_glucose",
            "blood glucose",
            "mmol/L",
            _u(("mmol/l", 1.0), ("mg/dl", _GLUCOSE_MG_DL)),
            0.5,
            60.0,
            "mmol/L",
        ),
        Kind(
            "alcohol",
            "alcohol",
            "g",
            _u(("g", 1.0), ("units", 8.0), ("unit", 8.0), ("drinks", 14.0), ("drink", 14.0)),
            0.0,
            500.0,
            "drinks",
            daily_total=True,
        ),
        Kind(
            "smoking",
            "smoking",
            "cigarettes/day",
            _u(("cigarettes/day", 1.0), ("cigarettes", 1.0), ("cig/day", 1.0), ("/day", 1.0)),
            0.0,
            200.0,
            "cigarettes/day",
        ),
        Kind(
            "exercise",
            "exercise",
            "min",
            _u(("min", 1.0), ("minutes", 1.0), ("minute", 1.0), ("h", 60.0), ("hours", 60.0)),
            0.0,
            1440.0,
            "min",
            daily_total=True,
        ),
        *LAB_KINDS,
    )
}

# Names people write in CSV files or on the command line.
ALIASES: dict[str, str] = {
    "bp": "blood_pressure",
    "pressure": "blood_pressure",
    "hr": "heart_rate",
    "pulse": "heart_rate",
    "resting_hr": "resting_heart_rate",
    "rhr": "resting_heart_rate",
    "step": "steps",
    "step_count": "steps",
    "glucose": "blood_glucose",
    "sugar": "blood_glucose",
    "blood_sugar": "blood_glucose",
    "drinks": "alcohol",
    "smoke": "smoking",
    "cigarettes": "smoking",
    "exercise_minutes": "exercise",
    "sleep_duration": "sleep",
    "body_weight": "weight",
    "mass": "weight",
    **LAB_ALIASES,
}

SMOKING_STATUSES = ("current", "former", "never")
_SMOKING_WORDS = {
    "current": "current",
    "yes": "current",
    "smoker": "current",
    "former": "former",
    "ex": "former",
    "ex-smoker": "former",
    "quit": "former",
    "stopped": "former",
    "never": "never",
    "no": "never",
    "non-smoker": "never",
}
SYSTOLIC_RANGE = (50.0, 300.0)
DIASTOLIC_RANGE = (20.0, 200.0)
_BP = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Reading:
    """A parsed value in canonical units: value2 is diastolic, status is the smoking status."""

    value: float | None
    value2: float | None = None
    status: str | None = None
    unit: str | None = None  # set only for kinds that keep the lab's unit (Lp(a))


def kind_named(text: str) -> Kind:
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    key = ALIASES.get(key, key)
    if key not in KINDS:
        raise InvalidValue(
            f"'{text.strip()[:40]}' is not a kind of log PHR knows; use one of: "
            + ", ".join(KINDS)
            + "."
        )
    return KINDS[key]


def unit_factor(kind: Kind, unit: str | None) -> float:
    spelled = _spelled(kind, unit)
    if spelled in kind.units:
        return kind.units[spelled]
    if spelled == kind.unit.lower():
        return 1.0
    raise InvalidValue(
        f"The unit '{(unit or '').strip()[:20]}' is not known for {kind.label}; use "
        + ", ".join(sorted({u for u in kind.units}))
        + "."
    )


def _number(text: str, kind: Kind) -> float:
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        raise InvalidValue(f"The {kind.label} value is not a number.") from None
    if not math.isfinite(number):
        raise InvalidValue(f"The {kind.label} value is not a number.")
    return number


def check_plausible(kind: Kind, value: float) -> float:
    if not kind.low <= value <= kind.high or (kind.name == "weight" and value <= 0):
        raise InvalidValue(
            f"That {kind.label} value is not plausible: PHR accepts {_fmt(kind.low)} to "
            f"{_fmt(kind.high)} {kind.unit}."
        )
    return value


def check_blood_pressure(systolic: float, diastolic: float) -> tuple[float, float]:
    lo, hi = SYSTOLIC_RANGE
    if not lo <= systolic <= hi:
        raise InvalidValue(f"That systolic pressure is not plausible: PHR accepts {lo:g}-{hi:g}.")
    lo, hi = DIASTOLIC_RANGE
    if not lo <= diastolic <= hi:
        raise InvalidValue(f"That diastolic pressure is not plausible: PHR accepts {lo:g}-{hi:g}.")
    if diastolic >= systolic:
        raise InvalidValue("The first blood-pressure number (systolic) must be the larger one.")
    return systolic, diastolic


def parse_reading(kind: Kind, text: str, unit: str | None = None) -> Reading:
    """Turn what the person wrote ("128/82", "11 st", "former") into canonical numbers."""
    text = text.strip()
    if not text:
        raise InvalidValue(f"The {kind.label} value is empty.")
    if kind.name == "blood_pressure":
        found = _BP.match(text)
        if not found:
            raise InvalidValue("Write blood pressure as systolic/diastolic, for example 128/82.")
        unit_factor(kind, unit)
        systolic, diastolic = check_blood_pressure(float(found[1]), float(found[2]))
        return Reading(systolic, diastolic)
    if kind.name == "smoking":
        word = _SMOKING_WORDS.get(text.lower())
        if word:
            return Reading(None if word == "current" else 0.0, status=word)
        count = check_plausible(kind, _number(text, kind) * unit_factor(kind, unit))
        return Reading(count, status="current" if count > 0 else None)
    if kind.keeps_unit:
        return _kept_unit_reading(kind, text, unit)
    value = _number(text, kind) * unit_factor(kind, unit) + kind.offsets.get(
        _spelled(kind, unit), 0
    )
    return Reading(check_plausible(kind, value))


def _spelled(kind: Kind, unit: str | None) -> str:
    return (unit or kind.default_unit).strip().lower().replace(" ", "")


def _kept_unit_reading(kind: Kind, text: str, unit: str | None) -> Reading:
    """Lp(a): the unit is required and stored as given; see labs.LPA_NOT_CONVERTIBLE."""
    spelled = _spelled(kind, unit)
    if spelled not in LPA_UNITS:
        raise InvalidValue(
            f"Give the unit for {kind.label}: mg/dL or nmol/L. {LPA_NOT_CONVERTIBLE}"
        )
    return Reading(check_plausible(kind, _number(text, kind)), unit=LPA_UNITS[spelled])


def _fmt(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:g}"
