"""Opening a genome file whatever wrapper it came in: plain, gzip/BGZF, or zip.

Vendors ship zips; sequencing services ship BGZF; some FTDNA files are several gzip members in
a row. Everything here is decided from the bytes, never from the file name. Nothing is ever
written to disk: zip members and gzip streams are decompressed in memory, chunk by chunk.

Decompression errors (a truncated download, a corrupt zip) become `MalformedFile` naming the
file, so a half-downloaded file never turns into a half-imported genome. Hostile files stop
early: a zip member is checked against its declared sizes before it is opened, a gzip stream
against what it has expanded to as it is read (`phr.archives`), and readers refuse a line
longer than a genome file ever has (`line_too_long`), so memory and time stay bounded.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from phr.archives import GENOME_MAX_BYTES, check_expansion, check_zip_member, describe_size
from phr.errors import MalformedFile, UnsupportedFile
from phr.progress import CancelToken

HEAD_BYTES = 64 * 1024
SCAN_BYTES = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
# Members a vendor zip may carry besides the genome (readme, licence, macOS resource forks).
_NOT_GENOME = ("readme", "license", "licence", "__macosx/", ".pdf", ".html", ".htm", ".md5")


class Wrapper(StrEnum):
    PLAIN = "plain"
    GZIP = "gzip"  # includes BGZF and concatenated members
    ZIP = "zip"


@dataclass(frozen=True)
class GenomeSource:
    """A file on disk, what wraps it, and (for zips) which member is the genome."""

    path: Path
    wrapper: Wrapper
    size: int
    member: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @contextmanager
    def open_binary(self) -> Iterator[CountingStream]:
        """The decompressed bytes, with `raw_done` counting compressed bytes read (progress)."""
        raw = open(self.path, "rb")  # noqa: SIM115 -- closed below, wrapped by the streams
        counted = _RawCounter(raw)
        try:
            if self.wrapper == Wrapper.GZIP:
                inner: BinaryIO = gzip.GzipFile(fileobj=counted, mode="rb")  # type: ignore[assignment]
            elif self.wrapper == Wrapper.ZIP:
                archive = zipfile.ZipFile(counted)
                assert self.member is not None
                try:
                    inner = archive.open(self.member)  # type: ignore[assignment]
                except (NotImplementedError, RuntimeError) as exc:  # checked before; belt
                    raise UnsupportedFile(
                        f"{self.name} uses a zip feature PHR cannot read. Extract it with your "
                        "archive tool and import the extracted file."
                    ) from exc
            else:
                inner = counted  # type: ignore[assignment]
            yield CountingStream(inner, counted, self)
        finally:
            raw.close()

    def head(self, limit: int = HEAD_BYTES) -> bytes:
        """The first decompressed bytes (enough to sniff the format and read the header)."""
        with self.open_binary() as stream:
            return stream.read(limit)


class _RawCounter(io.RawIOBase):
    """Counts bytes read from the compressed file so progress can be a fraction of it."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.done = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.done = max(self.done, self._raw.tell())
        return len(data)

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.done = max(self.done, self._raw.tell())
        return data


class CountingStream:
    """Decompressed bytes of a genome file; `read` turns codec errors into `MalformedFile`."""

    def __init__(self, inner: BinaryIO, counter: _RawCounter, source: GenomeSource) -> None:
        self._inner = inner
        self._counter = counter
        self._source = source
        self.expanded = 0  # decompressed bytes handed out so far

    @property
    def raw_done(self) -> int:
        return self._counter.done

    def read(self, size: int) -> bytes:
        """At most `size` bytes: there is no "read it all", so a bomb is refused in pieces."""
        try:
            data = self._inner.read(size)
        except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile, OSError) as exc:
            raise corrupt(self._source) from exc
        self.expanded += len(data)
        check_expansion(self._source.name, self.expanded, self._counter.done, GENOME_MAX_BYTES)
        return data


def corrupt(source: GenomeSource) -> MalformedFile:
    kind = {Wrapper.GZIP: "gzip", Wrapper.ZIP: "zip"}.get(source.wrapper, "")
    return MalformedFile(
        f"{source.name}: the {kind} file is truncated or corrupt (an interrupted download?). "
        "Download it again and retry."
    )


def line_too_long(name: str, line: int, limit: int) -> MalformedFile:
    """The refusal of a line no genome file has (never quoting it: it may be health data)."""
    return MalformedFile(
        f"{name} line {line}: the line is longer than {describe_size(limit)}, which no line "
        "of a genome file is; the file is damaged or not a genome raw-data file."
    )


def check_whole_stream(
    source: GenomeSource, max_line: int | None, cancel: CancelToken | None = None
) -> None:
    """Read the decompressed file once, refusing it as soon as it expands too far or has a
    line longer than `max_line`; for readers (htslib) that would otherwise hold it all.

    Costs one decompression pass (about 2% of a VCF import). `max_line` is at least a chunk,
    so a line longer than it spans chunks: only lines that do are measured.
    """
    assert max_line is None or max_line >= SCAN_BYTES
    line, since = 1, 0  # current line number, its bytes so far
    with source.open_binary() as stream:
        while chunk := stream.read(SCAN_BYTES):
            if cancel is not None:
                cancel.check()
            if max_line is None:
                continue
            first = chunk.find(b"\n")
            if first < 0:
                since += len(chunk)
            else:
                if since + first > max_line:
                    raise line_too_long(source.name, line, max_line)
                line += chunk.count(b"\n")
                since = len(chunk) - chunk.rfind(b"\n") - 1
            if since > max_line:
                raise line_too_long(source.name, line, max_line)


def sha256_of(path: Path, chunk: int = 4 * 1024 * 1024) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def open_source(path: Path) -> GenomeSource:
    """Look at the first bytes and find out how the genome inside is wrapped."""
    if not path.exists():
        raise UnsupportedFile(f"{path.name}: no such file.")
    if path.is_dir():
        raise UnsupportedFile(f"{path.name} is a folder, not a genome file.")
    size = path.stat().st_size
    if size == 0:
        raise MalformedFile(f"{path.name}: the file is empty.")
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic.startswith(_GZIP_MAGIC):
        return GenomeSource(path, Wrapper.GZIP, size)
    if magic in (_ZIP_MAGIC, _EMPTY_ZIP):
        return GenomeSource(path, Wrapper.ZIP, size, _zip_member(path))
    return GenomeSource(path, Wrapper.PLAIN, size)


def _zip_member(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and not any(s in info.filename.lower() for s in _NOT_GENOME)
            ]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise MalformedFile(
            f"{path.name}: the zip file is truncated or corrupt (an interrupted download?). "
            "Download it again and retry."
        ) from exc
    if not members:
        raise MalformedFile(f"{path.name}: the zip file holds no genome data file.")
    # Vendors put one data file in the zip; if there are several, the biggest is the genome.
    chosen = max(members, key=lambda info: info.file_size)
    check_zip_member(path.name, chosen, GENOME_MAX_BYTES)
    return chosen.filename
