"""Apple Health `export.xml`: a hardened, streaming reader that yields log rows.

Safety: `phr.lifestyle.apple_prolog` first refuses any `<!ENTITY` and any DOCTYPE naming an
external DTD, blanks Apple's internal DTD subset (broken in iOS 16 exports; it declares nothing
PHR reads) and drops stray control characters. Behind it, defusedxml's expat (SAX) driver still
forbids entity declarations and external references, and external DTDs and parameter entities
are never fetched or parsed.

Speed and memory: expat hands each start tag's attributes over as a dict and no element tree
is built at all (ElementTree's pure-Python builder, which defusedxml's iterparse uses, cost more
than all of the conversion). The file is fed in 64 kB chunks and converted rows are handed over
per kind after each chunk, so a 2 GB export is read in near-constant memory. Sleep records are
kept until the end (19 bytes each, `phr.lifestyle.apple_sleep`) to chain them into nights.
expat does keep a token (a tag, a comment) until it ends, and scans it again with every chunk
fed: a tag that never ends would cost memory and quadratic time, so a token
longer than `MAX_TOKEN_BYTES` stops the import.

What is read (everything else is counted as skipped):
- Records of the quantity types in `RECORD_KINDS`, units per record (lb or kg, mg/dL or the
  `mmol<180.15...>/L` form Apple writes for mmol/L);
- blood pressure from `HKCorrelationTypeIdentifierBloodPressure` only (its systolic and
  diastolic children are repeated as top-level records, which are ignored so each measurement
  counts once);
- sleep from `HKCategoryTypeIdentifierSleepAnalysis`: every record of every source is chained
  into sessions dated by their wake-up, asleep and in-bed time each counted once
  (`phr.lifestyle.apple_sleep`); the entry is timed at the wake-up, so its day in every summary
  is that same date;
- steps from every source, counted by Apple's source priority (manual > Apple Watch > iPhone >
  other apps) and stored as hourly totals (`phr.lifestyle.apple_steps`);
- workouts as exercise entries, and the watch's exercise minutes outside them
  (`phr.lifestyle.apple_workouts`).

Held until the end of the file (compact, a few tens of bytes a record): sleep records, step
samples, exercise minutes and workouts. Everything else is handed over while streaming.

Times: Apple writes `2017-03-30 09:29:00 +0200`; the offset is kept per record and days are the
wall-clock date as written (old exports render every date at the export-time offset; that is
what the file says, and we do not guess otherwise). A record dated before 1900, more than a day
after now, or off the calendar once its offset is applied is skipped as an implausible date.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol
from xml.parsers import expat
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

import defusedxml
from defusedxml.expatreader import DefusedExpatParser

from phr.archives import describe_size
from phr.errors import InvalidValue, MalformedFile, UnsupportedFile
from phr.lifestyle.apple_prolog import CleanExport
from phr.lifestyle.apple_sleep import ASLEEP_VALUES, IN_BED_VALUES, SleepRecords
from phr.lifestyle.apple_steps import StepSamples, source_class
from phr.lifestyle.apple_workouts import WorkoutDraft, WorkoutProblem, WorkoutRow, WorkoutRows
from phr.lifestyle.entries import (
    EARLIEST_DAY,
    MAX_OFFSET_MINUTES,
    EntryRow,
    ReadingRow,
    dedupe_key,
    latest_instant,
)
from phr.lifestyle.kinds import KINDS, check_blood_pressure
from phr.progress import CancelToken

RECORD_KINDS: dict[str, str] = {
    "HKQuantityTypeIdentifierBodyMass": "weight",
    "HKQuantityTypeIdentifierHeight": "height",
    "HKQuantityTypeIdentifierHeartRate": "heart_rate",
    "HKQuantityTypeIdentifierRestingHeartRate": "resting_heart_rate",
    "HKQuantityTypeIdentifierStepCount": "steps",
    "HKQuantityTypeIdentifierBloodGlucose": "blood_glucose",
    "HKQuantityTypeIdentifierAppleExerciseTime": "exercise",
    "HKQuantityTypeIdentifierNumberOfAlcoholicBeverages": "alcohol",
}
SLEEP_TYPE = "HKCategoryTypeIdentifierSleepAnalysis"
BP_TYPE = "HKCorrelationTypeIdentifierBloodPressure"
SYSTOLIC = "HKQuantityTypeIdentifierBloodPressureSystolic"
DIASTOLIC = "HKQuantityTypeIdentifierBloodPressureDiastolic"
SOURCE_PREFIX = "apple_health:"

# Apple's unit spellings that differ from ours, per kind.
_APPLE_UNITS = {("alcohol", "count"): "drinks"}
_MMOL = re.compile(r"^mmol<[0-9.]+>/L$")

SKIP_OTHER = "other data types"
SKIP_UNIT = "unknown unit"
SKIP_IMPLAUSIBLE = "implausible value"
SKIP_UNREADABLE = "unreadable value or date"
SKIP_DATE = "implausible date"
_EARLIEST = datetime(EARLIEST_DAY.year, EARLIEST_DAY.month, EARLIEST_DAY.day)

_CHUNK = 64 * 1024
MAX_TOKEN_BYTES = 1024 * 1024  # Apple's longest tags are a few kB
_HAND_OVER = 5_000  # converted rows waiting before they are handed to the importer
_MIN_SEC = frozenset(f":{m:02d}:{s:02d}" for m in range(60) for s in range(60))
_SLEEP = "sleep"  # plan marker: a sleep-analysis record, merged per night


class ByteSource(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass
class AppleStats:
    skipped: Counter[str] = field(default_factory=Counter)
    records: int = 0  # top-level elements seen
    controls_dropped: int = 0  # stray control characters left out (see apple_prolog)


class _ImplausibleDate(ValueError):
    """A readable date outside what PHR accepts (see `phr.lifestyle.entries`)."""


@dataclass
class _Plan:
    """What to do with one (type, unit) pair, worked out once: the bulk of a file is few pairs."""

    factor: float
    low: float
    high: float
    rows: list[ReadingRow]  # the kind's pending batch
    by_priority: bool = False  # steps: kept to the end for Apple's source priority


class _ExportParser(DefusedExpatParser):  # type: ignore[misc]  # defusedxml has no types
    """defusedxml's hardened expat driver, converting records in its element callbacks.

    Overriding the driver's own `start_element`/`end_element` hands us expat's attribute dict
    directly; the entity and external-reference guards that defusedxml installs are untouched.
    """

    def __init__(self, name: str, stats: AppleStats) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.setContentHandler(ContentHandler())  # feed() announces the document to it
        self.name = name
        self.stats = stats
        self.batches: dict[str, list[ReadingRow]] = {}
        self.pending = 0
        self.sleep = SleepRecords()
        self.steps = StepSamples()
        self.workouts = WorkoutRows()
        self._workout: WorkoutDraft | None = None  # the open <Workout>
        self._step_source = ""  # the open Record is a step sample from this source
        self.seen_root = False
        self._plans: dict[tuple[str, str], _Plan | str] = {}
        self._offsets: dict[str, tuple[int, timedelta]] = {}
        self._latest = latest_instant().astimezone(UTC).replace(tzinfo=None)  # naive UTC
        self._sources: dict[str, str] = {}
        # Memo of the last whole-hour-offset time converted: records come time-sorted per type,
        # so most share the hour of the previous one and only ':MM:SS' needs checking.
        self._hour_key = ""
        self._hour_utc = ""
        self._hour_offset = 0
        self._depth = 0
        self._bp: dict[str, str] | None = None  # the open blood-pressure correlation
        self._bp_values: dict[str, str] = {}

    def reset(self) -> None:
        super().reset()
        # Never read an external DTD or parameter entity (ElementTree's default as well).
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        # Apple puts everything in attributes: no callback for the whitespace between elements.
        self._parser.CharacterDataHandler = None

    # -- expat callbacks ----------------------------------------------------------------------

    def start_element(self, name: str, attrs: dict[str, str]) -> None:
        depth = self._depth = self._depth + 1
        if depth == 2:
            self.stats.records += 1
            self._step_source = ""
            if name == "Record":
                self._record(attrs)
            elif name == "Workout":
                self._workout = WorkoutDraft(attrs)
            elif name == "Correlation" and attrs.get("type") == BP_TYPE:
                self._bp, self._bp_values = attrs, {}
            elif name not in ("ExportDate", "Me"):
                self.stats.skipped[SKIP_OTHER] += 1
        elif depth == 1:
            if name != "HealthData":
                raise UnsupportedFile(f"{self.name} is XML but not an Apple Health export.")
            self.seen_root = True
        elif self._workout is not None:
            if depth == 3:
                self._workout.child(name, attrs)
        elif self._step_source and name == "MetadataEntry":
            if attrs.get("key") == "HKWasUserEntered" and attrs.get("value") == "1":
                self.steps.mark_last_manual(self._step_source)
        elif self._bp is not None and name == "Record":
            ctype = attrs.get("type")
            if ctype in (SYSTOLIC, DIASTOLIC) and attrs.get("unit", "mmHg") == "mmHg":
                self._bp_values[ctype] = attrs.get("value", "")

    def end_element(self, name: str) -> None:
        self._depth -= 1
        if self._depth == 1 and self._bp is not None:
            self._blood_pressure(self._bp, self._bp_values)
            self._bp = None
        elif self._depth == 1 and self._workout is not None:
            self._finish_workout(self._workout)
            self._workout = None

    # -- conversion ---------------------------------------------------------------------------

    def _plan(self, rtype: str, unit: str) -> _Plan | str:
        kind_name = RECORD_KINDS.get(rtype)
        if kind_name is None:
            return _SLEEP if rtype == SLEEP_TYPE else SKIP_OTHER
        kind = KINDS[kind_name]
        spelled = _APPLE_UNITS.get((kind_name, unit), "mmol/L" if _MMOL.match(unit) else unit)
        factor = kind.units.get(spelled.lower().replace(" ", ""))
        if factor is None:
            return SKIP_UNIT
        if kind_name == "steps":
            return _Plan(factor, kind.low, kind.high, [], by_priority=True)
        if kind_name == "exercise":  # held back: minutes inside a workout are the workout's
            return _Plan(factor, kind.low, kind.high, self.workouts.exercise_minutes)
        return _Plan(factor, kind.low, kind.high, self.batches.setdefault(kind_name, []))

    def _record(self, attrs: dict[str, str]) -> None:
        rtype = attrs.get("type", "")
        unit = attrs.get("unit", "")
        plan = self._plans.get((rtype, unit))
        if plan is None:
            plan = self._plans[(rtype, unit)] = self._plan(rtype, unit)
        if isinstance(plan, str):
            if plan == _SLEEP:
                self._sleep(attrs)
            else:
                self.stats.skipped[plan] += 1
            return
        try:
            raw = attrs["value"]
            value = float(raw) * plan.factor
            start = attrs["startDate"]
            at, offset = self._utc(start)
        except _ImplausibleDate:
            self.stats.skipped[SKIP_DATE] += 1
            return
        except (KeyError, ValueError):
            self.stats.skipped[SKIP_UNREADABLE] += 1
            return
        if not plan.low <= value <= plan.high:  # NaN fails too; every low bound is > 0
            self.stats.skipped[SKIP_IMPLAUSIBLE] += 1
            return
        source_name = attrs.get("sourceName", "")
        source = self._sources.get(source_name) or self._source_label(source_name)
        if plan.by_priority:
            self._steps(attrs, source, value)
            return
        key = dedupe_key(rtype, source_name, start, attrs.get("endDate", ""), raw, unit)
        plan.rows.append((at, offset, value, None, source, key))
        self.pending += 1

    def _utc(self, text: str) -> tuple[str, int]:
        """'2017-03-30 09:29:00 +0200' -> ('2017-03-30T07:29:00Z', 120)."""
        hour_key = text[:13] + text[19:]
        min_sec = text[13:19]
        if hour_key == self._hour_key and min_sec in _MIN_SEC:
            return self._hour_utc + min_sec + "Z", self._hour_offset
        utc, offset = self._when(text)
        stamp = utc.isoformat()
        whole_hour = len(text) == 25 and text[-2:] == "00"  # minutes stay as written
        if whole_hour and utc + timedelta(hours=1) <= self._latest:  # all the hour is plausible
            self._hour_key, self._hour_utc, self._hour_offset = hour_key, stamp[:13], offset
        return stamp + "Z", offset

    def _when(self, text: str) -> tuple[datetime, int]:
        """('2017-03-30 09:29:00 +0200') -> (naive UTC datetime, offset minutes).

        Raises ValueError for an unreadable date, _ImplausibleDate for one out of range."""
        local = datetime.fromisoformat(text[:19])
        if local < _EARLIEST:
            raise _ImplausibleDate
        tail = text[19:].strip()
        cached = self._offsets.get(tail)
        if cached is None:
            if len(tail) != 5 or tail[0] not in "+-" or not tail[1:].isdigit():
                raise ValueError("bad offset")
            minutes = int(tail[1:3]) * 60 + int(tail[3:5])
            minutes = -minutes if tail[0] == "-" else minutes
            cached = self._offsets[tail] = (minutes, timedelta(minutes=minutes))
        try:
            utc = local - cached[1]
        except OverflowError:  # 9999-12-31 23:00 -0500, 0001-01-01 00:30 +0500
            raise _ImplausibleDate from None
        if utc > self._latest:
            raise _ImplausibleDate
        return utc, cached[0]

    def _source_label(self, name: str) -> str:
        # Apple's device names use a no-break space ("Apple\u00a0Watch").
        found = self._sources[name] = SOURCE_PREFIX + " ".join(name.split())
        return found

    def _span(self, attrs: dict[str, str]) -> tuple[datetime, int, datetime, int] | None:
        """(start, its offset, end, its offset) of a sample, or None after counting why it
        was skipped (an implausible date, or a missing or unreadable stamp)."""
        try:
            start, start_offset = self._when(attrs["startDate"])
            end, end_offset = self._when(attrs["endDate"])
        except _ImplausibleDate:
            self.stats.skipped[SKIP_DATE] += 1
            return None
        except (KeyError, ValueError):
            self.stats.skipped[SKIP_UNREADABLE] += 1
            return None
        return start, start_offset, end, end_offset

    def _steps(self, attrs: dict[str, str], source: str, value: float) -> None:
        span = self._span(attrs)
        if span is None:
            return
        start, offset, end, _ = span
        if abs(offset) >= MAX_OFFSET_MINUTES:
            self.stats.skipped[SKIP_DATE] += 1
            return
        if not timedelta(0) <= end - start <= timedelta(hours=24):
            self.stats.skipped[SKIP_IMPLAUSIBLE] += 1
            return
        klass = source_class(attrs.get("sourceName", ""), attrs.get("device", ""), False)
        self.steps.add((source, klass), start, end, offset, value)
        self._step_source = source

    def _finish_workout(self, draft: WorkoutDraft) -> None:
        source_name = draft.attrs.get("sourceName", "")
        source = self._sources.get(source_name) or self._source_label(source_name)
        try:
            row = draft.finish(self._when, source)
        except _ImplausibleDate:
            self.stats.skipped[SKIP_DATE] += 1
            return
        except WorkoutProblem as problem:
            self.stats.skipped[str(problem)] += 1
            return
        except (KeyError, ValueError):
            self.stats.skipped[SKIP_UNREADABLE] += 1
            return
        self.workouts.rows.append(row)

    def _sleep(self, attrs: dict[str, str]) -> None:
        stage = attrs.get("value")
        asleep = stage in ASLEEP_VALUES
        if not asleep and stage not in IN_BED_VALUES:
            self.stats.skipped[SKIP_OTHER] += 1
            return
        span = self._span(attrs)
        if span is None:
            return
        start, _, end, end_offset = span
        if not timedelta(0) < end - start <= timedelta(hours=24):
            self.stats.skipped[SKIP_IMPLAUSIBLE] += 1
            return
        self.sleep.add(start, end, end_offset, asleep)

    def _blood_pressure(self, attrs: dict[str, str], values: dict[str, str]) -> None:
        try:
            systolic, diastolic = float(values[SYSTOLIC]), float(values[DIASTOLIC])
            at, offset = self._utc(attrs["startDate"])
        except _ImplausibleDate:
            self.stats.skipped[SKIP_DATE] += 1
            return
        except (KeyError, ValueError):
            self.stats.skipped[SKIP_UNREADABLE] += 1
            return
        try:
            check_blood_pressure(systolic, diastolic)
        except InvalidValue:
            self.stats.skipped[SKIP_IMPLAUSIBLE] += 1
            return
        source_name = attrs.get("sourceName", "")
        key = dedupe_key(
            BP_TYPE,
            source_name,
            attrs["startDate"],
            attrs.get("endDate", ""),
            values[SYSTOLIC],
            values[DIASTOLIC],
        )
        source = self._sources.get(source_name) or self._source_label(source_name)
        self.batches.setdefault("blood_pressure", []).append(
            (at, offset, systolic, diastolic, source, key)
        )
        self.pending += 1

    def hand_over(self) -> Iterator[tuple[str, list[ReadingRow]]]:
        """The pending rows per kind (copies: the batch lists are reused)."""
        for kind, rows in self.batches.items():
            if rows:
                yield kind, rows[:]
                rows.clear()
        self.pending = 0

    def sleep_rows(self) -> list[EntryRow]:
        """One row per wake-up date (`phr.lifestyle.apple_sleep`)."""
        return self.sleep.nights()

    def step_rows(self) -> list[ReadingRow]:
        """Hourly step totals by Apple's source priority (`phr.lifestyle.apple_steps`)."""
        return self.steps.hourly()

    def workout_rows(self) -> tuple[list[WorkoutRow], list[ReadingRow]]:
        """Workouts, and the exercise minutes outside them (`phr.lifestyle.apple_workouts`)."""
        return self.workouts.rows, self.workouts.outside()


class AppleExport:
    """One streaming pass over an export: readings per kind while reading, sleep at the end.

    Raises MalformedFile for broken or unsafe XML and UnsupportedFile for XML that is not an
    Apple Health export; the caller's transaction makes either leave the vault unchanged.
    """

    def __init__(self, name: str, stats: AppleStats) -> None:
        self.name = name
        self._parser = _ExportParser(name, stats)

    def readings(
        self, source: ByteSource, cancel: CancelToken | None = None
    ) -> Iterator[tuple[str, list[ReadingRow]]]:
        """(kind, rows) batches of `insert_readings` rows; `cancel` is checked every chunk."""
        parser = self._parser
        source = clean = CleanExport(source, self.name)
        stuck = 0  # bytes fed since expat last moved past a token
        position = -1
        try:
            while chunk := source.read(_CHUNK):
                parser.feed(chunk)
                stuck, position = self._check_progress(stuck, position, len(chunk))
                if parser.pending >= _HAND_OVER:
                    yield from parser.hand_over()
                if cancel:
                    cancel.check()
            parser.close()
            parser.stats.controls_dropped += clean.dropped
        except defusedxml.DefusedXmlException:
            raise MalformedFile(
                f"{self.name} declares XML entities or external references, which PHR refuses "
                "to read for safety. A real Apple Health export never does; nothing was imported."
            ) from None
        except SAXParseException as exc:
            line = exc.getLineNumber()
            at = f" at line {line}" if line else ""
            raise MalformedFile(
                f"{self.name} is not complete, well-formed XML (it breaks off or is damaged{at}); "
                "nothing was imported."
            ) from None
        if not parser.seen_root:
            raise MalformedFile(f"{self.name} contains no XML elements.")
        yield from parser.hand_over()

    def _check_progress(self, stuck: int, position: int, fed: int) -> tuple[int, int]:
        """(bytes fed without expat moving on, its position now); refuses a token too long.

        The position is compared, never subtracted: pyexpat's index may be 32-bit and wrap;
        -1 means expat does not know it, and then nothing is counted.
        """
        expat_parser = self._parser._parser
        now = expat_parser.CurrentByteIndex
        stuck = stuck + fed if now == position != -1 else 0
        if stuck > MAX_TOKEN_BYTES:
            raise MalformedFile(
                f"{self.name} line {expat_parser.CurrentLineNumber}: an XML tag or comment runs "
                f"on for more than {describe_size(MAX_TOKEN_BYTES)}, which no Apple Health "
                "export has; nothing was imported."
            )
        return stuck, now

    def sleep_rows(self) -> list[EntryRow]:
        """Merged nights; complete once `readings` is exhausted."""
        return self._parser.sleep_rows()

    def step_rows(self) -> list[ReadingRow]:
        """Hourly step totals; complete once `readings` is exhausted."""
        return self._parser.step_rows()

    def workout_rows(self) -> tuple[list[WorkoutRow], list[ReadingRow]]:
        """Workouts and exercise minutes; complete once `readings` is exhausted."""
        return self._parser.workout_rows()


def read_export(source: ByteSource, name: str, stats: AppleStats) -> Iterator[EntryRow]:
    """Every row as a full EntryRow while streaming `source`; merged sleep rows come last."""
    export = AppleExport(name, stats)
    for kind_name, rows in export.readings(source):
        unit = KINDS[kind_name].unit
        for at, offset, value, value2, src, key in rows:
            yield (kind_name, at, offset, value, value2, None, unit, src, None, key)
    unit = KINDS["steps"].unit
    for at, offset, value, value2, src, key in export.step_rows():
        yield ("steps", at, offset, value, value2, None, unit, src, None, key)
    workouts, minutes = export.workout_rows()
    for at, offset, value, value2, src, key in minutes:
        yield ("exercise", at, offset, value, value2, None, "min", src, None, key)
    for at, offset, value, _, _, _, src, key, _ in workouts:
        yield ("exercise", at, offset, value, None, None, "min", src, None, key)
    yield from export.sleep_rows()
