"""Apple Health workouts as exercise entries: activity, start, active minutes, distance, energy.

What Apple writes (shared/data/apple-health/PROVENANCE.md and the v14 DTD):
- `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="17.4557"
  durationUnit="min" ... startDate=... endDate=...>`; exports up to iOS 15 add
  `totalDistance`/`totalDistanceUnit` and `totalEnergyBurned`/`totalEnergyBurnedUnit`;
- iOS 16 and later move the totals into children `<WorkoutStatistics type=... sum=... unit=.../>`
  (energy unit `Cal`, which is a kilocalorie); these win over the old attributes when both exist;
- `<WorkoutEvent type="HKWorkoutEventTypePause|Resume|MotionPaused|MotionResumed" date=.../>`.

Active minutes: Apple's `duration` already leaves pauses out (a real Runtastic workout: 17.77 min
from start to end, an 18 s pause and a final pause 1 s before the end, duration 17.46 min), so
it is used when it is above zero. Without it, the minutes are start to end less every paused
stretch (a pause not resumed lasts until the end). A manual entry with duration 0 (a run typed
as 5 km, 300 kcal) is kept with 0 minutes: the distance and energy are still worth having.

Not counted twice: the watch also writes `AppleExerciseTime` minute records during a workout.
Those inside any workout's start-to-end are left out (the workout carries them); the rest of
the day's exercise minutes stay. See `WorkoutRows.outside`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from phr.lifestyle.entries import ReadingRow, dedupe_key
from phr.vault.vault import Connection

ACTIVITY_PREFIX = "HKWorkoutActivityType"
ENERGY_TYPE = "HKQuantityTypeIdentifierActiveEnergyBurned"
DISTANCE_PREFIX = "HKQuantityTypeIdentifierDistance"  # WalkingRunning, Cycling, Swimming...
PAUSES = frozenset({"HKWorkoutEventTypePause", "HKWorkoutEventTypeMotionPaused"})
RESUMES = frozenset({"HKWorkoutEventTypeResume", "HKWorkoutEventTypeMotionResumed"})
_MINUTES = {"min": 1.0, "s": 1 / 60, "sec": 1 / 60, "hr": 60.0, "h": 60.0}
_KM = {"km": 1.0, "m": 0.001, "mi": 1.609344, "yd": 0.0009144, "ft": 0.0003048}
_KCAL = {"kcal": 1.0, "Cal": 1.0, "cal": 0.001, "kJ": 1 / 4.184, "J": 1 / 4184}
MAX_MINUTES = 24 * 60.0
MAX_KM = 2000.0
MAX_KCAL = 50_000.0
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
STORED = "%Y-%m-%dT%H:%M:%SZ"

# (at_utc, tz_offset, minutes, activity, distance_km, energy_kcal, source, dedupe_key, end_utc)
WorkoutRow = tuple[str, int, float, str, float | None, float | None, str, int, str]
INSERT_WORKOUT_SQL = (
    "INSERT OR IGNORE INTO log_entries (kind, at_utc, tz_offset, value, unit, source, dedupe_key,"
    " activity, distance_km, energy_kcal) VALUES ('exercise', ?, ?, ?, 'min', ?, ?, ?, ?, ?)"
)

When = Callable[[str], tuple[datetime, int]]  # Apple date -> (naive UTC, offset minutes)


class WorkoutProblem(ValueError):
    """A workout PHR cannot use; the text is a skip reason of `phr.lifestyle.apple_health`."""


def activity_name(raw: str) -> str:
    """'HKWorkoutActivityTypeTraditionalStrengthTraining' -> 'Traditional Strength Training'."""
    name = raw.removeprefix(ACTIVITY_PREFIX)
    return _CAMEL.sub(" ", name)[:60] or "Workout"


def _amount(
    text: str | None, unit: str | None, table: dict[str, float], limit: float
) -> float | None:
    """A total in our unit, or None when absent, unreadable, in an unknown unit or absurd."""
    if text is None or unit not in table:
        return None
    try:
        value = float(text) * table[unit]
    except ValueError:
        return None
    return value if 0 <= value <= limit else None  # NaN fails too


@dataclass
class WorkoutDraft:
    """One open `<Workout>` while its children stream past."""

    attrs: dict[str, str]
    events: list[tuple[str, str]] = field(default_factory=list)  # (type, date)
    distance: tuple[str, str] | None = None  # (sum, unit) from WorkoutStatistics
    energy: tuple[str, str] | None = None

    def child(self, name: str, attrs: dict[str, str]) -> None:
        if name == "WorkoutEvent":
            kind = attrs.get("type", "")
            if kind in PAUSES or kind in RESUMES:
                self.events.append((kind, attrs.get("date", "")))
        elif name == "WorkoutStatistics":
            stat = attrs.get("type", "")
            total = (attrs.get("sum", ""), attrs.get("unit", ""))
            if stat == ENERGY_TYPE:
                self.energy = total
            elif stat.startswith(DISTANCE_PREFIX) and self.distance is None:
                self.distance = total

    def finish(self, when: When, source: str) -> WorkoutRow:
        """The entry; raises WorkoutProblem, ValueError (unreadable) or the date errors of
        `when`, which the caller counts as skipped."""
        attrs = self.attrs
        start_text, end_text = attrs["startDate"], attrs["endDate"]
        start, offset = when(start_text)
        end, _ = when(end_text)
        if not timedelta(0) <= end - start <= timedelta(days=1):
            raise WorkoutProblem("implausible value")
        minutes = _amount(attrs.get("duration"), attrs.get("durationUnit", "min"), _MINUTES,
                          MAX_MINUTES)  # fmt: skip
        if not minutes:
            minutes = (end - start - self._paused(when, start, end)) / timedelta(minutes=1)
        distance = _amount(
            *(self.distance or (attrs.get("totalDistance"), attrs.get("totalDistanceUnit"))),
            _KM,
            MAX_KM,
        )
        energy = _amount(
            *(self.energy or (attrs.get("totalEnergyBurned"), attrs.get("totalEnergyBurnedUnit"))),
            _KCAL,
            MAX_KCAL,
        )
        raw_type = attrs.get("workoutActivityType", "")
        key = dedupe_key("HKWorkout", attrs.get("sourceName", ""), start_text, end_text, raw_type)
        return (start.strftime(STORED), offset, round(max(minutes, 0.0), 3),
                activity_name(raw_type), None if distance is None else round(distance, 4),
                None if energy is None else round(energy, 2), source, key,
                end.strftime(STORED))  # fmt: skip

    def _paused(self, when: When, start: datetime, end: datetime) -> timedelta:
        """Time between each pause and the next resume (or the end), within the workout."""
        marks = sorted((when(date)[0], kind) for kind, date in self.events)
        paused = timedelta(0)
        since: datetime | None = None
        for moment, kind in marks:
            moment = min(max(moment, start), end)
            if kind in PAUSES and since is None:
                since = moment
            elif kind in RESUMES and since is not None:
                paused += moment - since
                since = None
        if since is not None:
            paused += end - since
        return paused


class WorkoutRows:
    """Finished workouts of an export and the exercise-minute records held back for them."""

    def __init__(self) -> None:
        self.rows: list[WorkoutRow] = []
        self.exercise_minutes: list[ReadingRow] = []  # AppleExerciseTime, filtered at the end

    def outside(self) -> list[ReadingRow]:
        """Exercise-minute records that start outside every workout (see the module doc)."""
        spans = sorted((row[0], row[8]) for row in self.rows)
        starts: list[str] = []
        ends: list[str] = []
        for start, end in spans:
            if starts and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        kept = []
        for row in self.exercise_minutes:
            j = bisect_right(starts, row[0]) - 1
            if j < 0 or row[0] >= ends[j]:
                kept.append(row)
        return kept


def insert_workouts(conn: Connection, rows: Iterable[WorkoutRow]) -> int:
    """Inside the caller's transaction; returns how many were new.

    Exercise-minute records an earlier PHR imported inside a workout's time go, so the workout
    does not count them a second time (same rule as `WorkoutRows.outside`).
    """
    new = 0
    for at, offset, minutes, activity, km, kcal, source, key, end in rows:
        changes = conn.total_changes
        conn.execute(INSERT_WORKOUT_SQL, (at, offset, minutes, source, key, activity, km, kcal))
        new += conn.total_changes - changes
        conn.execute(
            "DELETE FROM log_entries WHERE kind = 'exercise' AND activity IS NULL"
            " AND dedupe_key IS NOT NULL AND source LIKE 'apple_health:%'"
            " AND at_utc >= ? AND at_utc < ?",
            (at, end),
        )
    return new
