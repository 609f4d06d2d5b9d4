"""`GenotypeReader.at_many` (the vectorised look-up behind `phr lookup` and the genome page)
gives exactly the answers of `at`, query by query, for every coverage kind and query form."""

from __future__ import annotations

import random

import pytest

from phr.genome.build import MARKERS
from phr.genome.model import Build, CoverageKind, Locus
from phr.genome.store import GenotypeReader, GenotypeRow, NewGenome, get_genome, store_genome
from phr.vault import Vault

CHROMS = ["1", "2", "10", "X", "Y", "MT"]


def _rows(rng: random.Random, vcf: bool) -> list[GenotypeRow]:
    rows: list[GenotypeRow] = []
    for chrom in CHROMS:
        pos = 1_000
        for _ in range(300):
            pos += rng.choice([1, 2, 40] if chrom == "MT" else [1, 2, 40, 300, 5_000])
            rsid = rng.choice([f"rs{rng.randrange(1, 10**6)}", f"i{rng.randrange(10**6)}", None])
            if not vcf and rsid is None:
                rsid = f"rs{rng.randrange(1, 50)}"  # a small range: rs numbers on several rows
            # "G|A": a phased VCF call, kept in copy order
            alleles = rng.choice(["A/G", "G/G", "A", None, *(["G|A"] if vcf else [])])
            ref, alt = ("A", rng.choice(["G", "G,T", "<DEL>"])) if vcf else (None, None)
            rows.append((rsid, chrom, pos, ref, alt, alleles))
            if rng.random() < 0.1:  # a second probe at the same place
                rows.append((f"i{rng.randrange(10**6)}", chrom, pos, ref, alt, "C/T"))
    for rsid, (chrom, sites) in list(MARKERS.items())[:4]:  # markers, without IDs in a VCF
        rows.append((None if vcf else rsid, chrom, sites[Build.GRCH37][0], "C", "T", "C/T"))
    return rows


def _queries(rng: random.Random, rows: list[GenotypeRow]) -> list[str | Locus]:
    queries: list[str | Locus] = []
    for _ in range(600):
        rsid, chrom, pos, *_rest = rng.choice(rows)
        kind = rng.randrange(7)
        if kind == 0 and rsid:
            queries.append(rsid)
        elif kind == 1:
            queries.append(f"{chrom}:{pos}")
        elif kind == 2:
            queries.append(f"{chrom}:{pos + rng.choice([-3, -1, 1, 2, 60, 900, 10**7])}")
        elif kind == 3:
            queries.append(rng.choice([f"rs{rng.randrange(1, 60)}", "rs999999999999", "i1"]))
        elif kind == 4:
            queries.append(Locus(rsid=rsid, chrom=chrom, pos=pos + rng.choice([0, 7])))
        elif kind == 5:
            queries.append(rng.choice(sorted(MARKERS)))
        else:
            queries.append(Locus(rsid=rng.choice(["rs012", "RS5", "kgp1"]), chrom=None))
    return queries


@pytest.mark.parametrize(
    ("coverage", "build"),
    [
        (CoverageKind.ARRAY, Build.GRCH37),
        (CoverageKind.ARRAY, Build.GRCH36),  # rsIDs only, never positions
        (CoverageKind.VARIANT_ONLY_VCF, Build.GRCH37),  # silence near records: reference
        (CoverageKind.PARTIAL_VCF, Build.GRCH37),
        (CoverageKind.GVCF, Build.GRCH37),
    ],
)
@pytest.mark.parametrize("seed", range(3))
def test_many_at_once_answers_as_one_at_a_time(
    vault: Vault, coverage: CoverageKind, build: Build, seed: int
) -> None:
    rng = random.Random(seed)
    vcf = coverage != CoverageKind.ARRAY
    rows = _rows(rng, vcf)
    blocks = [("2", 500, 2_000), ("10", 1_000, 90_000)] if coverage == CoverageKind.GVCF else []
    genome_id = store_genome(
        vault, NewGenome("test", build, coverage, "t.txt", f"{seed}{coverage}{build}"), rows, blocks
    )
    genome = get_genome(vault, genome_id)
    with vault.transaction() as conn:  # a discordant site: a no-call that says so
        chrom, pos = rows[5][1], rows[5][2]
        conn.execute(
            "INSERT INTO genotype_flags (genome_id, chrom, pos, flag)"
            " VALUES (?, ?, ?, 'discordant')",
            (genome_id, chrom, pos),
        )
    queries = _queries(rng, rows)
    one_by_one = [GenotypeReader(vault, genome).at(q) for q in queries]
    assert GenotypeReader(vault, genome).at_many(queries) == one_by_one
    assert {a.status for a in one_by_one} >= {"called", "not_tested"}
    if vcf:
        assert any(a.phase == ("G", "A") for a in one_by_one)


def test_many_with_no_queries_is_empty(vault: Vault) -> None:
    genome_id = store_genome(
        vault,
        NewGenome("test", Build.GRCH37, CoverageKind.ARRAY, "t.txt", "x"),
        [("rs1", "1", 5, None, None, "A/G")],
    )
    assert GenotypeReader(vault, get_genome(vault, genome_id)).at_many([]) == []
