"""The same hostile input is refused the same way by the genome and the lifestyle importer.

Both open files through `phr.input_file`, so a folder, a FIFO, a socket, a device, a zip with
a member named outside the archive, an archive inside an archive, or a zip bomb gets one
message and one error type whichever importer it is handed to, and the vault is unchanged.
"""

from __future__ import annotations

import bz2
import gzip
import io
import os
import socket
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from phr.errors import MalformedFile, PhrError, UnsupportedFile
from phr.genome.importer import import_genome
from phr.input_file import Wrapper, open_input
from phr.lifestyle.importer import import_logs
from phr.vault import Vault
from tests.genome.conftest import fingerprint
from tests.hostile import corpus
from tests.hostile.corpus import APPLE_HEAD, ARRAY_HEADER

EXPORT = "apple_health_export/export.xml"
BOMB = "expands to more than 200 times its compressed size"
UNPACK = "Unpack it first and import the file inside"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _tar_gz(path: Path) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("genome.txt")
        info.size = len(ARRAY_HEADER)
        archive.addfile(info, io.BytesIO(ARRAY_HEADER))
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _device(_: Path) -> Path:
    return Path(os.devnull)


MAKERS: dict[str, Callable[[Path], Path]] = {
    "folder": lambda d: (d / "genome_folder").mkdir() or d / "genome_folder",
    "traversal_name": lambda d: _zip(d / "slip.zip", {"../export.xml": APPLE_HEAD}),
    "absolute_name": lambda d: _zip(d / "abs.zip", {"/etc/export.xml": APPLE_HEAD}),
    "zip_in_zip": lambda d: _zip(
        d / "outer.zip", {EXPORT: _zip(d / "inner.zip", {EXPORT: APPLE_HEAD}).read_bytes()}
    ),
    "gzip_in_gzip": lambda d: corpus.plain(
        d / "twice.gz", gzip.compress(gzip.compress(ARRAY_HEADER, mtime=0), mtime=0)
    ),
    "zip_in_gzip": lambda d: corpus.plain(
        d / "zip.gz", gzip.compress(_zip(d / "in.zip", {EXPORT: APPLE_HEAD}).read_bytes())
    ),
    "tar_gz": lambda d: _tar_gz(d / "export.tar.gz"),
    "bzip2": lambda d: corpus.plain(d / "genome.txt.bz2", bz2.compress(ARRAY_HEADER)),
    "zip_bomb": lambda d: corpus.zip_bomb(d / "bomb.zip", EXPORT, APPLE_HEAD),
    "zip_password": lambda d: corpus.zip_patched(
        d / "locked.zip", EXPORT, APPLE_HEAD, method=zipfile.ZIP_DEFLATED, flags=1
    ),
    "zip_deflate64": lambda d: corpus.zip_patched(
        d / "d64.zip", EXPORT, APPLE_HEAD, method=9, flags=0
    ),
}

CASES: list[tuple[str, type[PhrError], str]] = [
    ("folder", UnsupportedFile, "is a folder, not a file"),
    ("traversal_name", MalformedFile, "a file whose name points outside the archive"),
    ("absolute_name", MalformedFile, "a file whose name points outside the archive"),
    ("zip_in_zip", UnsupportedFile, f"holds another compressed file {EXPORT} (zip). {UNPACK}"),
    ("gzip_in_gzip", UnsupportedFile, f"holds another compressed file (gzip). {UNPACK}"),
    ("zip_in_gzip", UnsupportedFile, f"holds another compressed file (zip). {UNPACK}"),
    ("tar_gz", UnsupportedFile, f"holds another compressed file (tar). {UNPACK}"),
    ("bzip2", UnsupportedFile, f"is a bzip2 archive, which PHR does not open. {UNPACK}"),
    ("zip_bomb", MalformedFile, BOMB),
    ("zip_password", UnsupportedFile, "is password-protected"),
    ("zip_deflate64", UnsupportedFile, "is compressed with Deflate64"),
]


def _refusal(vault: Vault, run: Callable[[], object]) -> tuple[type[BaseException], str]:
    before = fingerprint(vault)
    with pytest.raises(PhrError) as caught:
        run()
    assert fingerprint(vault) == before
    return type(caught.value), str(caught.value)


def _both(vault: Vault, path: Path) -> list[tuple[type[BaseException], str]]:
    return [
        _refusal(vault, lambda: import_genome(vault, path)),
        _refusal(vault, lambda: import_logs(vault, path)),
    ]


@pytest.mark.parametrize(("case", "error", "words"), CASES)
def test_both_importers_refuse_the_same_hostile_file_identically(
    vault: Vault, tmp_path: Path, case: str, error: type[PhrError], words: str
) -> None:
    path = MAKERS[case](tmp_path)
    genome, logs = _both(vault, path)
    assert genome == logs
    kind, message = genome
    assert kind is error
    assert message.startswith(path.name) and words in message
    assert "\n" not in message and "rs3094315" not in message and "\x00" not in message


def test_a_gzip_health_export_is_read_and_a_gzip_bomb_stopped_as_it_streams(
    vault: Vault, tmp_path: Path
) -> None:
    """Gzip declares no size, so what a bomb is found from its content: the genome importer
    already stops its own (test_genome_files); the health importer, new to gzip, does too."""
    bomb = corpus.gzip_run(tmp_path / "export.xml.gz", APPLE_HEAD, b" ", 3 * 10**9)
    kind, message = _refusal(vault, lambda: import_logs(vault, bomb))
    assert kind is MalformedFile and message.startswith("export.xml.gz ") and BOMB in message


@posix_only
@pytest.mark.timeout(10)
def test_a_fifo_is_refused_without_waiting_for_a_writer(vault: Vault, tmp_path: Path) -> None:
    """Opening a FIFO for reading blocks until someone writes; PHR must never get there."""
    genome, logs = _both(vault, _fifo(tmp_path / "genome.txt"))
    assert genome == logs
    assert genome[0] is UnsupportedFile
    assert "genome.txt is a named pipe (FIFO), not a regular file" in genome[1]


@posix_only
def test_a_device_is_refused(vault: Vault, tmp_path: Path) -> None:
    genome, logs = _both(vault, _device(tmp_path))
    assert genome == logs
    assert genome[0] is UnsupportedFile and "null is a device, not a regular file" in genome[1]


@posix_only
def test_a_socket_is_refused(vault: Vault, tmp_path: Path) -> None:
    short = Path(os.environ.get("TMPDIR", "/tmp")) / f"phr-{os.getpid()}.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(short))
        genome, logs = _both(vault, short)
    finally:
        server.close()
        short.unlink(missing_ok=True)
    assert genome == logs
    assert genome[0] is UnsupportedFile and "is a socket, not a regular file" in genome[1]


def test_a_vendor_zip_with_a_readme_opens_its_data_member(tmp_path: Path) -> None:
    path = _zip(tmp_path / "genome.zip", {"README.txt": b"x" * 10, "genome.txt": ARRAY_HEADER})
    opened = open_input(path, max_bytes=1 << 30)
    assert opened.wrapper == Wrapper.ZIP and opened.member == "genome.txt"
    assert opened.head(1 << 16) == ARRAY_HEADER


def test_progress_counts_compressed_bytes_up_to_the_file_size(tmp_path: Path) -> None:
    data = b"".join(b"rs%d\t1\t%d\tAG\n" % (n, n + 1) for n in range(50_000))
    path = corpus.plain(tmp_path / "genome.txt.gz", gzip.compress(ARRAY_HEADER + data))
    opened = open_input(path, max_bytes=1 << 30)
    seen: list[int] = []
    with opened.open_binary() as stream:
        while stream.read(1 << 14):
            seen.append(stream.raw_done)
    assert seen == sorted(seen) and seen[-1] == opened.size


@pytest.fixture(autouse=True)
def _no_leftovers(tmp_path: Path) -> Iterator[None]:
    """Nothing is ever extracted: the test folder holds only what the test wrote."""
    yield
    assert not any(p.name == "export.xml" for p in tmp_path.rglob("*"))


def test_gzip_wrapped_health_export_and_log_csv_import_like_plain_files(
    vault: Vault, tmp_path: Path
) -> None:
    record = (
        b' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count"'
        b' startDate="2024-01-01 10:00:00 +0000" endDate="2024-01-01 10:05:00 +0000"'
        b' value="500"/>\n'
    )
    export = corpus.plain(
        tmp_path / "export.xml.gz", gzip.compress(APPLE_HEAD + record + b"</HealthData>\n")
    )
    assert import_logs(vault, export).added == {"steps": 1}
    csv = corpus.plain(
        tmp_path / "log.csv.gz", gzip.compress(b"date,kind,value,unit\n2024-01-02,weight,70,kg\n")
    )
    assert import_logs(vault, csv).added == {"weight": 1}
