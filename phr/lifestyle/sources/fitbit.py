"""Fitbit account export: the per-day and per-month JSON files of "Global Export Data".

Where the layout comes from: Fitbit's own data export (fitbit.com settings, "Export your
account archive") and Google Takeout's `Takeout/Fitbit/Global Export Data/` hold the same
files, one JSON array per day or month; the older export put them under `user-site-export/`.
The record shapes below follow public readers of those exports (for example the folder list in
github.com/danlsn/fitport and the record examples in its README, and the field lists of
Fitbit's Web API sleep and body-log documentation, whose objects the export writes as they are):

- `steps-YYYY-MM-DD.json`: `[{"dateTime": "01/31/20 07:01:00", "value": "12"}]`, one per minute;
- `heart_rate-YYYY-MM-DD.json`: `{"dateTime": ..., "value": {"bpm": 62, "confidence": 2}}`,
  every 5 to 15 seconds; confidence 0 means the tracker could not tell, and is skipped;
- `resting_heart_rate-YYYY-MM-DD.json`: `{"dateTime": ..., "value": {"date": "01/31/20",
  "value": 58.6, "error": 6.8}}`; days without one carry `"date": null, "value": 0.0`;
- `sleep-YYYY-MM-DD.json`: sleep logs as the Web API writes them (`logId`, `dateOfSleep`,
  `startTime`/`endTime` like `2020-01-30T23:10:30.000`, `minutesAsleep`, `timeInBed`, and
  for "stages" logs `levels.summary` with deep/light/rem/wake minutes);
- `weight-YYYY-MM-DD.json`: `{"logId": ..., "weight": 81.2, "bmi": 24.9, "date": "01/31/20",
  "time": "07:12:34", "source": "Aria"}`, in the account's weight unit.

Times: Fitbit writes wall-clock times without a zone ("MM/DD/YY HH:MM:SS", two-digit years,
month first; sleep as ISO without an offset), in the time zone set in the account. The export's
`Personal & Account/Profile.csv` names that zone (`timezone` column, an IANA name) and the
weight unit (`weight_unit`); PHR uses them when the file holds them and this computer's zone
(and kilograms) when it does not. A two-digit year is 20YY (Fitbit started in 2008).
That the times are the device's wall clock, not UTC, is what integrators document ("Fitbit
stores all their data in floating time", docs.tryvital.io/wearables/guides/fitbit, which also
takes the zone from the profile) and what a user showed from a real export across time zones
(andykong.org/blog/fitbitsleeptzcorrection). One zone for the whole history is a guess for
people who travelled: days stay right, instants may be off by the travel offset.

Which file holds what is read from its content: the record shape tells heart rate, resting
heart rate, sleep and weight apart. Steps, calories, distance and the activity-minutes files
share one shape (`dateTime` plus a number as text), so among those the file's name decides
(`steps-...`); every other file is counted as skipped.

Sleep: one entry per night (Fitbit's `dateOfSleep`, the wake-up day), the sum of
`minutesAsleep` over that night's logs (naps included, as Fitbit's own daily total does),
timed at the last wake-up, with the sum of `timeInBed` as time in bed; a later export
that knows more of a night replaces the shorter one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from phr.errors import MalformedFile
from phr.lifestyle.entries import EntryRow
from phr.lifestyle.kinds import KINDS
from phr.lifestyle.sources.base import (
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

_STAMP = re.compile(rb'"dateTime"\s*:\s*"\d\d/\d\d/\d\d \d\d:\d\d:\d\d"')
_SERIES = re.compile(rb'"dateTime"\s*:\s*"[^"]*"\s*,\s*"value"\s*:\s*"')
SKIP_LOW_CONFIDENCE = "heart rate the tracker was unsure of"
SOURCE = "fitbit"
_LB = KINDS["weight"].units["lb"]


def _stamp(text: object) -> datetime:
    """'01/31/20 07:01:00' -> naive datetime; raises ValueError."""
    if not isinstance(text, str) or len(text) != 17 or text[2::3] != "// ::":
        raise ValueError("not a date")
    # By hand: strptime was a third of the import's time (benchmarks/bench_wearable_import.py).
    return datetime(
        2000 + int(text[6:8]),
        int(text[0:2]),
        int(text[3:5]),
        int(text[9:11]),
        int(text[12:14]),
        int(text[15:17]),
    )


class Fitbit:
    name = "fitbit"
    label = "Fitbit export"

    def member_kind(self, member: Member, head: bytes) -> str | None:
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if text.startswith((b"id,", b'"id",')) and b"timezone" in text.split(b"\n", 1)[0]:
            return "profile"
        if not text.startswith(b"["):
            return None
        if b'"logId"' in text:
            if b'"dateOfSleep"' in text:
                return "sleep"
            if b'"weight"' in text and b'"bmi"' in text:
                return "weight"
            return None
        if not _STAMP.search(text):
            return None
        if b'"bpm"' in text:
            return "heart_rate"
        if b'"error"' in text and b'"date"' in text:
            return "resting_heart_rate"
        if _SERIES.search(text):
            return "steps" if member.base.startswith("steps") else "series"
        return None

    def rows(
        self,
        container: Container,
        kinds: dict[Member, str],
        stats: SourceStats,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> Iterator[EntryRow]:
        zone, weight_factor = self._profile(container, kinds)
        maker = RowMaker(SOURCE, stats)
        # dateOfSleep -> (minutes asleep, minutes in bed, last wake-up)
        nights: dict[str, tuple[float, float, datetime]] = {}
        members = sorted(kinds, key=lambda m: m.path)
        for done, member in enumerate(members, 1):
            progress(done - 1, len(members), f"Reading the {self.label}")
            kind = kinds[member]
            if kind in ("profile",):
                continue
            if kind == "series":
                stats.skipped[SKIP_OTHER_FILES] += 1
                continue
            records = container.load_json(member)
            if not isinstance(records, list):
                raise MalformedFile(
                    f"{container.label(member)} is not a list of Fitbit records; "
                    "nothing was imported."
                )
            stats.files += 1
            if kind == "sleep":
                self._sleep(records, zone, nights, stats)
            else:
                yield from self._readings(kind, records, zone, weight_factor, maker)
            if cancel:
                cancel.check()
        for night, (minutes, in_bed, woke) in sorted(nights.items()):
            hours, bed = round(minutes / 60, 4), round(min(max(in_bed, minutes) / 60, 24.0), 4)
            row = maker.make("sleep", woke, hours, "night", night, value2=bed)
            if row is not None:
                yield row
        progress(len(members), len(members), f"Reading the {self.label}")

    def _profile(
        self, container: Container, kinds: dict[Member, str]
    ) -> tuple[tzinfo | None, float]:
        """The account's zone and weight unit from Profile.csv, when the export has it."""
        for member, kind in kinds.items():
            if kind != "profile":
                continue
            with container.text(member) as text:
                row = next(csv.DictReader(io.StringIO(text.read(64 * 1024))), None)
            if not row:
                break
            zone: tzinfo | None = None
            try:
                zone = ZoneInfo((row.get("timezone") or "").strip())
            except (ValueError, KeyError, OSError):
                zone = None  # unknown or empty zone name: this computer's zone
            unit = (row.get("weight_unit") or "").upper()
            return zone, (_LB if "POUND" in unit or unit in ("LB", "LBS", "EN_US") else 1.0)
        return None, 1.0

    def _readings(
        self,
        kind: str,
        records: list[object],
        zone: tzinfo | None,
        weight_factor: float,
        maker: RowMaker,
    ) -> Iterator[EntryRow]:
        stats = maker.stats
        key: tuple[str, ...]
        for record in records:
            try:
                if not isinstance(record, dict):
                    raise ValueError("not a record")
                if kind == "weight":
                    stamp = f"{record['date']} {record.get('time') or '12:00:00'}"
                    at = in_zone(_stamp(stamp), zone)
                    raw = number(record["weight"])
                    value, key = raw * weight_factor, (stamp, str(record.get("logId")))
                elif kind == "resting_heart_rate":
                    inner = record["value"]
                    if not isinstance(inner, dict) or inner.get("date") is None:
                        continue  # Fitbit's placeholder for a day without a resting rate
                    day = _stamp(f"{inner['date']} 12:00:00")
                    at, value, key = in_zone(day, zone), number(inner["value"]), (str(day),)
                elif kind == "heart_rate":
                    inner = record["value"]
                    if not isinstance(inner, dict):
                        raise ValueError("not a reading")
                    if inner.get("confidence") == 0:
                        stats.skipped[SKIP_LOW_CONFIDENCE] += 1
                        continue
                    stamp = record["dateTime"]
                    at, value, key = (
                        in_zone(_stamp(stamp), zone),
                        number(inner["bpm"]),
                        (str(stamp),),
                    )
                else:  # steps per minute; minutes without steps are not entries
                    value = number(record["value"])
                    if value == 0:
                        continue
                    stamp = record["dateTime"]
                    at, key = in_zone(_stamp(stamp), zone), (str(stamp),)
            except (KeyError, TypeError, ValueError):
                stats.skipped[SKIP_UNREADABLE] += 1
                continue
            row = maker.make(kind, at, value, *key)
            if row is not None:
                yield row

    def _sleep(
        self,
        records: list[object],
        zone: tzinfo | None,
        nights: dict[str, tuple[float, float, datetime]],
        stats: SourceStats,
    ) -> None:
        for record in records:
            try:
                if not isinstance(record, dict):
                    raise ValueError("not a sleep log")
                night = str(record["dateOfSleep"])
                datetime.strptime(night, "%Y-%m-%d")
                end = in_zone(datetime.fromisoformat(str(record["endTime"])), zone)
                minutes = number(record["minutesAsleep"])
                in_bed = number(record.get("timeInBed", minutes))
            except (KeyError, TypeError, ValueError):
                stats.skipped[SKIP_UNREADABLE] += 1
                continue
            total, bed, woke = nights.get(night, (0.0, 0.0, end))
            nights[night] = (total + minutes, bed + in_bed, max(woke, end))
