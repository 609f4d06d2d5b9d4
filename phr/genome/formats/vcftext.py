"""Splitting a block of single-sample VCF record lines into columns with numpy, not per line.

A whole-genome VCF has millions of records, nearly all of one simple shape: ten tab-separated
columns, a short CHROM, a decimal POS, short REF and ALT, FORMAT starting with GT and a GT of
one or two single-digit alleles. `split_block` reads those lines as arrays (every byte looked
at by numpy, not by a Python loop) and lists every other line as `slow`, for the caller to
read one at a time through htslib so that nothing unusual is read differently from htslib.

Variable-width fields are copied into fixed-width byte grids (one row per line), which numpy
compares, sorts and decodes in bulk. REF, ALT and GT together take few distinct values (a SNV
has 12 REF/ALT pairs and a handful of genotypes), so they are returned as the distinct values
plus, for each line, which one it has: the caller interprets each distinct value once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

COLUMNS = 10  # CHROM POS ID REF ALT QUAL FILTER INFO FORMAT and one sample
CHROM_WIDTH = 64  # longer contig names (none in a reference build) are read by htslib
ID_WIDTH = 48
ALLELE_WIDTH = 24  # REF or ALT longer than this (long indels): read by htslib
POS_WIDTH = 18  # more digits than int64 holds exactly: read by htslib
_PAD = CHROM_WIDTH  # zero bytes after a block: the widest field read
_SHORT_REF, _SHORT_ALT = 2, 4  # REF and ALT sizes whose bytes are packed into a key integer


@dataclass
class Block:
    """The columns of a block's simple lines (`lines` are their indices in the block) and the
    indices of the lines left to htslib (`slow`, with `starts`/`ends` to cut them out)."""

    count: int  # lines in the block
    lines: np.ndarray  # int64 indices of the lines read here
    slow: np.ndarray  # int64 indices of the lines to read one at a time
    starts: np.ndarray  # every line's first byte
    ends: np.ndarray  # every line's end (its newline, or its \r before the newline)
    chroms: list[bytes]  # distinct CHROM values of the lines read here
    chrom_index: np.ndarray  # per line read here: index into `chroms`
    pos: np.ndarray  # int64 POS per line read here
    ids: np.ndarray  # object array: ID text or None for "."
    info_end: np.ndarray  # int64 END=N when INFO starts with it (gVCF blocks), else -1
    keys: list[tuple[bytes, bytes, bytes]]  # distinct (REF, ALT, GT) values
    key_index: np.ndarray  # per line read here: index into `keys`


def _grid(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray, width: int) -> np.ndarray:
    """Copy fields (start, length <= width) into an (n, width) uint8 grid padded with zeros."""
    if not len(starts):
        return np.zeros((0, width), dtype=np.uint8)
    offsets = np.arange(width, dtype=np.int64)
    index = starts[:, None] + offsets
    inside = offsets < lengths[:, None]
    return np.where(inside, data[index], np.uint8(0))


def _as_bytes(grid: np.ndarray) -> np.ndarray:
    """An (n, width) uint8 grid as n fixed-width byte strings (trailing zeros dropped)."""
    width = grid.shape[1]
    return np.ascontiguousarray(grid).view(f"S{width}").reshape(len(grid))


def _distinct(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a uint8 grid and each row's index among them (rows compared whole)."""
    if not len(grid):
        return grid, np.zeros(0, dtype=np.int64)
    # A final 0xff byte keeps `S` comparison from ignoring trailing zero padding.
    closed = np.concatenate([grid, np.full((len(grid), 1), 255, dtype=np.uint8)], axis=1)
    unique, inverse = np.unique(_as_bytes(closed), return_inverse=True)
    rows = unique.view(np.uint8).reshape(len(unique), closed.shape[1])[:, :-1]
    return rows, inverse.reshape(len(grid)).astype(np.int64)


def _runs(
    data: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> tuple[list[bytes], np.ndarray]:
    """Distinct values of a field that comes in long runs (CHROM of a sorted file) and each
    line's index among them: lines are compared with the line before, not sorted."""
    if not len(starts):
        return [], np.zeros(0, dtype=np.int64)
    grid = _grid(data, starts, lengths, int(lengths.max()))
    change = np.flatnonzero(np.any(grid[1:] != grid[:-1], axis=1)) + 1
    firsts = np.concatenate([[0], change])
    values: list[bytes] = []
    which: dict[bytes, int] = {}
    run_index = []
    for first in firsts.tolist():
        value = grid[first].tobytes().rstrip(b"\0")
        run_index.append(which.setdefault(value, len(which)))
        if len(which) > len(values):
            values.append(value)
    index = np.repeat(np.array(run_index, dtype=np.int64), np.diff(np.append(firsts, len(starts))))
    return values, index


def _info_end(
    padded: np.ndarray, info_at: np.ndarray, info_len: np.ndarray, keep: np.ndarray
) -> np.ndarray:
    """END of an INFO that starts with "END=digits" and ends there or at ";" (a gVCF reference
    block as GATK and DeepVariant write it); -1 for any other INFO."""
    info_at, info_len = info_at[keep], info_len[keep]
    starts_so = np.ones(len(keep), dtype=bool)
    for offset, char in enumerate(b"END="):
        starts_so &= _at(padded, info_at + offset) == char
    value = np.zeros(len(keep), dtype=np.int64)
    digits = np.zeros(len(keep), dtype=np.int64)
    going = starts_so.copy()
    for place in range(POS_WIDTH):
        if not going.any():
            break
        inside = info_len > 4 + place
        digit = _at(padded, info_at + 4 + place).astype(np.int64) - ord("0")
        is_digit = going & inside & (digit >= 0) & (digit <= 9)
        value = np.where(is_digit, value * 10 + digit, value)
        digits += is_digit
        going &= is_digit
    after = _at(padded, info_at + 4 + digits)
    whole = (info_len == 4 + digits) | (after == ord(";"))
    found: np.ndarray = np.where(starts_so & (digits > 0) & ~going & whole, value, -1)
    return found


def _at(data: np.ndarray, index: np.ndarray) -> np.ndarray:
    """data[index]; `data` is padded past the block's end (callers mask what lies past a
    line)."""
    found: np.ndarray = data[index]
    return found


def split_block(buffer: bytes, size: int, svtype_in_info: bool) -> Block:
    """Columns of the simple lines of `buffer[:size]` (whole lines, each ending in a newline).

    Field reads may run a little past the last line; the bytes after `size` (the start of the
    next block) allow that without a copy when there are enough of them."""
    if len(buffer) - size < _PAD:
        buffer = buffer[:size] + bytes(_PAD)
    padded = np.frombuffer(buffer, dtype=np.uint8)
    data = padded[:size]
    # Tabs and newlines (and any other control byte, which makes its line odd) in one pass.
    marks = np.flatnonzero(data <= 10)
    kinds = data[marks]
    line_marks = np.flatnonzero(kinds == 10)  # index in `marks` of each line's newline
    newlines = marks[line_marks]
    count = len(newlines)
    starts = np.zeros(count, dtype=np.int64)
    starts[1:] = newlines[:-1] + 1
    ends = newlines.astype(np.int64)
    # A simple line has exactly nine marks before its newline, all tabs.
    ok = np.diff(line_marks, prepend=-1) == COLUMNS
    other = np.flatnonzero(kinds < 9)  # a control byte other than tab and newline
    if len(other):
        ok[np.searchsorted(line_marks, other)] = False
    if buffer.find(b"\r", 0, size) >= 0 or not buffer.isascii():
        # htslib drops the \r of a CRLF line ending; one anywhere else, and non-ASCII text,
        # are left to htslib.
        crlf = (ends > starts) & (data[np.maximum(ends - 1, 0)] == 13)
        ends[crlf] -= 1
        odd = np.flatnonzero((data == 13) | (data >= 128))
        where = np.searchsorted(newlines, odd)
        ok[where[odd != ends[where]]] = False
    ok &= data[starts] != ord("#")
    if svtype_in_info:
        # Structural-variant records are judged by htslib (their INFO holds SVTYPE=...).
        at = buffer.find(b"SVTYPE", 0, size)
        while at >= 0:
            ok[np.searchsorted(newlines, at)] = False
            at = buffer.find(b"SVTYPE", at + 1, size)
    good = np.flatnonzero(ok)
    if len(good) == count and len(marks) == COLUMNS * count:  # every line simple: a view
        cols = marks.reshape(count, COLUMNS)[:, : COLUMNS - 1]
    else:
        cols = marks[line_marks[good][:, None] + np.arange(-(COLUMNS - 1), 0)]  # the 9 tabs
    line_start, line_end = starts[good], ends[good]

    def field(column: int) -> tuple[np.ndarray, np.ndarray]:
        begin = line_start if column == 0 else cols[:, column - 1] + 1
        end = line_end if column == COLUMNS - 1 else cols[:, column]
        return begin, end - begin

    (chrom_at, chrom_len), (pos_at, pos_len) = field(0), field(1)
    (id_at, id_len), (ref_at, ref_len), (alt_at, alt_len) = field(2), field(3), field(4)
    fmt_at, fmt_len = field(8)
    sample_at, sample_len = field(9)
    fits = (chrom_len >= 1) & (chrom_len <= CHROM_WIDTH) & (pos_len >= 1)
    fits &= (pos_len <= POS_WIDTH) & (id_len >= 1) & (id_len <= ID_WIDTH)
    fits &= (ref_len >= 1) & (ref_len <= ALLELE_WIDTH) & (alt_len >= 1)
    fits &= alt_len <= ALLELE_WIDTH
    # FORMAT must start with GT (GT alone, or GT:...).
    gt_only = fmt_len == 2
    fits &= (padded[fmt_at] == ord("G")) & (_at(padded, fmt_at + 1) == ord("T"))
    fits &= gt_only | (_at(padded, fmt_at + 2) == ord(":"))
    # GT: one allele ("1", ".") or two with / or | ("0/1", ".|."), each a digit or "."
    s0, s1, s2, s3 = (_at(padded, sample_at + k) for k in range(4))

    def allele(byte: np.ndarray) -> np.ndarray:
        digit: np.ndarray = ((byte >= ord("0")) & (byte <= ord("9"))) | (byte == ord("."))
        return digit

    two = allele(s0) & ((s1 == ord("/")) | (s1 == ord("|"))) & allele(s2)
    two &= (sample_len == 3) | (~gt_only & (sample_len > 3) & (s3 == ord(":")))
    one = allele(s0) & ((sample_len == 1) | (~gt_only & (sample_len > 1) & (s1 == ord(":"))))
    fits &= two | one

    # POS: digits folded in from the left, one place at a time over all lines.
    width = int(pos_len[fits].max()) if fits.any() else 1
    pos = np.zeros(len(good), dtype=np.int64)
    for place in range(width):
        here = pos_len > place
        digit = _at(padded, pos_at + place).astype(np.int64) - ord("0")
        fits &= ~here | ((digit >= 0) & (digit <= 9))
        pos = np.where(here, pos * 10 + digit, pos)

    named = ~((id_len == 1) & (data[id_at] == ord(".")))
    id_width = int(id_len[fits & named].max()) if (fits & named).any() else 1
    id_grid = _grid(padded, id_at[named], np.minimum(id_len[named], id_width), id_width)
    listed = np.zeros(len(good), dtype=bool)
    listed[named] = np.any(id_grid == ord(";"), axis=1)
    fits &= ~listed  # an ID list ("rs1;rs2"): htslib's rules

    keep = np.flatnonzero(fits)
    read = good[keep]
    pos = pos[keep]
    info_end = _info_end(padded, *field(7), keep)

    chroms, chrom_index = _runs(padded, chrom_at[keep], chrom_len[keep])

    ids = np.full(len(read), None, dtype=object)
    id_fits = fits[named]
    if id_fits.any():
        text = _as_bytes(id_grid[id_fits]).astype(f"U{id_width}").astype(object)
        ids[named[keep]] = text

    # REF, ALT and GT: short ones (REF <= 2 bytes, ALT <= 4: nearly every line) packed into
    # an integer; the others copied into a byte grid. Each distinct value is read once.
    ref_len, alt_len, ref_at, alt_at = ref_len[keep], alt_len[keep], ref_at[keep], alt_at[keep]
    two = two[keep]
    g0 = s0[keep].astype(np.int64)
    g1 = np.where(two, s1[keep], 0).astype(np.int64)
    g2 = np.where(two, s2[keep], 0).astype(np.int64)
    short = (ref_len <= _SHORT_REF) & (alt_len <= _SHORT_ALT)
    code = (g0 - ord(".")) << 6 | (g1 == ord("/")) << 4 | (g1 == ord("|")) << 5
    code |= np.where(two, g2 - (ord(".") - 1), 0)
    for k in range(_SHORT_REF):
        byte = np.where(ref_len > k, _at(padded, ref_at + k), 0).astype(np.int64)
        code |= byte << (38 + 7 * k)
    for k in range(_SHORT_ALT):
        byte = np.where(alt_len > k, _at(padded, alt_at + k), 0).astype(np.int64)
        code |= byte << (10 + 7 * k)
    short_codes, short_index = np.unique(code[short], return_inverse=True)
    keys = [_unpack(c) for c in short_codes.tolist()]
    key_index = np.empty(len(read), dtype=np.int64)
    key_index[short] = short_index.reshape(-1)
    long = ~short
    if long.any():
        ref_width = int(ref_len[long].max())
        alt_width = int(alt_len[long].max())
        grid = np.concatenate(
            [
                _grid(padded, ref_at[long], ref_len[long], ref_width),
                _grid(padded, alt_at[long], alt_len[long], alt_width),
                np.column_stack([g0[long], g1[long], g2[long]]).astype(np.uint8),
            ],
            axis=1,
        )
        rows, index = _distinct(grid)
        key_index[long] = index + len(keys)
        for row in rows:
            keys.append(
                (
                    row[:ref_width].tobytes().rstrip(b"\0"),
                    row[ref_width : ref_width + alt_width].tobytes().rstrip(b"\0"),
                    row[ref_width + alt_width :].tobytes().rstrip(b"\0"),
                )
            )
    slow_mask = np.ones(count, dtype=bool)
    slow_mask[read] = False
    return Block(
        count=count,
        lines=read,
        slow=np.flatnonzero(slow_mask),
        starts=starts,
        ends=ends,
        chroms=chroms,
        chrom_index=chrom_index,
        pos=pos,
        ids=ids,
        info_end=info_end,
        keys=keys,
        key_index=key_index,
    )


@lru_cache(maxsize=1 << 16)
def _unpack(code: int) -> tuple[bytes, bytes, bytes]:
    """(REF, ALT, GT) of a short key: 7-bit REF bytes from bit 38, ALT bytes from bit 10, GT in
    the low 10 bits (first allele - ".", separator 1 "/" or 2 "|", second allele - "." + 1)."""
    ref = bytes(b for b in ((code >> 38 + 7 * k) & 127 for k in range(_SHORT_REF)) if b)
    alt = bytes(b for b in ((code >> 10 + 7 * k) & 127 for k in range(_SHORT_ALT)) if b)
    first = (code >> 6 & 15) + ord(".")
    separator = code >> 4 & 3
    if not separator:
        return ref, alt, bytes([first])
    second = (code & 15) + ord(".") - 1
    return ref, alt, bytes([first, b"/|"[separator - 1], second])
