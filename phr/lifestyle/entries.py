"""Log entries in the vault: times with their zone, manual entry, listing, bulk insert.

Time: every entry keeps the UTC instant (`at_utc`) and the offset where it was recorded
(`tz_offset`, minutes east of UTC). Days are the wall-clock date the person lived, i.e. the UTC
instant shifted by its own offset, so a reading at 23:30 in New York stays on that day after
the person flies home. A date without a time means 12:00 local time that day (noon keeps it on
the right day whatever the daylight-saving shift); a time without an offset means this
computer's local zone at that date.

Re-imports: every imported entry carries a 64-bit `dedupe_key` (a hash of what identifies the
record in its source file); the unique (kind, at_utc, dedupe_key) index makes a second import
of the same record a no-op.
Manual entries have no key: typing the same reading twice is the person's choice.

Plausible dates: a reading's local date is 1900-01-01 or later and its instant at most one day
after now (a clock or zone a little ahead is fine; year 9999 is a typing slip). Typed dates
outside that are refused, imports skip and count them, and readers skip (and count) such rows
that older vaults may hold: one of them used to break `phr log list`, the summaries and the PDF.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from phr.errors import ImplausibleDate, InvalidValue, NotFound
from phr.lifestyle.kinds import Kind, Reading, kind_named, parse_reading
from phr.progress import Changes
from phr.vault import Vault
from phr.vault.vault import Connection

log = logging.getLogger(__name__)

# (kind, at_utc, tz_offset, value, value2, status, unit, source, note, dedupe_key)
EntryRow = tuple[
    str, str, int, float | None, float | None, str | None, str, str, str | None, int | None
]
INSERT_SQL = (
    "INSERT OR IGNORE INTO log_entries (kind, at_utc, tz_offset, value, value2, status, unit,"
    " source, note, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# (at_utc, tz_offset, value, value2, source, dedupe_key): an imported reading of a known kind.
ReadingRow = tuple[str, int, float, float | None, str, int]
MAX_NOTE = 500
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})$")
EARLIEST_DAY = date(1900, 1, 1)
STORED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # `at_utc` as every writer stores it
_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_STORED_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"
MAX_OFFSET_MINUTES = 24 * 60  # exclusive: Python's timezone() refuses a day or more


@dataclass(frozen=True)
class When:
    at_utc: str  # 'YYYY-MM-DDTHH:MM:SSZ'
    tz_offset: int  # minutes east of UTC

    @property
    def local(self) -> datetime:
        instant = datetime.fromisoformat(self.at_utc.replace("Z", "+00:00"))
        return instant.astimezone(timezone(timedelta(minutes=self.tz_offset)))


@dataclass(frozen=True)
class LogEntry:
    id: int
    kind: str
    at: datetime  # aware, in the zone where it was recorded
    value: float | None
    value2: float | None
    status: str | None
    unit: str
    source: str
    note: str | None
    activity: str | None = None  # workouts: 'Running'; distance and active energy if known
    distance_km: float | None = None
    energy_kcal: float | None = None

    def as_json(self) -> dict[str, object]:
        workout: dict[str, object] = (
            {"activity": self.activity, "distance_km": self.distance_km,
             "energy_kcal": self.energy_kcal} if self.activity else {}
        )  # fmt: skip
        return workout | {
            "id": self.id,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "value": [self.value, self.value2] if self.kind == "blood_pressure" else self.value,
            "status": self.status,
            "unit": self.unit,
            "source": self.source,
            "note": self.note,
        }

    def display_value(self) -> str:
        if self.kind == "blood_pressure":
            return f"{self.value:g}/{self.value2:g} {self.unit}"
        if self.value is None:
            return self.status or ""
        if self.kind in WHOLE_NUMBER_KINDS:
            # Hourly step totals are shares of samples that straddle an hour, and workout
            # minutes come to the second: nobody reads "12.44 steps" or "17.46 min".
            text = f"{self.value:,.0f} {self.unit}"
        else:
            text = f"{self.value:.4g} {self.unit}"
        if self.kind == "exercise" and self.value == 0:
            text = "no duration recorded"
        if self.activity:
            parts = [self.activity]
            if self.distance_km is not None:
                parts.append(f"{self.distance_km:.3g} km")
            if self.energy_kcal is not None:
                parts.append(f"{self.energy_kcal:.0f} kcal")
            return f"{text} ({', '.join(parts)})"
        return f"{text} ({self.status})" if self.status else text


WHOLE_NUMBER_KINDS = frozenset({"steps", "exercise"})


def utc_text(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime(STORED_FORMAT)


def latest_instant(now: datetime | None = None) -> datetime:
    """The latest instant a reading may have: one day after now."""
    return (now or datetime.now(UTC)) + timedelta(days=1)


def is_plausible(local: datetime, *, latest: datetime) -> bool:
    """`local` is aware; see the module docstring for the rule."""
    return local.date() >= EARLIEST_DAY and local <= latest


def when_from_datetime(moment: datetime, *, now: datetime | None = None) -> When:
    """An aware datetime keeps its offset; a naive one is taken as this computer's local time.

    Raises ImplausibleDate for a date PHR does not accept, including one that leaves the
    calendar once its offset is applied (0001-01-01T00:30+05:00, 9999-12-31T23:00-05:00)."""
    try:
        aware = moment if moment.tzinfo else moment.astimezone()
        aware.astimezone(UTC)  # overflows past year 1 or 9999
    except (OverflowError, ValueError):
        raise ImplausibleDate() from None
    if not is_plausible(aware, latest=latest_instant(now)):
        raise ImplausibleDate()
    offset = aware.utcoffset() or timedelta(0)
    return When(utc_text(aware), int(offset.total_seconds() // 60))


def stored_local(at_utc: object, offset: object, *, latest: datetime) -> datetime | None:
    """A stored entry's local time, or None when its date is unreadable or not plausible."""
    if not (isinstance(at_utc, str) and _STORED.fullmatch(at_utc) and type(offset) is int):
        return None
    if abs(offset) >= MAX_OFFSET_MINUTES:
        return None
    try:
        instant = datetime.strptime(at_utc, STORED_FORMAT).replace(tzinfo=UTC)
        local = instant.astimezone(timezone(timedelta(minutes=offset)))
    except (OverflowError, ValueError):
        return None
    return local if is_plausible(local, latest=latest) else None


def parse_when(text: str | None, *, now: datetime | None = None) -> When:
    """ISO 8601 date or datetime, with or without an offset; None means now.

    Raises InvalidValue for text that is no date, ImplausibleDate for a date out of range."""
    if text is None or not text.strip():
        return when_from_datetime(now or datetime.now().astimezone(), now=now)
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    raw = _OFFSET.sub(lambda m: f"{m[1]}{m[2]}:{m[3]}", raw) if "T" in raw or " " in raw else raw
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return when_from_datetime(datetime(day.year, day.month, day.day, 12, 0), now=now)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidValue(
            "The date is not a real calendar date or time; write it like 2024-03-01 or "
            "2024-03-01T08:30 (optionally with +01:00)."
        ) from None
    return when_from_datetime(moment, now=now)


def dedupe_key(*parts: str) -> int:
    """A signed 64-bit hash (SQLite INTEGER) of the fields that identify an imported record."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def entry_row(
    kind: Kind,
    reading: Reading,
    when: When,
    *,
    source: str,
    note: str | None = None,
    key: int | None = None,
) -> EntryRow:
    if note is not None:
        note = " ".join(note.split())[:MAX_NOTE] or None
    return (
        kind.name,
        when.at_utc,
        when.tz_offset,
        reading.value,
        reading.value2,
        reading.status,
        reading.unit or kind.unit,
        source,
        note,
        key,
    )


def insert_rows(conn: Connection, rows: Iterable[EntryRow]) -> int:
    """Insert inside the caller's transaction; returns how many were new (not duplicates)."""
    before = conn.total_changes
    conn.executemany(INSERT_SQL, rows)
    return conn.total_changes - before


def insert_readings(conn: Connection, kind: Kind, rows: list[ReadingRow]) -> int:
    """Bulk insert of imported readings of one kind; returns how many were new.

    The kind and its unit are written into the statement (our own constants) and the absent
    columns as NULL: binding six values a row instead of ten halved the insert time of a 1.5M
    row import (measured, benchmarks/bench_health_import.py).
    """
    sql = _READING_SQL.get(kind.name)
    if sql is None:
        if not (_SQL_WORD.match(kind.name) and _SQL_WORD.match(kind.unit)):
            raise ValueError("kind and unit must be plain words to be inlined")
        sql = _READING_SQL[kind.name] = (
            "INSERT OR IGNORE INTO log_entries (kind, at_utc, tz_offset, value, value2, status,"
            f" unit, source, note, dedupe_key) VALUES ('{kind.name}', ?, ?, ?, ?, NULL,"
            f" '{kind.unit}', ?, NULL, ?)"
        )
    before = conn.total_changes
    conn.executemany(sql, rows)
    return conn.total_changes - before


_READING_SQL: dict[str, str] = {}
_SQL_WORD = re.compile(r"^[A-Za-z_/]+$")


# -- the person's own entries -----------------------------------------------------------------


def add_entry(
    vault: Vault,
    kind: str,
    value: str,
    *,
    unit: str | None = None,
    at: str | datetime | None = None,
    note: str | None = None,
) -> Changes:
    """Add one manual reading; raises InvalidValue (naming the problem, not the value)."""
    found = kind_named(kind)
    reading = parse_reading(found, value, unit)
    when = when_from_datetime(at) if isinstance(at, datetime) else parse_when(at)
    row = entry_row(found, reading, when, source="manual", note=note)
    with vault.transaction() as conn:
        insert_rows(conn, [row])
    log.info("log entry added kind=%s", found.name)
    return Changes(logs=True)


def remove_entry(vault: Vault, entry_id: int) -> Changes:
    with vault.transaction() as conn:
        deleted = conn.execute("DELETE FROM log_entries WHERE id = ?", (entry_id,)).rowcount
    if not deleted:
        raise NotFound(f"There is no log entry with id {entry_id}.")
    return Changes(logs=True)


def list_entries(
    vault: Vault,
    kind: str | None = None,
    *,
    since: date | None = None,
    limit: int | None = None,
) -> list[LogEntry]:
    """Entries, newest first. `since` compares UTC instants a day early, then local dates.

    Rows with an implausible date (older vaults) are left out; `implausible_entries` names them.
    """
    sql = (
        "SELECT id, kind, at_utc, tz_offset, value, value2, status, unit, source, note,"
        " activity, distance_km, energy_kcal FROM log_entries WHERE 1 = 1"
    )
    params: list[object] = []
    if kind:
        sql += " AND kind = ?"
        params.append(kind_named(kind).name)
    if since:
        sql += " AND at_utc >= ?"
        params.append((since - timedelta(days=1)).isoformat())
    sql += " ORDER BY at_utc DESC, id DESC"
    entries = []
    latest = latest_instant()
    for row in vault.query(sql, params):  # fetched whole: no cursor left open on a break
        eid, k, at_utc, offset, value, value2, status, unit, source, note, *workout = row
        at = stored_local(at_utc, offset, latest=latest)
        if at is None or (since and at.date() < since):
            continue
        entries.append(LogEntry(eid, k, at, value, value2, status, unit, source, note, *workout))
        if limit and len(entries) >= limit:
            break
    return entries


def implausible_entries(vault: Vault, *, now: datetime | None = None) -> list[int]:
    """Ids of stored entries whose date is unreadable or not plausible, oldest id first.

    SQL narrows the rows to the suspects (near or before 1900, ahead of now, or not in the
    stored format), so a large vault is not converted row by row."""
    latest = latest_instant(now)
    suspects = vault.query(
        "SELECT id, at_utc, tz_offset FROM log_entries WHERE at_utc < ? OR at_utc > ?"
        " OR at_utc NOT GLOB ? OR typeof(tz_offset) != 'integer' OR abs(tz_offset) >= ?"
        " ORDER BY id",
        ("1900-01-02", utc_text(latest), _STORED_GLOB, MAX_OFFSET_MINUTES),
    )
    return [
        eid
        for eid, at_utc, offset in suspects
        if stored_local(at_utc, offset, latest=latest) is None
    ]


def count_entries(vault: Vault) -> dict[str, int]:
    return {k: int(n) for k, n in vault.query("SELECT kind, count(*) FROM log_entries GROUP BY 1")}
