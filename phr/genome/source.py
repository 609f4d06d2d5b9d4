"""Opening a genome file whatever wrapper it came in: plain, gzip/BGZF, or zip.

The opening itself, and every safety rule about it (special files, zip bombs, traversal names,
nested archives, decompression errors), lives in `phr.input_file`, shared with the lifestyle
importer. What is genome-specific stays here: which zip member is the genome, the size a
genome may expand to, and refusing a line longer than a genome file ever has
(`line_too_long`), so memory and time stay bounded.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from phr.archives import GENOME_MAX_BYTES, describe_size
from phr.errors import MalformedFile
from phr.input_file import CountingStream, InputFile, Wrapper, corrupt, open_input
from phr.progress import CancelToken

__all__ = ["CountingStream", "GenomeSource", "Wrapper", "corrupt", "open_source"]

HEAD_BYTES = 64 * 1024
SCAN_BYTES = 1024 * 1024
# Members a vendor zip may carry besides the genome (readme, licence, macOS resource forks).
_NOT_GENOME = ("readme", "license", "licence", "__macosx/", ".pdf", ".html", ".htm", ".md5")

# A genome file is an input file like any other; the name says what the importer expects.
GenomeSource = InputFile


def line_too_long(name: str, line: int, limit: int) -> MalformedFile:
    """The refusal of a line no genome file has (never quoting it: it may be health data)."""
    return MalformedFile(
        f"{name} line {line}: the line is longer than {describe_size(limit)}, which no line "
        "of a genome file is; the file is damaged or not a genome raw-data file."
    )


def check_whole_stream(
    source: InputFile, max_line: int | None, cancel: CancelToken | None = None
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
    """Check the file and find out how the genome inside is wrapped (`phr.input_file`)."""
    return open_input(path, max_bytes=GENOME_MAX_BYTES, choose=_genome_member)


def _genome_member(name: str, members: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    """Vendors put one data file in the zip; if there are several, the biggest is the genome."""
    data = [info for info in members if not any(s in info.filename.lower() for s in _NOT_GENOME)]
    if not data:
        raise MalformedFile(f"{name}: the zip file holds no genome data file.")
    return max(data, key=lambda info: info.file_size)
