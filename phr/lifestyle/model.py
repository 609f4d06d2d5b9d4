"""Summaries of the lifestyle logs, as the CLI, the Lifestyle page and the reports use them."""

from __future__ import annotations

from dataclasses import dataclass

# A reading: one number, or (systolic, diastolic) for blood pressure.
Value = float | tuple[float, float]


@dataclass(frozen=True)
class DayValue:
    date: str  # YYYY-MM-DD in the local time of the records
    value: Value  # day's total for steps, alcohol and exercise; the day's mean otherwise


@dataclass(frozen=True)
class KindSummary:
    kind: str  # 'weight', 'blood_pressure', 'heart_rate', 'resting_heart_rate', 'steps', ...
    unit: str  # canonical unit
    latest: Value | None
    latest_at: str | None  # ISO 8601 with the record's offset
    days: tuple[DayValue, ...]
    mean_7d: Value | None  # mean of the last 7 days' values
    mean_30d: Value | None
    trend_90d: Value | None  # slope of a linear fit over the last 90 days, per 30 days
    share_above_130_80: float | None = None  # blood pressure only: share of readings above
    # Added by the lifestyle logs work (not in the JSON contract; charts and the UI use them):
    weeks: tuple[DayValue, ...] = ()  # Monday-dated weeks: total for total kinds, else mean
    rolling_7d: tuple[DayValue, ...] = ()  # 7-day rolling mean of the day values, per day
    rolling_30d: tuple[DayValue, ...] = ()
    implausible_dates: int = 0  # entries left out: date unreadable, before 1900 or ahead of now

    def as_json(self) -> dict[str, object]:
        def plain(value: Value | None) -> object:
            return list(value) if isinstance(value, tuple) else value

        return {
            "kind": self.kind,
            "unit": self.unit,
            "latest": plain(self.latest),
            "latest_at": self.latest_at,
            "days": [{"date": d.date, "value": plain(d.value)} for d in self.days],
            "mean_7d": plain(self.mean_7d),
            "mean_30d": plain(self.mean_30d),
            "trend_90d": plain(self.trend_90d),
            "share_above_130_80": self.share_above_130_80,
        }
