"""The vectorised array reader (`arrayfast.py`) against the pandas reader it stands in for.

The property test writes files of every vendor dialect with random rows (every genotype
spelling, no-calls, i-IDs, X/Y/MT and the vendors' chromosome codes, leading zeros, odd
spacing, damaged rows, blank and comment lines, CRLF, quotes, a cut-off last row) and reads
each twice, with the fast path and with pandas alone: the batches must be equal row by row,
and the counts, evidence, warnings and refusals the same. Small blocks make one file several
blocks, so fast and fallback blocks mix within a file.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phr.errors import PhrError
from phr.genome.build import MARKERS
from phr.genome.chromosomes import MAX_LENGTH
from phr.genome.formats import arraytext
from phr.genome.formats.ancestry import AncestryDna
from phr.genome.formats.base import Batch, Coded, GenomeFormat, Head, ImportStats, ReadOptions
from phr.genome.formats.ftdna import FamilyTreeDna
from phr.genome.formats.livingdna import LivingDna
from phr.genome.formats.myheritage import MyHeritage
from phr.genome.formats.twentythreeandme import TwentyThreeAndMe
from phr.genome.model import CoverageKind
from phr.genome.source import HEAD_BYTES, open_source
from tests.conftest import shared_file
from tests.genome.conftest import fixture

LETTERS = "ACGT"
ONE_COLUMN = sorted(arraytext.GENOTYPES)  # every spelling, no-calls and indel codes included
BAD_GENOTYPES = ["ZZ", "AGT", "A-", "1", "DA"]
CHROMS = [*(str(n) for n in range(1, 23)), "X", "Y", "MT"]
# kept as numbers: 18 digits; kept as text: a leading zero, 19 digits, no digits, other cases
EDGE_IDS = ["rs123456789012345678", "rs999999999999999999", "rs1", "rs0123", "rs0",
            "rs1234567890123456789", "rs", "r", "s5", "RS5", "rs5a", "rsa5", "Rs7", "5",
            "rs00000000000000000001", "i5000123", "VG01S1234", "kgp123"]  # fmt: skip


# -- reading ------------------------------------------------------------------------------------


def _read(fmt: GenomeFormat, path: Path, fast: bool) -> tuple[Any, ...]:
    """Everything a read produces: per-batch rows, counts, evidence, warnings, or the refusal."""
    source = open_source(path)
    head = Head(source, source.head(HEAD_BYTES))
    stats = ImportStats(vendor=fmt.vendor, coverage=CoverageKind.ARRAY)
    with mock.patch.object(arraytext, "FAST_PATH", fast):
        try:
            batches = [_rows(batch) for batch in fmt.read(head, ReadOptions(), stats)]
        except PhrError as error:
            return ("refused", type(error).__name__, str(error))
    return (
        batches,
        stats.called,
        stats.no_calls,
        stats.indels,
        dict(stats.skipped),
        stats.warnings,
        stats.header_build,
        stats.format_version,
        vars(stats.sex),
        dict(stats.build.votes),
    )


def _rows(batch: Batch) -> list[tuple[int, str, str]]:
    assert batch.sites is not None
    ids, alleles = batch.id_texts(), batch.allele_texts()
    assert len(ids) == len(alleles) == len(batch.sites)
    return list(zip(batch.sites.tolist(), ids, alleles, strict=True))


class _Spy:
    """Counts the blocks read by the pandas path."""

    def __init__(self) -> None:
        self.calls = 0
        self._real: Callable[..., Any] = arraytext._parse_block_pandas

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self._real(*args, **kwargs)


def _fast_and_slow(fmt: GenomeFormat, path: Path) -> tuple[tuple[Any, ...], int]:
    spy = _Spy()
    with mock.patch.object(arraytext, "_parse_block_pandas", spy):
        fast = _read(fmt, path, fast=True)
    slow = _read(fmt, path, fast=False)
    assert fast == slow
    return fast, spy.calls


# -- generating ---------------------------------------------------------------------------------


def _position(rng: random.Random, chrom: str) -> str:
    draw = rng.random()
    if draw < 0.02:
        return "0"  # unplaced
    pos = rng.randrange(1, MAX_LENGTH[chrom] + 1)
    return f"00{pos}" if draw < 0.05 else str(pos)


def _genotype(rng: random.Random, chrom: str) -> str:
    draw = rng.random()
    if chrom in ("X", "Y", "MT") and draw < 0.3:
        return rng.choice(LETTERS)
    if draw < 0.5:
        return rng.choice(LETTERS) + rng.choice(LETTERS)
    return rng.choice(ONE_COLUMN)


def _allele_pair(rng: random.Random, chrom: str) -> tuple[str, str]:
    draw = rng.random()
    if draw < 0.1:
        return "0", "0"
    if draw < 0.15:
        return rng.choice([("D", "D"), ("I", "I"), ("D", "I"), ("-", "-"), ("", "")])
    first = rng.choice(LETTERS)
    if chrom in ("Y", "MT") or draw < 0.5:
        return first, first
    return first, rng.choice(LETTERS)


def _odd(rng: random.Random, fields: list[str], separator: str) -> tuple[list[str], str]:
    """One of the things that sends a block to the slow path (or makes a row damaged)."""
    kind = rng.randrange(9)
    fields = list(fields)
    extra = ""
    if kind == 0:
        fields[3] = " " + fields[3]  # odd spacing: a damaged genotype for both readers
    elif kind == 1:
        fields[3] = rng.choice(BAD_GENOTYPES)
    elif kind == 2:
        fields[2] = rng.choice(["12x", "", "-5", "+5", "1e3", "7.0", str(10**13)])
    elif kind == 3:
        fields[1] = rng.choice(["99", "chr1", "chrMT", "CHRX", "---", "NA", "Un", "chrUn", ""])
    elif kind == 4:
        return fields, "blank"  # a blank line before the row
    elif kind == 5:
        return fields, "comment"
    elif kind == 6:
        fields[0] = rng.choice(["rs1\xe9", "", "RSID", "rs12 3", "kgp1234567"])
    elif kind == 7:
        fields.append("extra")  # a ragged row
    else:
        fields[0] = fields[0] + rng.choice(["\r", "\t", "#1", '"', "\x00"])
    if separator == "," and kind == 8 and rng.random() < 0.5:
        fields[0] = fields[0].replace("\t", ";")  # another stray byte in a CSV ID
    return fields, extra


def _write(rng: random.Random, kinds: str, folder: Path) -> tuple[GenomeFormat, Path]:
    """A file of `kinds`: a vendor's, or 'header vendor/rows vendor' (an edited file)."""
    kind, _slash, rows_kind = kinds.partition("/")
    eol = "\r\n" if rng.random() < 0.4 else "\n"
    odd_rate = rng.choice([0.0, 0.0, 0.01, 0.05])
    rows = rng.randrange(30, 500)
    separator = "," if kind in ("myheritage", "myheritage_doubled", "ftdna") else "\t"
    lines: list[str] = []
    fmt: GenomeFormat
    if kind in ("23andme", "livingdna"):
        fmt = TwentyThreeAndMe() if kind == "23andme" else LivingDna()
        vendor = "23andMe" if kind == "23andme" else "Living DNA"
        lines += [f"# This data file generated by {vendor} (synthetic)", "# build 37"]
        lines += ["# rsid\tchromosome\tposition\tgenotype"]
    elif kind == "ancestry":
        fmt = AncestryDna()
        lines += ["#AncestryDNA raw data download (synthetic)", "#array version: V2.0"]
        lines += ["rsid\tchromosome\tposition\tallele1\tallele2"]
    elif kind.startswith("myheritage"):
        fmt = MyHeritage()
        lines += ["##fileformat=MyHeritage", "##format=MHv1.0", "##reference=build37"]
        lines += ['"RSID","CHROMOSOME","POSITION","RESULT"']
    else:
        fmt = FamilyTreeDna()
        lines += ["RSID,CHROMOSOME,POSITION,RESULT"]
    if rows_kind:
        kind = rows_kind
        separator = "," if kind in ("myheritage", "myheritage_doubled", "ftdna") else "\t"
    ancestry_codes = {"X": rng.choice(["23", "25"]), "Y": "24", "MT": "26"}
    for index in range(rows):
        chrom = rng.choice(CHROMS)
        rsid = (
            f"i{rng.randrange(1, 10**7)}" if rng.random() < 0.1 else f"rs{rng.randrange(1, 10**9)}"
        )
        if rng.random() < 0.03:  # IDs at the edge of the rs-number rule (`layout.rs_number`)
            rsid = rng.choice(EDGE_IDS)
        pos = _position(rng, chrom)
        if rng.random() < 0.05:  # a build marker at one of its builds' positions
            rsid = rng.choice(sorted(MARKERS))
            chrom, at_build = MARKERS[rsid]
            pos = str(rng.choice(sorted(at_build.values()))[0])
        if kind == "ancestry":
            code = "0" if rng.random() < 0.01 else ancestry_codes.get(chrom, chrom)
            fields = [rsid, code, pos, *_allele_pair(rng, chrom)]
        else:
            spelling = rng.choice(["XY", "M"]) if chrom == "X" and rng.random() < 0.1 else chrom
            fields = [rsid, spelling, pos, _genotype(rng, chrom)]
        if rng.random() < odd_rate:
            fields, extra = _odd(rng, fields, separator)
            if extra == "blank":
                lines.append("")
            elif extra == "comment":
                lines.append("# a comment among the rows")
        if kind == "ftdna" and index == rows // 2 and rng.random() < 0.5:
            lines.append("RSID,CHROMOSOME,POSITION,RESULT")  # files glued together
        if separator == ",":
            quote = '""' if kind == "myheritage_doubled" else '"' if kind != "ftdna" else ""
            quote = '"' if kind == "ftdna" and rng.random() < 0.5 else quote
            lines.append(",".join(f"{quote}{f}{quote}" for f in fields))
        else:
            lines.append("\t".join(fields))
    text = eol.join(lines)
    ending = rng.random()
    if ending < 0.6:
        text += eol
    elif ending < 0.8:
        text = text[: -rng.randrange(1, 4)]  # a cut-off last row (or a short one)
    data = text.encode("latin-1")
    if rng.random() < 0.2:
        data = b"\xef\xbb\xbf" + data
    path = folder / "genome.txt"
    path.write_bytes(data)
    return fmt, path


@pytest.fixture
def small_blocks() -> Iterator[None]:
    with mock.patch.object(arraytext, "BLOCK_BYTES", 2048):
        yield


KINDS = [
    "23andme",
    "livingdna",
    "ancestry",
    "myheritage",
    "myheritage_doubled",
    "ftdna",
    "23andme/ancestry",  # a header over another vendor's rows: read by the rows' layout
    "ancestry/23andme",
    "myheritage/23andme",
]


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), block=st.sampled_from([1024, 2048, 8192, 1 << 20]))
def test_the_fast_reader_reads_every_dialect_exactly_as_pandas_does(
    kind: str, seed: int, block: int
) -> None:
    rng = random.Random(seed)
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.object(arraytext, "BLOCK_BYTES", block),
    ):
        fmt, path = _write(rng, kind, Path(folder))
        _fast_and_slow(fmt, path)


# -- the fallback, block by block ----------------------------------------------------------------


def _plain_23andme(rows: int, damaged: frozenset[int] = frozenset()) -> str:
    lines = ["# 23andMe synthetic", "# rsid\tchromosome\tposition\tgenotype"]
    for index in range(rows):
        genotype = "ZZ" if index in damaged else "AG"
        lines.append(f"rs{index + 1}\t1\t{1000 + index}\t{genotype}")
    return "\n".join(lines) + "\n"


def test_a_clean_file_is_read_without_pandas(tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "clean.txt"
    path.write_text(_plain_23andme(500))
    (batches, called, *_rest), pandas_blocks = _fast_and_slow(TwentyThreeAndMe(), path)
    assert pandas_blocks == 0
    assert called == 500
    assert len(batches) > 3  # several blocks, all read the quick way


def test_only_the_block_with_a_damaged_row_falls_back_and_its_line_is_named(
    tmp_path: Path, small_blocks: None
) -> None:
    path = tmp_path / "damaged.txt"
    path.write_text(_plain_23andme(500, damaged=frozenset({250})))
    result, pandas_blocks = _fast_and_slow(TwentyThreeAndMe(), path)
    assert pandas_blocks == 1
    batches, called, _no_calls, _indels, skipped, warnings, *_rest = result
    assert called == 499
    assert skipped == {"malformed row": 1}
    assert "(line 253)" in warnings[0]  # two header lines, then row 250 (0-based)
    assert sum(len(rows) for rows in batches) == 499


def test_fast_reader_hands_over_rs_numbers_and_genotype_codes_not_strings(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text(_plain_23andme(20))
    source = open_source(path)
    head = Head(source, source.head(HEAD_BYTES))
    stats = ImportStats(vendor="23andMe", coverage=CoverageKind.ARRAY)
    (batch,) = list(TwentyThreeAndMe().read(head, ReadOptions(), stats))
    assert batch.rs is not None and batch.rs.dtype == np.int64 and batch.rs[0] == 1
    assert batch.ids.dtype.kind == "S" and batch.ids[0] == b""  # only other IDs as bytes
    assert isinstance(batch.alleles, Coded) and batch.alleles.tolist()[0] == "A/G"


@pytest.mark.parametrize(
    ("fmt", "parts"),
    [
        (TwentyThreeAndMe(), ("23andme", "v5_build37_crlf.txt")),
        (TwentyThreeAndMe(), ("23andme", "build36_2011.txt")),
        (TwentyThreeAndMe(), ("23andme", "grch38_stale_header.txt")),
        (AncestryDna(), ("ancestry", "v2_crlf.txt")),
        (AncestryDna(), ("ancestry", "v2.txt.gz")),
        (MyHeritage(), ("myheritage", "quoted.csv")),
        (MyHeritage(), ("myheritage", "doubled_quotes_bom.csv")),
        (FamilyTreeDna(), ("ftdna", "build36_repeated_header.csv")),
        (FamilyTreeDna(), ("ftdna", "two_gzip_members.csv.gz")),
        (LivingDna(), ("livingdna", "build37.txt")),
    ],
)
def test_the_vendor_fixtures_need_no_pandas_and_read_the_same(
    fmt: GenomeFormat, parts: tuple[str, ...]
) -> None:
    _result, pandas_blocks = _fast_and_slow(fmt, fixture(*parts))
    assert pandas_blocks == 0


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        (TwentyThreeAndMe(), "23andme_v5_0x77dev_excerpt.txt"),
        (AncestryDna(), "ancestrydna_v2_RonJon715_excerpt.txt"),
    ],
)
def test_real_excerpts_read_the_same_both_ways(fmt: GenomeFormat, name: str) -> None:
    _result, pandas_blocks = _fast_and_slow(fmt, shared_file("data", "genomes", "array", name))
    assert pandas_blocks == 0


def test_a_row_with_a_trailing_separator_is_a_damaged_row_not_a_crash(tmp_path: Path) -> None:
    """The pandas path counted separators after `strip()`, which drops a trailing tab; the
    C reader then failed on the row a second time and an AssertionError escaped."""
    text = _plain_23andme(40).replace("rs7\t1\t1006\tAG\n", "rs7\t1\t1006\tAG\t\n")
    path = tmp_path / "trailing_tab.txt"
    path.write_text(text)
    result, _pandas_blocks = _fast_and_slow(TwentyThreeAndMe(), path)
    _batches, called, _no_calls, _indels, skipped, warnings, *_rest = result
    assert called == 39
    assert skipped == {"malformed row": 1}
    assert "(line 9)" in warnings[0]
