"""About four months of synthetic lifestyle logs for the demo vault (no real person's data).

Steps come from two made-up devices ("demo:phone" and "demo:watch") that both count most
walks, so the demo shows the phone + watch de-duplication rule at work (see summary.py).
The person is a current light smoker who drinks a little at weekends, with blood pressure
drifting down from just above 130/80: enough for the combination rules to have something to
say. Values come from a fixed random seed, timed relative to today so the 7/30/90-day windows
are filled.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

from phr.lifestyle.entries import EntryRow, When, dedupe_key, entry_row, insert_rows
from phr.lifestyle.kinds import KINDS, Reading
from phr.vault import Vault

DAYS = 120
_ZONE = timezone(timedelta(hours=1))


def _row(kind: str, moment: datetime, reading: Reading, source: str) -> EntryRow:
    when = When(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), 60)
    key = dedupe_key("demo", kind, when.at_utc, source)
    return entry_row(KINDS[kind], reading, when, source=source, key=key)


def demo_log_rows(today: date) -> list[EntryRow]:
    rng = random.Random(20240501)
    rows: list[EntryRow] = []
    start = today - timedelta(days=DAYS - 1)
    rows.append(_row("height", datetime(start.year, start.month, start.day, 8, 0, tzinfo=_ZONE),
                     Reading(168.0), "manual"))  # fmt: skip
    rows.append(_row("smoking", datetime(start.year, start.month, start.day, 8, 5, tzinfo=_ZONE),
                     Reading(6.0, status="current"), "manual"))  # fmt: skip
    for n in range(DAYS):
        day = start + timedelta(days=n)

        def at(hour: int, minute: int = 0, day: date = day) -> datetime:
            return datetime(day.year, day.month, day.day, hour, minute, tzinfo=_ZONE)

        progress = n / DAYS
        if n % 2 == 0:
            weight = 71.5 - 2.5 * progress + rng.gauss(0, 0.3)
            rows.append(_row("weight", at(7, 10), Reading(round(weight, 1)), "manual"))
        if n % 3 == 0:
            systolic = 136 - 8 * progress + rng.gauss(0, 4)
            diastolic = 86 - 5 * progress + rng.gauss(0, 3)
            reading = Reading(round(systolic), round(diastolic))
            rows.append(_row("blood_pressure", at(7, 30), reading, "manual"))
        rows.append(_row("resting_heart_rate", at(6, 0), Reading(round(64 - 3 * progress +
                         rng.gauss(0, 1.5))), "demo:watch"))  # fmt: skip
        rows.append(_row("heart_rate", at(12, 0), Reading(round(rng.gauss(78, 6))), "demo:watch"))
        rows.append(_row("sleep", at(6, 45), Reading(round(rng.uniform(5.8, 8.2), 2)), "manual"))
        for hour in range(8, 21):
            walk = max(0, round(rng.gauss(550, 300)))
            rows.append(_row("steps", at(hour), Reading(walk), "demo:watch"))
            if rng.random() < 0.8:  # the phone was in a pocket for most of the same walks
                rows.append(_row("steps", at(hour, 1), Reading(round(walk * 0.93)), "demo:phone"))
        if rng.random() < 0.45:
            rows.append(_row("exercise", at(18), Reading(rng.choice([20, 30, 45])), "demo:watch"))
        if day.weekday() >= 4 and rng.random() < 0.7:
            grams = 14.0 * rng.choice([1, 2, 2, 3])
            rows.append(_row("alcohol", at(20), Reading(grams), "manual"))
        if n % 7 == 3:
            glucose = round(rng.gauss(5.4, 0.4), 1)
            rows.append(_row("blood_glucose", at(7, 5), Reading(glucose), "manual"))
    return rows


def add_demo_logs(vault: Vault, *, today: date | None = None) -> None:
    with vault.transaction() as conn:
        insert_rows(conn, demo_log_rows(today or date.today()))
