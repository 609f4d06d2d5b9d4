"""Withings (Health Mate) data export: a zip of CSV files, or one of its CSV files alone.

Where the layout comes from: the export's own README ("Below are the details of the data
you've exported from Health Mate", quoted in several public readers of the export) lists the
files and units: `weight.csv` (Weight in kg, or lb when the account uses pounds, the header
says which), `bp.csv` (Heart Rate in bpm, Systolic and Diastolic in mmHg),
`raw_hr_hr.csv` (heart rate samples), `aggregates_steps.csv` (steps per day) and `sleep.csv`
(one row per night, `from`/`to` and light/deep/REM/awake durations in seconds). The column
spellings follow public importers of the export: `Date,Weight (kg),Fat mass (kg),...`,
`Date,Heart rate,Systolic,Diastolic,Comments` (newer files add units to the names),
`start,duration,value` for raw series with JSON-style lists (`[60]`, `[72]`), `date,value`
for daily aggregates, and `from,to,light (s),deep (s),rem (s),awake (s),...` for sleep.

Which file holds what is read from its header. The raw series share one header, as do the
daily aggregates, so among those the file's name decides (`raw_hr_...` is heart rate,
`aggregates_steps` is steps); other series are counted as skipped files.

Times: dates are written either with an offset (`2021-05-02T08:15:00+02:00`) or as wall-clock
time (`2021-05-02 08:15:00`), which is taken in this computer's zone. A day aggregate is dated
at 12:00 that day. Sleep is asleep = light + deep + REM, dated by the wake-up (`to`);
time in bed is `to` minus `from`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime

from phr.errors import InvalidValue, MalformedFile
from phr.lifestyle.entries import EntryRow
from phr.lifestyle.kinds import KINDS, check_blood_pressure
from phr.lifestyle.sources.base import (
    SKIP_IMPLAUSIBLE,
    SKIP_OTHER_FILES,
    SKIP_UNREADABLE,
    Container,
    Member,
    RowMaker,
    SourceStats,
    in_zone,
    number,
)
from phr.progress import CancelToken, Progress

SOURCE = "withings"
_LB = KINDS["weight"].units["lb"]


def _when(text: str) -> datetime:
    """An aware time from '2021-05-02T08:15:00+02:00', '2021-05-02 08:15:00' or a date."""
    raw = text.strip().strip('"')
    if raw.endswith("Z"):
        raw = raw[:-1] + "+00:00"
    moment = datetime.fromisoformat(raw if len(raw) > 10 else raw + "T12:00:00")
    return moment if moment.tzinfo else in_zone(moment, None)


def _first(text: str) -> float:
    """'[72]' or '72' or '[60,60]' -> the first number."""
    raw = text.strip().strip('"').strip("[]").split(",")[0]
    return number(raw)


def _header(head: bytes) -> list[str]:
    line = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    return [c.strip().strip('"').strip().lower() for c in line.strip().split(",")]


class Withings:
    name = "withings"
    label = "Withings export"

    def member_kind(self, member: Member, head: bytes) -> str | None:
        if b"\x00" in head[:512]:
            return None
        columns = _header(head)
        if len(columns) < 2:
            return None
        first, second = columns[0], columns[1]
        if first == "date" and second.startswith("weight (") and second.endswith(")"):
            return "weight"
        if (
            first == "date"
            and any(c.startswith("systolic") for c in columns)
            and any(c.startswith("diastolic") for c in columns)
        ):
            return "bp"
        if columns[:3] == ["start", "duration", "value"]:
            return "heart_rate" if member.base.startswith("raw_hr") else "series"
        if first == "from" and second == "to" and any(c.endswith("(s)") for c in columns):
            return "sleep"
        if columns[:2] == ["date", "value"]:
            return "steps" if member.base.startswith("aggregates_steps") else "series"
        return None

    def rows(
        self,
        container: Container,
        kinds: dict[Member, str],
        stats: SourceStats,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> Iterator[EntryRow]:
        maker = RowMaker(SOURCE, stats)
        members = sorted(kinds, key=lambda m: m.path)
        for done, member in enumerate(members, 1):
            progress(done - 1, len(members), f"Reading the {self.label}")
            kind = kinds[member]
            if kind == "series":
                stats.skipped[SKIP_OTHER_FILES] += 1
                continue
            stats.files += 1
            with container.text(member) as text:
                try:
                    reader = csv.reader(text)
                    header = [c.strip().lower() for c in next(reader, [])]
                    yield from self._table(kind, header, reader, maker, cancel)
                except (UnicodeDecodeError, csv.Error):
                    raise MalformedFile(
                        f"{container.label(member)} is not a readable CSV file "
                        "(damaged or not UTF-8 text); nothing was imported."
                    ) from None
        progress(len(members), len(members), f"Reading the {self.label}")

    def _table(
        self,
        kind: str,
        header: list[str],
        reader: Iterator[list[str]],
        maker: RowMaker,
        cancel: CancelToken | None,
    ) -> Iterator[EntryRow]:
        col = {name: i for i, name in enumerate(header)}

        def find(prefix: str) -> int:
            return next(i for name, i in col.items() if name.startswith(prefix))

        factor = _LB if kind == "weight" and "(lb" in header[1] else 1.0
        if kind == "bp":
            sys_col, dia_col = find("systolic"), find("diastolic")
        if kind == "sleep":
            parts = [i for name, i in col.items() if name.split(" ")[0] in ("light", "deep", "rem")]
        for count, line in enumerate(reader, 1):
            if cancel and count % 20_000 == 0:
                cancel.check()
            if not line or not any(cell.strip() for cell in line):
                continue
            try:
                if kind == "sleep":
                    end = _when(line[col["to"]])
                    start = _when(line[col["from"]])
                    seconds = sum(number(line[i]) for i in parts if line[i].strip())
                    if seconds <= 0:
                        continue
                    in_bed = max((end - start).total_seconds(), seconds)
                    row = maker.make(
                        "sleep", end, round(seconds / 3600, 4), "night", line[0],
                        value2=round(min(in_bed / 3600, 24.0), 4),
                    )  # fmt: skip
                elif kind == "heart_rate":
                    row = maker.make("heart_rate", _when(line[0]), _first(line[2]), line[0])
                elif kind == "steps":
                    row = maker.make("steps", _when(line[0]), number(line[1]), line[0][:10])
                elif kind == "weight":
                    if not line[1].strip():
                        continue  # a body-composition row without a weight
                    value = number(line[1]) * factor
                    row = maker.make("weight", _when(line[0]), value, line[0])
                else:
                    systolic, diastolic = number(line[sys_col]), number(line[dia_col])
                    try:
                        check_blood_pressure(systolic, diastolic)
                    except InvalidValue:
                        maker.stats.skipped[SKIP_IMPLAUSIBLE] += 1
                        continue
                    row = maker.make(
                        "blood_pressure", _when(line[0]), systolic, line[0], value2=diastolic
                    )
            except (IndexError, ValueError, StopIteration):
                maker.stats.skipped[SKIP_UNREADABLE] += 1
                continue
            if row is not None:
                yield row
