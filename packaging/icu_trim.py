"""Shrink Qt's ICU data library (libicudata, ~31 MB) to the parts Qt can use in PHR (~3 MB).

Why this is safe: Qt 6 calls ICU for four things only (see the ICU symbols libQt6Core
imports): case mapping (`u_strToUpper`/`u_strToLower`, whose tables are compiled into
libicuuc, not this data), time-zone ids and display names (`ucal_*`), legacy text codecs
(`ucnv_*`) and collation (`ucol_*`, e.g. the file dialog's sorting). PHR's UI is English and
Python does all file decoding, so this keeps:

- every non-locale item: the Unicode and normalisation tables, the converter alias table,
  time-zone rules (zoneinfo64, metaZones, timezoneTypes, windowsZones), likely subtags,
  supplemental data and the resource pools and indexes;
- the `root` and English (`en`, `en_*`) bundles of the top level and of `coll/` (collation:
  the root order plus the Unicode collation table) and `zone/` (time-zone names);

and drops the other 800-odd locales' bundles, the break-iterator rules and dictionaries
(Qt finds text boundaries itself), the legacy codec tables (`*.cnv`; UTF-8/16/32, ASCII and
Latin-1 need none), and the currency, language, region, unit, number-spelling and
transliteration trees (Qt never asks ICU for them). A locale whose bundle was dropped falls
back to root, as ICU does for any locale it lacks; a codec whose table was dropped is
reported by Qt as unsupported.

The data is an ICU "common data" package (format "CmnD" 1): a data header, a table of
contents (count, then name and data offsets relative to the end of the header), the item
names, then the items, each 16-byte aligned. It is rewritten here in pure Python, keeping
the table's order (ICU binary-searches it), and linked with the C compiler into a library
with the same soname that exports the same `icudtNN_dat` symbol.

Usage: python icu_trim.py SOURCE_LIBICUDATA OUT_DIR  (prints the new library's path)
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

# A locale bundle's name: a 2-3 letter language, then optional _Script/_REGION/_variant parts.
_LOCALE = re.compile(r"^[a-z]{2,3}(_\w*)?\.res$")
# Non-locale items whose names happen to look like a locale.
_NOT_LOCALES = {"res_index.res"}
# Subtrees Qt reads: collation and time-zone names (their root and English bundles only).
_KEEP_TREES = {"coll", "zone"}


def keep(name: str) -> bool:
    """Whether the item `name` (e.g. "icudt73l/coll/root.res") stays in the trimmed data."""
    parts = name.split("/")[1:]  # drop the package prefix "icudtNNl"
    if len(parts) == 2 and parts[0] not in _KEEP_TREES:
        return False  # brkitr, curr, lang, rbnf, region, translit, unit
    leaf = parts[-1]
    if len(parts) == 1 and leaf.endswith(".cnv"):
        return False  # legacy codec tables
    if leaf in _NOT_LOCALES or not _LOCALE.match(leaf):
        return True  # pools, indexes, supplemental data, Unicode tables, ucadata.icu
    locale = leaf[: -len(".res")]
    return locale == "en" or locale.startswith("en_")


def read_items(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split a common-data package into its header and its (name, item bytes) list."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD" or data[16] != 1:
        raise ValueError("not an ICU common data package (CmnD 1, little-endian)")
    count = struct.unpack_from("<I", data, header_size)[0]
    entries = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        name = data[start : data.index(b"\0", start)].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(data) - header_size
        items.append((name, data[header_size + data_offset : header_size + end]))
    return data[:header_size], items


def write_items(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """Build a common-data package from a header and (name, item bytes), in the given order."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    first = toc_size + len(names)
    first += (-(len(header) + first)) % 16  # items start 16-byte aligned in the file
    name_offsets, data_offsets = [], []
    name_at, data_at = toc_size, first
    body = bytearray()
    for name, blob in items:
        name_offsets.append(name_at)
        name_at += len(name) + 1
        data_offsets.append(data_at)
        padded = blob + b"\0" * ((-len(blob)) % 16)
        body += padded
        data_at += len(padded)
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    gap = b"\0" * (first - toc_size - len(names))
    return header + toc + names + gap + bytes(body)


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The `icudtNN_dat` symbol of a libicudata: its name, file offset and size."""
    out = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]):
            address, size = int(fields[0], 16), int(fields[1], 16)
            return fields[3], _file_offset(library, address), size
    raise ValueError(f"{library.name} exports no icudtNN_dat symbol")


def _file_offset(library: Path, address: int) -> int:
    """Translate a virtual address to a file offset through the ELF program headers."""
    out = subprocess.run(
        ["readelf", "-lW", str(library)], check=True, capture_output=True, text=True
    ).stdout
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] == "LOAD":
            offset, vaddr, filesz = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if vaddr <= address < vaddr + filesz:
                return address - vaddr + offset
    raise ValueError(f"address {address:#x} is in no LOAD segment of {library.name}")


def soname(library: Path) -> str:
    out = subprocess.run(
        ["readelf", "-dW", str(library)], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"\(SONAME\).*\[(.+)\]", out)
    return match.group(1) if match else library.name


def trim(source: Path, out_dir: Path) -> Path:
    """Write a trimmed copy of the libicudata `source` into `out_dir` and return its path."""
    symbol, offset, size = data_symbol(source)
    with source.open("rb") as handle:
        handle.seek(offset)
        data = handle.read(size)
    header, items = read_items(data)
    kept = [(name, blob) for name, blob in items if keep(name)]
    trimmed = write_items(header, kept)
    if read_items(trimmed)[1] != kept:  # the round trip must give back exactly what was kept
        raise AssertionError("trimmed ICU data does not read back")
    out_dir.mkdir(parents=True, exist_ok=True)
    dat = out_dir / f"{symbol}.bin"
    dat.write_bytes(trimmed)
    asm = out_dir / f"{symbol}.S"
    asm.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
        f'{symbol}:\n\t.incbin "{dat.name}"\n\t.size {symbol}, .-{symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    target = out_dir / source.name
    compiler = shutil.which("cc") or shutil.which("gcc") or "cc"
    subprocess.run(
        [
            compiler,
            "-shared",
            "-nostdlib",
            f"-Wl,-soname,{soname(source)}",
            "-o",
            target.name,
            asm.name,
        ],
        check=True,
        cwd=out_dir,
    )
    return target


def available() -> bool:
    """Whether this machine has the tools `trim` needs (Linux, binutils, a C compiler)."""
    return (
        sys.platform.startswith("linux")
        and all(shutil.which(tool) for tool in ("nm", "readelf"))
        and bool(shutil.which("cc") or shutil.which("gcc"))
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    print(trim(Path(sys.argv[1]), Path(sys.argv[2])))
