"""Sleep by night from Apple Health's SleepAnalysis records.

A night is not a calendar day: a record from 23:00 to 07:00 belongs to the morning it ends, and
a watch writes a night as dozens of stage records (Core, Deep, REM, Awake) beside an InBed
record from the phone and records from other sleep apps, all overlapping. So:

- every SleepAnalysis record of every source is chained into sessions: sorted by start, a record
  that starts less than `SESSION_GAP` after the latest end so far belongs to the same session;
- asleep time is the union of the session's Asleep* intervals (AsleepCore, AsleepDeep,
  AsleepREM, AsleepUnspecified and the legacy Asleep), so overlaps from two apps count once,
  and InBed and Awake never count; time in bed is the union of all of its intervals (InBed,
  Awake and asleep alike: a person awake in bed is in bed);
- a session is dated by its wake-up, the local date of its latest end (at that record's own
  offset); sessions waking on the same date (a night and an afternoon nap) add up;
- lengths come from UTC instants, so the night clocks change is 7 h or 9 h of wall clock as it
  really was, never 8.

One row per wake-up date: `value` = hours asleep, `value2` = hours in bed. A session with no
asleep record at all (only InBed from a bedtime schedule) gives no row: it says nothing about
sleep.

Order: Apple writes records grouped by type and time-sorted within a type, but sources are
interleaved and nothing promises it, so nothing is assumed: records are kept in compact arrays
(19 bytes each; a decade of watch nights is a few hundred thousand records, a few MB) and sorted
once at the end.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from phr.lifestyle.entries import EntryRow, dedupe_key

ASLEEP_VALUES = frozenset(
    {
        "HKCategoryValueSleepAnalysisAsleep",
        "HKCategoryValueSleepAnalysisAsleepUnspecified",
        "HKCategoryValueSleepAnalysisAsleepCore",
        "HKCategoryValueSleepAnalysisAsleepDeep",
        "HKCategoryValueSleepAnalysisAsleepREM",
    }
)
IN_BED_VALUES = frozenset(
    {"HKCategoryValueSleepAnalysisInBed", "HKCategoryValueSleepAnalysisAwake"}
)
SESSION_GAP = timedelta(hours=3)
MAX_RECORD = timedelta(hours=24)
SLEEP_SOURCE = "apple_health"
NIGHT_KEY = "apple_health_sleep_night"
_EPOCH = datetime(1970, 1, 1)


def _union_seconds(spans: list[tuple[int, int]]) -> int:
    """Length of the union of (start, end) spans already sorted by start."""
    total = 0
    cur_start, cur_end = spans[0]
    for start, end in spans[1:]:
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    return total + cur_end - cur_start


class SleepRecords:
    """Every SleepAnalysis record of an export (any source, any order), then nights."""

    def __init__(self) -> None:
        self._start = array("q")  # seconds since 1970, UTC
        self._end = array("q")
        self._offset = array("h")  # minutes east of UTC at the end
        self._asleep = bytearray()

    def add(self, start: datetime, end: datetime, end_offset: int, asleep: bool) -> None:
        """`start`/`end` are naive UTC; the caller has checked 0 < end - start <= 24 h."""
        self._start.append((start - _EPOCH) // timedelta(seconds=1))
        self._end.append((end - _EPOCH) // timedelta(seconds=1))
        self._offset.append(end_offset)
        self._asleep.append(asleep)

    def __len__(self) -> int:
        return len(self._start)

    def sessions(self) -> Iterator[list[int]]:
        """Indexes of the records of each session, each list sorted by start."""
        starts, ends = self._start, self._end
        order = sorted(range(len(starts)), key=starts.__getitem__)
        gap = SESSION_GAP // timedelta(seconds=1)
        session: list[int] = []
        latest = 0
        for i in order:
            if session and starts[i] >= latest + gap:
                yield session
                session = []
            latest = max(latest, ends[i]) if session else ends[i]
            session.append(i)
        if session:
            yield session

    def nights(self) -> list[EntryRow]:
        """One row per wake-up date (see the module docstring)."""
        days: dict[str, tuple[int, int, int, int]] = {}  # day -> asleep s, in bed s, wake, offset
        for session in self.sessions():
            spans = [(self._start[i], self._end[i]) for i in session]
            asleep = [spans[n] for n, i in enumerate(session) if self._asleep[i]]
            if not asleep:
                continue
            woke = max(session, key=self._end.__getitem__)
            wake, offset = self._end[woke], self._offset[woke]
            day = (_EPOCH + timedelta(seconds=wake + offset * 60)).date().isoformat()
            slept, in_bed = _union_seconds(asleep), _union_seconds(spans)
            before = days.get(day)
            if before is not None:
                slept, in_bed = slept + before[0], in_bed + before[1]
                if before[2] > wake:
                    wake, offset = before[2], before[3]
            days[day] = (slept, in_bed, wake, offset)
        rows: list[EntryRow] = []
        for day, (slept, in_bed, wake, offset) in sorted(days.items()):
            at = (_EPOCH + timedelta(seconds=wake)).replace(tzinfo=UTC)
            rows.append(
                ("sleep", at.strftime("%Y-%m-%dT%H:%M:%SZ"), offset,
                 round(min(slept / 3600, 24.0), 4), round(min(in_bed / 3600, 24.0), 4),
                 None, "h", SLEEP_SOURCE, None, dedupe_key(NIGHT_KEY, day))
            )  # fmt: skip
        return rows
