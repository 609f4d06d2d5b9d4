"""The demo genome: synthetic, realistic in shape, and carrying the promised PGx variants."""

from __future__ import annotations

from phr.demo import create_demo_vault
from phr.genome.demo import NAMED, demo_genome_text
from phr.genome.importer import import_genome
from phr.genome.model import Build, CoverageKind
from phr.genome.store import active_genome, genotype_at


def test_demo_vault_has_an_active_female_grch37_array_genome(tmp_path) -> None:
    with create_demo_vault(tmp_path / "demo.phr") as vault:
        genome = active_genome(vault)
        assert genome is not None
        assert (genome.build, genome.coverage, genome.sex) == (
            Build.GRCH37,
            CoverageKind.ARRAY,
            "female",
        )
        assert 19_000 < genome.called + genome.no_calls < 21_000
        assert genotype_at(vault, genome, "rs4244285").alleles == ("A", "G")  # CYP2C19 *2 het
        assert genotype_at(vault, genome, "rs4149056").alleles == ("C", "C")
        assert genotype_at(vault, genome, "rs6025").alleles == ("C", "T")
        assert genotype_at(vault, genome, "19:45411941").alleles == ("C", "T")  # APOE e4
        assert genotype_at(vault, genome, "MT:1555").alleles == ("A",)


def test_demo_positions_match_the_pgx_table_and_text_imports_the_same(vault, tmp_path) -> None:
    named = {rsid: (chrom, pos) for rsid, chrom, pos, _g, _w in NAMED}
    assert named["rs1142345"] == ("6", 18130918) and named["rs9923231"] == ("16", 31107689)
    path = tmp_path / "demo.txt"
    path.write_text(demo_genome_text(), encoding="utf-8")
    result = import_genome(vault, path)
    assert (result.genome.vendor, result.genome.build, result.genome.sex) == (
        "23andMe",
        Build.GRCH37,
        "female",
    )
    assert genotype_at(vault, result.genome, "rs1057910").alleles == ("A", "C")
