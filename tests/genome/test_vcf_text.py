"""The VCF text reader (numpy columns, htslib for odd lines) against htslib's own reading.

Generated single-sample VCFs hold every genotype form real files have; each is read both ways
and the batches (sites, IDs, alleles, REF, ALT, reference blocks) and the whole ImportStats
(counts, skip reasons, build and sex evidence) must be equal record by record.
"""

from __future__ import annotations

import gzip
import random
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phr.errors import MalformedFile
from phr.genome.build import MARKERS, Build
from phr.genome.formats import vcf as vcf_module
from phr.genome.formats.base import Batch, Head, ImportStats, ReadOptions
from phr.genome.formats.vcf import Vcf
from phr.genome.model import CoverageKind
from phr.genome.source import HEAD_BYTES, open_source
from phr.progress import Cancelled, CancelToken
from tests.conftest import shared_file
from tests.genome.conftest import fixture

GENOTYPES = ["0/1", "1/1", "0|1", "1|0", "./.", ".|.", "./1", "1/.", "1/2", "2/2", "0/0", "0/2"]
CONTIGS = [*(f"chr{n}" for n in range(1, 23)), "chrX", "chrY", "chrM"]
ODD_CONTIGS = ["chrUn_gl000220", "chr1_KI270706v1_random", "HLA-A*01:01:01:01", "chrEBV"]
HEADER = (
    "##fileformat=VCFv4.2\n"
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End">\n'
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="SV type">\n'
    '##ALT=<ID=NON_REF,Description="Any other allele">\n'
    "##contig=<ID=chr1,length=249250621>\n"
    "##contig=<ID=chrX,length=155270560>\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tSAMPLE1\n"
)


def _alt(rng: random.Random, ref: str) -> str:
    other = rng.choice([b for b in "ACGT" if b != ref[0]])
    return rng.choice(
        [
            other,
            other,
            other,
            f"{other},*",
            f"{other},{ref}T",
            "*",
            ref + "TTG",
            "<DEL>",
            "<INS>",
            f"{other},<NON_REF>",
            "<NON_REF>",
            f"{other}[chr2:100[",
            ".",
            "A" * 30,
            other.lower(),
        ]
    )


def _record(rng: random.Random, chrom: str, pos: int, missing_gt: bool) -> str:
    ref = rng.choice(["A", "C", "G", "T", "AT", "GCA", "C" * 40])
    alt = _alt(rng, ref)
    long_rs = f"rs{rng.randrange(10**8, 10**18)}"  # 9 to 18 digits: one and two words
    rsid = rng.choice([".", ".", f"rs{rng.randrange(1, 10**8)}", "rs5;rs6", "COSV123", long_rs])
    rsid = rsid if rng.random() < 0.9 else rng.choice(["rs0", "rs012", "rs7x"])
    pos_text = f"00{pos}" if rng.random() < 0.05 else str(pos)  # htslib reads leading zeros
    if chrom in ("chrY", "chrM") or rng.random() < 0.08:
        gt = rng.choice(["0", "1", ".", "2"])
    else:
        gt = rng.choice(GENOTYPES)
    info = rng.choice(
        [
            ".",
            "DP=5",
            f"END={pos + rng.randrange(0, 500)}",
            f"END={pos + rng.randrange(0, 500)};DP=3",
            f"DP=3;END={pos + 7}",
            f"END={max(1, pos - 5)}",
            "END=",
            "SVTYPE=DEL",
        ]
    )
    fmt, sample = rng.choice(
        [("GT", gt), ("GT:DP", f"{gt}:7"), ("DP:GT", f"7:{gt}"), ("GT:DP", gt)]
    )
    if (
        missing_gt and rng.random() < 0.002
    ):  # no GT at all: both readers refuse the file the same way
        fmt, sample = "DP", "7"
    return f"{chrom}\t{pos_text}\t{rsid}\t{ref}\t{alt}\t50\tPASS\t{info}\t{fmt}\t{sample}"


def _marker_records() -> list[str]:
    """Records at the build-marker sites, with and without their rsIDs."""
    lines = []
    for rsid, (chrom, sites) in list(MARKERS.items())[:6]:
        pos, ref = sites[Build.GRCH37]
        name = "chrX" if chrom == "X" else f"chr{chrom}"
        alt = "G" if ref != "G" else "A"
        lines.append(f"{name}\t{pos}\t{rsid}\t{ref}\t{alt}\t50\tPASS\t.\tGT\t0/1")
        lines.append(f"{name}\t{pos}\t.\t{ref}\t{alt}\t50\tPASS\t.\tGT\t1/1")
    return lines


def write_vcf(
    path: Path, seed: int, records: int, crlf: bool = False, missing_gt: bool = False
) -> Path:
    rng = random.Random(seed)
    lines = _marker_records()
    for _ in range(records):
        roll = rng.random()
        if roll < 0.05:
            chrom = rng.choice(ODD_CONTIGS)
        elif roll < 0.3:
            chrom = "chrX"
        else:
            chrom = rng.choice(CONTIGS)
        pos = rng.choice(
            [rng.randrange(1, 3_000_000), rng.randrange(3_000_000, 150_000_000), 300_000_000]
        )
        lines.append(_record(rng, chrom, pos, missing_gt))
    end = "\r\n" if crlf else "\n"
    text = HEADER + end.join(lines) + ("" if rng.random() < 0.3 else end)
    path.write_bytes(text.encode())
    return path


def read(path: Path, through_htslib: bool) -> tuple[list[Batch], ImportStats]:
    source = open_source(path)
    head = Head(source, source.head(HEAD_BYTES))
    stats = ImportStats(vendor="VCF", coverage=CoverageKind.VARIANT_ONLY_VCF)
    reader = Vcf()
    options = ReadOptions()
    if through_htslib:
        batches = list(reader._read_htslib(source, head, options, stats))
    else:
        batches = list(reader.read(head, options, stats))
    return batches, stats


def columns(batches: list[Batch]) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {k: [] for k in ("sites", "ids", "alleles", "ref", "alt")}
    blocks: list[object] = []
    for batch in batches:
        assert batch.sites is not None
        out["sites"] += np.asarray(batch.sites, dtype=np.int64).tolist()
        out["ids"] += list(batch.ids)
        out["alleles"] += list(batch.alleles)
        out["ref"] += list(batch.ref or [])
        out["alt"] += list(batch.alt or [])
        blocks += batch.blocks
    out["blocks"] = blocks
    return out


def assert_same_reading(path: Path) -> None:
    """Equal batches and stats, or the same refusal."""
    try:
        fast, fast_stats = read(path, through_htslib=False)
    except MalformedFile as exc:
        with pytest.raises(MalformedFile) as caught:
            read(path, through_htslib=True)
        assert str(caught.value) == str(exc)
        return
    slow, slow_stats = read(path, through_htslib=True)
    assert columns(fast) == columns(slow)
    assert fast_stats == slow_stats


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10**6), records=st.integers(1, 400), chunk=st.sampled_from([97, 4096]))
def test_text_reader_equals_htslib_record_by_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, records: int, chunk: int
) -> None:
    monkeypatch.setattr(vcf_module, "TEXT_CHUNK_BYTES", chunk)  # blocks cut mid-line
    assert_same_reading(write_vcf(tmp_path / f"g{seed}.vcf", seed, records, missing_gt=True))


def test_every_genotype_form_is_read_by_the_numpy_columns(tmp_path: Path) -> None:
    """The common forms must not all fall through to htslib (that would be correct but slow)."""
    path = write_vcf(tmp_path / "g.vcf", 7, 3000)
    text = path.read_bytes()
    block = text[text.index(b"\n#CHROM") + 1 :]
    block = block[block.index(b"\n") + 1 :]
    if not block.endswith(b"\n"):
        block += b"\n"
    split = vcf_module.split_block(block, len(block), svtype_in_info=True)
    assert len(split.lines) > 0.3 * split.count  # the generator is mostly odd cases
    gts = {key[2] for key in split.keys}
    assert {b"0/1", b"1/1", b"0|1", b"1|0", b"./.", b".|.", b"./1", b"1/2", b"2/2", b"1"} <= gts
    assert_same_reading(path)


@pytest.mark.parametrize("wrapper", ["gzip", "bgzip", "crlf"])
def test_wrappers_and_crlf_read_the_same(tmp_path: Path, wrapper: str) -> None:
    plain = write_vcf(tmp_path / "g.vcf", 11, 2000, crlf=wrapper == "crlf")
    if wrapper == "gzip":
        path = tmp_path / "g.vcf.gz"
        path.write_bytes(gzip.compress(plain.read_bytes()))
    elif wrapper == "bgzip":
        path = tmp_path / "g.vcf.gz"
        if shutil.which("bgzip"):
            subprocess.run(["bgzip", "-f", str(plain)], check=True)
        elif shutil.which("bcftools"):
            subprocess.run(["bcftools", "view", "-Oz", "-o", str(path), str(plain)], check=True)
        else:
            pytest.skip("neither bgzip nor bcftools is installed")
    else:
        path = plain
    assert_same_reading(path)


def test_a_line_htslib_cannot_parse_is_refused_without_quoting_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.vcf"
    good = "chr1\t100\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n"
    path.write_text(HEADER + good + "chr1\t200\t.\tA\tG\t50\tPASS\t.\tGT\t0/1:SECRET9\n" + good)
    with pytest.raises(MalformedFile, match="damaged after record 1") as caught:
        read(path, through_htslib=False)
    assert "SECRET9" not in str(caught.value)


def test_an_empty_line_is_refused_not_a_crash(tmp_path: Path) -> None:
    """htslib's own iteration crashes the process on an empty line; the text path refuses."""
    path = tmp_path / "empty.vcf"
    good = "chr1\t100\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n"
    path.write_text(HEADER + good + "\n" + good)
    with pytest.raises(MalformedFile, match="damaged after record 1"):
        read(path, through_htslib=False)


@pytest.mark.parametrize(
    "name",
    [
        "dante_corpas30x_chr20_snps_indels.vcf.gz",
        "dante_corpas30x_nutrigx_loci.vcf.gz",
        "dante_corpas30x_pgx_loci.vcf.gz",
        "platinum_NA12878_hg19_chr21.vcf.gz",
        "platinum_NA12878_hg38_chr21.vcf.gz",
    ],
)
def test_real_vcfs_read_the_same_both_ways(name: str) -> None:
    assert_same_reading(shared_file("data", "genomes", "vcf", name))


def test_cancel_is_checked_and_progress_rises_block_by_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vcf_module, "TEXT_CHUNK_BYTES", 4096)
    path = write_vcf(tmp_path / "g.vcf", 5, 2000)
    source = open_source(path)
    head = Head(source, source.head(HEAD_BYTES))
    stats = ImportStats(vendor="VCF", coverage=CoverageKind.VARIANT_ONLY_VCF)
    done = [b.done for b in Vcf().read(head, ReadOptions(), stats)]
    assert len(done) > 10 and done == sorted(done) and done[-1] == source.size

    token = CancelToken()
    stats = ImportStats(vendor="VCF", coverage=CoverageKind.VARIANT_ONLY_VCF)
    batches = Vcf().read(head, ReadOptions(cancel=token), stats)
    next(batches)
    token.cancel()
    with pytest.raises(Cancelled):
        next(batches)


@pytest.mark.parametrize(
    "name",
    [
        "grch38_stale_reference.vcf",
        "gvcf.g.vcf",
        "variant_only.vcf",
        "variant_only.vcf.bgz",
        "variant_only_plain_gzip.vcf.gz",
    ],
)
def test_fixture_vcfs_read_the_same_both_ways(name: str) -> None:
    assert_same_reading(fixture("vcf", name))


POSITIONS = ["5", "00012", "12345678", "123456789", "249250620", "1234567890123456"]
RSIDS = ["rs1", "rs9999999999999999", "rs12345678901234567", "rs123456789012345678",
         "rs1234567890123456789", "rs0", "rs01", "rs", "rs1a", "COSV1", "rs5;rs6",
         "r9"]  # fmt: skip


def test_numbers_and_ids_at_their_edges_read_as_htslib_reads_them(tmp_path: Path) -> None:
    """POS and rsN are converted eight digits a word: every length around 8 and 16, a leading
    zero, a field at the very start of a block, and IDs that are not rs numbers."""
    lines = ["1\t7\trs2\tA\tG\t50\tPASS\t.\tGT\t0/1"]  # POS ends before byte 8 of the block
    lines += [f"chr1\t{pos}\trs3\tC\tT\t50\tPASS\t.\tGT\t1/1" for pos in POSITIONS]
    lines += [
        f"chr1\t{900 + i}\t{rsid}\tG\tA\t50\tPASS\t.\tGT\t0|1" for i, rsid in enumerate(RSIDS)
    ]
    path = tmp_path / "edges.vcf"
    path.write_text(HEADER + "\n".join(lines) + "\n")
    assert_same_reading(path)
    text = "\n".join(lines).encode() + b"\n"
    split = vcf_module.split_block(text, len(text), svtype_in_info=False)
    assert len(split.slow) == 1  # only the ID list is left to htslib
    assert split.pos[: len(POSITIONS) + 1].tolist() == [7, *map(int, POSITIONS)]
    other = dict(zip(split.named.tolist(), split.names, strict=True))
    first = len(POSITIONS) + 1
    read = [f"rs{n}" if n else other.get(first + i) for i, n in enumerate(split.rs[first:])]
    assert read == [r for r in RSIDS if r != "rs5;rs6"]


def test_a_position_longer_than_sixteen_digits_is_left_to_htslib() -> None:
    text = b"chr1\t12345678901234567\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n"
    split = vcf_module.split_block(text, len(text), svtype_in_info=False)
    assert split.slow.tolist() == [0]
