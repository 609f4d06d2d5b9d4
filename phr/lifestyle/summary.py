"""Per-kind summaries of the logs with pandas: days, weeks, rolling means, trend, latest.

Days are local dates: each entry's UTC instant shifted by the offset it was recorded with.

A day's value is the day's total for steps, alcohol and exercise and the day's mean otherwise
(blood pressure: mean systolic and mean diastolic).

Phone + watch de-duplication (steps and exercise minutes): several devices count the same
walk. Within each local clock hour PHR adds up each source's entries, keeps the largest
single-source total, and the day is the sum of its hours. So a watch and a phone that both
counted a morning walk count it once, while a phone used in the morning and a watch in the
afternoon both contribute. Entries are placed in the hour their measurement started; Apple's
step samples are minutes long, so almost none straddle an hour. Alcohol is summed as logged.

Windows are calendar days ending on `today` (inclusive): `mean_7d` is the mean of the day
values of the last 7 days that have data, `mean_30d` likewise, `trend_90d` the slope of a
least-squares line through the last 90 days' day values, in units per 30 days (None with fewer
than 3 days). Weekly values start on Mondays: the week's total for total kinds, the mean of
its days otherwise. `share_above_130_80` is the share of blood-pressure readings (not days) in
the summary's range with systolic >= 130 or diastolic >= 80, the 2017 ACC/AHA threshold for
high blood pressure (PMID 29133356).

Rows with an implausible date (unreadable, before 1900, after tomorrow: older vaults may hold
them, and one in year 9999 used to break the summaries, the charts and the PDF) are left out
and counted per kind in `KindSummary.implausible_dates`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from phr.lifestyle.entries import EARLIEST_DAY, MAX_OFFSET_MINUTES, STORED_FORMAT, latest_instant
from phr.lifestyle.kinds import KINDS, kind_named
from phr.lifestyle.model import DayValue, KindSummary, Value
from phr.vault import Vault

HOURLY_DEDUPED = frozenset({"steps", "exercise"})
_COLUMNS = ["kind", "at_utc", "tz_offset", "value", "value2", "source", "unit"]


def load_frame(
    vault: Vault,
    kinds: Sequence[str] | None,
    since: date | None,
    *,
    now: datetime | None = None,
) -> tuple[pd.DataFrame, Counter[str]]:
    """Entries as a DataFrame with `local` (naive local datetime) and `day` columns, and how
    many rows of each kind were left out for an implausible date."""
    sql = "SELECT kind, at_utc, tz_offset, value, value2, source, unit FROM log_entries WHERE 1 = 1"
    params: list[object] = []
    if kinds:
        sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
        params += list(kinds)
    if since:
        sql += " AND at_utc >= ?"
        params.append((since - timedelta(days=1)).isoformat())
    frame = pd.DataFrame.from_records(vault.query(sql, params), columns=_COLUMNS)
    frame, implausible = _plausible(frame, latest_instant(now))
    if frame.empty:
        frame["local"] = pd.Series(dtype="datetime64[ns]")
        frame["day"] = pd.Series(dtype="datetime64[ns]")
        return frame, implausible
    frame["day"] = frame["local"].dt.normalize()
    if since:
        frame = frame[frame["day"] >= pd.Timestamp(since)]
    return frame.sort_values(["local", "at_utc"], kind="stable"), implausible


def _plausible(frame: pd.DataFrame, latest: datetime) -> tuple[pd.DataFrame, Counter[str]]:
    """The rows whose date `phr.lifestyle.entries.stored_local` accepts, with `local` added."""
    if frame.empty:
        return frame, Counter()
    utc = pd.to_datetime(frame["at_utc"], format=STORED_FORMAT, errors="coerce")
    offset = pd.to_numeric(frame["tz_offset"], errors="coerce")
    keep = (
        utc.notna()
        & offset.notna()
        & (offset.abs() < MAX_OFFSET_MINUTES)
        & (utc <= pd.Timestamp(latest.astimezone(UTC).replace(tzinfo=None)))
    )
    # Offsets of rows already refused count as 0: year 9999 plus a day would overflow.
    local = utc + pd.to_timedelta(offset.where(keep, 0), unit="min")
    keep &= local >= pd.Timestamp(EARLIEST_DAY)
    kept = frame[keep].assign(local=local[keep])
    return kept, Counter(frame.loc[~keep, "kind"])


def daily_values(kind: str, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per local day (index), columns `value` (and `value2` for blood pressure)."""
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        return pd.DataFrame(columns=["value"], index=pd.DatetimeIndex([], name="day"))
    if kind in HOURLY_DEDUPED:
        hourly = rows.assign(hour=rows["local"].dt.floor("h"))
        per_source = hourly.groupby(["day", "hour", "source"])["value"].sum()
        per_hour = per_source.groupby(level=["day", "hour"]).max()
        return per_hour.groupby(level="day").sum().to_frame("value")
    if KINDS[kind].daily_total:
        return rows.groupby("day")["value"].sum().to_frame("value")
    columns = ["value", "value2"] if kind == "blood_pressure" else ["value"]
    return rows.groupby("day")[columns].mean()


def _plain(row: pd.Series, paired: bool) -> Value:
    if paired:
        return (round(float(row["value"]), 1), round(float(row["value2"]), 1))
    return round(float(row["value"]), 2)


def _series(frame: pd.DataFrame, paired: bool) -> tuple[DayValue, ...]:
    return tuple(
        DayValue(day.strftime("%Y-%m-%d"), _plain(row, paired)) for day, row in frame.iterrows()
    )


def _window_mean(days: pd.DataFrame, today: date, width: int, paired: bool) -> Value | None:
    start = pd.Timestamp(today - timedelta(days=width - 1))
    window = days[(days.index >= start) & (days.index <= pd.Timestamp(today))]
    if window.empty:
        return None
    return _plain(window.mean(), paired)


def _trend(days: pd.DataFrame, today: date, paired: bool) -> Value | None:
    start = pd.Timestamp(today - timedelta(days=89))
    window = days[(days.index >= start) & (days.index <= pd.Timestamp(today))]
    if len(window) < 3:
        return None
    x = (window.index - start).days.to_numpy(dtype=float)

    def slope(column: str) -> float:
        return round(float(np.polyfit(x, window[column].to_numpy(dtype=float), 1)[0]) * 30, 3)

    return (slope("value"), slope("value2")) if paired else slope("value")


def _weeks(kind: str, days: pd.DataFrame, paired: bool) -> tuple[DayValue, ...]:
    if days.empty:
        return ()
    monday = days.index - pd.to_timedelta(days.index.day_of_week, unit="D")
    grouped = days.groupby(monday)
    weekly = grouped.sum() if KINDS[kind].daily_total else grouped.mean()
    return _series(weekly, paired)


def _rolling(days: pd.DataFrame, width: int, paired: bool) -> tuple[DayValue, ...]:
    if days.empty:
        return ()
    return _series(days.rolling(f"{width}D").mean(), paired)


def summarize_kind(
    kind: str, rows: pd.DataFrame, *, today: date, implausible_dates: int = 0
) -> KindSummary:
    paired = kind == "blood_pressure"
    unit = KINDS[kind].unit
    if KINDS[kind].keeps_unit and not rows.empty:
        # Units that cannot be converted (Lp(a)): summarise only the readings in the unit of
        # the latest one, and say that unit; never average mg/dL with nmol/L.
        unit = str(rows.iloc[-1]["unit"])
        rows = rows[rows["unit"] == unit]
    days = daily_values(kind, rows)
    numeric = rows.dropna(subset=["value"])
    latest: Value | None = None
    latest_at: str | None = None
    if not numeric.empty:
        last = numeric.iloc[-1]
        latest = _plain(last, paired)
        offset = pd.Timedelta(minutes=int(last["tz_offset"]))
        stamp = last["local"].to_pydatetime()
        sign = "+" if offset >= pd.Timedelta(0) else "-"
        minutes = abs(int(offset.total_seconds() // 60))
        latest_at = (
            stamp.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
        )
    share = None
    if paired and not numeric.empty:
        high = (numeric["value"] >= 130) | (numeric["value2"] >= 80)
        share = round(float(high.mean()), 3)
    return KindSummary(
        kind=kind,
        unit=unit,
        latest=latest,
        latest_at=latest_at,
        days=_series(days, paired),
        mean_7d=_window_mean(days, today, 7, paired),
        mean_30d=_window_mean(days, today, 30, paired),
        trend_90d=_trend(days, today, paired),
        share_above_130_80=share,
        weeks=_weeks(kind, days, paired),
        rolling_7d=_rolling(days, 7, paired),
        rolling_30d=_rolling(days, 30, paired),
        implausible_dates=implausible_dates,
    )


def summarize(
    vault: Vault,
    kinds: Sequence[str] | None = None,
    *,
    since: date | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> list[KindSummary]:
    """One summary per kind that has entries (or per requested kind), in `KINDS` order.

    A kind whose entries all have implausible dates gets a summary without days, which says
    how many were left out."""
    today = today or date.today()
    wanted = [kind_named(k).name for k in kinds] if kinds else None
    frame, implausible = load_frame(vault, wanted, since, now=now)
    present = set(frame["kind"].unique()) if not frame.empty else set()
    present |= set(implausible)
    order = [k for k in KINDS if (k in wanted if wanted else k in present)]
    return [
        summarize_kind(k, frame[frame["kind"] == k], today=today, implausible_dates=implausible[k])
        for k in order
    ]
