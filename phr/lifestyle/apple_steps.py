"""Steps from several Apple Health sources as the Health app counts them: hourly totals.

An iPhone and an Apple Watch worn together both count the same walk, and a third-party app or
band may count it a third time; adding their samples would double or triple the day. Apple's
rule for the total it shows (support.apple.com/HT204351, "How Health handles data from
different sources") is a priority list of sources, by default:

1. data the person entered by hand (source "Health", or metadata `HKWasUserEntered` = 1);
2. Apple's own devices: the Apple Watch above the iPhone/iPod (the order the Health app sets up
   when a watch is paired; the person may reorder it, which an export does not record);
3. other apps and devices, the most recently added one highest ("a new data source ... will
   appear above all other third-party apps"): the export does not say when an app was added,
   so the app whose first sample is latest ranks highest.

Samples of a higher-priority source are counted in full; a lower-priority sample counts only
for the part of its time that no higher-priority sample covers, pro rata to that part (a phone
sample of 800 steps over 10 minutes, 9 of which the watch covers, adds 80). Lower sources thus
fill the gaps, never add to what a higher one measured. Apple does not publish its exact
arithmetic; pro rata by time is the documented "fills the gaps" rule made precise.

What is stored: one `steps` entry per local clock hour (the hour at the sample's own offset;
a sample spanning hours is split pro rata by time), source `apple_health`, keyed by the hour,
so a re-import adds nothing.

Memory: samples are kept in compact arrays (28 bytes each) until the end of the file, because
a source's priority (3.) and the samples that overlap it are only known then; nothing about the
order of the file is assumed. The covered spans are arrays too, so counting adds ~20 bytes a
sample: a 2 GB export holds around 1.5 million step samples, well under 100 MB in all.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_right
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from phr.lifestyle.entries import ReadingRow, dedupe_key

MANUAL, APPLE_WATCH, IPHONE, OTHER = range(4)
STEPS_SOURCE = "apple_health"
HOUR_KEY = "apple_health_steps_hour"
_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
MAX_OFFSET = 24 * 60  # minutes; an hour bucket is (hour, offset) packed into one int
_OFFSETS = 2 * MAX_OFFSET + 1


def source_class(name: str, device: str, user_entered: bool = False) -> int:
    """Where a source stands in Apple's default order (see the module docstring)."""
    if user_entered or name == "Health":
        return MANUAL
    plain = " ".join(name.split())  # Apple writes "Apple\u00a0Watch"
    if "Apple Watch" in plain or "model:Watch" in device:
        return APPLE_WATCH
    if "iPhone" in plain or "iPod" in plain or "model:iPhone" in device or "model:iPod" in device:
        return IPHONE
    return OTHER


def _seconds(moment: datetime) -> int:
    return (moment - _EPOCH) // _SECOND


class StepSamples:
    """Every step sample of an export, then hourly totals by Apple's source priority."""

    def __init__(self) -> None:
        self._start = array("q")  # seconds since 1970, UTC
        self._end = array("q")
        self._value = array("d")
        self._offset = array("h")  # minutes east of UTC
        self._source = array("H")  # index into _sources
        self._sources: dict[tuple[str, int], int] = {}
        self._first: list[int] = []  # each source's earliest start

    def add(
        self, source: tuple[str, int], start: datetime, end: datetime, offset: int, value: float
    ) -> None:
        """`source` is (name, class); times naive UTC; the caller checked end >= start."""
        begin = _seconds(start)
        index = self._sources.get(source)
        if index is None:
            index = self._sources[source] = len(self._first)
            self._first.append(begin)
        self._first[index] = min(self._first[index], begin)
        self._start.append(begin)
        self._end.append(_seconds(end))
        self._value.append(value)
        self._offset.append(offset)
        self._source.append(index)

    def mark_last_manual(self, name: str) -> None:
        """The last sample turned out to be typed by the person (a metadata child says so)."""
        if not self._source:
            return
        index = self._sources.get((name, MANUAL))
        if index is None:
            index = self._sources[(name, MANUAL)] = len(self._first)
            self._first.append(self._start[-1])
        self._first[index] = min(self._first[index], self._start[-1])
        self._source[-1] = index

    def __len__(self) -> int:
        return len(self._start)

    def _ranked(self) -> list[int]:
        """Source indexes, highest priority first."""

        def rank(item: tuple[tuple[str, int], int]) -> tuple[int, int, str]:
            (name, klass), index = item
            newest_first = -self._first[index] if klass == OTHER else 0
            return klass, newest_first, name

        return [index for _, index in sorted(self._sources.items(), key=rank)]

    def hourly(self) -> list[ReadingRow]:
        by_source: dict[int, array[int]] = defaultdict(lambda: array("I"))
        for i, src in enumerate(self._source):
            by_source[src].append(i)
        covered_start = array("q")  # disjoint, sorted spans of higher-priority sources
        covered_end = array("q")
        hours: dict[int, float] = defaultdict(float)  # packed (hour, offset) -> steps
        for src in self._ranked():
            samples = by_source.pop(src, array("I"))
            for i in samples:
                self._count(i, covered_start, covered_end, hours)
            covered_start, covered_end = self._merged(covered_start, covered_end, samples)
        rows: list[ReadingRow] = []
        for packed, value in sorted(hours.items()):
            if value < 0.005:
                continue
            hour, offset = divmod(packed, _OFFSETS)
            offset -= MAX_OFFSET
            at = (_EPOCH + timedelta(seconds=hour)).replace(tzinfo=UTC)
            stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
            key = dedupe_key(HOUR_KEY, stamp, str(offset))
            rows.append((stamp, offset, round(value, 2), None, STEPS_SOURCE, key))
        return rows

    def _count(
        self,
        i: int,
        covered_start: array[int],
        covered_end: array[int],
        hours: dict[int, float],
    ) -> None:
        """Adds sample i's uncovered share to its local hours."""
        start, end, value = self._start[i], self._end[i], self._value[i]
        offset = self._offset[i]
        j = bisect_right(covered_end, start)
        if end == start:  # an instant: counts unless a higher source covers that moment
            if j < len(covered_start) and covered_start[j] < start:
                return
            self._spread(start, start + 1, value, offset, hours)
            return
        rate = value / (end - start)
        cursor = start
        while j < len(covered_start) and covered_start[j] < end:
            if covered_start[j] > cursor:
                self._spread(cursor, covered_start[j], rate * (covered_start[j] - cursor), offset,
                             hours)  # fmt: skip
            cursor = max(cursor, covered_end[j])
            j += 1
        if cursor < end:
            self._spread(cursor, end, rate * (end - cursor), offset, hours)

    @staticmethod
    def _spread(start: int, end: int, value: float, offset: int, hours: dict[int, float]) -> None:
        """Splits `value` over [start, end) by local clock hour, pro rata by time."""
        shift = offset * 60
        span = end - start
        hour = (start + shift) // 3600 * 3600 - shift
        while hour < end:
            part = min(end, hour + 3600) - max(start, hour)
            hours[hour * _OFFSETS + offset + MAX_OFFSET] += value * part / span
            hour += 3600

    def _merged(
        self, covered_start: array[int], covered_end: array[int], samples: array[int]
    ) -> tuple[array[int], array[int]]:
        """The covered spans with this source's added, merged (arrays: ~1.5 M spans fit)."""
        starts, ends = self._start, self._end
        own = sorted((i for i in samples if ends[i] > starts[i]), key=starts.__getitem__)
        spans = heapq.merge(
            zip(covered_start, covered_end, strict=True), ((starts[i], ends[i]) for i in own)
        )
        merged_start = array("q")
        merged_end = array("q")
        for s, e in spans:
            if merged_start and s <= merged_end[-1]:
                merged_end[-1] = max(merged_end[-1], e)
            else:
                merged_start.append(s)
                merged_end.append(e)
        return merged_start, merged_end
