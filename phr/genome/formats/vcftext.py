"""Splitting a block of single-sample VCF record lines into columns with numpy, not per line.

A whole-genome VCF has millions of records, nearly all of one simple shape: ten tab-separated
columns, a short CHROM, a decimal POS, short REF and ALT, FORMAT starting with GT and a GT of
one or two single-digit alleles. `split_block` reads those lines as arrays (every byte looked
at by numpy, not by a Python loop) and lists every other line as `slow`, for the caller to
read one at a time through htslib so that nothing unusual is read differently from htslib.

Fields are read a word at a time: `_words` views the block as the 8-byte word starting at
every byte, so one gather fetches up to 8 bytes of a field for every line at once, and
decimal numbers (POS, the N of an `rsN` ID) are converted eight digits per word with a few
integer multiplications (no per-digit pass, no byte grid, no Python object per line). REF,
ALT and GT together take few distinct values (a SNV has 12 REF/ALT pairs and a handful of
genotypes), so they are returned as the distinct values plus, for each line, which one it
has: the caller interprets each distinct value once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from phr.genome.layout import rs_number

COLUMNS = 10  # CHROM POS ID REF ALT QUAL FILTER INFO FORMAT and one sample
CHROM_WIDTH = 64  # longer contig names (none in a reference build) are read by htslib
ID_WIDTH = 48
ALLELE_WIDTH = 24  # REF or ALT longer than this (long indels): read by htslib
POS_WIDTH = 16  # digits read here (two words); a longer POS is read by htslib
RS_DIGITS = 16  # rsN with more digits (never seen) is read by `layout.rs_number` instead
_PAD = CHROM_WIDTH + 16  # bytes after a block: the widest read, and a word past it
_SHORT_REF, _SHORT_ALT = 2, 4  # REF and ALT sizes whose bytes make a key integer
_TABLE = 1 << 16  # `_rank` ranks values below this with a table
_U64 = np.uint64
_FIRST = np.array([(1 << 8 * k) - 1 for k in range(9)], dtype=_U64)  # a word's first k bytes
_ZEROS = _U64(0x3030303030303030)  # eight "0" characters
_HIGH_NIBBLES = _U64(0xF0F0F0F0F0F0F0F0)
_LOW_NIBBLES = _U64(0x0F0F0F0F0F0F0F0F)
_SIXES = _U64(0x0606060606060606)
_END = int.from_bytes(b"END=", "little")
_RS = int.from_bytes(b"rs", "little")
_GT = int.from_bytes(b"GT", "little")


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
    rs: np.ndarray  # int64 per line read here: N of an ID `rsN` (`layout.rs_number`), else 0
    named: np.ndarray  # int64 positions (among the lines read here) of the other IDs
    names: list[str]  # those IDs' text ("." is no ID and is in neither)
    info_end: np.ndarray  # int64 END=N when INFO starts with it (gVCF blocks), else -1
    keys: list[tuple[bytes, bytes, bytes]]  # distinct (REF, ALT, GT) values
    key_index: np.ndarray  # per line read here: index into `keys`


def _words(buffer: bytes) -> np.ndarray:
    """The little-endian 8-byte word starting at each byte of `buffer` (an unaligned view,
    not a copy): `words[at]` fetches 8 bytes of a field for every line in one gather."""
    return np.ndarray((len(buffer) - 7,), dtype="<u8", buffer=buffer, strides=(1,))


def _first(words: np.ndarray, at: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The first min(length, 8) bytes of the fields at `at`, later bytes zero."""
    found: np.ndarray = words[at] & _FIRST[np.clip(lengths, 0, 8)]
    return found


def _byte(word: np.ndarray, k: int) -> np.ndarray:
    found: np.ndarray = ((word >> _U64(8 * k)) & _U64(255)).astype(np.int64)
    return found


def _eight_digits(
    words: np.ndarray, ends: np.ndarray, count: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The `count` (0..8) bytes before `ends` read as a decimal number, and whether they are
    all digits. The word ending at `ends` is shifted so the field fills its top bytes, the
    bytes before the field become "0", then digit pairs, quads and octets are combined by
    multiplication (the first digit sits in the lowest byte)."""
    start = np.maximum(ends - 8, 0)
    word = words[start] << ((8 - (ends - start)) * 8).astype(_U64)
    field = ~_FIRST[8 - count]
    word = (word & field) | (_ZEROS & ~field)
    ok = (word & _HIGH_NIBBLES) == _ZEROS
    ok &= (((word & _LOW_NIBBLES) + _SIXES) & _HIGH_NIBBLES) == 0  # low nibble <= 9
    x = word & _LOW_NIBBLES
    x = (x * _U64(10) + (x >> _U64(8))) & _U64(0x00FF00FF00FF00FF)
    x = (x * _U64(100) + (x >> _U64(16))) & _U64(0x0000FFFF0000FFFF)
    x = (x * _U64(10000) + (x >> _U64(32))) & _U64(0xFFFFFFFF)
    return x.astype(np.int64), ok


def _number(
    words: np.ndarray, ends: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Values of decimal fields ending at `ends`, and which fields are 1..16 digits exactly."""
    value, ok = _eight_digits(words, ends, np.clip(lengths, 0, 8))
    ok &= (lengths >= 1) & (lengths <= 16)
    long = lengths > 8
    if long.any():
        high, high_ok = _eight_digits(
            words, np.where(long, ends - 8, ends), np.clip(lengths - 8, 0, 8)
        )
        ok &= high_ok
        value += high * 100_000_000
    return value, ok


def _rank(values: np.ndarray, size: int) -> tuple[np.ndarray, int]:
    """Each value's index among the distinct `values` (all in 0..size-1) and how many there
    are: what np.unique gives, found through a table instead of a sort."""
    seen = np.zeros(size, dtype=bool)
    seen[values] = True
    distinct = np.flatnonzero(seen)
    lookup = np.empty(size, dtype=np.int64)
    lookup[distinct] = np.arange(len(distinct))
    ranks: np.ndarray = lookup[values]
    return ranks, len(distinct)


def _combine(first: np.ndarray, first_n: int, second: np.ndarray, second_n: int) -> np.ndarray:
    """Ranks of the distinct pairs of two rank columns."""
    pair = first * second_n + second
    if first_n * second_n <= 1 << 22:
        return _rank(pair, first_n * second_n)[0]
    inverse: np.ndarray = np.unique(pair, return_inverse=True)[1].reshape(-1)
    return inverse


def _grid(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray, width: int) -> np.ndarray:
    """Copy fields (start, length <= width) into an (n, width) uint8 grid padded with zeros."""
    if not len(starts):
        return np.zeros((0, width), dtype=np.uint8)
    offsets = np.arange(width, dtype=np.int64)
    index = starts[:, None] + offsets
    inside = offsets < lengths[:, None]
    return np.where(inside, data[index], np.uint8(0))


def _distinct(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a uint8 grid and each row's index among them (rows compared whole)."""
    if not len(grid):
        return grid, np.zeros(0, dtype=np.int64)
    # A final 0xff byte keeps `S` comparison from ignoring trailing zero padding.
    closed = np.concatenate([grid, np.full((len(grid), 1), 255, dtype=np.uint8)], axis=1)
    width = closed.shape[1]
    strings = np.ascontiguousarray(closed).view(f"S{width}").reshape(len(grid))
    unique, inverse = np.unique(strings, return_inverse=True)
    rows = unique.view(np.uint8).reshape(len(unique), width)[:, :-1]
    return rows, inverse.reshape(len(grid)).astype(np.int64)


def _runs(
    buffer: bytes, words: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> tuple[list[bytes], np.ndarray]:
    """Distinct values of a field that comes in long runs (CHROM of a sorted file) and each
    line's index among them: lines are compared with the line before, a word at a time."""
    if not len(starts):
        return [], np.zeros(0, dtype=np.int64)
    change = np.empty(len(starts), dtype=bool)
    change[0] = True
    change[1:] = lengths[1:] != lengths[:-1]
    for offset in range(0, int(lengths.max()), 8):
        word = _first(words, starts + offset, lengths - offset)
        change[1:] |= word[1:] != word[:-1]
    firsts = np.flatnonzero(change)
    values: list[bytes] = []
    which: dict[bytes, int] = {}
    run_index = []
    for first in firsts.tolist():
        at = int(starts[first])
        value = buffer[at : at + int(lengths[first])]
        run_index.append(which.setdefault(value, len(which)))
        if len(which) > len(values):
            values.append(value)
    index = np.repeat(np.array(run_index, dtype=np.int64), np.diff(np.append(firsts, len(starts))))
    return values, index


def _info_end(
    padded: np.ndarray, words: np.ndarray, info_at: np.ndarray, info_len: np.ndarray
) -> np.ndarray:
    """END of an INFO that starts with "END=digits" and ends there or at ";" (a gVCF reference
    block as GATK and DeepVariant write it); -1 for any other INFO."""
    found = np.full(len(info_at), -1, dtype=np.int64)
    starts_so = ((words[info_at] & _FIRST[4]) == _END) & (info_len > 4)
    which = np.flatnonzero(starts_so)
    if not len(which):
        return found
    info_at, info_len = info_at[which], info_len[which]
    value = np.zeros(len(which), dtype=np.int64)
    digits = np.zeros(len(which), dtype=np.int64)
    going = np.ones(len(which), dtype=bool)
    for place in range(POS_WIDTH):
        if not going.any():
            break
        inside = info_len > 4 + place
        digit = padded[info_at + 4 + place].astype(np.int64) - ord("0")
        is_digit = going & inside & (digit >= 0) & (digit <= 9)
        value = np.where(is_digit, value * 10 + digit, value)
        digits += is_digit
        going &= is_digit
    after = padded[info_at + 4 + digits]
    whole = (info_len == 4 + digits) | (after == ord(";"))
    found[which] = np.where((digits > 0) & ~going & whole, value, -1)
    return found


def _line_marks(
    buffer: bytes, size: int, data: np.ndarray, svtype_in_info: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(starts, ends, simple-line indices, their 9 tab positions) of a block: a
    simple line has exactly nine tabs and no other control byte, and is not a header line."""
    # Tabs and newlines (and any other control byte, which makes its line odd) in one pass.
    marks = np.flatnonzero(data <= 10)
    kinds = data[marks]
    line_marks = np.flatnonzero(kinds == 10)  # index in `marks` of each line's newline
    newlines = marks[line_marks]
    count = len(newlines)
    starts = np.zeros(count, dtype=np.int64)
    starts[1:] = newlines[:-1] + 1
    ends = newlines.astype(np.int64)
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
        tabs = marks.reshape(count, COLUMNS)[:, : COLUMNS - 1]
    else:
        tabs = marks[line_marks[good][:, None] + np.arange(-(COLUMNS - 1), 0)]
    return starts, ends, good, tabs


def split_block(buffer: bytes, size: int, svtype_in_info: bool) -> Block:
    """Columns of the simple lines of `buffer[:size]` (whole lines, each ending in a newline).

    Field reads may run a little past the last line; the bytes after `size` (the start of the
    next block) allow that without a copy when there are enough of them."""
    if len(buffer) - size < _PAD:
        buffer = buffer[:size] + bytes(_PAD)
    padded = np.frombuffer(buffer, dtype=np.uint8)
    words = _words(buffer)
    starts, ends, good, tabs = _line_marks(buffer, size, padded[:size], svtype_in_info)
    count = len(starts)
    line_start, line_end = starts[good], ends[good]

    def field(column: int) -> tuple[np.ndarray, np.ndarray]:
        begin = line_start if column == 0 else tabs[:, column - 1] + 1
        end = line_end if column == COLUMNS - 1 else tabs[:, column]
        return begin, end - begin

    (chrom_at, chrom_len), (pos_at, pos_len) = field(0), field(1)
    (id_at, id_len), (ref_at, ref_len), (alt_at, alt_len) = field(2), field(3), field(4)
    fmt_at, fmt_len = field(8)
    sample_at, sample_len = field(9)
    fits = (chrom_len >= 1) & (chrom_len <= CHROM_WIDTH)
    fits &= (id_len >= 1) & (id_len <= ID_WIDTH)
    fits &= (ref_len >= 1) & (ref_len <= ALLELE_WIDTH) & (alt_len >= 1)
    fits &= alt_len <= ALLELE_WIDTH
    # FORMAT must start with GT (GT alone, or GT:...).
    fmt = words[fmt_at]
    gt_only = fmt_len == 2
    fits &= ((fmt & _FIRST[2]) == _GT) & (gt_only | (_byte(fmt, 2) == ord(":")))
    # GT: one allele ("1", ".") or two with / or | ("0/1", ".|."), each a digit or "."
    sample = words[sample_at]
    s0, s1, s2, s3 = (_byte(sample, k) for k in range(4))

    def allele(byte: np.ndarray) -> np.ndarray:
        digit: np.ndarray = ((byte >= ord("0")) & (byte <= ord("9"))) | (byte == ord("."))
        return digit

    two = allele(s0) & ((s1 == ord("/")) | (s1 == ord("|"))) & allele(s2)
    two &= (sample_len == 3) | (~gt_only & (sample_len > 3) & (s3 == ord(":")))
    one = allele(s0) & ((sample_len == 1) | (~gt_only & (sample_len > 1) & (s1 == ord(":"))))
    fits &= two | one
    pos, pos_ok = _number(words, pos_at + pos_len, pos_len)
    fits &= pos_ok

    rs, ids_ok, named, names = _ids(buffer, padded, words, id_at, id_len, fits)
    fits &= ids_ok
    keep = np.flatnonzero(fits)
    read = good[keep]
    rs, pos = rs[keep], pos[keep]
    if len(named):  # positions among the kept lines
        position = np.cumsum(fits) - 1
        named = position[named]
    info_end = _info_end(padded, words, *(column[keep] for column in field(7)))
    chroms, chrom_index = _runs(buffer, words, chrom_at[keep], chrom_len[keep])
    genotype = (s0[keep], np.where(two, s1, 0)[keep], np.where(two, s2, 0)[keep])
    keys, key_index = _keys(
        padded, words, ref_at[keep], ref_len[keep], alt_at[keep], alt_len[keep], genotype
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
        rs=rs,
        named=named,
        names=names,
        info_end=info_end,
        keys=keys,
        key_index=key_index,
    )


def _ids(
    buffer: bytes,
    padded: np.ndarray,
    words: np.ndarray,
    id_at: np.ndarray,
    id_len: np.ndarray,
    fits: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(rs number per line (0: none), which lines' IDs are read here, the lines among `fits`
    with another ID, those IDs). `rsN` (no leading zero, up to RS_DIGITS digits) is converted
    in bulk; any other ID is looked at in Python (rare: COSMIC IDs, `rs0...`): an ID list
    ("rs1;rs2") is left to htslib, anything else goes through `layout.rs_number`, the rule
    every reader uses, so the result is the same whichever way an ID is read."""
    head = words[id_at]
    digits = id_len - 2
    rs_like = ((head & _FIRST[2]) == _RS) & (digits >= 1) & (digits <= RS_DIGITS)
    rs_like &= (_byte(head, 2) >= ord("1")) & (_byte(head, 2) <= ord("9"))
    rs = np.zeros(len(id_at), dtype=np.int64)
    clean = np.zeros(len(id_at), dtype=bool)
    like = np.flatnonzero(rs_like)  # often half the lines: the others have no ID
    number, is_number = _number(words, (id_at + id_len)[like], digits[like])
    clean[like] = is_number
    rs[like] = np.where(is_number, number, 0)
    ok = np.ones(len(id_at), dtype=bool)
    dot = (id_len == 1) & (padded[id_at] == ord("."))
    other = np.flatnonzero(fits & ~clean & ~dot)
    named: list[int] = []
    names: list[str] = []
    for line, at, length in zip(
        other.tolist(), id_at[other].tolist(), id_len[other].tolist(), strict=True
    ):
        text = buffer[at : at + length].decode("ascii")
        if ";" in text:
            ok[line] = False  # an ID list: htslib's rules
            continue
        found = rs_number(text)
        if found is None:
            named.append(line)
            names.append(text)
        else:
            rs[line] = found
    return rs, ok, np.array(named, dtype=np.int64), names


def _keys(
    padded: np.ndarray,
    words: np.ndarray,
    ref_at: np.ndarray,
    ref_len: np.ndarray,
    alt_at: np.ndarray,
    alt_len: np.ndarray,
    genotype: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[list[tuple[bytes, bytes, bytes]], np.ndarray]:
    """Distinct (REF, ALT, GT) values and each line's index among them. Short ones (REF <= 2
    bytes, ALT <= 4: nearly every line) are ranked from their bytes as integers through small
    tables; the others are copied into a byte grid and sorted."""
    g0, g1, g2 = genotype
    two = g1 != 0
    short = (ref_len <= _SHORT_REF) & (alt_len <= _SHORT_ALT)
    ref = _first(words, ref_at, ref_len)
    alt = _first(words, alt_at, alt_len)
    gt = (g0 - ord(".")) << 6 | (g1 == ord("/")) << 4 | (g1 == ord("|")) << 5
    gt |= np.where(two, g2 - (ord(".") - 1), 0)
    key_index = np.empty(len(ref_at), dtype=np.int64)
    keys: list[tuple[bytes, bytes, bytes]] = []
    where = np.flatnonzero(short)
    if len(where):
        ref_s, alt_s, gt_s = ref[where], alt[where], gt[where]
        ref_rank, ref_n = _rank((ref_s & _U64(0xFFFF)).astype(np.int64), _TABLE)
        low_rank, low_n = _rank((alt_s & _U64(0xFFFF)).astype(np.int64), _TABLE)
        high_rank, high_n = _rank((alt_s >> _U64(16)).astype(np.int64), _TABLE)
        gt_rank, gt_n = _rank(gt_s, 1 << 10)
        alt_rank = _combine(low_rank, low_n, high_rank, high_n)
        first = _combine(ref_rank, ref_n, gt_rank, gt_n)
        final = _combine(first, int(first.max()) + 1, alt_rank, int(alt_rank.max()) + 1)
        count = int(final.max()) + 1
        example = np.empty(count, dtype=np.int64)
        example[final] = np.arange(len(final))  # a line holding each distinct key
        for r, a, g in zip(
            ref_s[example].tolist(), alt_s[example].tolist(), gt_s[example].tolist(), strict=True
        ):
            keys.append(_unpack(r, a, g))
        key_index[where] = final
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
    return keys, key_index


@lru_cache(maxsize=1 << 16)
def _unpack(ref: int, alt: int, gt: int) -> tuple[bytes, bytes, bytes]:
    """(REF, ALT, GT) of a short key: REF and ALT bytes as little-endian integers (no NUL
    byte: a line with one is never simple), GT in 10 bits (first allele - ".", separator 1 "/"
    or 2 "|", second allele - "." + 1)."""
    ref_bytes = ref.to_bytes(_SHORT_REF, "little").rstrip(b"\0")
    alt_bytes = alt.to_bytes(_SHORT_ALT, "little").rstrip(b"\0")
    first = (gt >> 6 & 15) + ord(".")
    separator = gt >> 4 & 3
    if not separator:
        return ref_bytes, alt_bytes, bytes([first])
    second = (gt & 15) + ord(".") - 1
    return ref_bytes, alt_bytes, bytes([first, b"/|"[separator - 1], second])
