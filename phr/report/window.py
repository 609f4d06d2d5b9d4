"""Which dates the lifestyle part of a report covers, chosen from the person's own data.

A fixed "last 90 days before today" window printed an empty section for someone whose watch
stopped syncing in spring, and silently dropped years of readings for someone else. The
default window therefore ends on the last day with a reading and reaches back at most
`DEFAULT_DAYS` from there, never before the first reading; whatever is older is counted, so the
report can say what it left out. The Reports page calls `lifestyle_window` to prefill its
dates, and the export uses the same function when no dates are given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phr.lifestyle.summary import load_frame
from phr.vault import Vault

DEFAULT_DAYS = 365  # a year of readings: long enough for a trend, short enough to chart


@dataclass(frozen=True)
class LifestyleWindow:
    """The period to report (inclusive) and what the vault holds outside it."""

    start: dt.date
    end: dt.date
    first_day: dt.date | None = None  # the person's first and last day with a reading
    last_day: dt.date | None = None
    older: int = 0  # readings before `start`, left out of the report
    older_first: dt.date | None = None  # their first and last days
    older_last: dt.date | None = None
    newer: int = 0  # readings after `end` (only when the person chose an earlier end)
    chosen: bool = False  # the person gave the dates (else they follow the data)

    @property
    def has_data(self) -> bool:
        return self.first_day is not None


def lifestyle_window(
    vault: Vault,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
    days: int = DEFAULT_DAYS,
) -> LifestyleWindow:
    """The window for a report: the person's choice where given, else their data's last
    `days` days. Without any reading it is the `days` days up to today."""
    today = today or dt.date.today()
    frame, _ = load_frame(vault, None, None)
    if frame.empty:
        end = until or today
        start = since or end - dt.timedelta(days=days - 1)
        return LifestyleWindow(start, end, chosen=since is not None or until is not None)
    day = frame["day"].dt.date
    first, last = min(day), max(day)
    end = until or min(last, today)
    start = since or max(first, end - dt.timedelta(days=days - 1))
    older = day[day < start]
    return LifestyleWindow(
        start=start,
        end=end,
        first_day=first,
        last_day=last,
        older=len(older),
        older_first=min(older) if len(older) else None,
        older_last=max(older) if len(older) else None,
        newer=int((day > end).sum()),
        chosen=since is not None or until is not None,
    )
