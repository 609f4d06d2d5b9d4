"""Opening a file a person hands to an importer, whatever wraps it: plain, gzip/BGZF, or zip.

Genome files and lifestyle exports arrive the same ways (a vendor zip, a `.gz` download, a bare
text file), and the same hostile files can be handed to either importer. So the rules live
here, once, and both importers (`phr.genome.source`, `phr.lifestyle.importer`) open files only
through `open_input`:

- Only regular files are opened. A folder, FIFO, socket or device is refused from its `stat`,
  and the file is opened non-blocking, so a FIFO swapped in after the check cannot hang PHR.
- The wrapper is decided from the first bytes, never from the name. Formats PHR cannot inflate
  (bzip2, xz, 7z, rar) get a message saying to unpack them first.
- A zip is refused whole if any member name climbs out of the archive (`..`, an absolute or a
  drive path): PHR never extracts, but no real export is named that way, so it is hostile.
- The chosen zip member (or gzip stream) is refused if it is itself an archive: "unpack it
  first" beats a confusing "not a genome file", and it closes nested-bomb tricks.
- Zip bombs: a member's declared sizes are checked before a byte is inflated, and every
  stream's output is checked against the compressed bytes read so far (`phr.archives`).
- Decompression errors become `MalformedFile` naming the file; nothing is written to disk.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import BinaryIO, cast

from phr.archives import check_expansion, check_zip_member
from phr.errors import MalformedFile, UnsupportedFile

_isal_gzip: ModuleType | None
_INFLATE_ERRORS: tuple[type[BaseException], ...]
try:  # ISA-L's gzip reader inflates a genome about 2.5x faster than zlib (same bytes out)
    from isal import igzip as _isal_gzip
    from isal.isal_zlib import error as _isal_error

    _INFLATE_ERRORS = (zlib.error, cast(type[BaseException], _isal_error))
except ImportError:  # pragma: no cover - isal is a dependency; zlib is the fallback
    _isal_gzip = None
    _INFLATE_ERRORS = (zlib.error,)
_READ_ERRORS = (EOFError, gzip.BadGzipFile, zipfile.BadZipFile, OSError, *_INFLATE_ERRORS)

_GZIP_STEP = 16 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Wrappers PHR does not inflate, by their first bytes (and tar's "ustar" at offset 257).
_OTHER_ARCHIVES = (
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\x28\xb5\x2f\xfd", "Zstandard"),
)
_TAR_MAGIC_AT = 257
_PEEK = 512

# A zip member chooser: the file's name and the archive's file members -> the one to read.
MemberChooser = Callable[[str, list[zipfile.ZipInfo]], zipfile.ZipInfo]


class Wrapper(StrEnum):
    PLAIN = "plain"
    GZIP = "gzip"  # includes BGZF and several members in a row
    ZIP = "zip"


def biggest_member(name: str, members: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    """The default choice: vendors put one data file in a zip; if there are several (a readme
    besides it), the biggest is the data."""
    if not members:
        raise MalformedFile(f"{name}: the zip file is empty.")
    return max(members, key=lambda info: info.file_size)


@dataclass(frozen=True)
class InputFile:
    """A regular file on disk, what wraps it, and (for zips) which member is read."""

    path: Path
    wrapper: Wrapper
    size: int  # bytes on disk: progress runs over these
    max_bytes: int  # how far the content may expand before PHR stops reading
    member: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @contextmanager
    def open_binary(self) -> Iterator[CountingStream]:
        """The decompressed bytes, with `raw_done` counting compressed bytes read (progress)."""
        raw = _open_regular(self.path)
        # ISA-L asks for compressed bytes 128 kB at a time; smaller steps keep the count of
        # compressed bytes read close to what was inflated, so a bomb's ratio shows early.
        counted = _RawCounter(raw, _GZIP_STEP if self.wrapper == Wrapper.GZIP else None)
        try:
            inner: BinaryIO
            if self.wrapper == Wrapper.GZIP:
                inner = _gzip_reader(counted)
            elif self.wrapper == Wrapper.ZIP:
                assert self.member is not None
                try:
                    archive = zipfile.ZipFile(counted)
                    inner = archive.open(self.member)  # type: ignore[assignment]
                except (NotImplementedError, RuntimeError) as exc:  # checked before; belt
                    raise UnsupportedFile(
                        f"{self.name} uses a zip feature PHR cannot read. Extract it with your "
                        "archive tool and import the extracted file."
                    ) from exc
                except (zipfile.BadZipFile, EOFError, OSError, KeyError) as exc:
                    raise corrupt(self) from exc
            else:
                inner = counted  # type: ignore[assignment]
            yield CountingStream(inner, counted, self)
        finally:
            raw.close()

    def head(self, limit: int) -> bytes:
        """The first decompressed bytes (enough to sniff the format and read a header)."""
        with self.open_binary() as stream:
            return stream.read(limit)


class _RawCounter(io.RawIOBase):
    """Counts bytes read from the compressed file so progress can be a fraction of it."""

    def __init__(self, raw: BinaryIO, most: int | None = None) -> None:
        self._raw = raw
        self._most = most  # at most this many bytes per read (None: as asked)
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
        size = len(buffer) if self._most is None else min(len(buffer), self._most)
        data = self._raw.read(size)
        buffer[: len(data)] = data
        self.done = max(self.done, self._raw.tell())
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if self._most is not None and size > self._most:
            size = self._most
        data = self._raw.read(size)
        self.done = max(self.done, self._raw.tell())
        return data


class CountingStream:
    """Decompressed bytes of an input file; `read` turns codec errors into `MalformedFile` and
    stops a stream that expands past the file's limits."""

    def __init__(self, inner: BinaryIO, counter: _RawCounter, source: InputFile) -> None:
        self._inner = inner
        self._counter = counter
        self._source = source
        self.expanded = 0  # decompressed bytes handed out so far

    @property
    def raw_done(self) -> int:
        return self._counter.done

    def read(self, size: int = -1, /) -> bytes:
        """At most `size` bytes. A negative size reads one chunk of 1 MiB, never the whole
        stream, so a bomb is always met in pieces."""
        if size < 0:
            size = 1 << 20
        try:
            data = self._inner.read(size)
        except _READ_ERRORS as exc:
            raise corrupt(self._source) from exc
        self.expanded += len(data)
        check_expansion(
            self._source.name, self.expanded, self._counter.done, self._source.max_bytes
        )
        return data


def _gzip_reader(raw: io.RawIOBase) -> BinaryIO:
    """Decompressed bytes of a gzip stream (several members in a row, as BGZF has)."""
    if _isal_gzip is not None:
        return cast(BinaryIO, _isal_gzip.IGzipFile(fileobj=raw, mode="rb"))
    return cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb"))


def corrupt(source: InputFile) -> MalformedFile:
    kind = {Wrapper.GZIP: "gzip ", Wrapper.ZIP: "zip "}.get(source.wrapper, "")
    return MalformedFile(
        f"{source.name}: the {kind}file is truncated or corrupt (an interrupted download?). "
        "Download it again and retry."
    )


def _open_regular(path: Path) -> BinaryIO:
    """Open without blocking (a FIFO opened for reading waits for a writer) and refuse
    anything that is not a regular file, judged on the opened descriptor itself."""
    name = path.name
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise UnsupportedFile(f"Cannot read {name}: no such file.") from None
    except OSError as exc:
        raise UnsupportedFile(f"Cannot read {name}: {exc.strerror}.") from None
    refuse_special(name, status.st_mode)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UnsupportedFile(f"Cannot read {name}: {exc.strerror}.") from None
    try:
        refuse_special(name, os.fstat(fd).st_mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def refuse_special(name: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise UnsupportedFile(f"{name} is a folder, not a file. Choose the file inside it.")
    what = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise UnsupportedFile(
        f"{name} is {what}, not a regular file; PHR imports only files saved on disk."
    )


def _unsafe_name(member: str) -> bool:
    """A name that would land outside the folder it was extracted to."""
    unified = member.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return True
    return ".." in PurePosixPath(unified).parts


def _other_archive(head: bytes) -> str | None:
    for magic, label in _OTHER_ARCHIVES:
        if head.startswith(magic):
            return label
    if head[_TAR_MAGIC_AT : _TAR_MAGIC_AT + 5] == b"ustar":
        return "tar"
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith(_ZIP_MAGICS):
        return "zip"
    return None


def open_input(path: Path, *, max_bytes: int, choose: MemberChooser = biggest_member) -> InputFile:
    """Check the file and look at its first bytes to find out how its content is wrapped.

    Raises `UnsupportedFile` / `MalformedFile` naming the file (never quoting its content)
    for everything the module docstring lists."""
    name = path.name
    with _open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        magic = handle.read(_PEEK)
    if size == 0 or not magic:
        raise MalformedFile(f"{name}: the file is empty.")
    if magic.startswith(_GZIP_MAGIC):
        found = InputFile(path, Wrapper.GZIP, size, max_bytes)
    elif magic.startswith(_ZIP_MAGICS):
        info = _zip_member(path, choose, max_bytes)
        found = InputFile(path, Wrapper.ZIP, size, max_bytes, info.filename)
    else:
        label = _other_archive(magic)
        if label is not None:
            raise UnsupportedFile(
                f"{name} is a {label} archive, which PHR does not open. Unpack it first "
                "and import the file inside."
            )
        return InputFile(path, Wrapper.PLAIN, size, max_bytes)
    label = _other_archive(found.head(_PEEK))
    if label is not None:
        inside = f"{found.member} " if found.member else ""
        raise UnsupportedFile(
            f"{name} holds another compressed file {inside}({label}). Unpack it first and "
            "import the file inside."
        )
    return found


def _zip_member(path: Path, choose: MemberChooser, max_bytes: int) -> zipfile.ZipInfo:
    try:
        with _open_regular(path) as handle, zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise MalformedFile(
            f"{path.name}: the zip file is truncated or corrupt (an interrupted download?). "
            "Download it again and retry."
        ) from exc
    if any(_unsafe_name(info.filename) for info in infos):
        raise MalformedFile(
            f"{path.name} holds a file whose name points outside the archive (an absolute "
            "path or '..'), which no real export has; PHR does not open it."
        )
    chosen = choose(path.name, [info for info in infos if not info.is_dir()])
    check_zip_member(path.name, chosen, max_bytes)
    return chosen
