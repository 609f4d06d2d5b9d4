"""The vectorised reading of one block of array text: byte scanning over the whole block.

pandas' C reader builds a Python string per field and dictionary maps over them; here the
block stays one `uint8` array. Line ends and separators are found with one comparison each
over the block, each row's field boundaries come out as a matrix of separator positions,
positions are decoded with digit arithmetic a column of digits at a time, and chromosome
codes and genotypes are two-byte keys looked up in 65,536-entry tables. No Python code runs
per row, and no Python object is made per row: `rs<N>` IDs leave as their numbers N (read
like positions; the store keeps rs numbers, not text), other IDs as a fixed-width bytes array
(`S`), genotypes as codes into the reader's table of spellings (`Coded`).

The fast path reads a block only when it can read it *exactly* as the pandas path
(`arraytext._parse_block_pandas`) would: every data line has the dialect's number of
separators and only plain printable ASCII (no space, quote, '#', control or non-ASCII byte),
every position is 1-12 digits, and no row is damaged (a damaged row needs its line number,
counted the slow way). Anything else returns None and the caller reads that block with the
pandas path, so an odd row costs one block's speed, never a wrong reading. Comment lines
(`#` first) may hold anything.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from phr.genome.build import MARKER_RSIDS
from phr.genome.chromosomes import MAX_LENGTH_BY_CODE
from phr.genome.formats.base import Batch, Coded, ImportStats
from phr.genome.layout import CHROM_CODE, pack_sites, rs_number
from phr.genome.model import CHROMOSOMES
from phr.genome.sex import X_CORE

_NL, _HASH, _QUOTE = 10, ord("#"), ord('"')
_MAX_ID_BYTES = 64  # a longer ID goes the slow way (none of the vendors writes one)
_MAX_POS_DIGITS = 12  # int64-safe and longer than any chromosome; more goes the slow way
_MAX_RS_DIGITS = 18  # `layout.rs_number`'s rule: a longer rs<N> ID is kept as text
_X, _Y, _MT = CHROM_CODE["X"], CHROM_CODE["Y"], CHROM_CODE["MT"]


def _key(text: str) -> int:
    """A one- or two-byte spelling as the index of the lookup tables below."""
    raw = text.encode("ascii")
    return (raw[0] if raw else 0) | (raw[1] << 8 if len(raw) > 1 else 0)


def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[int, int]]:
    """Genotype spelling -> code, the code's allele text, chromosome spelling -> code.

    Imported lazily from `arraytext` (which defines the spellings) to keep one list of them."""
    from phr.genome.formats.arraytext import CHROMOSOME_NUMBERS, GENOTYPES, UNPLACED

    names = sorted(set(GENOTYPES.values()))  # "" (no-call) sorts first: code 0
    genotype = np.full(1 << 16, -1, dtype=np.int16)
    for spelling, value in GENOTYPES.items():
        genotype[_key(spelling)] = names.index(value)
    # chromosome codes: -1 unknown, 0 unplaced (skipped), 1..25
    short = np.full(1 << 16, -1, dtype=np.int8)
    long: dict[int, int] = {}  # up to 8 bytes as a little-endian int -> code
    for spelling, code in [*CHROMOSOME_NUMBERS.items(), *((u, 0) for u in UNPLACED)]:
        if len(spelling) <= 2:
            short[_key(spelling)] = code
        long[int.from_bytes(spelling.encode("ascii"), "little")] = code
    return genotype, short, np.array(names, dtype=object), long


_GENOTYPE, _CHROM_SHORT, _NAMES, _CHROM_LONG = _tables()
_GENOTYPE_TEXTS: tuple[str, ...] = tuple(_NAMES.tolist())
_NO_CALL = 0
_INDEL = np.array([bool(n) and n[0] in "DI" for n in _NAMES.tolist()])
_HET = np.array([len(n) == 3 and n[0] != n[2] for n in _NAMES.tolist()])
_ONE_ALLELE = np.array([len(n) == 1 for n in _NAMES.tolist()])
# 'G/G' -> 'G' where a vendor writes a one-copy (Y, MT) call as two equal alleles
_ONE_COPY = np.array(
    [
        _NAMES.tolist().index(n[0]) if len(n) == 3 and n[0] == n[2] else code
        for code, n in enumerate(_NAMES.tolist())
    ]
)
_MARKERS = np.array(
    sorted(int(m[2:]) for m in MARKER_RSIDS if rs_number(m) is not None), dtype=np.int64
)


def _rs_hash(rs: np.ndarray) -> np.ndarray:
    """16 bits of each rs number: marker rsIDs are found by a table look-up per row and an
    exact comparison of the few rows that pass it."""
    mixed = rs.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    hashed: np.ndarray = (mixed >> np.uint64(48)).astype(np.intp)
    return hashed


_MARKER_FILTER = np.zeros(1 << 16, dtype=bool)
_MARKER_FILTER[_rs_hash(_MARKERS)] = True
_ENDS = MAX_LENGTH_BY_CODE
_CHROM_NAMES = np.array(["", *CHROMOSOMES], dtype=object)


def parse_block_fast(
    block: bytes,
    separator: str,
    allele_columns: int,
    header_names: frozenset[str],
    quoted: bool,
    two_copy_hemizygous: bool,
    stats: ImportStats,
) -> tuple[Batch, int] | None:
    """The block's rows and the number of data rows seen, or None (and `stats` untouched)
    when the block holds anything this path does not read exactly as the pandas path."""
    parsed = _scan(block, separator, allele_columns, header_names, quoted)
    if parsed is None:
        return None
    rs, ids, codes, pos, genotype, unplaced, rows = parsed
    if unplaced.any():
        keep = ~unplaced
        rs, ids, codes, pos, genotype = rs[keep], ids[keep], codes[keep], pos[keep], genotype[keep]
    if two_copy_hemizygous:
        one_copy = (codes == _Y) | (codes == _MT)
        if one_copy.any():
            genotype = np.where(one_copy, _ONE_COPY[genotype], genotype)
    skipped = int(unplaced.sum())
    if skipped:
        stats.skipped["probe without a chromosome position"] += skipped
    called = genotype != _NO_CALL
    stats.called += int(called.sum())
    stats.no_calls += len(genotype) - int(called.sum())
    indel = _INDEL[genotype]
    stats.indels += int(indel.sum())
    _evidence(stats, rs, codes, pos, genotype, called & ~indel)
    sites = pack_sites(codes, pos)
    return Batch(sites=sites, ids=ids, alleles=Coded(genotype, _GENOTYPE_TEXTS), rs=rs), rows


_LEAD = 24  # zero bytes before the block: a field's window may start before the first line
_TRAIL = _MAX_ID_BYTES  # and after it: a window may run past the last line
# Bytes of a plain data line (the separator and '\n' are added per dialect).
_PLAIN = bytes(b for b in range(33, 127) if b not in (_QUOTE, _HASH))


_Scanned = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]


def _scan(
    block: bytes, separator: str, allele_columns: int, header_names: frozenset[str], quoted: bool
) -> _Scanned | None:
    """(rs numbers, other IDs, chromosome codes, positions, genotype codes, unplaced, rows)
    of the block's data rows (column-name rows left out), or None to read the block the slow
    way."""
    if quoted:
        block = block.replace(b'"', b"")
    if not block.endswith(b"\n"):
        block += b"\n"
    sep = ord(separator)
    width = 2 + allele_columns  # separators in a data row
    block = _without_leading_comments(block)
    if not block:  # comments only
        none = np.zeros(0, dtype=np.int64)
        return none, np.zeros(0, dtype="S1"), none, none, none, np.zeros(0, dtype=bool), 0
    odd = block.translate(None, _PLAIN + separator.encode() + b"\n")
    lines = _lines_plain(block, sep, width, odd) if odd.count(b"\r") == len(odd) else None
    if lines is None:
        lines = _lines_general(block, sep, width)
        if lines is None:
            return None
    data, first, last, cuts = lines
    rs = _rs_numbers(data, first, cuts[:, 0])
    other = np.flatnonzero(rs == 0)
    names = _gather(data, first[other], cuts[other, 0] - first[other])
    if names is None:
        return None
    ids = np.zeros(len(rs), dtype=names.dtype)
    ids[other] = names
    header = np.zeros(len(names), dtype=bool)
    for name in header_names:
        header |= names == name.encode("latin-1")
    if header.any():
        keep = np.ones(len(rs), dtype=bool)
        keep[other[header]] = False
        rs, ids, first, last, cuts = rs[keep], ids[keep], first[keep], last[keep], cuts[keep]
    codes = _chromosomes(data, cuts[:, 0] + 1, cuts[:, 1] - cuts[:, 0] - 1)
    pos, pos_ok = _positions(data, cuts[:, 1] + 1, cuts[:, 2])
    if allele_columns == 1:
        genotype = _genotypes(data, cuts[:, 2] + 1, last - cuts[:, 2] - 1)
    else:
        genotype = _genotypes(data, cuts[:, 2] + 1, cuts[:, 3] - cuts[:, 2] - 1,
                              cuts[:, 3] + 1, last - cuts[:, 3] - 1)  # fmt: skip
    unplaced = (codes == 0) | (pos_ok & (pos == 0))
    known = np.maximum(codes, 0)
    damaged = (
        (codes < 0) | ~pos_ok | (genotype < 0) | (cuts[:, 0] == first) | (pos > _ENDS[known])
    ) & ~unplaced
    if damaged.any():
        return None  # its line number and warning come from the slow path
    return rs, ids, known.astype(np.int64), pos, np.maximum(genotype, 0), unplaced, len(rs)


_Lines = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _without_leading_comments(block: bytes) -> bytes:
    """The block without the comment lines it starts with (a file's header block), so its
    rows go the quick way; comment lines further down send the block the general way."""
    start = 0
    while block.startswith(b"#", start):
        start = block.find(b"\n", start) + 1
        if start == 0:
            return b""
    return block[start:] if start else block


def _padded(block: bytes) -> np.ndarray:
    return np.frombuffer(b"".join((bytes(_LEAD), block, bytes(_TRAIL))), dtype=np.uint8)


def _lines_plain(block: bytes, sep: int, width: int, odd: bytes) -> _Lines | None:
    """The usual block: data rows only (no comment, blank or column-name line), LF or CRLF
    line ends. Returns (bytes, row starts, row content ends, separator positions per row),
    positions in the padded bytes; None if the block is not that simple.

    Separators and line ends are found in one pass (for tabs one comparison: no byte below
    '\n' but the tab is left after the odd-byte check) and must alternate as `width`
    separators then a line end, row after row."""
    data = _padded(block)
    text = data[_LEAD : _LEAD + len(block)]
    marks = text <= _NL if sep == 9 else (text == sep) | (text == _NL)
    found = np.flatnonzero(marks) + _LEAD
    rows = block.count(b"\n")
    if len(found) != (width + 1) * rows:
        return None
    cuts = found.reshape(rows, width + 1)
    ends = cuts[:, width]
    if not (data[ends] == _NL).all():  # then every other mark is a separator
        return None
    starts = np.empty_like(ends)
    starts[0] = _LEAD
    starts[1:] = ends[:-1] + 1
    lead = data[starts]
    if ((lead == _HASH) | (lead == _NL)).any():  # comment or blank lines: the general way
        return None
    crlf = bool(odd)  # `odd` holds only CRs here: every line must end in CRLF
    if crlf and (len(odd) != rows or not (data[ends - 1] == 13).all()):
        return None
    return data, starts, ends - crlf, cuts[:, :width]


def _lines_general(block: bytes, sep: int, width: int) -> _Lines | None:
    """A block with comment or blank lines (the file's first), or odd bytes: comment lines
    (`#` first) may hold anything; a data line must be plain, else None (the slow path)."""
    if b"\r" in block:
        block = block.replace(b"\r\n", b"\n")  # a lone CR left is odd below
    data = _padded(block)
    text = data[_LEAD : _LEAD + len(block)]
    ends = np.flatnonzero(data == _NL)
    starts = np.empty_like(ends)
    starts[0] = _LEAD
    starts[1:] = ends[:-1] + 1
    comment = data[starts] == _HASH  # an empty line's first byte is its '\n'
    # controls (but the separator and '\n'), space, '"', '#', DEL and non-ASCII:
    # `text - 33` wraps the controls and space past 93
    odd = (text - np.uint8(33)) > 93
    odd |= text == _QUOTE
    odd |= text == _HASH
    odd &= text != _NL
    if sep < 33:
        odd &= text != sep
    where = np.flatnonzero(odd) + _LEAD
    if len(where) and not comment[np.searchsorted(ends, where)].all():
        return None
    rows = ~comment & (ends > starts)
    seps = np.flatnonzero(data == sep)
    per_line = np.diff(np.searchsorted(seps, ends), prepend=0)
    if not (per_line[rows] == width).all():
        return None
    if len(seps) != width * int(rows.sum()):
        seps = seps[np.repeat(rows, per_line)]  # separators inside comment lines
    return data, starts[rows], ends[rows], seps.reshape(-1, width)


def _gather(data: np.ndarray, first: np.ndarray, length: np.ndarray) -> np.ndarray | None:
    """Each row's field as fixed-width bytes (NUL-padded): one window of bytes per row."""
    n = len(first)
    width = max(int(length.max()) if n else 1, 1)
    if width > _MAX_ID_BYTES:
        return None
    grid = sliding_window_view(data, width)[first]
    grid *= np.arange(width) < length[:, None]
    field: np.ndarray = grid.view(f"S{width}").ravel()
    return field


def _chromosomes(data: np.ndarray, first: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Chromosome codes (-1 unknown, 0 unplaced): one- and two-byte spellings through a
    table; longer ones ('chr1', 'chrMT') through a dict over the few distinct spellings."""
    top = len(data) - 1
    b0 = np.where(length >= 1, data[np.minimum(first, top)], 0).astype(np.int32)
    b1 = np.where(length >= 2, data[np.minimum(first + 1, top)], 0).astype(np.int32)
    codes: np.ndarray = _CHROM_SHORT[b0 | b1 << 8].astype(np.int16)
    codes[length == 0] = -1
    longer = np.flatnonzero(length > 2)
    if len(longer):
        key = np.zeros(len(longer), dtype=np.uint64)
        lengths = length[longer]
        starts = first[longer]
        for column in range(min(int(lengths.max()), 9)):
            byte = np.where(lengths > column, data[np.minimum(starts + column, top)], 0)
            key |= byte.astype(np.uint64) << np.uint64(8 * column)
        distinct, inverse = np.unique(key, return_inverse=True)
        looked_up = np.array([_CHROM_LONG.get(int(k), -1) for k in distinct.tolist()])
        found = looked_up[inverse.ravel()]
        found[lengths > 8] = -1
        codes[longer] = found
    return codes


def _positions(
    data: np.ndarray, first: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Decimal positions and whether each is 1-12 plain digits (anything else, such as '+5',
    '1e3' or an empty field, is left to the slow path's reading)."""
    length = end - first
    ok = (length >= 1) & (length <= _MAX_POS_DIGITS)
    return _decimal(data, end, length, ok, _MAX_POS_DIGITS)


def _rs_numbers(data: np.ndarray, first: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Each ID's rs number N where it is `rs<N>` by `layout.rs_number`'s rule (1-18 digits,
    no leading zero), else 0. The bytes after 'rs' may run past a short field into the next
    one; such a row fails the length test or the digit test."""
    length = end - first - 2
    ok = (length >= 1) & (length <= _MAX_RS_DIGITS)
    ok &= (data[first] == ord("r")) & (data[first + 1] == ord("s")) & (data[first + 2] != 48)
    number, digits = _decimal(data, end, length, ok, _MAX_RS_DIGITS)
    found: np.ndarray = np.where(digits, number, 0)
    return found


def _decimal(
    data: np.ndarray, end: np.ndarray, length: np.ndarray, ok: np.ndarray, most: int
) -> tuple[np.ndarray, np.ndarray]:
    """The decimal numbers of the `length` bytes before each `end` (up to `most` digits),
    and `ok` narrowed to the rows whose bytes are all digits. Each row's window of digits is
    right-aligned on its field's end and read a digit column at a time."""
    value = np.zeros(len(end), dtype=np.int64)
    width = int(np.where(ok, length, 0).max()) if len(length) else 0
    if not width:
        return value, ok
    width = min(width, most)
    columns = np.ascontiguousarray(sliding_window_view(data, width)[end - width].T)
    columns -= np.uint8(48)
    columns *= np.arange(width)[:, None] >= width - length  # bytes before the field -> 0
    ok = ok & (columns <= 9).all(axis=0)
    for digits in columns:
        value *= 10
        value += digits
    return value, ok


def _genotypes(
    data: np.ndarray,
    first: np.ndarray,
    length: np.ndarray,
    second_first: np.ndarray | None = None,
    second_length: np.ndarray | None = None,
) -> np.ndarray:
    """Genotype codes (-1 unknown) of one genotype column, or of two allele columns read
    as their concatenation (so '0' + '0' is the no-call '00', as in the pandas path)."""
    top = len(data) - 1
    at = data[np.minimum(first, top)].astype(np.int32)
    after = data[np.minimum(first + 1, top)].astype(np.int32)
    if second_first is None or second_length is None:
        b0 = np.where(length >= 1, at, 0)
        b1 = np.where(length >= 2, after, 0)
        total = length
    else:
        other = data[np.minimum(second_first, top)].astype(np.int32)
        other_after = data[np.minimum(second_first + 1, top)].astype(np.int32)
        b0 = np.where(length >= 1, at, np.where(second_length >= 1, other, 0))
        second = (length == 1) & (second_length >= 1)
        both_second = (length == 0) & (second_length >= 2)
        b1 = np.select([length >= 2, second, both_second], [after, other, other_after], 0)
        total = length + second_length
    codes: np.ndarray = _GENOTYPE[b0 | b1 << 8]
    codes[total > 2] = -1
    return codes


def _evidence(
    stats: ImportStats,
    rs: np.ndarray,
    codes: np.ndarray,
    pos: np.ndarray,
    genotype: np.ndarray,
    snv_called: np.ndarray,
) -> None:
    """Build votes from marker rsIDs and the X-chromosome calls the sex is decided from."""
    if len(rs):
        maybe = np.flatnonzero(_MARKER_FILTER[_rs_hash(rs)])
        # not np.isin: its np.unique imports numpy.ma (25 ms) on first use
        at = np.minimum(np.searchsorted(_MARKERS, rs[maybe]), len(_MARKERS) - 1)
        hits = maybe[_MARKERS[at] == rs[maybe]]
        for index in hits.tolist():
            stats.build.vote_rsid_position(
                f"rs{rs[index]}", str(_CHROM_NAMES[codes[index]]), int(pos[index])
            )
    x_core = (codes == _X) & (pos >= X_CORE[0]) & (pos <= X_CORE[1]) & snv_called
    if x_core.any():
        x_genotype = genotype[x_core]
        stats.sex.x_called += len(x_genotype)
        stats.sex.x_het += int(_HET[x_genotype].sum())
        stats.sex.x_haploid += int(_ONE_ALLELE[x_genotype].sum())
