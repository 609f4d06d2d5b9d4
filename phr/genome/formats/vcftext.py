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

import numpy as np

COLUMNS = 10  # CHROM POS ID REF ALT QUAL FILTER INFO FORMAT and one sample
CHROM_WIDTH = 64  # longer contig names (none in a reference build) are read by htslib
ID_WIDTH = 48
ALLELE_WIDTH = 24  # REF or ALT longer than this (long indels): read by htslib
POS_WIDTH = 18  # more digits than int64 holds exactly: read by htslib


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
    id_text: np.ndarray  # the same as a fixed-width str array, "" for "."
    keys: list[tuple[bytes, bytes, bytes]]  # distinct (REF, ALT, GT) values
    key_index: np.ndarray  # per line read here: index into `keys`


def _grid(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray, width: int) -> np.ndarray:
    """Copy fields (start, length <= width) into an (n, width) uint8 grid padded with zeros."""
    if not len(starts):
        return np.zeros((0, width), dtype=np.uint8)
    offsets = np.arange(width, dtype=np.int64)
    index = starts[:, None] + offsets
    inside = offsets < lengths[:, None]
    np.minimum(index, len(data) - 1, out=index)
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


def split_block(block: bytes, svtype_in_info: bool) -> Block:
    """Columns of the simple lines of `block` (whole lines, each ending in a newline)."""
    data = np.frombuffer(block, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    count = len(newlines)
    starts = np.empty(count, dtype=np.int64)
    if count:
        starts[0] = 0
        starts[1:] = newlines[:-1] + 1
    ends = newlines.astype(np.int64)
    # htslib drops the \r of a CRLF line ending; one anywhere else is left to htslib.
    crlf = (ends > starts) & (data[np.maximum(ends - 1, 0)] == 13)
    ends[crlf] -= 1
    ok = np.ones(count, dtype=bool)
    odd = np.flatnonzero((data == 13) | (data >= 128))  # stray \r, non-ASCII text
    if len(odd):
        where = np.searchsorted(newlines, odd)
        inner = odd != ends[where]
        ok[where[inner]] = False
    tabs = np.flatnonzero(data == 9)
    tab_line = np.searchsorted(newlines, tabs)
    ok &= np.bincount(tab_line, minlength=count)[:count] == COLUMNS - 1
    ok &= data[starts] != ord("#")
    if svtype_in_info:
        # Structural-variant records are judged by htslib (their INFO holds SVTYPE=...).
        at = block.find(b"SVTYPE")
        while at >= 0:
            ok[np.searchsorted(newlines, at)] = False
            at = block.find(b"SVTYPE", at + 1)
    good = np.flatnonzero(ok)
    cols = tabs[ok[tab_line]].reshape(len(good), COLUMNS - 1)
    begin = np.column_stack([starts[good], cols + 1])  # first byte of each column
    finish = np.column_stack([cols, ends[good]])  # end of each column
    length = finish - begin

    limits = (CHROM_WIDTH, POS_WIDTH, ID_WIDTH, ALLELE_WIDTH, ALLELE_WIDTH)
    fits = np.ones(len(good), dtype=bool)
    for column, limit in enumerate(limits):
        fits &= (length[:, column] >= 1) & (length[:, column] <= limit)

    # FORMAT must start with GT (GT alone, or GT:...).
    fmt = _grid(data, begin[:, 8], np.minimum(length[:, 8], 3), 3)
    fits &= (fmt[:, 0] == ord("G")) & (fmt[:, 1] == ord("T"))
    fits &= (length[:, 8] == 2) | (fmt[:, 2] == ord(":"))
    # GT: one allele ("1", ".") or two with / or | ("0/1", ".|."), each a digit or "."
    sample = _grid(data, begin[:, 9], np.minimum(length[:, 9], 4), 4)
    allele = ((sample >= ord("0")) & (sample <= ord("9"))) | (sample == ord("."))
    sep = (sample[:, 1] == ord("/")) | (sample[:, 1] == ord("|"))
    slen = length[:, 9]
    gt_only = length[:, 8] == 2
    two = allele[:, 0] & sep & allele[:, 2] & ((slen == 3) | (~gt_only & (sample[:, 3] == 58)))
    one = allele[:, 0] & ((slen == 1) | (~gt_only & (sample[:, 1] == 58)))
    fits &= two | one

    pos_grid = _grid(data, begin[:, 1], np.minimum(length[:, 1], POS_WIDTH), POS_WIDTH)
    digits = pos_grid.astype(np.int64) - ord("0")
    present = np.arange(POS_WIDTH) < length[:, 1:2]
    fits &= np.all(~present | ((digits >= 0) & (digits <= 9)), axis=1)

    id_width = int(length[fits, 2].max()) if fits.any() else 1
    id_grid = _grid(data, begin[:, 2], np.minimum(length[:, 2], id_width), id_width)
    fits &= ~np.any(id_grid == ord(";"), axis=1)  # an ID list ("rs1;rs2"): htslib's rules

    keep = np.flatnonzero(fits)
    read = good[keep]
    begin, length, digits, present = begin[keep], length[keep], digits[keep], present[keep]
    two, sample, id_grid = two[keep], sample[keep], id_grid[keep]

    # POS: digits are left-aligned in the grid; fold them in from the left.
    pos = np.zeros(len(read), dtype=np.int64)
    for place in range(POS_WIDTH):
        here = present[:, place]
        if not here.any():
            break
        pos = np.where(here, pos * 10 + digits[:, place], pos)

    chrom_width = int(length[:, 0].max()) if len(read) else 1
    chrom_grid = _grid(data, begin[:, 0], length[:, 0], chrom_width)
    chrom_rows, chrom_index = _distinct(chrom_grid)
    chroms = [row.tobytes().rstrip(b"\0") for row in chrom_rows]

    ids = np.full(len(read), None, dtype=object)
    named = ~((length[:, 2] == 1) & (id_grid[:, 0] == ord(".")))
    id_grid[~named] = 0
    id_text = _as_bytes(id_grid).astype(f"U{id_width}")
    if named.any():
        ids[named] = id_text[named].astype(object)

    ref_width = int(length[:, 3].max()) if len(read) else 1
    alt_width = int(length[:, 4].max()) if len(read) else 1
    gt = sample[:, :3].copy()
    gt[~two, 1:] = 0  # one allele: "1" then padding
    key_grid = np.concatenate(
        [
            _grid(data, begin[:, 3], length[:, 3], ref_width),
            _grid(data, begin[:, 4], length[:, 4], alt_width),
            gt,
        ],
        axis=1,
    )
    key_rows, key_index = _distinct(key_grid)
    keys = [
        (
            row[:ref_width].tobytes().rstrip(b"\0"),
            row[ref_width : ref_width + alt_width].tobytes().rstrip(b"\0"),
            row[ref_width + alt_width :].tobytes().rstrip(b"\0"),
        )
        for row in key_rows
    ]
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
        id_text=id_text,
        keys=keys,
        key_index=key_index,
    )
