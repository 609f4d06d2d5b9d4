"""The engine shared by the array vendors: delimited text, one probe per line.

Every vendor writes rsid, chromosome, position and a genotype (one column like `AG`, or two
allele columns); they differ in separators, quoting, comment blocks, chromosome codes and
no-call spellings, which each vendor module states as an `ArrayDialect`.

Speed: the text is read in blocks of a few MB. Each block is read by vectorised byte scanning
(`arrayfast.py`, about 4x quicker than pandas and making no Python object per row) when it can
read the block exactly; otherwise (a damaged row, odd spacing, a lone CR, ...) that block is
parsed by pandas' C reader, whose validation and normalisation are dictionary maps over whole
columns, so no Python code runs per row there either (a known parser spends 13 minutes on a
MyHeritage file by concatenating strings per line). pandas is imported only when a block
needs it. Quotes (including the doubled quotes of old MyHeritage exports) are removed from
each block with one `bytes.replace` before parsing.

A row is a few dozen bytes, so a line longer than `MAX_LINE_BYTES` is refused with its line
number: without that, a file with no newline (2 GB of one letter) was kept whole in memory.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import TYPE_CHECKING

import numpy as np

from phr.errors import MalformedFile
from phr.genome.build import MARKER_RSIDS
from phr.genome.chromosomes import MAX_LENGTH_BY_CODE
from phr.genome.formats.base import Batch, Head, ImportStats, ReadOptions
from phr.genome.layout import CHROM_CODE, pack_sites
from phr.genome.model import CHROMOSOMES
from phr.genome.sex import X_CORE
from phr.genome.source import line_too_long

if TYPE_CHECKING:  # pandas is imported by the slow path only (its import alone takes ~0.3 s)
    import pandas as pd

BLOCK_BYTES = 8 * 1024 * 1024
MAX_LINE_BYTES = 64 * 1024  # a header comment or a row is under 1 kB
# Bad rows tolerated (skipped with a warning) before the whole file is refused.
TOLERATED_BAD_ROWS = 10
TOLERATED_BAD_FRACTION = 0.001
# Read blocks by byte scanning where it reads them exactly (False: pandas for every block,
# the reader before the vectorised one; benchmarks and the equivalence tests use it).
FAST_PATH = True

NO_CALL = ""  # normalised genotype of a no-call (stored as NULL)


def _genotype_table() -> dict[str, str]:
    """Every genotype spelling the vendors use -> sorted '/'-joined alleles ('' = no-call)."""
    table: dict[str, str] = {}
    letters = "ACGTDI"
    for first, second in product(letters, repeat=2):
        if (first in "DI") != (second in "DI"):
            continue  # 'DA' is not a genotype
        table[first + second] = "/".join(sorted((first, second)))
    for letter in letters:
        table[letter] = letter
    for no_call in ("--", "-", "00", "0", "??", "NN", "N", ""):
        table[no_call] = NO_CALL
    return table


GENOTYPES = _genotype_table()
INDEL_GENOTYPES = frozenset(g for g in GENOTYPES.values() if g and g[0] in "DI")
HETEROZYGOUS = frozenset(g for g in GENOTYPES.values() if len(g) == 3 and g[0] != g[2])


def _chromosome_table() -> dict[str, str]:
    table = {name: name for name in CHROMOSOMES}
    table.update({"M": "MT", "23": "X", "24": "Y", "25": "X", "26": "MT", "XY": "X"})
    for name in list(table):
        table["chr" + name] = table[name]
        table["CHR" + name] = table[name]
    return table


CHROMOSOME_CODES = _chromosome_table()
CHROMOSOME_NUMBERS = {raw: CHROM_CODE[name] for raw, name in CHROMOSOME_CODES.items()}
CHROM_NAMES = np.array(["", *CHROMOSOMES], dtype=object)  # chromosome code -> name
# Codes vendors use for probes they could not place: skipped, not errors.
UNPLACED = frozenset({"0", "chr0", "---", "--", "NA", "Un", "chrUn"})


@dataclass(frozen=True)
class ArrayDialect:
    separator: str  # "\t" or ","
    allele_columns: int  # 1 (genotype 'AG') or 2 (allele1, allele2)
    quoted: bool = False
    header_names: frozenset[str] = field(default_factory=lambda: frozenset({"rsid", "RSID"}))
    two_copy_hemizygous: bool = False  # AncestryDNA writes Y/MT calls as two equal alleles


# Row layouts the vendors write, by (separator, allele columns): the name used in a warning
# when a file's header belongs to one vendor and its rows to another.
ROW_LAYOUTS: dict[tuple[str, int], tuple[str, ArrayDialect]] = {
    ("\t", 1): ("23andMe or LivingDNA", ArrayDialect("\t", 1)),
    ("\t", 2): ("AncestryDNA", ArrayDialect("\t", 2, two_copy_hemizygous=True)),
    (",", 1): ("FamilyTreeDNA or MyHeritage", ArrayDialect(",", 1, quoted=True)),
    (",", 2): ("two-allele CSV", ArrayDialect(",", 2, quoted=True)),
}
_SAMPLE_ROWS = 50


def layout_from_rows(head: Head, dialect: ArrayDialect) -> tuple[str, ArrayDialect] | None:
    """The layout the first data rows are written in, when it is not the header's `dialect`.

    Decided by the majority of the first rows (separator, then number of columns), so a
    23andMe header over AncestryDNA rows is read as two allele columns instead of being
    refused, and a comma header over tab rows is never split at the wrong character.
    None when the rows agree with the header or no layout fits them."""
    votes: Counter[tuple[str, int]] = Counter()
    for line in head.lines:
        text = line.strip().replace('"', "")
        if not text or text.startswith("#"):
            continue
        separator = "\t" if "\t" in text else "," if "," in text else None
        if separator is None:
            continue
        fields = text.split(separator)
        if fields[0] in dialect.header_names or fields[0].lower() == "rsid":
            continue
        votes[(separator, len(fields) - 3)] += 1
        if sum(votes.values()) >= _SAMPLE_ROWS:
            break
    if not votes:
        return None
    found, _count = votes.most_common(1)[0]
    if found == (dialect.separator, dialect.allele_columns) or found not in ROW_LAYOUTS:
        return None
    return ROW_LAYOUTS[found]


def read_array(
    head: Head, dialect: ArrayDialect, options: ReadOptions, stats: ImportStats
) -> Iterator[Batch]:
    """Parse an array text file block by block into `Batch`es."""
    source = head.source
    other = layout_from_rows(head, dialect)
    if other is not None:
        rows_vendor, dialect = other
        stats.warnings.append(
            f"The file's header is {stats.vendor}'s, but its rows are laid out like "
            f"{rows_vendor} rows; PHR read the rows by their own layout. The file may have "
            "been edited or put together from two files: check it came from one download."
        )
    names = ["rsid", "chrom", "pos", "a1"] + (["a2"] if dialect.allele_columns == 2 else [])
    bad_lines: list[int] = []
    rows_seen = 0
    line_offset = 0  # lines before the current block
    truncated = False
    with source.open_binary() as stream:
        carry = b""
        first = True
        while True:
            if options.cancel is not None:
                options.cancel.check()
            data = stream.read(BLOCK_BYTES)
            block = carry + data
            if not data:
                carry = b""
            else:
                cut = block.rfind(b"\n") + 1
                if len(block) - cut > MAX_LINE_BYTES:  # the unfinished line
                    line = line_offset + block.count(b"\n", 0, cut) + 1
                    raise line_too_long(source.name, line, MAX_LINE_BYTES)
                if cut == 0:
                    carry = block
                    continue
                block, carry = block[:cut], block[cut:]
            if first:
                block = block.removeprefix(b"\xef\xbb\xbf")
                if other is not None:  # the header's column line is in the header's layout
                    block = _drop_column_lines(block)
                first = False
            if not data and block and _cut_off(block, names, dialect):
                truncated = True
                block = b""
            if block:
                _check_line_lengths(source.name, block, line_offset)
                batch, seen = _parse_block(block, names, dialect, stats, bad_lines, line_offset)
                rows_seen += seen
                line_offset += block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
                batch.done, batch.total = stream.raw_done, source.size
                yield batch
            if not data:
                break
    _check_bad_rows(source.name, bad_lines, rows_seen, stats)
    if rows_seen == len(bad_lines):
        raise MalformedFile(f"{source.name}: the file has a header but no genotype rows.")
    if truncated:
        complete = rows_seen - len(bad_lines)
        stats.warnings.append(
            f"The file looks truncated: its last row is cut off (no line end, a column "
            f"missing or short). PHR imported the {complete:,} complete "
            f"row{'s' if complete != 1 else ''} before it and left the cut row out (complete "
            "files from the big vendors hold 600,000 rows or more). Download it again to get "
            "the rest."
        )


def _drop_column_lines(block: bytes) -> bytes:
    """The block without uncommented column-name lines (`rsid...`, `"RSID",...`): under rows
    of another layout such a line has the wrong number of columns (and pandas would take a
    longer first line's extra column as an index, shifting every row)."""
    lines = block.split(b"\n")
    # blanked, not removed, so line numbers in messages stay right
    kept = [b"" if line.lstrip(b'"').lower().startswith(b"rsid") else line for line in lines]
    return b"\n".join(kept)


def _cut_off(last: bytes, names: list[str], dialect: ArrayDialect) -> bool:
    """Whether the file's last line, which has no line end, was cut short by a truncated
    download: a column missing or empty, or a one-letter genotype on an autosome (an 'AG'
    cut after its first letter; only X, Y and MT are written with one letter)."""
    text = last.replace(b'"', b"").strip().decode("latin-1")
    if not text or text.startswith("#"):
        return False
    fields = text.split(dialect.separator)
    if len(fields) < len(names) or any(not f.strip() for f in fields[: len(names)]):
        return True
    if dialect.allele_columns == 1:
        genotype = fields[3].strip()
        chrom = CHROMOSOME_CODES.get(fields[1].strip())
        return len(genotype) == 1 and chrom not in (None, "X", "Y", "MT")
    return False


def _check_line_lengths(name: str, block: bytes, line_offset: int) -> None:
    """Refuse the first line of a block longer than `MAX_LINE_BYTES`.

    Such a line covers a whole half-limit slice aligned on the block, so one newline search
    per slice clears a block (microseconds); only a slice without a newline is looked at more
    closely. The block's last line needs no newline: it was checked as a carry.
    """
    step = MAX_LINE_BYTES // 2
    start = 0
    while start + step <= len(block):
        if block.find(b"\n", start, start + step) >= 0:
            start += step
            continue
        begin = block.rfind(b"\n", 0, start) + 1
        end = block.find(b"\n", start + step)
        end = len(block) if end < 0 else end
        if end - begin > MAX_LINE_BYTES:
            raise line_too_long(
                name, line_offset + block.count(b"\n", 0, begin) + 1, MAX_LINE_BYTES
            )
        start = end - end % step + step  # the next slice after this line's end


def _parse_block(
    block: bytes,
    names: list[str],
    dialect: ArrayDialect,
    stats: ImportStats,
    bad_lines: list[int],
    line_offset: int,
) -> tuple[Batch, int]:
    """The block's rows (and the number of data rows seen): the vectorised reading where it
    reads the block exactly, else pandas' (which finds damaged rows' line numbers)."""
    if FAST_PATH:
        from phr.genome.formats.arrayfast import parse_block_fast

        fast = parse_block_fast(
            block,
            dialect.separator,
            dialect.allele_columns,
            dialect.header_names,
            dialect.quoted,
            dialect.two_copy_hemizygous,
            stats,
        )
        if fast is not None:
            return fast
    return _parse_block_pandas(block, names, dialect, stats, bad_lines, line_offset)


def _parse_block_pandas(
    block: bytes,
    names: list[str],
    dialect: ArrayDialect,
    stats: ImportStats,
    bad_lines: list[int],
    line_offset: int,
) -> tuple[Batch, int]:
    import pandas as pd

    if dialect.quoted:
        block = block.replace(b'"', b"")
    frame = _read_frame(block, names, dialect.separator)
    if frame is None:  # ragged rows: find them the slow way, then parse the rest
        block, ragged = _drop_ragged(block, len(names), dialect.separator, line_offset)
        bad_lines.extend(ragged)
        frame = _read_frame(block, names, dialect.separator)
        assert frame is not None
    rsid = frame["rsid"]
    keep = ~rsid.isin(dialect.header_names)
    if not keep.all():
        frame = frame[keep.to_numpy()]
        rsid = frame["rsid"]
    raw_chrom = frame["chrom"]
    chrom = raw_chrom.map(CHROMOSOME_NUMBERS)
    pos = frame["pos"]
    if pos.dtype != np.int64:
        pos = pd.to_numeric(pos, errors="coerce")
    genotype = frame["a1"] if dialect.allele_columns == 1 else frame["a1"] + frame["a2"]
    alleles = genotype.map(GENOTYPES)
    unplaced = raw_chrom.isin(UNPLACED).to_numpy() | (pos == 0).to_numpy()
    nonsense = (pos < 0) | (pos > _chromosome_ends(chrom))
    if pos.dtype != np.int64:
        nonsense |= pos % 1 != 0
    bad = (chrom.isna() | pos.isna() | alleles.isna() | (rsid == "") | nonsense).to_numpy()
    bad = bad & ~unplaced
    if unplaced.any():
        stats.skipped["probe without a chromosome position"] += int(unplaced.sum())
    if bad.any():
        bad_lines.extend(_line_numbers(block, np.flatnonzero(bad), line_offset, dialect))
    good = ~(bad | unplaced)
    rsid_list = rsid.to_numpy()[good]
    code_arr = chrom.to_numpy()[good].astype(np.int64)
    chrom_arr = CHROM_NAMES[code_arr]
    pos_arr = pos.to_numpy()[good].astype(np.int64)
    allele_arr = alleles.to_numpy()[good]
    if dialect.two_copy_hemizygous:
        allele_arr = _collapse_two_copies(chrom_arr, allele_arr)
    called = allele_arr != NO_CALL
    stats.called += int(called.sum())
    stats.no_calls += int((~called).sum())
    stats.indels += int(pd.Series(allele_arr).isin(INDEL_GENOTYPES).sum())
    _gather_evidence(stats, rsid_list, chrom_arr, pos_arr, allele_arr)
    sites = pack_sites(code_arr, pos_arr)
    return Batch(sites=sites, ids=rsid_list, alleles=allele_arr.tolist()), len(frame)


def _chromosome_ends(chrom: pd.Series) -> np.ndarray:
    """Each row's chromosome length (0 where the chromosome is unknown): a position past it
    is a damaged row, never stored (it would land on another chromosome's key)."""
    codes = np.nan_to_num(chrom.to_numpy(dtype=float, na_value=0.0)).astype(np.int64)
    ends: np.ndarray = MAX_LENGTH_BY_CODE[codes]
    return ends


def _read_frame(block: bytes, names: list[str], separator: str) -> pd.DataFrame | None:
    """Positions are parsed as integers by the C reader; a block with any non-integer
    position is read again as text and checked row by row (vectorised) below."""
    import pandas as pd

    try:
        typed = {name: np.int64 if name == "pos" else str for name in names}
        return _read_csv(block, names, separator, typed)
    except ValueError:  # pandas' ParserError is a ValueError too: both retry as text
        pass
    try:
        return _read_csv(block, names, separator, str)
    except pd.errors.ParserError:
        return None
    except pd.errors.EmptyDataError:
        return pd.DataFrame({name: pd.Series([], dtype=str) for name in names})


def _read_csv(block: bytes, names: list[str], separator: str, dtype: object) -> pd.DataFrame:
    import pandas as pd

    return pd.read_csv(
        io.BytesIO(block),
        sep=separator,
        comment="#",
        header=None,
        names=names,
        dtype=dtype,  # type: ignore[arg-type]
        na_filter=False,
        skip_blank_lines=True,
        encoding="latin-1",
        engine="c",
        quoting=3,  # csv.QUOTE_NONE: quotes were removed already
    )


def _data_lines(block: bytes) -> Iterator[tuple[int, bytes]]:
    """(line index in block, line) for lines pandas treats as data."""
    for index, line in enumerate(block.split(b"\n")):
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            yield index, line


def _drop_ragged(
    block: bytes, columns: int, separator: str, line_offset: int
) -> tuple[bytes, list[int]]:
    sep = separator.encode()
    kept: list[bytes] = []
    ragged: list[int] = []
    for index, line in enumerate(block.split(b"\n")):
        stripped = line.strip()
        # Separators are counted as the C reader counts them: up to a '#' and with a trailing
        # separator too (`strip` would drop a trailing tab, and the row then failed the reader
        # again); a CR inside a line ends a line for the C reader, so such a row is ragged.
        content = line.removesuffix(b"\r").split(b"#", 1)[0]
        if (
            stripped
            and not stripped.startswith(b"#")
            and (content.count(sep) != columns - 1 or b"\r" in content)
        ):
            ragged.append(line_offset + index + 1)
        else:
            kept.append(line)
    return b"\n".join(kept), ragged


def _line_numbers(
    block: bytes, rows: np.ndarray, line_offset: int, dialect: ArrayDialect
) -> list[int]:
    """File line numbers of bad data rows (slow path, only when a block has bad rows)."""
    wanted = set(rows.tolist())
    found: list[int] = []
    row = 0
    for index, line in _data_lines(block):
        first_field = line.split(dialect.separator.encode(), 1)[0].strip()
        if first_field.decode("latin-1") in dialect.header_names:
            continue
        if row in wanted:
            found.append(line_offset + index + 1)
        row += 1
    return found


def _check_bad_rows(name: str, bad_lines: list[int], rows_seen: int, stats: ImportStats) -> None:
    if not bad_lines:
        return
    shown = ", ".join(str(n) for n in sorted(bad_lines)[:5])
    if len(bad_lines) > max(TOLERATED_BAD_ROWS, TOLERATED_BAD_FRACTION * rows_seen):
        raise MalformedFile(
            f"{name}: {len(bad_lines)} of {rows_seen} rows are not valid genotype rows "
            f"(first at lines {shown}). The file may be damaged or not a raw data file."
        )
    stats.skipped["malformed row"] += len(bad_lines)
    stats.warnings.append(
        f"{len(bad_lines)} damaged row{'s were' if len(bad_lines) > 1 else ' was'} skipped "
        f"(line{'s' if len(bad_lines) > 1 else ''} {shown}"
        f"{', ...' if len(bad_lines) > 5 else ''})."
    )


def _collapse_two_copies(chrom: np.ndarray, alleles: np.ndarray) -> np.ndarray:
    """'G/G' on Y or MT -> 'G' (one copy; the vendor repeats the letter)."""
    haploid = (chrom == "Y") | (chrom == "MT")
    if not haploid.any():
        return alleles
    out = alleles.copy()
    for index in np.flatnonzero(haploid):
        value = out[index]
        if len(value) == 3 and value[0] == value[2]:
            out[index] = value[0]
    return out


def _gather_evidence(
    stats: ImportStats,
    rsid: np.ndarray,
    chrom: np.ndarray,
    pos: np.ndarray,
    alleles: np.ndarray,
) -> None:
    import pandas as pd

    markers = np.flatnonzero(pd.Series(rsid).isin(MARKER_RSIDS).to_numpy())
    for index in markers.tolist():
        stats.build.vote_rsid_position(str(rsid[index]), str(chrom[index]), int(pos[index]))
    x_core = (chrom == "X") & (pos >= X_CORE[0]) & (pos <= X_CORE[1])
    if x_core.any():
        x_alleles = pd.Series(alleles[x_core])
        snv = x_alleles[(x_alleles != NO_CALL) & ~x_alleles.isin(INDEL_GENOTYPES)]
        stats.sex.x_called += len(snv)
        stats.sex.x_het += int(snv.isin(HETEROZYGOUS).sum())
        stats.sex.x_haploid += int((snv.str.len() == 1).sum())
