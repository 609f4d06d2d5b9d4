"""VCFs: ID '.', chr names, multi-allelic, phased, no-calls, SVs, gVCF blocks, samples, wrappers."""

from __future__ import annotations

import pytest

from phr.errors import UnsupportedFile
from phr.genome.formats.vcf import SampleChoiceNeeded
from phr.genome.model import Build, CoverageKind, GenotypeStatus
from phr.genome.store import genotype_rows
from tests.genome.conftest import alleles, at, fingerprint, load


def test_records_with_id_dot_are_kept_and_keyed_by_position(vault) -> None:
    result = load(vault, "vcf", "variant_only.vcf")
    g = result.genome
    assert (g.vendor, g.build, g.coverage) == ("VCF", Build.GRCH37, CoverageKind.PARTIAL_VCF)
    answer = at(vault, result, "chr10:96541616")
    assert (answer.status, answer.alleles, answer.rsid) == (GenotypeStatus.CALLED, ("A", "G"), None)
    assert (answer.ref, answer.alt) == ("G", ("A",))


def test_multiallelic_phased_nocall_and_deletion(vault) -> None:
    result = load(vault, "vcf", "variant_only.vcf")
    assert alleles(vault, result, "10:96741053") == ("C", "G")  # GT 1/2 of A>C,G
    assert alleles(vault, result, "1:169519049") == ("C", "T")
    assert at(vault, result, "10:96741058").status == GenotypeStatus.NO_CALL
    assert alleles(vault, result, "10:96709038") == ("G", "GA")
    assert result.genome.indels == 1
    assert alleles(vault, result, "rs3758581") == ("A", "A")


def test_partial_vcf_silence_is_not_tested_even_next_to_listed_records(vault) -> None:
    # A few dozen records on a few chromosomes is an excerpt, not a genome: silence there is
    # not evidence (CLINICAL.md rule 1), even 1 kb from a listed record on the same chromosome.
    result = load(vault, "vcf", "variant_only.vcf")
    assert result.genome.coverage == CoverageKind.PARTIAL_VCF
    assert at(vault, result, "10:96521657").status == GenotypeStatus.NOT_TESTED
    assert at(vault, result, "10:96541000").status == GenotypeStatus.NOT_TESTED
    assert at(vault, result, "12:21331549").status == GenotypeStatus.NOT_TESTED
    assert any("covers only part of the genome" in w for w in result.genome.warnings)


def test_symbolic_alts_and_unplaced_contigs_are_skipped_and_counted(vault) -> None:
    result = load(vault, "vcf", "variant_only.vcf")
    assert result.genome.skipped == {
        "contig PHR does not keep (unplaced, decoy, alt)": 1,
        "structural variant (symbolic ALT)": 1,
    }
    assert not [r for r in genotype_rows(vault, result.genome.id) if "<" in (r[4] or "")]


def test_haploid_x_call_and_mt_are_kept_without_suggesting_a_sex(vault) -> None:
    result = load(vault, "vcf", "variant_only.vcf")
    assert alleles(vault, result, "X:153764217") == ("T",)
    assert alleles(vault, result, "MT:1555") == ("G",)
    assert result.genome.sex is None  # far fewer than MIN_X_CALLS calls outside the PARs


@pytest.mark.parametrize(
    "name",
    [
        "variant_only.vcf.bgz",
        "variant_only_plain_gzip.vcf.gz",
        "variant_only.vcf.zip",
        "variant_only.bcf",
    ],
)
def test_every_wrapper_gives_the_same_genotypes(vault, name: str) -> None:
    result = load(vault, "vcf", name)
    assert result.genome.called == 68
    assert alleles(vault, result, "10:96541616") == ("A", "G")


def test_gvcf_blocks_are_tested_reference(vault) -> None:
    result = load(vault, "vcf", "gvcf.g.vcf")
    g = result.genome
    assert (g.coverage, g.build) == (CoverageKind.GVCF, Build.GRCH38)
    assert alleles(vault, result, "rs4244285") == ("A", "G")
    assert alleles(vault, result, "10:94781859") == ("A", "G")
    assert at(vault, result, "10:94785000").status == GenotypeStatus.REFERENCE_BLOCK
    assert at(vault, result, "10:94790050").status == GenotypeStatus.NOT_TESTED  # ./. block
    assert at(vault, result, "10:94900000").status == GenotypeStatus.NOT_TESTED
    assert g.skipped == {"gVCF block without a call": 1}
    assert vault.scalar("SELECT count(*) FROM reference_blocks") == 2
    assert [r[4] for r in genotype_rows(vault, g.id) if r[2] == 94781859] == ["A"]


def test_multisample_needs_a_sample_and_lists_the_names(vault) -> None:
    before = fingerprint(vault)
    with pytest.raises(SampleChoiceNeeded) as caught:
        load(vault, "vcf", "multisample.vcf")
    assert caught.value.samples == ["MOTHER", "CHILD"]
    assert "MOTHER" in str(caught.value) and "--sample" in str(caught.value)
    assert fingerprint(vault) == before
    result = load(vault, "vcf", "multisample.vcf", sample="CHILD")
    assert result.genome.sample == "CHILD"
    assert alleles(vault, result, "rs9923231") == ("C", "T")


def test_unknown_sample_name_is_refused(vault) -> None:
    with pytest.raises(UnsupportedFile, match="no sample named"):
        load(vault, "vcf", "multisample.vcf", sample="FATHER")


def test_contig_lengths_beat_a_stale_reference_line(vault) -> None:
    result = load(vault, "vcf", "grch38_stale_reference.vcf")
    assert result.genome.build == Build.GRCH38
    assert any("GRCh37" in w and "GRCh38" in w for w in result.genome.warnings)


def test_structural_variant_file_makes_no_genotypes(vault) -> None:
    before = fingerprint(vault)
    with pytest.raises(UnsupportedFile, match="structural"):
        load(vault, "vcf", "sv_only.vcf")
    assert fingerprint(vault) == before


def test_known_rsid_is_found_by_position_in_a_vcf_without_ids(vault) -> None:
    result = load(vault, "vcf", "variant_only.vcf")
    answer = at(vault, result, "rs4244285")  # CYP2C19 *2: ID '.' in the file
    assert (answer.status, answer.alleles, answer.pos) == (
        GenotypeStatus.CALLED,
        ("A", "G"),
        96541616,
    )
    assert at(vault, result, "rs4149056").status == GenotypeStatus.NOT_TESTED  # chr12 absent
