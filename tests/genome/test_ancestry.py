"""AncestryDNA: chromosome codes 23-26, `0 0` no-calls, two allele columns, gzip."""

from __future__ import annotations

from phr.genome.model import Build, GenotypeStatus
from tests.genome.conftest import alleles, at, load


def test_codes_23_to_26_map_to_x_y_par_and_mt(vault) -> None:
    result = load(vault, "ancestry", "v2_crlf.txt")
    g = result.genome
    assert (g.vendor, g.build, g.format_version) == ("AncestryDNA", Build.GRCH37, "V2.0")
    assert at(vault, result, "rs5000001").chrom == "X"  # 25 = PAR
    assert alleles(vault, result, "rs5000001") == ("A", "G")  # PAR keeps both copies
    assert at(vault, result, "rs2032652").chrom == "Y"
    assert at(vault, result, "rs5000002").chrom == "MT"


def test_x_and_y_stay_as_written_when_the_file_cannot_suggest_a_sex(vault) -> None:
    # A handful of X calls is no evidence of sex (CLINICAL.md rule 8): X calls are not
    # collapsed to one copy; Y and mitochondrial calls are one copy whoever carries them.
    result = load(vault, "ancestry", "v2_crlf.txt")
    assert result.genome.sex is None
    assert alleles(vault, result, "rs8000000") == ("G", "G")  # X outside the PAR
    assert alleles(vault, result, "rs2032652") == ("G",)  # Y
    assert alleles(vault, result, "rs5000002") == ("C",)  # MT


def test_zero_zero_is_a_no_call_and_chromosome_zero_is_skipped(vault) -> None:
    result = load(vault, "ancestry", "v2_crlf.txt")
    assert at(vault, result, "rs1142345").status == GenotypeStatus.NO_CALL
    assert result.genome.skipped == {"probe without a chromosome position": 1}
    assert at(vault, result, "rs5000003").status == GenotypeStatus.NOT_TESTED


def test_gzipped_file_gives_the_same_genotypes(vault) -> None:
    result = load(vault, "ancestry", "v2.txt.gz")
    assert alleles(vault, result, "rs4244285") == ("A", "G")
    assert alleles(vault, result, "rs9332131") == ("D", "I")
