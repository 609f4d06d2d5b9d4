"""Lifestyle facts: the few numbers from the logs that change what a genetic result means.

The rules engine takes a `LifestyleFacts` value and never reads the logs itself; `None` means
"not known" (no entries), which rules must treat differently from "no".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from phr.lifestyle.entries import latest_instant, stored_local
from phr.vault import Vault


@dataclass(frozen=True)
class LifestyleFacts:
    current_smoker: bool | None = None
    cigarettes_per_day: float | None = None
    alcohol_grams_per_week: float | None = None  # mean over the last 28 days of entries
    bmi: float | None = None
    latest_weight_kg: float | None = None
    latest_systolic: float | None = None
    latest_diastolic: float | None = None
    height_cm: float | None = None  # latest height entry (the `height` log kind)


def lifestyle_facts(vault: Vault, *, today: date | None = None) -> LifestyleFacts:
    """Derive the facts the rules use from the logs, as of the end of `today` (default today).

    - Smoking: from the latest smoking entry. It is "current" when its status says so or it
      gives more than 0 cigarettes a day; "former", "never" or 0 a day mean not current.
      `cigarettes_per_day` is that entry's count (0 when not smoking, None when unknown).
    - Alcohol: the grams of pure alcohol logged on the 28 local days ending today, divided by
      4, i.e. the mean per week. None when nothing was logged in those 28 days (not logging is
      not the same as not drinking).
    - Height is recorded as its own log kind, `height` (cm; m, in and ft accepted), and the
      latest height entry is used. BMI = latest weight (kg) / height (m)^2, rounded to 0.1;
      None without both a weight and a height.
    - Latest weight and blood pressure: the most recent entries, however old.

    Entries are compared by instant; the window edges use each entry's own local date.
    Entries with an implausible date (older vaults) are ignored.
    """
    today = today or date.today()
    # A generous instant cutoff (end of today anywhere on Earth), then local dates exactly.
    cutoff = (today + timedelta(days=2)).isoformat()
    smoking_value, _, smoking_status = _latest_local(vault, "smoking", today, cutoff)
    has_smoking = vault.scalar(
        "SELECT 1 FROM log_entries WHERE kind = 'smoking' AND at_utc < ? LIMIT 1", (cutoff,)
    )
    current: bool | None = None
    per_day: float | None = None
    if has_smoking:
        current = smoking_status == "current" or (smoking_value or 0) > 0
        if smoking_status in ("former", "never"):
            current = False
        per_day = smoking_value if current else 0.0
    weight, _, _ = _latest_local(vault, "weight", today, cutoff)
    height, _, _ = _latest_local(vault, "height", today, cutoff)
    systolic, diastolic, _ = _latest_local(vault, "blood_pressure", today, cutoff)
    bmi = round(weight / (height / 100) ** 2, 1) if weight and height else None
    return LifestyleFacts(
        current_smoker=current,
        cigarettes_per_day=per_day,
        alcohol_grams_per_week=_alcohol_per_week(vault, today),
        bmi=bmi,
        latest_weight_kg=weight,
        latest_systolic=systolic,
        latest_diastolic=diastolic,
        height_cm=height,
    )


def _latest_local(
    vault: Vault, kind: str, today: date, cutoff: str
) -> tuple[float | None, float | None, str | None]:
    """The latest entry whose local date is on or before `today`."""
    rows = vault.query(
        "SELECT at_utc, tz_offset, value, value2, status FROM log_entries"
        " WHERE kind = ? AND at_utc < ? ORDER BY at_utc DESC, id DESC LIMIT 50",
        (kind, cutoff),
    )
    latest = latest_instant()
    for at_utc, offset, value, value2, status in rows:
        local = stored_local(at_utc, offset, latest=latest)
        if local is not None and local.date() <= today:
            return value, value2, status
    return None, None, None


def _alcohol_per_week(vault: Vault, today: date) -> float | None:
    first = today - timedelta(days=27)
    rows = vault.query(
        "SELECT at_utc, tz_offset, value FROM log_entries WHERE kind = 'alcohol'"
        " AND at_utc >= ? AND at_utc < ?",
        ((first - timedelta(days=2)).isoformat(), (today + timedelta(days=2)).isoformat()),
    )
    latest = latest_instant()
    days = [(stored_local(at, off, latest=latest), v) for at, off, v in rows]
    grams = [v for local, v in days if local is not None and first <= local.date() <= today]
    if not grams:
        return None
    return round(float(sum(grams)) / 4, 1)
