"""Apple Health `export.xml`: a hardened, streaming reader that yields log rows.

Safety: defusedxml's iterparse with entity declarations and external references forbidden.
Apple's file carries an internal DTD subset (element and attribute lists, never an ENTITY), so
DTDs are allowed; any `<!ENTITY` (billion-laughs bombs, external `SYSTEM` entities) stops the
parse at the declaration, before anything is expanded or read. External DTDs are never fetched
(expat's default).

Memory: elements are cleared as soon as each top-level element ends (the root drops its
children), so a 2 GB export is read in constant memory. Only sleep intervals are kept until the
end, a few per night, to merge them.

What is read (everything else is counted as skipped):
- Records of the quantity types in `RECORD_KINDS`, units per record (lb or kg, mg/dL or the
  `mmol<180.15...>/L` form Apple writes for mmol/L);
- blood pressure from `HKCorrelationTypeIdentifierBloodPressure` only (its systolic and
  diastolic children are repeated as top-level records, which are ignored so each measurement
  counts once);
- sleep from `HKCategoryTypeIdentifierSleepAnalysis` "asleep" values (InBed and Awake are not
  sleep). Intervals from all sources are merged (overlaps counted once) into one sleep entry
  per night, the night being the local date on which the sleep ended; the entry is timed at
  the wake-up, so its day in every summary is that same date.

Times: Apple writes `2017-03-30 09:29:00 +0200`; the offset is kept per record and days are the
wall-clock date as written (old exports render every date at the export-time offset; that is
what the file says, and we do not guess otherwise).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import defusedxml
from defusedxml import ElementTree as SafeET

from phr.errors import InvalidValue, MalformedFile, UnsupportedFile
from phr.lifestyle.entries import EntryRow, dedupe_key
from phr.lifestyle.kinds import KINDS, Kind, check_blood_pressure

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
ASLEEP_VALUES = frozenset(
    {
        "HKCategoryValueSleepAnalysisAsleep",
        "HKCategoryValueSleepAnalysisAsleepUnspecified",
        "HKCategoryValueSleepAnalysisAsleepCore",
        "HKCategoryValueSleepAnalysisAsleepDeep",
        "HKCategoryValueSleepAnalysisAsleepREM",
    }
)
BP_TYPE = "HKCorrelationTypeIdentifierBloodPressure"
SYSTOLIC = "HKQuantityTypeIdentifierBloodPressureSystolic"
DIASTOLIC = "HKQuantityTypeIdentifierBloodPressureDiastolic"
SOURCE_PREFIX = "apple_health:"
SLEEP_SOURCE = "apple_health"

# Apple's unit spellings that differ from ours, per kind.
_APPLE_UNITS = {("alcohol", "count"): "drinks"}
_MMOL = re.compile(r"^mmol<[0-9.]+>/L$")

SKIP_OTHER = "other data types"
SKIP_UNIT = "unknown unit"
SKIP_IMPLAUSIBLE = "implausible value"
SKIP_UNREADABLE = "unreadable value or date"


class ByteSource(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass
class AppleStats:
    skipped: Counter[str] = field(default_factory=Counter)
    records: int = 0  # top-level elements seen


@dataclass
class _Sleep:
    start: datetime  # UTC, naive
    end: datetime
    end_offset: int


class _Converter:
    """Per-record conversion with small caches (units, offsets, sources) for speed."""

    def __init__(self, stats: AppleStats) -> None:
        self.stats = stats
        self._factors: dict[tuple[str, str], float | None] = {}
        self._offsets: dict[str, tuple[int, timedelta]] = {}
        self._sources: dict[str, str] = {}
        self.nights: dict[str, list[_Sleep]] = {}

    def factor(self, kind: Kind, unit: str) -> float | None:
        key = (kind.name, unit)
        if key not in self._factors:
            spelled = _APPLE_UNITS.get(key, "mmol/L" if _MMOL.match(unit) else unit)
            self._factors[key] = kind.units.get(spelled.lower().replace(" ", ""))
        return self._factors[key]

    def when(self, text: str) -> tuple[datetime, int]:
        """('2017-03-30 09:29:00 +0200') -> (naive UTC datetime, offset minutes)."""
        local = datetime.fromisoformat(text[:19])
        tail = text[19:].strip()
        cached = self._offsets.get(tail)
        if cached is None:
            if len(tail) != 5 or tail[0] not in "+-" or not tail[1:].isdigit():
                raise ValueError("bad offset")
            minutes = int(tail[1:3]) * 60 + int(tail[3:5])
            minutes = -minutes if tail[0] == "-" else minutes
            cached = self._offsets[tail] = (minutes, timedelta(minutes=minutes))
        return local - cached[1], cached[0]

    def source(self, name: str) -> str:
        found = self._sources.get(name)
        if found is None:
            # Apple's device names use a no-break space ("Apple\u00a0Watch").
            found = self._sources[name] = SOURCE_PREFIX + " ".join(name.split())
        return found

    def record(self, attrib: dict[str, str]) -> EntryRow | None:
        rtype = attrib.get("type", "")
        kind_name = RECORD_KINDS.get(rtype)
        if kind_name is None:
            if rtype == SLEEP_TYPE:
                self._sleep(attrib)
            else:
                self.stats.skipped[SKIP_OTHER] += 1
            return None
        kind = KINDS[kind_name]
        unit = attrib.get("unit", "")
        factor = self.factor(kind, unit)
        if factor is None:
            self.stats.skipped[SKIP_UNIT] += 1
            return None
        try:
            value = float(attrib["value"]) * factor
            utc, offset = self.when(attrib["startDate"])
        except (KeyError, ValueError):
            self.stats.skipped[SKIP_UNREADABLE] += 1
            return None
        if not kind.low <= value <= kind.high or (kind_name == "weight" and value <= 0):
            self.stats.skipped[SKIP_IMPLAUSIBLE] += 1
            return None
        source_name = attrib.get("sourceName", "")
        key = dedupe_key(
            rtype,
            source_name,
            attrib["startDate"],
            attrib.get("endDate", ""),
            attrib["value"],
            unit,
        )
        at = utc.isoformat() + "Z"
        return (kind_name, at, offset, value, None, None, kind.unit, self.source(source_name),
                None, key)  # fmt: skip

    def _sleep(self, attrib: dict[str, str]) -> None:
        if attrib.get("value") not in ASLEEP_VALUES:
            self.stats.skipped[SKIP_OTHER] += 1
            return
        try:
            start, _ = self.when(attrib["startDate"])
            end, end_offset = self.when(attrib["endDate"])
        except (KeyError, ValueError):
            self.stats.skipped[SKIP_UNREADABLE] += 1
            return
        if not timedelta(0) < end - start <= timedelta(hours=24):
            self.stats.skipped[SKIP_IMPLAUSIBLE] += 1
            return
        night = (end + timedelta(minutes=end_offset)).date().isoformat()
        self.nights.setdefault(night, []).append(_Sleep(start, end, end_offset))

    def blood_pressure(self, correlation: Any) -> EntryRow | None:
        attrib = correlation.attrib
        values: dict[str, str] = {}
        for child in correlation.iter("Record"):
            ctype = child.get("type")
            if ctype in (SYSTOLIC, DIASTOLIC) and child.get("unit", "mmHg") == "mmHg":
                values[ctype] = child.get("value", "")
        try:
            systolic, diastolic = float(values[SYSTOLIC]), float(values[DIASTOLIC])
            utc, offset = self.when(attrib["startDate"])
        except (KeyError, ValueError):
            self.stats.skipped[SKIP_UNREADABLE] += 1
            return None
        try:
            check_blood_pressure(systolic, diastolic)
        except InvalidValue:
            self.stats.skipped[SKIP_IMPLAUSIBLE] += 1
            return None
        source_name = attrib.get("sourceName", "")
        key = dedupe_key(
            BP_TYPE,
            source_name,
            attrib["startDate"],
            attrib.get("endDate", ""),
            values[SYSTOLIC],
            values[DIASTOLIC],
        )
        return ("blood_pressure", utc.isoformat() + "Z", offset, systolic, diastolic, None,
                "mmHg", self.source(source_name), None, key)  # fmt: skip

    def sleep_rows(self) -> list[EntryRow]:
        """One row per night: asleep intervals of every source merged, overlaps counted once."""
        rows: list[EntryRow] = []
        for night, spans in sorted(self.nights.items()):
            spans.sort(key=lambda s: s.start)
            total = timedelta(0)
            cur_start, cur_end = spans[0].start, spans[0].end
            for span in spans[1:]:
                if span.start > cur_end:
                    total += cur_end - cur_start
                    cur_start, cur_end = span.start, span.end
                else:
                    cur_end = max(cur_end, span.end)
            total += cur_end - cur_start
            hours = min(total.total_seconds() / 3600, 24.0)
            woke = max(spans, key=lambda s: s.end)
            rows.append(
                ("sleep", woke.end.isoformat() + "Z", woke.end_offset, round(hours, 4), None,
                 None, "h", SLEEP_SOURCE, None, dedupe_key("apple_health_sleep_night", night))
            )  # fmt: skip
        return rows


def read_export(source: ByteSource, name: str, stats: AppleStats) -> Iterator[EntryRow]:
    """Yield rows while streaming `source`; merged sleep rows come last.

    Raises MalformedFile for broken or unsafe XML and UnsupportedFile for XML that is not an
    Apple Health export; the caller's transaction makes either leave the vault unchanged.
    """
    convert = _Converter(stats)
    events = SafeET.iterparse(
        source,
        events=("start", "end"),
        forbid_dtd=False,
        forbid_entities=True,
        forbid_external=True,
    )
    root: Any = None
    depth = 0
    try:
        for event, elem in events:
            if event == "start":
                depth += 1
                if root is None:
                    root = elem
                    if elem.tag != "HealthData":
                        raise UnsupportedFile(f"{name} is XML but not an Apple Health export.")
                continue
            depth -= 1
            if depth != 1:
                continue
            stats.records += 1
            tag = elem.tag
            row = None
            if tag == "Record":
                row = convert.record(elem.attrib)
            elif tag == "Correlation" and elem.get("type") == BP_TYPE:
                row = convert.blood_pressure(elem)
            elif tag not in ("ExportDate", "Me"):
                stats.skipped[SKIP_OTHER] += 1
            root.clear()
            if row is not None:
                yield row
    except defusedxml.DefusedXmlException:
        raise MalformedFile(
            f"{name} declares XML entities or external references, which PHR refuses to read "
            "for safety. A real Apple Health export never does; nothing was imported."
        ) from None
    except SyntaxError as exc:  # ElementTree's ParseError
        where = getattr(exc, "position", None)
        at = f" at line {where[0]}" if where else ""
        raise MalformedFile(
            f"{name} is not complete, well-formed XML (it breaks off or is damaged{at}); "
            "nothing was imported."
        ) from None
    if root is None:
        raise MalformedFile(f"{name} contains no XML elements.")
    yield from convert.sleep_rows()
