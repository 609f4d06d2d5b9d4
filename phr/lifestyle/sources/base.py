"""What every wearable source shares: the picked file as a set of members, stats, and rows.

A person picks one thing: a zip (Takeout, Garmin or Withings export), a folder it was unpacked
into, or one file out of it (a `.fit`, one JSON or CSV). `Container` makes all three look like
a list of members that can be peeked at and streamed, so a source never cares which it was.

Members are never extracted to disk (no temp files with health data, and a member's name is
never used as a path, so `../` names are harmless); each zip member passes the same expansion
checks as an Apple Health export before a byte of it is inflated. Nested archives are not
opened: they are counted as skipped files.
"""

from __future__ import annotations

import io
import json
import stat
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import IO, Protocol

from phr.archives import HEALTH_EXPORT_MAX_BYTES, check_zip_member, describe_size
from phr.errors import MalformedFile, UnsupportedFile
from phr.input_file import refuse_special
from phr.lifestyle.entries import EARLIEST_DAY, EntryRow, dedupe_key, latest_instant
from phr.lifestyle.kinds import KINDS
from phr.progress import CancelToken, Progress

HEAD_BYTES = 4096
MAX_JSON_MEMBER = 256 * 1024 * 1024  # Fitbit's largest per-day file is a few MB
MAX_MEMBERS = 500_000  # a decade of Fitbit per-day files is ~20 000
SKIP_OTHER_FILES = "other files"
SKIP_IMPLAUSIBLE = "implausible value"
SKIP_DATE = "implausible date"
SKIP_UNREADABLE = "unreadable value or date"


@dataclass(frozen=True)
class Member:
    path: str  # '/'-separated, relative to what was picked; only for messages and layouts
    size: int  # uncompressed bytes

    @property
    def base(self) -> str:
        return self.path.rsplit("/", 1)[-1].lower()


class Container:
    """The picked file, zip or folder as members; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self._zip: zipfile.ZipFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._files: dict[str, Path] = {}
        self.members: list[Member] = []
        self._single = False
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise UnsupportedFile(f"Cannot read {self.name}: no such file.") from None
        if not stat.S_ISDIR(mode):
            refuse_special(self.name, mode)  # pipes, sockets, devices: as every importer says
        if path.is_dir():
            self._walk_folder()
        elif zipfile.is_zipfile(path):
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise MalformedFile(f"{self.name} is a damaged or incomplete zip file.") from exc
            for info in self._zip.infolist():
                if not info.is_dir():
                    self._infos[info.filename] = info
                    self.members.append(Member(info.filename, info.file_size))
                    if len(self.members) > MAX_MEMBERS:
                        raise UnsupportedFile(f"{self.name} holds too many files to be an export.")
        else:
            self._single = True
            self._files[path.name] = path
            self.members.append(Member(path.name, path.stat().st_size))

    def _walk_folder(self) -> None:
        for found in sorted(self.path.rglob("*")):
            mode = found.lstat().st_mode
            if not stat.S_ISREG(mode):
                continue  # folders, symlinks, FIFOs and devices are never opened
            relative = found.relative_to(self.path).as_posix()
            self._files[relative] = found
            self.members.append(Member(relative, found.stat().st_size))
            if len(self.members) > MAX_MEMBERS:
                raise UnsupportedFile(f"{self.name} holds too many files to be an export.")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def open(self, member: Member) -> Iterator[IO[bytes]]:
        """The member's bytes as a stream; damaged zips become MalformedFile."""
        label = self.label(member)
        try:
            if self._zip is not None:
                info = self._infos[member.path]
                check_zip_member(label, info, HEALTH_EXPORT_MAX_BYTES)
                with self._zip.open(info) as raw:
                    yield raw
            else:
                with open(self._files[member.path], "rb") as raw_file:
                    yield raw_file
        except (zipfile.BadZipFile, EOFError) as exc:
            raise MalformedFile(f"{self.name} is a damaged or incomplete zip file.") from exc
        except NotImplementedError as exc:
            raise UnsupportedFile(f"{self.name} uses a zip feature PHR cannot read.") from exc

    def head(self, member: Member, size: int = HEAD_BYTES) -> bytes:
        with self.open(member) as raw:
            return raw.read(size)

    def label(self, member: Member) -> str:
        """How messages name a member: 'export.zip: Fitbit/.../steps-2020-01-01.json'."""
        if self._single:
            return self.name
        return f"{self.name}: {member.path}"

    def load_json(self, member: Member) -> object:
        """A whole JSON member (these files are small); truncated or broken JSON is refused."""
        label = self.label(member)
        if member.size > MAX_JSON_MEMBER:
            raise MalformedFile(
                f"{label} is larger than {describe_size(MAX_JSON_MEMBER)}, more than any "
                "file of this kind; nothing was imported."
            )
        with self.open(member) as raw:
            data = raw.read(MAX_JSON_MEMBER + 1)
        try:
            return json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise MalformedFile(f"{label} is not UTF-8 text; nothing was imported.") from None
        except json.JSONDecodeError as exc:
            raise MalformedFile(
                f"{label} is not complete JSON (it breaks off or is damaged at line "
                f"{exc.lineno}); nothing was imported."
            ) from None

    @contextmanager
    def text(self, member: Member) -> Iterator[IO[str]]:
        with self.open(member) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


@dataclass
class SourceStats:
    skipped: Counter[str] = field(default_factory=Counter)
    files: int = 0  # members read


class WearableSource(Protocol):
    name: str  # result format: 'fitbit', 'garmin', 'withings'
    label: str  # words for messages: 'Fitbit export'

    def member_kind(self, member: Member, head: bytes) -> str | None:
        """What this member holds for this source (from its content), or None."""
        ...

    def rows(
        self,
        container: Container,
        kinds: dict[Member, str],
        stats: SourceStats,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> Iterator[EntryRow]:
        """Every entry, streamed; nights or days merged across files come last."""
        ...


class RowMaker:
    """Checks a reading (value range, plausible date) and builds its EntryRow, or counts a skip."""

    def __init__(self, source: str, stats: SourceStats) -> None:
        self.source = source
        self.stats = stats
        self.latest = latest_instant()

    def make(
        self,
        kind: str,
        at: datetime,
        value: float,
        *key: str,
        value2: float | None = None,
    ) -> EntryRow | None:
        """`at` is aware; its own offset is the entry's offset. `key` identifies the record."""
        found = KINDS[kind]
        if not found.low <= value <= found.high:  # NaN fails as well
            self.stats.skipped[SKIP_IMPLAUSIBLE] += 1
            return None
        try:
            utc = at.astimezone(UTC)
        except (OverflowError, ValueError):
            self.stats.skipped[SKIP_DATE] += 1
            return None
        if at.date() < EARLIEST_DAY or utc > self.latest:
            self.stats.skipped[SKIP_DATE] += 1
            return None
        offset = at.utcoffset() or timedelta(0)
        return (
            kind,
            utc.isoformat(timespec="seconds")[:19] + "Z",
            int(offset.total_seconds() // 60),
            value,
            value2,
            None,
            found.unit,
            self.source,
            None,
            dedupe_key(self.source, kind, *key),
        )


def in_zone(naive: datetime, zone: tzinfo | None) -> datetime:
    """A wall-clock time as an aware datetime: in `zone`, or (None) in this computer's zone
    with the offset in force on that date, for files that write local times without a zone.

    Raises ValueError for a time the platform cannot place (year 1, year 9999)."""
    if zone is not None:
        return naive.replace(tzinfo=zone)
    try:
        return naive.astimezone()
    except (OverflowError, OSError) as exc:
        raise ValueError("time out of range") from exc


def number(text: object) -> float:
    """A JSON or CSV number ('62', 62, '62.5'); raises ValueError otherwise."""
    if isinstance(text, bool) or text is None:
        raise ValueError("not a number")
    if isinstance(text, int | float):
        return float(text)
    if isinstance(text, str):
        return float(text.strip())
    raise ValueError("not a number")
