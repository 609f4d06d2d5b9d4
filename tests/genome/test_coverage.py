"""Coverage evidence: which variant-only VCFs count as a whole genome, and where silence may be
read as reference (CLINICAL.md rule 1, phr/genome/coverage.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.genome import coverage
from phr.genome.coverage import AUTOSOME_LENGTHS, classify_variant_only, needed_records
from phr.genome.importer import import_genome
from phr.genome.model import CoverageKind, GenotypeStatus
from phr.genome.sex import MIN_X_CALLS, SexEvidence
from phr.genome.store import genotype_at
from tests.conftest import shared_file


def test_every_autosome_dense_is_a_whole_genome() -> None:
    dense = {c: needed_records(c) for c in AUTOSOME_LENGTHS}
    assert classify_variant_only(dense) == CoverageKind.VARIANT_ONLY_VCF


def test_one_sparse_or_missing_autosome_makes_it_partial() -> None:
    dense = {c: needed_records(c) for c in AUTOSOME_LENGTHS}
    assert classify_variant_only({**dense, "21": needed_records("21") - 1}) == (
        CoverageKind.PARTIAL_VCF
    )
    del dense["13"]
    assert classify_variant_only(dense) == CoverageKind.PARTIAL_VCF


def test_an_exome_is_never_a_whole_genome() -> None:
    # ~40,000 variants spread over the autosomes: about 14 per Mb, far under the threshold
    total = sum(AUTOSOME_LENGTHS.values())
    exome = {c: 40_000 * n // total for c, n in AUTOSOME_LENGTHS.items()}
    assert classify_variant_only(exome) == CoverageKind.PARTIAL_VCF


def test_a_dense_single_chromosome_is_partial() -> None:
    # the real Dante chr20 subset: 105,006 records on chr20 alone
    assert classify_variant_only({"20": 105_006}) == CoverageKind.PARTIAL_VCF


@pytest.mark.parametrize(
    "name",
    ["dante_corpas30x_chr20_snps_indels.vcf.gz", "platinum_NA12878_hg19_chr21.vcf.gz"],
)
def test_real_single_chromosome_genomes_are_dense_enough_per_chromosome(name: str) -> None:
    """The threshold sits well under what real genomes show on their chromosome."""
    from cyvcf2 import VCF

    path = shared_file("data", "genomes", "vcf", name)
    chrom = "20" if "chr20" in name else "21"
    records = sum(1 for _ in VCF(str(path)))
    assert records >= 2.5 * needed_records(chrom)


def test_import_wires_the_classification(
    vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the threshold lowered to one record, a file with one record on every autosome is
    # a "whole genome": what the importer stores follows coverage.py.
    monkeypatch.setattr(coverage, "WHOLE_GENOME_RECORDS_PER_MB", 0)
    lines = [
        "##fileformat=VCFv4.2",
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        *(f"##contig=<ID={c},length={n}>" for c, n in AUTOSOME_LENGTHS.items()),
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1",
        *(
            f"{c}\t{1000 + i}\t.\tA\tG\t50\tPASS\t.\tGT\t0/1"
            for i, c in enumerate(AUTOSOME_LENGTHS)
        ),
    ]
    path = tmp_path / "tiny.vcf"
    path.write_text("\n".join(lines) + "\n")
    genome = import_genome(vault, path).genome
    assert genome.coverage == CoverageKind.VARIANT_ONLY_VCF
    # silence 500 bp from a record on one side only: still not tested
    assert genotype_at(vault, genome, "1:1500").status == GenotypeStatus.NOT_TESTED


def test_sex_is_only_suggested_from_hundreds_of_x_calls() -> None:
    few = SexEvidence(x_called=MIN_X_CALLS - 1, x_het=0, x_haploid=MIN_X_CALLS - 1)
    assert few.decide() is None
    many = SexEvidence(x_called=MIN_X_CALLS, x_het=0, x_haploid=MIN_X_CALLS)
    assert many.decide() == "male"
    mixed = SexEvidence(x_called=2 * MIN_X_CALLS, x_het=MIN_X_CALLS // 2)
    assert mixed.decide() == "female"
