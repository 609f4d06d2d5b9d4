"""MyHeritage: quoted CSV, older exports with doubled quotes, BOM."""

from __future__ import annotations

from phr.genome.model import Build
from tests.genome.conftest import alleles, load


def test_quoted_csv(vault) -> None:
    result = load(vault, "myheritage", "quoted.csv")
    g = result.genome
    assert (g.vendor, g.build, g.format_version, g.sex) == (
        "MyHeritage",
        Build.GRCH37,
        "MHv1.0",
        None,
    )
    assert alleles(vault, result, "rs4244285") == ("A", "G")
    assert alleles(vault, result, "X:10000000") == ("A", "G")


def test_doubled_quotes_and_bom_give_the_same_genotypes(vault) -> None:
    plain = load(vault, "myheritage", "quoted.csv")
    doubled = load(vault, "myheritage", "doubled_quotes_bom.csv")
    assert doubled.genome.called == plain.genome.called == 69
    for query in ("rs4244285", "rs1057910", "rs9923231", "rs6025"):
        assert alleles(vault, doubled, query) == alleles(vault, plain, query)
