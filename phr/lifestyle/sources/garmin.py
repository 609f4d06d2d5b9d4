"""Garmin: FIT activity and monitoring files, and the Garmin Connect account export.

FIT files are decoded by `fitdecode` (MIT licence, maintained on PyPI), never by hand. The
FIT message and field names (`file_id`, `session`, `activity`, `monitoring`,
`monitoring_info`, `monitoring_hr_data`) are those of Garmin's FIT SDK profile, which fitdecode
ships. What is read:

- activity files: each `session` becomes an exercise entry at its `start_time`, lasting its
  `total_timer_time` (the time the timer ran, so pauses do not count);
- monitoring files (the watch's all-day record): `heart_rate` samples become heart-rate
  entries; `cycles` of walking and running are steps, counted by the watch cumulatively per
  activity type through the local day, so a day's steps are the sum over types of each type's
  largest count; `monitoring_hr_data.resting_heart_rate` is the day's resting rate. Most
  monitoring messages carry only `timestamp_16`, the low 16 bits of the time, completed from
  the last full timestamp as the SDK describes.
- weight-scale files (Garmin Index): each `weight_scale.weight` (kg) is a weight entry.
- Local time: `activity.local_timestamp` and `monitoring_info.local_timestamp` minus the UTC
  timestamp is the offset; without one, this computer's zone is used.

The Garmin Connect export ("Export your data" in the Garmin account, a zip with `DI_CONNECT/`):
`DI-Connect-Aggregator/UDSFile_*.json` holds one object per day (`calendarDate`, `totalSteps`,
`restingHeartRate`, `wellnessStartTimeGmt`/`wellnessStartTimeLocal`, whose difference is the
day's offset) and `DI-Connect-Wellness/*_sleepData.json` one per night
(`sleepStartTimestampGMT`, `sleepEndTimestampGMT`, `calendarDate`, `deepSleepSeconds`,
`lightSleepSeconds`, `remSleepSeconds`, `awakeSleepSeconds`). The layout follows public
research notes written while decoding a real 2021-2026 export (they list these paths and
fields) and the field names Garmin Connect's own web service uses for the same summaries.
Time in bed is sleep end minus sleep start.
Older exports write `calendarDate` as `{"date": "Aug 16, 2021 12:00:00 AM"}`; both
spellings are read. Asleep is deep + light + REM (never awake).

A day's steps and resting rate from the UDS file and from monitoring FIT files share one key
per day, so importing both does not count a day twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import fitdecode

from phr.errors import MalformedFile
from phr.lifestyle.entries import EntryRow
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

SOURCE = "garmin"
_FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z in Unix seconds
_STEP_TYPES = frozenset({"walking", "running", 1, 6})
SKIP_NESTED = "archives inside the archive"


def _fit_seconds(moment: datetime) -> int:
    return int(moment.timestamp()) - _FIT_EPOCH


def _calendar_date(value: object) -> str:
    """'2021-08-16' or {'date': 'Aug 16, 2021 12:00:00 AM'} -> '2021-08-16'."""
    if isinstance(value, dict):
        value = value.get("date")
    if not isinstance(value, str):
        raise ValueError("no date")
    text = value.strip()
    if len(text) >= 10 and text[4] == "-":
        return datetime.strptime(text[:10], "%Y-%m-%d").date().isoformat()
    return datetime.strptime(text, "%b %d, %Y %I:%M:%S %p").date().isoformat()


def _gmt(text: object) -> datetime:
    """'2021-08-17T22:10:00.0' (GMT) -> aware UTC datetime."""
    if not isinstance(text, str):
        raise ValueError("no time")
    return datetime.fromisoformat(text.strip()[:19]).replace(tzinfo=UTC)


class Garmin:
    name = "garmin"
    label = "Garmin file"

    def member_kind(self, member: Member, head: bytes) -> str | None:
        if len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT":
            return "fit"
        if head.startswith(b"PK\x03\x04"):
            return "nested"
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if not text.startswith((b"[", b"{")):
            return None
        if b'"sleepStartTimestampGMT"' in text:
            return "sleep"
        if b'"calendarDate"' in text and (b'"totalSteps"' in text or b'"userProfilePK"' in text):
            return "uds"
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
        offsets: dict[str, timedelta] = {}  # day -> offset, from the UDS files
        nights: list[tuple[str, datetime, float, float]] = []
        members = sorted(kinds, key=lambda m: (kinds[m] != "uds", m.path))
        for done, member in enumerate(members, 1):
            progress(done - 1, len(members), "Reading the Garmin files")
            kind = kinds[member]
            if kind == "nested":
                stats.skipped[SKIP_NESTED] += 1
                continue
            stats.files += 1
            if kind == "fit":
                yield from self._fit(container, member, maker, cancel)
            else:
                records = container.load_json(member)
                if not isinstance(records, list):
                    raise MalformedFile(
                        f"{container.label(member)} is not a list of Garmin daily records; "
                        "nothing was imported."
                    )
                if kind == "uds":
                    yield from self._uds(records, maker, offsets)
                else:
                    nights.extend(self._sleep(records, stats))
            if cancel:
                cancel.check()
        for night, end, hours, in_bed in nights:
            offset = offsets.get(night)
            at = end.astimezone(timezone(offset) if offset is not None else None)
            row = maker.make("sleep", at, hours, "night", night, value2=in_bed)
            if row is not None:
                yield row
        progress(len(members), len(members), "Reading the Garmin files")

    # -- Garmin Connect export --------------------------------------------------------------

    def _uds(
        self, records: list[object], maker: RowMaker, offsets: dict[str, timedelta]
    ) -> Iterator[EntryRow]:
        for record in records:
            try:
                if not isinstance(record, dict):
                    raise ValueError("not a day")
                day = _calendar_date(record["calendarDate"])
                zone: tzinfo | None = None
                if record.get("wellnessStartTimeLocal") and record.get("wellnessStartTimeGmt"):
                    offset = _gmt(record["wellnessStartTimeLocal"]) - _gmt(
                        record["wellnessStartTimeGmt"]
                    )
                    offsets[day] = offset
                    zone = timezone(offset)
                noon = in_zone(datetime.fromisoformat(day + "T12:00:00"), zone)
            except (KeyError, TypeError, ValueError):
                maker.stats.skipped[SKIP_UNREADABLE] += 1
                continue
            for field, kind in (
                ("totalSteps", "steps"),
                ("restingHeartRate", "resting_heart_rate"),
            ):
                value = record.get(field)
                if value is None:
                    continue
                try:
                    reading = number(value)
                except ValueError:
                    maker.stats.skipped[SKIP_UNREADABLE] += 1
                    continue
                if kind == "resting_heart_rate" and reading == 0:
                    continue  # no resting rate that day
                row = maker.make(kind, noon, reading, "day", day)
                if row is not None:
                    yield row

    def _sleep(
        self, records: list[object], stats: SourceStats
    ) -> Iterator[tuple[str, datetime, float, float]]:
        for record in records:
            try:
                if not isinstance(record, dict):
                    raise ValueError("not a night")
                night = _calendar_date(record["calendarDate"])
                end = _gmt(record["sleepEndTimestampGMT"])
                start = _gmt(record["sleepStartTimestampGMT"])
                parts = [record.get(f) for f in ("deepSleepSeconds", "lightSleepSeconds")]
                parts.append(record.get("remSleepSeconds"))
                seconds = sum(number(p) for p in parts if p is not None)
            except (KeyError, TypeError, ValueError):
                stats.skipped[SKIP_UNREADABLE] += 1
                continue
            in_bed = max((end - start).total_seconds(), seconds)
            if seconds > 0:
                yield night, end, round(seconds / 3600, 4), round(min(in_bed / 3600, 24.0), 4)

    # -- FIT files ----------------------------------------------------------------------------

    def _fit(
        self,
        container: Container,
        member: Member,
        maker: RowMaker,
        cancel: CancelToken | None,
    ) -> Iterator[EntryRow]:
        label = container.label(member)
        sessions: list[tuple[datetime, float, str]] = []
        offset: timedelta | None = None
        last = 0  # last full timestamp, FIT seconds
        day_steps: dict[tuple[str, object], float] = {}  # (local day, activity type) -> max
        day_offsets: dict[str, timedelta | None] = {}
        resting: dict[str, tuple[float, datetime]] = {}
        count = 0
        with container.open(member) as raw:
            reader = fitdecode.FitReader(
                raw,
                check_crc=fitdecode.CrcCheck.RAISE,
                error_handling=fitdecode.ErrorHandling.IGNORE,
            )
            try:
                for frame in reader:
                    if not isinstance(frame, fitdecode.FitDataMessage):
                        continue
                    name = frame.name
                    count += 1
                    if cancel and count % 20_000 == 0:
                        cancel.check()
                    if name == "monitoring":
                        stamp = frame.get_value("timestamp", fallback=None)
                        if isinstance(stamp, datetime):
                            last = _fit_seconds(stamp)
                        else:
                            low = frame.get_value("timestamp_16", fallback=None)
                            if not isinstance(low, int) or not last:
                                continue
                            last += (low - last) & 0xFFFF
                        at = datetime.fromtimestamp(last + _FIT_EPOCH, UTC)
                        local = at.astimezone(timezone(offset) if offset is not None else None)
                        rate = frame.get_value("heart_rate", fallback=None)
                        if isinstance(rate, int | float) and rate > 0:
                            row = maker.make("heart_rate", local, float(rate), "hr", str(last))
                            if row is not None:
                                yield row
                        activity = frame.get_value("activity_type", fallback=None)
                        steps = frame.get_value("steps", fallback=None)
                        if activity in _STEP_TYPES and isinstance(steps, int | float):
                            day = local.date().isoformat()
                            key = (day, activity)
                            day_steps[key] = max(day_steps.get(key, 0.0), float(steps))
                            day_offsets.setdefault(day, offset)
                    elif name == "monitoring_info" or name == "activity":
                        found = self._offset(frame)
                        offset = found if found is not None else offset
                    elif name == "session":
                        start = frame.get_value("start_time", fallback=None)
                        timer = frame.get_value("total_timer_time", fallback=None)
                        sport = frame.get_value("sport", fallback="")
                        if isinstance(start, datetime) and isinstance(timer, int | float):
                            sessions.append((start, float(timer), str(sport)))
                        else:
                            maker.stats.skipped[SKIP_UNREADABLE] += 1
                    elif name == "weight_scale":
                        weight = frame.get_value("weight", fallback=None)
                        stamp = frame.get_value("timestamp", fallback=None)
                        if isinstance(weight, int | float) and isinstance(stamp, datetime):
                            local = stamp.astimezone(
                                timezone(offset) if offset is not None else None
                            )
                            row = maker.make("weight", local, float(weight), "weight", str(stamp))
                            if row is not None:
                                yield row
                    elif name == "monitoring_hr_data":
                        rate = frame.get_value("resting_heart_rate", fallback=None)
                        stamp = frame.get_value("timestamp", fallback=None)
                        if (
                            isinstance(rate, int | float)
                            and rate > 0
                            and isinstance(stamp, datetime)
                        ):
                            local = stamp.astimezone(
                                timezone(offset) if offset is not None else None
                            )
                            resting[local.date().isoformat()] = (float(rate), local)
            except fitdecode.FitError as exc:
                raise MalformedFile(
                    f"{label} is not a complete FIT file (it breaks off, fails its checksum or "
                    f"is damaged: {type(exc).__name__}); nothing was imported."
                ) from None
        if count == 0:
            maker.stats.skipped[SKIP_OTHER_FILES] += 1
        zone = timezone(offset) if offset is not None else None
        for start, seconds, sport in sessions:
            row = maker.make(
                "exercise", start.astimezone(zone), round(seconds / 60, 2), "session",
                start.isoformat(), sport,
            )  # fmt: skip
            if row is not None:
                yield row
        totals: dict[str, float] = {}
        for (day, _), steps in day_steps.items():
            totals[day] = totals.get(day, 0.0) + steps
        for day, steps in sorted(totals.items()):
            day_offset = day_offsets.get(day)
            noon = in_zone(
                datetime.fromisoformat(day + "T12:00:00"),
                timezone(day_offset) if day_offset is not None else None,
            )
            row = maker.make("steps", noon, steps, "day", day)
            if row is not None:
                yield row
        for day, (rate, local) in sorted(resting.items()):
            noon = local.replace(hour=12, minute=0, second=0, microsecond=0)
            row = maker.make("resting_heart_rate", noon, rate, "day", day)
            if row is not None:
                yield row

    @staticmethod
    def _offset(frame: fitdecode.FitDataMessage) -> timedelta | None:
        """local_timestamp - timestamp, when a message has both (whole minutes)."""
        local = frame.get_value("local_timestamp", fallback=None)
        stamp = frame.get_value("timestamp", fallback=None)
        if not (isinstance(local, datetime) and isinstance(stamp, datetime)):
            return None
        minutes = round((local - stamp).total_seconds() / 60)
        return timedelta(minutes=minutes) if abs(minutes) < 24 * 60 else None
