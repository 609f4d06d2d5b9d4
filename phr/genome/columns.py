"""The columnar genome store: each genome as a few compressed arrays per chromosome.

A genome is 0.7 M (array) to 5 M (VCF) genotypes. One SQL row per genotype (the layout up to
schema 8) cost most of an import in row inserts and index building and grew the vault by
~23 bytes a genotype even after SQLite's packing. Genotypes are few distinct strings, positions
rise, and rsIDs are numbers, so columns compress well: a 700k-row array file takes a few MB.

Table `genome_columns` (migration 0009) holds one blob per (genome, chromosome code, part):

per chromosome (code 1..25, `layout.CHROM_CODE`), rows sorted by position (stable, so rows
sharing a position keep the file's order):
    pos        position deltas (uint32; the first from 0)
    gt         genotype codes into the genome's `genotypes` heap (0 = no-call)
    ref, alt   VCF only: codes into the genome's `alleles` heap (0 = none; alt ','-joined)
genome-wide (code 0), rows numbered across the genome (chromosomes in code order):
    genotypes  the genotype dictionary ('/'-joined sorted alleles), code k is entry k-1
    alleles    the REF/ALT heap (VCF only)
    counts     rows per chromosome code (26 entries)
    rs_sorted  every rs number (`rs<N>` as N), sorted, as deltas; `rs_rows` the row of each.
               This is both the rsID index and the rs column (a row's rs number is found
               by scattering it back), so rs numbers are stored once.
    names      IDs that are not rs numbers (23andMe i-IDs...) in row order, `name_rows` their
               rows, `name_order` the permutation that sorts them (a binary-searchable index)

An array is a little-endian numpy buffer, stored as byte planes in one zlib stream behind a
4-byte dtype tag (planes of near-random bytes stored, the others deflated); a heap is
NUL-separated UTF-8, compressed. Reading a chromosome is one
indexed select and a decompress; a session keeps what it decoded (`vault.caches`), so the
rules' thousands of look-ups are `np.searchsorted` calls. Health data stays inside the
encrypted vault and this process's memory: nothing is written to temporary files.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from phr.errors import MalformedFile
from phr.genome.formats.base import Coded, SplitIds
from phr.genome.layout import CHROM_CODE, CHROM_NAME, MAX_DUP, MAX_POS, rs_number
from phr.genome.model import Locus
from phr.genome.store import COLUMNS_CACHE, GenotypeRow
from phr.vault.vault import Connection

GENOME_WIDE = 0
CODES = 26  # chromosome codes 0..25
# zlib level 1: on a 1.15M-record VCF's columns, 8x faster to write than level 6 (0.2 s
# against 1.7 s) for 7% more bytes. ISA-L's level 1 writes the same zlib format another 6x
# faster and 1% smaller (a 1.5M-record VCF's 14.7 MB of columns: 0.026 s and 7.60 MB against
# zlib's 0.159 s and 7.71 MB), so it is used whenever isal (a dependency) is installed.
LEVEL = 1
try:
    from isal.isal_zlib import compress as _compress
except ImportError:  # pragma: no cover - isal is a dependency; zlib is the fallback
    _compress = zlib.compress
_RS_WIDTH = 21  # 'rs' + at most 18 digits fits int64; one more byte detects longer IDs


# -- blobs ------------------------------------------------------------------------------------


def pack_array(values: np.ndarray) -> bytes:
    """A 1-D array as dtype tag + zlib of its byte planes: all first bytes, then all second
    bytes... (positions' high bytes are nearly constant, so planes compress ~30% smaller and
    faster than interleaved bytes)."""
    array = np.ascontiguousarray(values)
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    size = array.dtype.itemsize
    planes = array.view(np.uint8).reshape(-1, size).T.tobytes() if size > 1 else array.tobytes()
    return array.dtype.str.encode("ascii").ljust(4) + _compress(planes, LEVEL)


def unpack_array(blob: bytes) -> np.ndarray:
    dtype = np.dtype(bytes(blob[:4]).decode("ascii").strip())
    raw = np.frombuffer(_inflate(blob, 4), dtype=np.uint8)
    size = dtype.itemsize
    if size == 1:
        return raw.view(dtype)
    planes = raw.reshape(size, -1)
    values = np.empty(planes.shape[1], dtype=dtype)
    interleaved = values.view(np.uint8).reshape(-1, size)
    for index in range(size):  # one plane at a time: 3x faster than a transposed copy
        interleaved[:, index] = planes[index]
    return values


def _inflate(blob: bytes, start: int) -> bytes:
    """The zlib stream at `start` of `blob`, inflated without its Adler-32 check: 20% faster,
    and the check adds nothing here, as SQLCipher has checked every page of the blob against
    its HMAC before handing it over. The 2-byte header never sets a preset dictionary (zlib's
    nor ISA-L's compress writes one)."""
    if blob[start + 1] & 0x20:  # FDICT: not a stream this module wrote
        return zlib.decompress(blob[start:])
    return zlib.decompressobj(-15).decompress(memoryview(blob)[start + 2 :])


def unpack_string_array(blob: bytes) -> np.ndarray:
    """A `pack_strings` heap as a fixed-width bytes array of its UTF-8 entries: no Python
    string per entry (entries hold no NUL: `pack_strings` refused them)."""
    raw = np.frombuffer(_inflate(blob, 0), dtype=np.uint8)
    if not len(raw):
        return np.zeros(0, dtype="S1")
    ends = np.append(np.flatnonzero(raw == 0), len(raw))
    starts = np.append(0, ends[:-1] + 1)
    lengths = ends - starts
    width = max(int(lengths.max()), 1)
    padded = np.concatenate([raw, np.zeros(width, dtype=np.uint8)])
    grid = sliding_window_view(padded, width)[starts]
    grid = grid * (np.arange(width) < lengths[:, None])
    entries: np.ndarray = grid.astype(np.uint8).view(f"S{width}").ravel()
    return entries


def pack_strings(values: Sequence[str]) -> bytes:
    text = "\x00".join(values)
    if text.count("\x00") != max(len(values) - 1, 0):
        raise MalformedFile("The file holds an ID or allele with a NUL character.")
    return _compress(text.encode("utf-8"), LEVEL)


def unpack_strings(blob: bytes) -> list[str]:
    text = zlib.decompress(blob).decode("utf-8")
    return text.split("\x00") if text else []


def narrow(values: np.ndarray) -> np.ndarray:
    """The smallest unsigned type that holds non-negative `values` (int64 beyond uint32)."""
    top = int(values.max()) if len(values) else 0
    for kind in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(kind).max:
            return values.astype(kind)
    return values.astype(np.int64)


# -- columns from what parsers hand over ------------------------------------------------------


def _as_array(values: Sequence[Any] | np.ndarray) -> np.ndarray:
    if isinstance(values, np.ndarray):
        return values
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def encode(values: Sequence[Any] | np.ndarray | Coded, table: dict[str, int]) -> np.ndarray:
    """Codes (uint32) of strings in `table` (extended as needed; codes from 1). "" and None
    are 0. Takes lists, object arrays, fixed-width str/bytes arrays and `Coded` columns;
    Python only sees each distinct value once. A `Coded` column (the VCF text path) is
    already grouped; the array reader's fixed-width bytes are read as one integer each and
    factorised by `np.unique`; only lists and object arrays need pandas' hash factorisation
    (whose import alone was a sixth of a 700k-row array import, so it is imported here)."""
    if isinstance(values, Coded):
        coded: np.ndarray = _lookup(values.values, table)[values.codes]
        return coded
    array = _as_array(values)
    if len(array) == 0:
        return np.zeros(0, dtype=np.uint32)
    if array.dtype.kind == "S":
        codes, uniques = _factorize_bytes(array)
    else:
        import pandas as pd

        if array.dtype.kind == "U":
            array = array.astype(object)
        codes, uniques = pd.factorize(array, use_na_sentinel=True)
    distinct = uniques.tolist()
    if array.dtype.kind == "S":
        distinct = [value.decode("utf-8") for value in distinct]
    # one dictionary step per distinct value (tens of thousands of i-IDs in an array file)
    found = [
        table.setdefault(text, len(table) + 1) if text and isinstance(text, str) else 0
        for text in distinct
    ]
    lookup = np.zeros(len(uniques) + 1, dtype=np.uint32)  # the last entry serves code -1
    lookup[: len(found)] = found
    encoded: np.ndarray = lookup[codes]
    return encoded


def _lookup(values: Sequence[Any], table: dict[str, int]) -> np.ndarray:
    """The code in `table` of each value (added as needed); 0 for "", None and non-text."""
    lookup = np.zeros(len(values), dtype=np.uint32)
    for index, value in enumerate(values):
        text = value.decode("utf-8") if isinstance(value, bytes) else value
        if text is None or text == "" or not isinstance(text, str):
            continue
        code = table.get(text)
        if code is None:
            code = table[text] = len(table) + 1
        lookup[index] = code
    return lookup


def _factorize_bytes(array: np.ndarray) -> tuple[np.ndarray, Any]:
    """(codes, distinct values) of a fixed-width bytes array, with numpy alone."""
    width = array.dtype.itemsize
    if width <= 8:
        padded = np.zeros((len(array), 8), dtype=np.uint8)
        padded[:, :width] = array.view(np.uint8).reshape(len(array), width)
        keys = padded.view(np.uint64).ravel()
        _, first, codes = np.unique(keys, return_index=True, return_inverse=True)
        return codes.ravel(), array[first]
    uniques, codes = np.unique(array, return_inverse=True)
    return codes.ravel(), uniques


def id_columns(
    ids: Sequence[Any] | np.ndarray | SplitIds, names: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """IDs as (rs numbers int64, name codes uint32): `rs<N>` (no leading zero, at most 18
    digits, the rule of `layout.rs_number`) becomes N; any other ID a code in `names`;
    None and "" neither. `SplitIds` (the VCF text path) arrive in that form already."""
    if isinstance(ids, SplitIds):
        codes = np.zeros(len(ids.rs), dtype=np.uint32)
        codes[ids.rows] = _lookup(ids.names, names)
        return ids.rs.astype(np.int64, copy=False), codes
    array = _as_array(ids)
    n = len(array)
    rs = np.zeros(n, dtype=np.int64)
    if n == 0:
        return rs, np.zeros(0, dtype=np.uint32)
    if array.dtype.kind == "O":
        missing = np.asarray(array == None, dtype=bool)  # noqa: E711 -- elementwise
        text = np.where(missing, "", array) if missing.any() else array
    else:
        text = array
    try:
        raw = text.astype(f"S{_RS_WIDTH}")
    except (UnicodeEncodeError, UnicodeError):
        from phr.genome.layout import rs_number

        values = [x.decode() if isinstance(x, bytes) else x for x in array.tolist()]
        numbers = [rs_number(x) for x in values]
        rs[:] = [r or 0 for r in numbers]
        others = [x if r is None else None for x, r in zip(values, numbers, strict=True)]
        return rs, encode(others, names)
    grid = raw.view(np.uint8).reshape(n, _RS_WIDTH)
    present = grid != 0
    digits = grid[:, 2:20] - np.uint8(48)
    ok = (
        (grid[:, 0] == ord("r"))
        & (grid[:, 1] == ord("s"))
        & (grid[:, 2] != ord("0"))
        & present[:, 2]
        & ~present[:, 20]
        & np.all(present[:, :-1] >= present[:, 1:], axis=1)  # no NUL inside the ID
        & np.all((digits <= 9) | ~present[:, 2:20], axis=1)
    )
    if ok.any():
        value = np.zeros(n, dtype=np.int64)
        for column in range(18):
            live = present[:, column + 2] & ok
            if not live.any():
                break
            value = np.where(live, value * 10 + digits[:, column], value)
        rs = np.where(ok, value, 0)
    if ok.all():
        return rs, np.zeros(n, dtype=np.uint32)
    rest = np.flatnonzero(~ok)
    codes = np.zeros(n, dtype=np.uint32)
    codes[rest] = encode(array[rest], names)
    return rs, codes


# -- in memory --------------------------------------------------------------------------------


@dataclass
class ChromRows:
    """One chromosome's rows as columns (write side: codes into the writer's tables)."""

    pos: np.ndarray  # uint32
    gt: np.ndarray  # unsigned codes (narrowest type, see `narrow`)
    rs: np.ndarray  # rs numbers, unsigned (int64 beyond uint32)
    name: np.ndarray  # unsigned codes
    ref: np.ndarray | None = None
    alt: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.pos)

    def take(self, index: np.ndarray | slice) -> ChromRows:
        return ChromRows(
            self.pos[index],
            self.gt[index],
            self.rs[index],
            self.name[index],
            None if self.ref is None else self.ref[index],
            None if self.alt is None else self.alt[index],
        )

    @staticmethod
    def join(parts: list[ChromRows]) -> ChromRows:
        vcf = any(p.ref is not None for p in parts)

        def zeros(p: ChromRows, column: np.ndarray | None) -> np.ndarray:
            return np.zeros(len(p), dtype=np.uint32) if column is None else column

        return ChromRows(
            np.concatenate([p.pos for p in parts]),
            np.concatenate([p.gt for p in parts]),
            np.concatenate([p.rs for p in parts]),
            np.concatenate([p.name for p in parts]),
            np.concatenate([zeros(p, p.ref) for p in parts]) if vcf else None,
            np.concatenate([zeros(p, p.alt) for p in parts]) if vcf else None,
        )


def _heap(table: dict[str, int]) -> list[str]:
    """A code table as the list where code k is entry k-1 (dicts keep insertion order)."""
    return list(table)


def store_genome_columns(
    conn: Connection,
    genome_id: int,
    chroms: dict[int, ChromRows],
    genotypes: dict[str, int],
    alleles: dict[str, int],
    names: dict[str, int],
) -> None:
    """Replace a genome's stored columns with `chroms` (each sorted by position)."""
    conn.execute("DELETE FROM genome_columns WHERE genome_id = ?", (genome_id,))
    name_heap = _heap(names)
    counts = np.zeros(CODES, dtype=np.int64)
    parts: list[tuple[int, str, bytes]] = []
    rs_all: list[np.ndarray] = []
    named_rows: list[np.ndarray] = []
    named_codes: list[np.ndarray] = []
    start = 0
    for code in sorted(chroms):
        rows = chroms[code]
        if not len(rows):
            continue
        counts[code] = len(rows)
        deltas = np.diff(rows.pos, prepend=0).astype(np.uint32)
        parts += [(code, "pos", pack_array(deltas)), (code, "gt", pack_array(narrow(rows.gt)))]
        if rows.ref is not None and rows.alt is not None:
            parts.append((code, "ref", pack_array(narrow(rows.ref))))
            parts.append((code, "alt", pack_array(narrow(rows.alt))))
        rs_all.append(rows.rs)
        named = np.flatnonzero(rows.name)
        named_rows.append(named + start)
        named_codes.append(rows.name[named])
        start += len(rows)
    parts.append((GENOME_WIDE, "counts", pack_array(counts)))
    parts.append((GENOME_WIDE, "genotypes", pack_strings(_heap(genotypes))))
    if alleles:
        parts.append((GENOME_WIDE, "alleles", pack_strings(_heap(alleles))))
    if named_rows and sum(len(n) for n in named_rows):
        codes = np.concatenate(named_codes).tolist()
        texts = [name_heap[c - 1] for c in codes]
        # numpy compares str by code point, as `sorted` does; stable keeps row order on ties
        order = np.argsort(np.array(texts, dtype=str), kind="stable")
        parts.append((GENOME_WIDE, "name_rows", pack_array(narrow(np.concatenate(named_rows)))))
        parts.append((GENOME_WIDE, "names", pack_strings(texts)))
        parts.append((GENOME_WIDE, "name_order", pack_array(narrow(order))))
    if rs_all:
        ranked, order = _rs_sorted(np.concatenate(rs_all))
        if len(order):
            parts.append((GENOME_WIDE, "rs_sorted", pack_array(narrow(np.diff(ranked, prepend=0)))))
            parts.append((GENOME_WIDE, "rs_rows", pack_array(narrow(order))))
    conn.executemany(
        "INSERT INTO genome_columns (genome_id, chrom, part, data) VALUES (?, ?, ?, ?)",
        ((genome_id, code, part, data) for code, part, data in parts),
    )


def _rs_sorted(every: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The non-zero rs numbers sorted, and the row of each (rows sharing a number rising).
    Number and row fit one int64 key for any real rs number, and sorting keys is ~2.5x
    faster than a stable argsort of the whole column."""
    rows = np.flatnonzero(every)
    numbers = every[rows].astype(np.int64)
    bits = len(every).bit_length()
    if not len(rows) or int(numbers.max()) >= 1 << (63 - bits):
        order = np.argsort(numbers, kind="stable")
        return numbers[order], rows[order]
    keys = numbers  # in place: a whole genome's keys are tens of MB
    keys <<= bits
    keys |= rows
    keys.sort()
    rows = keys & ((1 << bits) - 1)
    keys >>= bits
    return keys, rows


def check_one_position_runs(pos: np.ndarray) -> None:
    """At most MAX_DUP + 1 records at one position (sorted `pos`): more is a broken or
    hostile file, refused as the row layout before it did."""
    if len(pos) <= MAX_DUP:
        return
    starts = np.flatnonzero(np.diff(pos.astype(np.int64), prepend=-1))
    runs = np.diff(np.append(starts, len(pos)))
    if int(runs.max()) > MAX_DUP + 1:
        raise MalformedFile(
            f"The file lists more than {MAX_DUP + 1} records at one position; PHR cannot store it."
        )


# -- reading ----------------------------------------------------------------------------------


@dataclass
class ChromColumns:
    """One chromosome as read back (read-only arrays)."""

    pos: np.ndarray  # int64, sorted
    gt: np.ndarray
    ref: np.ndarray | None
    alt: np.ndarray | None


@dataclass
class GenomeColumns:
    """A genome's columns, decoded on demand and kept for the unlocked session.

    Rows are numbered genome-wide (chromosomes in code order) for the rsID and name indexes;
    `starts[code]` is the first row of a chromosome."""

    genome_id: int
    genotypes: list[str]
    alleles: list[str]
    counts: np.ndarray
    flags: set[tuple[str, int]]
    _conn: Connection
    _chroms: dict[int, ChromColumns | None] = field(default_factory=dict)
    _ranked: np.ndarray | None = None  # sorted rs numbers
    _ranked_rows: np.ndarray | None = None  # row of each
    _rs_by_row: np.ndarray | None = None
    # IDs that are not rs numbers, as UTF-8 in fixed-width bytes arrays (no Python string per
    # name: an array file has ~50k i-IDs): in row order, their rows (rising), the order that
    # sorts them, and sorted (bytes order is code point order, as the writer sorted them)
    _names: np.ndarray | None = None
    _name_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _name_order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _names_sorted: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="S1"))
    _name_row_list: list[int] | None = None  # _name_rows for `bisect` (one row at a time)

    def __post_init__(self) -> None:
        self.starts: list[int] = [0, *np.cumsum(self.counts).tolist()]

    @classmethod
    def load(cls, conn: Connection, genome_id: int) -> GenomeColumns:
        found = dict(
            conn.execute(
                "SELECT part, data FROM genome_columns WHERE genome_id = ? AND chrom = ?"
                " AND part IN ('genotypes', 'alleles', 'counts')",
                (genome_id, GENOME_WIDE),
            ).fetchall()
        )
        flags = {
            (str(chrom), int(pos))
            for chrom, pos in conn.execute(
                "SELECT chrom, pos FROM genotype_flags WHERE genome_id = ? AND flag = 'discordant'",
                (genome_id,),
            )
        }
        return cls(
            genome_id=genome_id,
            genotypes=unpack_strings(found["genotypes"]) if "genotypes" in found else [],
            alleles=unpack_strings(found["alleles"]) if "alleles" in found else [],
            counts=(
                unpack_array(found["counts"]).astype(np.int64)
                if "counts" in found
                else np.zeros(CODES, dtype=np.int64)
            ),
            flags=flags,
            _conn=conn,
        )

    def _genome_parts(self, *names: str) -> dict[str, bytes]:
        marks = ",".join("?" * len(names))
        return dict(
            self._conn.execute(
                "SELECT part, data FROM genome_columns WHERE genome_id = ? AND chrom = ?"
                f" AND part IN ({marks})",
                (self.genome_id, GENOME_WIDE, *names),
            ).fetchall()
        )

    def chrom(self, code: int) -> ChromColumns | None:
        if code in self._chroms:
            return self._chroms[code]
        loaded: ChromColumns | None = None
        if self.counts[code]:
            found = dict(
                self._conn.execute(
                    "SELECT part, data FROM genome_columns WHERE genome_id = ? AND chrom = ?",
                    (self.genome_id, code),
                ).fetchall()
            )
            loaded = ChromColumns(
                pos=_decode_part("pos", found["pos"]),
                gt=unpack_array(found["gt"]),
                ref=unpack_array(found["ref"]) if "ref" in found else None,
                alt=unpack_array(found["alt"]) if "alt" in found else None,
            )
        self._chroms[code] = loaded
        return loaded

    def warm(self) -> None:
        """Decode every chromosome and the ID indexes now (a background warm-up)."""
        self.prefetch(range(1, CODES), rs_index=True, names=True)
        self._rs_column()

    def prefetch(self, codes: Iterable[int], *, rs_index: bool, names: bool) -> None:
        """Load the chromosomes `codes` (and the rsID and name indexes if asked) in one go:
        one query whose blobs are decoded by two worker threads as they arrive. zlib, numpy
        and SQLCipher's page reads all let go of the GIL, so fetching the next blob, and
        decoding two others, overlap: about half the wall time of loading them one by one
        (the first 5,000 look-ups after unlock load a whole array genome). The connection
        is used only by this thread; workers see bytes."""
        wanted = [c for c in dict.fromkeys(codes) if c not in self._chroms and self.counts[c]]
        parts = []
        if rs_index and self._ranked is None:
            parts += ["rs_sorted", "rs_rows"]
        if names and self._names is None:
            parts += ["names", "name_rows", "name_order"]
        if len(wanted) + len(parts) < 2:
            return  # nothing to overlap: the one-by-one loaders do it
        chroms = ",".join(str(int(code)) for code in wanted) or "-1"
        marks = ",".join("?" * len(parts)) or "NULL"
        query = (
            "SELECT chrom, part, data FROM genome_columns WHERE genome_id = ? AND"
            f" (chrom IN ({chroms}) OR (chrom = {GENOME_WIDE} AND part IN ({marks})))"
        )
        with ThreadPoolExecutor(max_workers=2) as pool:
            decoding = {
                (int(chrom), str(part)): pool.submit(_decode_part, str(part), data)
                for chrom, part, data in self._conn.execute(query, (self.genome_id, *parts))
            }
            found = {key: future.result() for key, future in decoding.items()}
        for code in wanted:
            self._chroms[code] = ChromColumns(
                pos=found[(code, "pos")],
                gt=found[(code, "gt")],
                ref=found.get((code, "ref")),
                alt=found.get((code, "alt")),
            )
        if "rs_sorted" in parts:
            self._set_rs_index(
                found.get((GENOME_WIDE, "rs_sorted")), found.get((GENOME_WIDE, "rs_rows"))
            )
        if "names" in parts:
            self._set_name_index(
                found.get((GENOME_WIDE, "names")),
                found.get((GENOME_WIDE, "name_rows")),
                found.get((GENOME_WIDE, "name_order")),
            )

    def rows_at(self, chrom: str, pos: int) -> list[tuple[int, int]]:
        code = CHROM_CODE[chrom]
        columns = self.chrom(code)
        if columns is None or not 0 <= pos <= MAX_POS:
            return []
        positions = columns.pos
        index = int(positions.searchsorted(pos))
        found = []
        while index < len(positions) and positions[index] == pos:
            found.append((code, index))
            index += 1
        return found

    def any_between(self, chrom: str, first: int, last: int) -> bool:
        columns = self.chrom(CHROM_CODE[chrom])
        if columns is None or last < first:
            return False
        index = int(columns.pos.searchsorted(first))
        return index < len(columns.pos) and int(columns.pos[index]) <= last

    def _rs_index(self) -> tuple[np.ndarray, np.ndarray]:
        if self._ranked is None or self._ranked_rows is None:
            found = self._genome_parts("rs_sorted", "rs_rows")
            self._set_rs_index(
                *(
                    _decode_part(part, found[part]) if part in found else None
                    for part in ("rs_sorted", "rs_rows")
                )
            )
        assert self._ranked is not None and self._ranked_rows is not None
        return self._ranked, self._ranked_rows

    def _set_rs_index(self, ranked: np.ndarray | None, rows: np.ndarray | None) -> None:
        if ranked is None or rows is None:
            ranked = rows = np.zeros(0, dtype=np.int64)
        self._ranked, self._ranked_rows = ranked, rows

    def _rs_column(self) -> np.ndarray:
        """Every row's rs number (0 = none), scattered back from the index on first need."""
        if self._rs_by_row is None:
            ranked, rows = self._rs_index()
            self._rs_by_row = np.zeros(self.starts[-1], dtype=np.int64)
            self._rs_by_row[rows] = ranked
        return self._rs_by_row

    def _name_index(self) -> np.ndarray:
        if self._names is None:
            found = self._genome_parts("names", "name_rows", "name_order")
            self._set_name_index(
                *(
                    _decode_part(part, found[part]) if part in found else None
                    for part in ("names", "name_rows", "name_order")
                )
            )
        assert self._names is not None
        return self._names

    def _set_name_index(
        self, names: np.ndarray | None, rows: np.ndarray | None, order: np.ndarray | None
    ) -> None:
        self._names = np.zeros(0, dtype="S1")
        if names is not None and rows is not None and order is not None:
            self._names = names
            self._name_rows = rows.astype(np.int64)
            self._name_order = order.astype(np.int64)
            self._names_sorted = names[self._name_order]

    def _name_of(self, row: int) -> str | None:
        names = self._name_index()
        if self._name_row_list is None:
            self._name_row_list = self._name_rows.tolist()
        rows = self._name_row_list
        index = bisect_left(rows, row)
        if index < len(rows) and rows[index] == row:
            return bytes(names[index]).decode("utf-8")
        return None

    def _place(self, row: int) -> tuple[int, int]:
        code = bisect_right(self.starts, row) - 1
        return code, row - self.starts[code]

    def rows_with_rs(self, number: int) -> list[tuple[int, int]]:
        ranked, rows = self._rs_index()
        index = int(ranked.searchsorted(number))
        found = []
        while index < len(ranked) and ranked[index] == number:
            found.append(self._place(int(rows[index])))
            index += 1
        found.sort()  # genome order, as the stable sort wrote them
        return found

    def rows_named(self, name: str) -> list[tuple[int, int]]:
        self._name_index()
        ordered = self._names_sorted
        key = name.encode("utf-8")
        # numpy would cut a longer key to the array's width (and drop trailing NULs)
        if not key or len(key) > ordered.dtype.itemsize or key.endswith(b"\x00"):
            return []
        first = int(ordered.searchsorted(key))
        after = int(ordered.searchsorted(key, "right"))
        rows = self._name_rows[self._name_order[first:after]].tolist()
        return sorted(self._place(row) for row in rows)

    def search_many(
        self, loci: Sequence[Locus], by_position: bool
    ) -> list[tuple[list[tuple[int, int]], bool]]:
        """For each locus the rows `GenotypeReader._find` would find, and whether it found
        them by ID: the rows at its position (`rows_at`, when `by_position`), else those
        with its ID (`rows_with_rs`, `rows_named`). Positions are searched one numpy call per
        chromosome and rs numbers one call for all, not one call chain per locus."""
        found: list[list[tuple[int, int]]] = [[] for _ in loci]
        by_id = [False] * len(loci)
        if by_position:
            asked: dict[int, list[int]] = {}
            for at, locus in enumerate(loci):
                if locus.chrom is not None and locus.pos is not None and 0 <= locus.pos <= MAX_POS:
                    asked.setdefault(CHROM_CODE[locus.chrom], []).append(at)
            for code, members in asked.items():
                columns = self.chrom(code)
                if columns is None:
                    continue
                wanted = np.array([loci[at].pos for at in members], dtype=np.int64)
                first = columns.pos.searchsorted(wanted).tolist()
                after = columns.pos.searchsorted(wanted, "right").tolist()
                for at, start, end in zip(members, first, after, strict=True):
                    if end > start:
                        found[at] = [(code, index) for index in range(start, end)]
        numbered: list[tuple[int, int]] = []
        for at, locus in enumerate(loci):
            if found[at] or locus.rsid is None:
                continue
            by_id[at] = True
            number = rs_number(locus.rsid)
            if number is None:
                found[at] = self.rows_named(locus.rsid)
            else:
                numbered.append((at, number))
        if numbered:
            ranked, rows = self._rs_index()
            wanted = np.array([number for _at, number in numbered], dtype=np.int64)
            first = ranked.searchsorted(wanted)
            after = ranked.searchsorted(wanted, "right")
            # one row a number (nearly always): placed on its chromosome all at once
            one = np.flatnonzero(after - first == 1)
            hit = rows[first[one]].astype(np.int64)
            starts = np.array(self.starts, dtype=np.int64)
            codes = starts.searchsorted(hit, "right") - 1
            places = zip(codes.tolist(), (hit - starts[codes]).tolist(), strict=True)
            for member, place in zip(one.tolist(), places, strict=True):
                found[numbered[member][0]] = [place]
            for member in np.flatnonzero(after - first > 1).tolist():
                start, end = int(first[member]), int(after[member])
                found[numbered[member][0]] = sorted(map(self._place, rows[start:end].tolist()))
        return list(zip(found, by_id, strict=True))

    def flanked_many(self, places: Sequence[tuple[str, int]], window: int) -> list[bool]:
        """For each (chrom, pos): a record within `window` on each side (`any_between` on
        both sides, as `GenotypeReader._flanked`), one numpy search per chromosome."""
        flanked = [False] * len(places)
        asked: dict[int, list[int]] = {}
        for at, (chrom, _pos) in enumerate(places):
            asked.setdefault(CHROM_CODE[chrom], []).append(at)
        for code, members in asked.items():
            columns = self.chrom(code)
            if columns is None:
                continue
            listed = columns.pos
            wanted = np.array([places[at][1] for at in members], dtype=np.int64)
            last = len(listed) - 1
            before = listed.searchsorted(wanted - window)
            left = (before <= last) & (listed[np.minimum(before, last)] <= wanted - 1)
            after = listed.searchsorted(wanted + 1)
            right = (after <= last) & (listed[np.minimum(after, last)] <= wanted + window)
            for at, both in zip(members, (left & right).tolist(), strict=True):
                flanked[at] = both
        return flanked

    def row(self, code: int, index: int, rsid: str | None = None) -> GenotypeRow:
        """One row in the public shape; `rsid` when the caller found it by that ID."""
        columns = self.chrom(code)
        assert columns is not None
        if rsid is None:
            at = self.starts[code] + index
            number = int(self._rs_column()[at])
            rsid = f"rs{number}" if number else self._name_of(at)
        gt = int(columns.gt[index])
        ref = 0 if columns.ref is None else int(columns.ref[index])
        alt = 0 if columns.alt is None else int(columns.alt[index])
        return (
            rsid,
            CHROM_NAME[code],
            int(columns.pos[index]),
            self.alleles[ref - 1] if ref else None,
            self.alleles[alt - 1] if alt else None,
            self.genotypes[gt - 1] if gt else None,
        )

    def rows_many(self, places: Sequence[tuple[int, int, str | None]]) -> list[GenotypeRow]:
        """`row(code, index, rsid)` of many places, each column gathered with one numpy call
        per chromosome instead of one scalar read per row and column."""
        found: list[GenotypeRow] = [("", "", 0, None, None, None)] * len(places)
        by_code: dict[int, list[int]] = {}
        for at, (code, _index, _rsid) in enumerate(places):
            by_code.setdefault(code, []).append(at)
        genotypes: list[str | None] = [None, *self.genotypes]
        alleles: list[str | None] = [None, *self.alleles]
        for code, members in by_code.items():
            columns = self.chrom(code)
            assert columns is not None
            index = np.array([places[at][1] for at in members], dtype=np.int64)
            pos, gt = columns.pos[index].tolist(), columns.gt[index].tolist()
            none = [0] * len(members)
            ref = none if columns.ref is None else columns.ref[index].tolist()
            alt = none if columns.alt is None else columns.alt[index].tolist()
            chrom = CHROM_NAME[code]
            for k, at in enumerate(members):
                rsid = places[at][2]
                if rsid is None:
                    row = self.starts[code] + places[at][1]
                    number = int(self._rs_column()[row])
                    rsid = f"rs{number}" if number else self._name_of(row)
                found[at] = (
                    rsid,
                    chrom,
                    pos[k],
                    alleles[ref[k]],
                    alleles[alt[k]],
                    genotypes[gt[k]],
                )
        return found

    def ids_of(self, code: int) -> tuple[np.ndarray, dict[int, str]]:
        """A chromosome's rs numbers (0 = none) and its other IDs by row (the writer's append)."""
        names = self._name_index()
        first, last = self.starts[code], self.starts[code + 1]
        start, end = self._name_rows.searchsorted([first, last]).tolist()
        named = {
            row - first: text.decode("utf-8")
            for row, text in zip(
                self._name_rows[start:end].tolist(), names[start:end].tolist(), strict=True
            )
        }
        return self._rs_column()[first:last].copy(), named

    def all_rows(self) -> list[GenotypeRow]:
        """Every row in genome order (tests, the migration check, small genomes only)."""
        return [
            self.row(code, index)
            for code in range(1, CODES)
            for index in range(int(self.counts[code]))
        ]


def _decode_part(part: str, blob: bytes) -> np.ndarray:
    """A stored part as the reader keeps it: positions and rs numbers summed from their
    deltas, the name heap as a bytes array, anything else as stored."""
    if part == "names":
        return unpack_string_array(blob)
    values = unpack_array(blob)
    if part in ("pos", "rs_sorted"):
        summed: np.ndarray = np.cumsum(values, dtype=np.int64)
        return summed
    return values


def genome_columns(conn: Connection, caches: dict[str, Any], genome_id: int) -> GenomeColumns:
    """The session's decoded columns of a genome (loaded on first use)."""
    held: dict[int, GenomeColumns] = caches.setdefault(COLUMNS_CACHE, {})
    found = held.get(genome_id)
    if found is None or found._conn is not conn:
        found = held[genome_id] = GenomeColumns.load(conn, genome_id)
    return found


# -- migration 0009 ---------------------------------------------------------------------------


def convert_legacy_rows(conn: Connection) -> None:
    """Migration 0009's step: each genome's `genotype_calls` rows (schema 2..8 key layout,
    `layout.py`) become columns, chromosome by chromosome so memory stays bounded. Rows are
    read in key order, so rows sharing a position keep their order."""
    from phr.genome.bulk import GenotypeWriter
    from phr.genome.layout import CHROM_SHIFT, GENOME_SHIFT, POS_SHIFT

    genome_ids = [int(r[0]) for r in conn.execute("SELECT id FROM genomes ORDER BY id")]
    for genome_id in genome_ids:
        writer = GenotypeWriter(conn, genome_id)
        for code in range(1, CODES):
            base = genome_id << GENOME_SHIFT | code << CHROM_SHIFT
            rows = conn.execute(
                "SELECT key, rs, name, ref, alt, alleles FROM genotype_calls"
                " WHERE key BETWEEN ? AND ? ORDER BY key",
                (base, base + (1 << CHROM_SHIFT) - 1),
            ).fetchall()
            if not rows:
                continue
            keys, rs, name, ref, alt, alleles = zip(*rows, strict=True)
            sites = np.array(keys, dtype=np.int64) >> POS_SHIFT & ((1 << 33) - 1)
            ids = np.array(
                [n if r is None else f"rs{r}" for r, n in zip(rs, name, strict=True)],
                dtype=object,
            )
            vcf = any(r is not None for r in ref) or any(a is not None for a in alt)
            writer.write(
                sites,
                ids,
                [a or "" for a in alleles],
                [r or "" for r in ref] if vcf else None,
                [a or "" for a in alt] if vcf else None,
            )
        writer.flush()
