"""`import_logs`: one entry point for log files, CSV or Apple Health, sniffed from content.

All or nothing: every row goes in through one vault transaction; a broken file, a cancel or a
crash mid-way leaves the vault as it was. For CSV, bad lines stop the import (listing them)
unless the person chose `skip_bad_lines` after seeing them. Apple Health records PHR cannot use
(other data types, unknown units, implausible values or dates) are counted as skipped, never
fatal: the person cannot fix Apple's file, and the rest of it is still good. CSV lines with an
implausible date are skipped and counted the same way (and listed with the bad lines).
"""

from __future__ import annotations

import logging
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from phr.archives import HEALTH_EXPORT_MAX_BYTES
from phr.errors import MalformedFile, UnsupportedFile
from phr.input_file import CountingStream, InputFile, Wrapper, open_input
from phr.lifestyle.apple_health import SKIP_DATE, AppleExport, AppleStats, ByteSource
from phr.lifestyle.apple_workouts import insert_workouts
from phr.lifestyle.csv_logs import BadLine, decode, looks_like_log_csv, parse_csv
from phr.lifestyle.entries import INSERT_SQL, EntryRow, insert_readings, insert_rows
from phr.lifestyle.kinds import KINDS
from phr.lifestyle.sources.base import SourceStats
from phr.lifestyle.sources.registry import Found, detect
from phr.progress import CancelToken, Changes, Progress, no_progress
from phr.vault import Vault
from phr.vault.vault import Connection

log = logging.getLogger(__name__)

_SNIFF_BYTES = 64 * 1024  # Apple's DTD alone is ~6 kB; <HealthData follows it
_BATCH = 20_000
_CHECK_EVERY = 5_000
MAX_CSV_BYTES = 200 * 1024 * 1024


class BadLines(MalformedFile):
    """A CSV has lines with problems; `bad_lines` lists them so the person can decide."""

    def __init__(self, name: str, bad_lines: list[BadLine]) -> None:
        shown = "; ".join(f"line {b.line}: {b.problem}" for b in bad_lines[:3])
        more = f" (and {len(bad_lines) - 3} more)" if len(bad_lines) > 3 else ""
        super().__init__(
            f"{name}: {len(bad_lines)} line(s) have problems, so nothing was imported. "
            f"{shown}{more}"
        )
        self.bad_lines = bad_lines


@dataclass
class LogImportResult:
    format: str  # 'csv' | 'apple_health' | a wearable source: 'fitbit', 'garmin', 'withings'
    added: dict[str, int] = field(default_factory=dict)  # kind -> new entries
    duplicates: dict[str, int] = field(default_factory=dict)  # kind -> already in the vault
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    # CSV lines skipped: bad ones on request, implausibly dated ones always
    bad_lines: list[BadLine] = field(default_factory=list)
    # things the person should know although nothing was refused (plain sentences, no values)
    warnings: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=lambda: Changes(logs=True))

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_duplicates(self) -> int:
        return sum(self.duplicates.values())

    def as_json(self) -> dict[str, object]:
        return {
            "format": self.format,
            "added": dict(sorted(self.added.items())),
            "duplicates": self.total_duplicates,
            "duplicates_by_kind": dict(sorted(self.duplicates.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "bad_lines": [b.as_json() for b in self.bad_lines],
            "warnings": list(self.warnings),
        }


class _CountingReader:
    """Wraps a byte stream to report how far the parser has read (compressed bytes on disk)."""

    def __init__(self, raw: CountingStream, total: int, progress: Progress, label: str) -> None:
        self.raw, self.total, self.progress, self.label = raw, total, progress, label
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.done = self.raw.raw_done
        self.progress(min(self.done, self.total), self.total, self.label)
        return chunk


def _read_all(opened: InputFile) -> bytes:
    """A log CSV whole (it is small: `MAX_CSV_BYTES` is enforced while it expands)."""
    parts: list[bytes] = []
    with opened.open_binary() as stream:
        while chunk := stream.read(1 << 20):
            parts.append(chunk)
    return b"".join(parts)


def sniff(path: Path) -> str:
    """'zip' | 'apple_xml' | 'csv', from the first bytes; raises for anything else.

    The file is opened through `phr.input_file` (special files, archives inside archives and
    hostile zips are refused there, exactly as for genome files); a gzip's content is sniffed
    after inflating, so `export.xml.gz` or `log.csv.gz` reads like the plain file."""
    name = path.name
    opened = open_input(path, max_bytes=HEALTH_EXPORT_MAX_BYTES, choose=_export_member)
    if opened.wrapper == Wrapper.ZIP:
        return "zip"
    head = opened.head(_SNIFF_BYTES)
    if not head.strip():
        raise MalformedFile(f"{name} is empty.")
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        if b"<HealthData" in head or text.startswith((b"<?xml", b"<!DOCTYPE")):
            return "apple_xml"  # the streaming parser checks the root element
        raise UnsupportedFile(f"{name} is XML/HTML but not an Apple Health export.")
    if b"\x00" in head:
        raise UnsupportedFile(
            f"{name} is not a log file PHR can read (use a CSV with date,kind,value,unit, an "
            "Apple Health export.zip/export.xml, or a Fitbit, Garmin or Withings export)."
        )
    try:
        sample = decode(head, name)
    except MalformedFile:
        raise UnsupportedFile(f"{name} is not a text file PHR can read.") from None
    if looks_like_log_csv(sample):
        return "csv"
    raise MalformedFile(
        f"{name} line 1: the columns must be date,kind,value,unit (and optionally note)."
    )


def _export_member(name: str, infos: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    """`apple_health_export/export.xml`, or (localised exports) the one other main XML."""
    named = [i for i in infos if i.filename.rsplit("/", 1)[-1].lower() == "export.xml"]
    if named:
        return min(named, key=lambda i: i.filename.count("/"))
    others = [
        i
        for i in infos
        if i.filename.lower().endswith(".xml")
        and "cda" not in i.filename.rsplit("/", 1)[-1].lower()
        and i.filename.count("/") <= 1
    ]
    if len(others) == 1:
        return others[0]
    raise MalformedFile(
        f"{name} is a zip file without an export.xml inside (nor Fitbit, Garmin or Withings "
        "export files)."
    )


def import_logs(
    vault: Vault,
    path: Path | str,
    *,
    skip_bad_lines: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LogImportResult:
    """Import a log CSV or an Apple Health export (zip or xml) in one transaction."""
    path = Path(path)
    found = detect(path)  # Fitbit, Garmin, Withings: phr.lifestyle.sources
    if found is not None:
        result = _import_source(vault, path, found, progress, cancel)
    elif (kind := sniff(path)) == "csv":
        result = _import_csv(vault, path, skip_bad_lines, progress, cancel)
    else:
        result = _import_apple(vault, path, kind, progress, cancel)
    log.info(
        "log import format=%s added=%d duplicates=%d skipped=%d",
        result.format,
        result.total_added,
        result.total_duplicates,
        sum(result.skipped.values()),
    )
    return result


def _import_source(
    vault: Vault, path: Path, found: Found, progress: Progress, cancel: CancelToken | None
) -> LogImportResult:
    stats = SourceStats()
    result = LogImportResult(found.source.name)
    with found.container, vault.transaction() as conn:
        _store(conn, found.rows(stats, progress, cancel), result, cancel)
        if not result.added and not stats.skipped:
            raise MalformedFile(
                f"{path.name} is a {found.source.label} with no data rows PHR can use; "
                "nothing was imported."
            )
    result.skipped = dict(stats.skipped)
    return result


def _import_csv(
    vault: Vault,
    path: Path,
    skip_bad_lines: bool,
    progress: Progress,
    cancel: CancelToken | None,
) -> LogImportResult:
    progress(0, 1, "Reading the CSV file")
    opened = open_input(path, max_bytes=MAX_CSV_BYTES, choose=_export_member)
    if opened.wrapper == Wrapper.PLAIN and opened.size > MAX_CSV_BYTES:
        raise MalformedFile(f"{path.name} is too large for a hand-written log CSV.")
    parsed = parse_csv(decode(_read_all(opened), path.name), path.name)
    if parsed.bad_lines and not skip_bad_lines:
        raise BadLines(path.name, parsed.bad_lines)
    if cancel:
        cancel.check()
    skipped_lines = sorted(parsed.bad_lines + parsed.implausible_dates, key=lambda b: b.line)
    result = LogImportResult("csv", bad_lines=skipped_lines)
    if parsed.bad_lines:
        result.skipped["bad lines"] = len(parsed.bad_lines)
    if parsed.implausible_dates:
        result.skipped[SKIP_DATE] = len(parsed.implausible_dates)
    with vault.transaction() as conn:
        _store(conn, parsed.rows, result, cancel)
    progress(1, 1, "Done")
    return result


def _import_apple(
    vault: Vault, path: Path, kind: str, progress: Progress, cancel: CancelToken | None
) -> LogImportResult:
    stats = AppleStats()
    result = LogImportResult("apple_health")
    label = "Reading the Apple Health export"
    opened = open_input(path, max_bytes=HEALTH_EXPORT_MAX_BYTES, choose=_export_member)
    total = opened.size
    with opened.open_binary() as raw:
        reader = _CountingReader(raw, total, progress, label)
        _store_apple(vault, AppleExport(path.name, stats), reader, result, cancel)
    result.skipped = dict(stats.skipped)
    if stats.controls_dropped:
        result.warnings.append(
            f"{path.name} had {stats.controls_dropped:,} control character(s) (such as vertical "
            "tabs) inside its text, which XML does not allow; they were left out."
        )
    return result


def _store_apple(
    vault: Vault,
    export: AppleExport,
    source: ByteSource,
    result: LogImportResult,
    cancel: CancelToken | None,
) -> None:
    """Readings go in per kind while the file streams; merged sleep nights go in last."""
    attempted: Counter[str] = Counter()
    added: Counter[str] = Counter()
    with vault.transaction() as conn:
        for kind, rows in export.readings(source, cancel):
            attempted[kind] += len(rows)
            added[kind] += insert_readings(conn, KINDS[kind], rows)
        workouts, minutes = export.workout_rows()
        if minutes:
            attempted["exercise"] += len(minutes)
            added["exercise"] += insert_readings(conn, KINDS["exercise"], minutes)
        if workouts:
            attempted["exercise"] += len(workouts)
            added["exercise"] += insert_workouts(conn, workouts)
        steps = export.step_rows()
        if steps:
            attempted["steps"] += len(steps)
            added["steps"] += insert_readings(conn, KINDS["steps"], steps)
        nights = export.sleep_rows()
        if nights:
            attempted["sleep"] += len(nights)
            added["sleep"] += _upsert_sleep(conn, nights)
        if cancel:
            cancel.check()
    result.added = {k: added[k] for k in sorted(attempted)}
    result.duplicates = {k: attempted[k] - added[k] for k in sorted(attempted)}


def _store(
    conn: Connection,
    rows: Iterable[EntryRow],
    result: LogImportResult,
    cancel: CancelToken | None,
) -> None:
    """Batch rows per kind (so new/duplicate counts are per kind) inside the open transaction."""
    batches: dict[str, list[EntryRow]] = {}
    attempted: Counter[str] = Counter()
    added: Counter[str] = Counter()
    pending = 0
    for count, row in enumerate(rows, 1):
        batches.setdefault(row[0], []).append(row)
        pending += 1
        if pending >= _BATCH:
            _flush(conn, batches, attempted, added)
            pending = 0
        if cancel and count % _CHECK_EVERY == 0:
            cancel.check()
    _flush(conn, batches, attempted, added)
    if cancel:
        cancel.check()
    result.added = {k: added[k] for k in sorted(attempted)}
    result.duplicates = {k: attempted[k] - added[k] for k in sorted(attempted)}


def _flush(
    conn: Connection,
    batches: dict[str, list[EntryRow]],
    attempted: Counter[str],
    added: Counter[str],
) -> None:
    for kind, rows in batches.items():
        if not rows:
            continue
        attempted[kind] += len(rows)
        if kind == "sleep":
            added[kind] += _upsert_sleep(conn, rows)
        else:
            added[kind] += insert_rows(conn, rows)
        rows.clear()


def _upsert_sleep(conn: Connection, rows: list[EntryRow]) -> int:
    """Apple nights: a later export may know more of a night, so longer sleep wins.

    A night's wake-up time can move when it is updated, so nights are matched on their key
    alone (a few thousand rows of one kind, read once per batch), not on the unique index.
    A night with the same sleep but a different time in bed (`value2`; nights imported before
    PHR stored it have none) takes the new time in bed.
    """
    manual = [r for r in rows if r[9] is None]
    merged = [r for r in rows if r[9] is not None]
    changed = insert_rows(conn, manual)
    known: dict[int, tuple[int, float, float | None]] = {
        key: (rowid, value, value2)
        for key, rowid, value, value2 in conn.execute(
            "SELECT dedupe_key, id, value, value2 FROM log_entries"
            " WHERE kind = 'sleep' AND dedupe_key IS NOT NULL"
        )
    }
    for row in merged:
        key, value, value2 = row[9], row[3], row[4]
        assert key is not None and value is not None
        found = known.get(key)
        if found is None:
            cursor = conn.execute(INSERT_SQL, row)
            known[key] = (int(cursor.lastrowid or 0), value, value2)
            changed += 1
        elif value > found[1] or (value == found[1] and value2 != found[2]):
            conn.execute(
                "UPDATE log_entries SET value = ?, value2 = ?, at_utc = ?, tz_offset = ?"
                " WHERE id = ?",
                (value, value2, row[1], row[2], found[0]),
            )
            known[key] = (found[0], value, value2)
            changed += 1
    return changed
