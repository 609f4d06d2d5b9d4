"""How far a compressed file may expand before PHR stops reading it (zip and gzip bombs).

A 3 MB zip can hold 3 GB of one repeated byte; read as it comes, it costs minutes and
gigabytes before any parser sees that it is nonsense. Every importer that opens a zip or gzip
checks here first: a zip member's declared sizes before a byte of it is inflated (Python's
zipfile never inflates past the declared size, so a member that lies about it ends as a CRC
error), and a gzip stream's output against the compressed bytes read so far, as it goes.

The limits admit every real file: raw genome text expands about 4 times, a whole-genome VCF
5 to 10 times, an Apple Health export about 30 times, while a deflate bomb expands about
1000 times. Small files are never judged by ratio, so a short, very regular file stays fine.
"""

from __future__ import annotations

import zipfile

from phr.errors import MalformedFile, UnsupportedFile

MIB = 1 << 20
GIB = 1 << 30
MAX_RATIO = 200
RATIO_FREE_BYTES = 16 * MIB  # expansion up to here is never judged by ratio
GENOME_MAX_BYTES = 8 * GIB  # a whole-genome VCF is a few GB uncompressed
HEALTH_EXPORT_MAX_BYTES = 32 * GIB  # Apple Health exports of many years reach several GB

# Methods Python's zipfile inflates; others get a name a person can look up.
_READABLE_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
_METHOD_NAMES = {9: "Deflate64", 93: "Zstandard", 95: "XZ", 96: "JPEG", 97: "WavPack", 98: "PPMd"}
_AES_METHOD = 99  # WinZip AES: the member is encrypted
_ENCRYPTED_FLAG = 0x1


def describe_size(count: int) -> str:
    """'8 GB', '16 MB', '64 kB': a limit in words."""
    for unit, name in ((GIB, "GB"), (MIB, "MB"), (1024, "kB")):
        if count >= unit:
            return f"{count / unit:.3g} {name}"
    return f"{count} bytes"


def check_zip_member(file_name: str, member: zipfile.ZipInfo, max_bytes: int) -> None:
    """Refuse a member that is encrypted, packed with a method PHR cannot inflate, or that
    declares more data (or a higher compression ratio) than any real file of its kind."""
    if member.flag_bits & _ENCRYPTED_FLAG or member.compress_type == _AES_METHOD:
        raise UnsupportedFile(
            f"{file_name} is password-protected; PHR cannot open encrypted zip files. "
            "Extract it with your archive tool (it will ask for the password) and import "
            "the extracted file."
        )
    if member.compress_type not in _READABLE_METHODS:
        method = _METHOD_NAMES.get(member.compress_type, f"method {member.compress_type}")
        raise UnsupportedFile(
            f"{file_name} is compressed with {method}, which PHR cannot read. Extract it "
            "with your archive tool and import the extracted file (or zip it again with "
            "ordinary compression)."
        )
    check_expansion(file_name, member.file_size, member.compress_size, max_bytes)


def check_expansion(file_name: str, expanded: int, compressed: int, max_bytes: int) -> None:
    """Refuse once `expanded` bytes (from `compressed` bytes of the file) pass the limits."""
    if expanded > max_bytes:
        raise UnsupportedFile(
            f"{file_name} expands to more than {describe_size(max_bytes)}, more than any real file "
            "PHR imports; PHR stopped reading it."
        )
    if expanded > RATIO_FREE_BYTES and expanded > MAX_RATIO * max(compressed, 1):
        raise MalformedFile(
            f"{file_name} expands to more than {MAX_RATIO} times its compressed size, which "
            "no real data does (it looks like a decompression bomb); PHR stopped reading it."
        )
