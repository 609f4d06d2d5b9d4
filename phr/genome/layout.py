"""Packed sites (chromosome code and position in one int64), rsID parsing, and the row key
layout of schema versions 2..8 (table `genotype_calls`), which migration 0009 reads when it
converts a vault to the columnar store (`columns.py`). Parsers still hand sites to the writer.

The old layout, kept here for that conversion:

A genome is 0.7 M (array) to 5 M (VCF) rows written in one transaction into an encrypted
file. The old layout (a rowid table plus indexes on (genome, chrom, pos) and (genome, rsid))
spent most of an array import building those two indexes. Here the rowid itself is the
position index:

    key = genome_id << 45 | chrom_code << 40 | pos << 12 | dup

`chrom_code` is 1..22, X=23, Y=24, MT=25; `pos` < 2**28 (longer than any chromosome); `dup`
counts rows sharing one position (a 23andMe rsID and i-ID probe; a VCF SNP and an indel).
A position-sorted file therefore appends rows in key order (SQLite's cheapest insert), a
position lookup is a rowid range scan, and a genome's rows are one key range (delete, count).
rsIDs `rs<N>` are stored as the integer N, whose index is far smaller and quicker to build
than a text one; other IDs are stored as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phr.genome import chromosomes
from phr.genome.chromosomes import MAX_LENGTH
from phr.genome.model import CHROMOSOMES

if TYPE_CHECKING:  # numpy is imported by the functions that write rows, not by readers
    import numpy as np

GENOME_SHIFT = 45
CHROM_SHIFT = 40
POS_SHIFT = 12
MAX_GENOME_ID = (1 << (63 - GENOME_SHIFT)) - 1
MAX_DUP = (1 << POS_SHIFT) - 1
MAX_POS = (1 << (CHROM_SHIFT - POS_SHIFT)) - 1
SITE_CHROM_SHIFT = CHROM_SHIFT - POS_SHIFT  # a "site" is chrom_code << 28 | pos

CHROM_CODE: dict[str, int] = {name: index + 1 for index, name in enumerate(CHROMOSOMES)}
CHROM_NAME: dict[int, str] = {code: name for name, code in CHROM_CODE.items()}


def genome_range(genome_id: int) -> tuple[int, int]:
    """Inclusive key range of a genome's rows."""
    return genome_id << GENOME_SHIFT, ((genome_id + 1) << GENOME_SHIFT) - 1


def chrom_range(genome_id: int, chrom: str) -> tuple[int, int]:
    base = genome_id << GENOME_SHIFT | CHROM_CODE[chrom] << CHROM_SHIFT
    return base, base + (1 << CHROM_SHIFT) - 1


def position_range(genome_id: int, chrom: str, pos: int) -> tuple[int, int]:
    """Inclusive key range of the rows at one position (empty range if pos is impossible)."""
    if not 0 <= pos <= MAX_POS:
        return 1, 0
    base = genome_id << GENOME_SHIFT | CHROM_CODE[chrom] << CHROM_SHIFT | pos << POS_SHIFT
    return base, base + MAX_DUP


def site_of(chrom: str, pos: int) -> int:
    """Refuses a position the key cannot hold or the chromosome does not have: masking it
    would store the row at another place (2:300,000,000 became 3:31,564,544)."""
    if not 1 <= pos <= MAX_LENGTH[chrom]:
        raise ValueError("a genotype position lies outside its chromosome")
    return CHROM_CODE[chrom] << SITE_CHROM_SHIFT | pos


def pack_sites(codes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Vectorised `site_of` over chromosome codes and positions (callers filter first)."""
    import numpy as np

    by_code = chromosomes.MAX_LENGTH_BY_CODE
    limits = by_code[np.clip(codes, 0, len(by_code) - 1)]
    unknown = (codes < 1) | (codes >= len(by_code))
    if bool(np.any((positions < 1) | (positions > limits) | unknown)):
        raise ValueError("a genotype position lies outside its chromosome")
    sites: np.ndarray = (codes << SITE_CHROM_SHIFT) | positions
    return sites


def check_sites(sites: np.ndarray) -> None:
    """The storage layer's last line: every packed site names a chromosome and a position
    on it. (A position that spilled into the chromosome bits is caught where it is packed.)"""
    if len(sites) == 0:
        return
    pack_sites(sites >> SITE_CHROM_SHIFT, sites & MAX_POS)


def rs_number(rsid: str | None) -> int | None:
    """'rs123' -> 123; None for any other ID (kept as text). Leading zeros stay text so the
    ID reads back exactly as written."""
    if rsid is None or not rsid.startswith("rs"):
        return None
    digits = rsid[2:]
    if not (0 < len(digits) <= 18) or digits[0] == "0" or not digits.isascii():
        return None
    return int(digits) if digits.isdigit() else None


def keys_for(genome_id: int, sites: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys for sorted sites (dup counted within this array) and each row's dup."""
    import numpy as np

    n = len(sites)
    index = np.arange(n, dtype=np.int64)
    starts = np.ones(n, dtype=bool)
    starts[1:] = sites[1:] != sites[:-1]
    dup = index - np.maximum.accumulate(np.where(starts, index, 0))
    keys = (np.int64(genome_id) << GENOME_SHIFT) | (sites << POS_SHIFT) | dup
    return keys, dup
