"""Real public files from ../shared (skipped where absent): the importer on real-world output."""

from __future__ import annotations

import pytest

from phr.errors import UnsupportedFile
from phr.genome.importer import import_genome
from phr.genome.model import Build, CoverageKind, GenotypeStatus
from phr.genome.store import genotype_at
from tests.conftest import shared_file
from tests.genome.conftest import fingerprint


def test_real_23andme_v5_excerpt(vault) -> None:
    result = import_genome(
        vault, shared_file("data", "genomes", "array", "23andme_v5_0x77dev_excerpt.txt")
    )
    g = result.genome
    assert (g.vendor, g.build, g.sex, g.called + g.no_calls) == (
        "23andMe",
        Build.GRCH37,
        "male",
        5739,
    )
    assert genotype_at(vault, g, "rs3131972").alleles == ("G", "G")


def test_real_ancestry_v2_excerpt(vault) -> None:
    result = import_genome(
        vault, shared_file("data", "genomes", "array", "ancestrydna_v2_RonJon715_excerpt.txt")
    )
    g = result.genome
    assert (g.vendor, g.build, g.called + g.no_calls) == ("AncestryDNA", Build.GRCH37, 1752)


def test_real_dante_pgx_vcf_with_id_dot_gives_genotypes(vault) -> None:
    result = import_genome(vault, shared_file("samples", "dante_corpas30x_pgx_loci.vcf.gz"))
    g = result.genome
    assert (g.called, g.coverage, g.build) == (5, CoverageKind.PARTIAL_VCF, Build.GRCH37)
    answer = genotype_at(vault, g, "10:96702047")  # CYP2C9 *2 site, ID '.'
    assert (answer.status, answer.alleles) == (GenotypeStatus.CALLED, ("C", "T"))
    # five records: silence anywhere else is not tested, never assumed reference
    assert genotype_at(vault, g, "10:96741053").status == GenotypeStatus.NOT_TESTED


def test_real_dante_chr20_records_are_all_kept(vault) -> None:
    result = import_genome(vault, shared_file("samples", "dante_corpas30x_chr20_first5000.vcf.gz"))
    g = result.genome
    assert g.called + g.no_calls + sum(g.skipped.values()) == 5000
    assert g.called > 4900


def test_real_platinum_hg38_is_grch38_from_contig_lengths(vault) -> None:
    result = import_genome(
        vault, shared_file("data", "genomes", "vcf", "platinum_NA12878_hg38_chr21.vcf.gz")
    )
    assert result.genome.build == Build.GRCH38


def test_real_structural_variant_vcf_yields_no_genotypes(vault) -> None:
    before = fingerprint(vault)
    with pytest.raises(UnsupportedFile):
        import_genome(
            vault, shared_file("data", "genomes", "negative", "dante_corpas30x_sv_calls.vcf.gz")
        )
    assert fingerprint(vault) == before
