"""LivingDNA: its own comment block over 23andMe-like rows; not mistaken for 23andMe."""

from __future__ import annotations

from phr.genome.model import Build
from tests.genome.conftest import alleles, load


def test_livingdna_file(vault) -> None:
    result = load(vault, "livingdna", "build37.txt")
    g = result.genome
    assert (g.vendor, g.build, g.sex) == ("LivingDNA", Build.GRCH37, None)
    assert alleles(vault, result, "rs4244285") == ("A", "G")
    assert alleles(vault, result, "rs9332131") == ("D", "I")
