"""23andMe: CRLF, i-IDs at an rsID's position, indel codes, single-letter X/Y/MT, builds."""

from __future__ import annotations

from phr.genome.model import Build, CoverageKind, GenotypeStatus
from phr.genome.store import genotype_rows
from tests.genome.conftest import alleles, at, load


def test_v5_crlf_file_imports_with_every_row_and_its_genotypes(vault) -> None:
    result = load(vault, "23andme", "v5_build37_crlf.txt")
    g = result.genome
    assert (g.vendor, g.build, g.coverage) == ("23andMe", Build.GRCH37, CoverageKind.ARRAY)
    assert (g.called, g.no_calls, g.indels) == (73, 2, 2)
    assert alleles(vault, result, "rs4244285") == ("A", "G")
    assert alleles(vault, result, "10:96741053") == ("A", "C")
    assert alleles(vault, result, "rs9923231") == ("C", "T")


def test_i_id_sharing_a_position_is_kept_and_rsid_is_preferred(vault) -> None:
    result = load(vault, "23andme", "v5_build37_crlf.txt")
    assert at(vault, result, "i3000001").status == GenotypeStatus.CALLED
    assert at(vault, result, "rs4244285").rsid == "rs4244285"
    stored = genotype_rows(vault, result.genome.id)
    rows = sum(1 for r in stored if r[1] == "10" and r[2] == 96541616)
    assert rows == 2


def test_indel_codes_and_single_letter_calls(vault) -> None:
    result = load(vault, "23andme", "v5_build37_crlf.txt")
    assert alleles(vault, result, "rs9332131") == ("D", "I")
    assert alleles(vault, result, "i4000003") == ("D",)
    assert alleles(vault, result, "rs8000000") == ("G",)  # hemizygous X
    assert alleles(vault, result, "MT:16519") == ("C",)
    assert result.genome.sex is None  # a few dozen X calls cannot suggest a sex


def test_no_call_is_no_call_and_absent_is_not_tested(vault) -> None:
    result = load(vault, "23andme", "v5_build37_crlf.txt")
    assert at(vault, result, "rs1142345").status == GenotypeStatus.NO_CALL
    assert at(vault, result, "rs1142345").alleles is None
    assert at(vault, result, "rs12248560").status == GenotypeStatus.NOT_TESTED
    assert at(vault, result, "10:96521657").status == GenotypeStatus.NOT_TESTED


def test_build36_file_is_detected_from_marker_positions_and_matched_by_rsid(vault) -> None:
    result = load(vault, "23andme", "build36_2011.txt")
    assert result.genome.build == Build.GRCH36
    assert result.genome.header_build == "GRCh36"
    assert alleles(vault, result, "rs4244285") == ("A", "G")
    assert any("NCBI36" in w for w in result.genome.warnings)


def test_grch38_positions_with_stale_build37_header_use_the_data_and_warn(vault) -> None:
    result = load(vault, "23andme", "grch38_stale_header.txt")
    assert result.genome.build == Build.GRCH38
    assert result.genome.header_build == "GRCh37"
    assert any("GRCh38" in w and "GRCh37" in w for w in result.genome.warnings)
    assert alleles(vault, result, "10:94781859") == ("A", "G")


def test_zip_from_the_vendor_is_read_without_looking_at_the_name(vault) -> None:
    result = load(vault, "23andme", "genome_in_zip.zip")
    assert result.genome.vendor == "23andMe"
    assert alleles(vault, result, "rs4244285") == ("A", "G")
