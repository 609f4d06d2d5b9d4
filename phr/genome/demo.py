"""A synthetic demo genome: a made-up person, never a real one.

It looks like a 23andMe v5 file on GRCh37 (female, about 20,000 background SNPs on made-up
rsIDs from rs900000000 up, ~2 % no-calls) and carries a handful of actionable variants so the
medication and prevention pages have something to show. Positions and bases of the named
variants are public facts: `pgx_v1_variants.tsv` (PharmCAT/PyPGx) and dbSNP for HFE, APOE,
LCT and ALDH2. `python -m phr.genome.demo FILE` writes the same genome as a 23andMe-style text
file, for trying the importer.
"""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

from phr.genome.chromosomes import GRCH37_LENGTHS
from phr.genome.model import Build, CoverageKind
from phr.genome.store import GenotypeRow, NewGenome, store_genome
from phr.vault import Vault

SEED = 20240101
BACKGROUND_SNPS = 20_000

# rsid, chrom, GRCh37 position, genotype (plus strand), why it is here
NAMED: list[tuple[str, str, int, str, str]] = [
    ("rs3094315", "1", 752566, "AG", "build marker"),
    ("rs3131972", "1", 752721, "AG", "build marker"),
    ("rs4244285", "10", 96541616, "AG", "CYP2C19 *2 heterozygous"),
    ("rs4986893", "10", 96540410, "GG", "CYP2C19 *3 absent"),
    ("rs12248560", "10", 96521657, "CC", "CYP2C19 *17 absent"),
    ("rs28399504", "10", 96522463, "AA", "CYP2C19 *4 absent"),
    ("rs1799853", "10", 96702047, "CC", "CYP2C9 *2 absent"),
    ("rs1057910", "10", 96741053, "AC", "CYP2C9 *3 heterozygous"),
    ("rs28371686", "10", 96741058, "CC", "CYP2C9 *5 absent"),
    ("rs9923231", "16", 31107689, "CT", "VKORC1 -1639 heterozygous"),
    ("rs2108622", "19", 15990431, "CT", "CYP4F2 *3 heterozygous"),
    ("rs4149056", "12", 21331549, "CC", "SLCO1B1 c.521 CC (poor function)"),
    ("rs2306283", "12", 21329738, "AG", "SLCO1B1 c.388"),
    ("rs2231142", "4", 89052323, "GG", "ABCG2 reference"),
    ("rs1800460", "6", 18139228, "CT", "TPMT *3A marker 1 heterozygous"),
    ("rs1142345", "6", 18130918, "CT", "TPMT *3A marker 2 heterozygous"),
    ("rs1800462", "6", 18143955, "CC", "TPMT *2 absent"),
    ("rs116855232", "13", 48619855, "CC", "NUDT15 *3 absent"),
    ("rs3918290", "1", 97915614, "CC", "DPYD *2A absent"),
    ("rs55886062", "1", 97981343, "AA", "DPYD *13 absent"),
    ("rs67376798", "1", 97547947, "TT", "DPYD c.2846 absent"),
    ("rs776746", "7", 99270539, "CC", "CYP3A5 *3/*3 (GRCh37 reference is *3)"),
    ("rs887829", "2", 234668570, "CC", "UGT1A1 *80 absent"),
    ("rs3745274", "19", 41512841, "GG", "CYP2B6 516 reference"),
    ("rs12979860", "19", 39738787, "CT", "IFNL3 heterozygous"),
    ("rs1050828", "X", 153764217, "CC", "G6PD 202 reference"),
    ("rs1050829", "X", 153763492, "TT", "G6PD 376 reference"),
    ("rs3892097", "22", 42524947, "CC", "CYP2D6 *4 absent"),
    ("rs6025", "1", 169519049, "CT", "F5 Leiden carrier"),
    ("rs1799963", "11", 46761055, "GG", "F2 20210 reference"),
    ("rs1800562", "6", 26093141, "AG", "HFE C282Y heterozygous"),
    ("rs1799945", "6", 26091179, "CC", "HFE H63D reference"),
    ("rs429358", "19", 45411941, "CT", "APOE e4 marker (e3/e4)"),
    ("rs7412", "19", 45412079, "CC", "APOE e2 marker absent (e3/e4)"),
    ("rs4988235", "2", 136608646, "AG", "LCT -13910 (lactase persistence) heterozygous"),
    ("rs671", "12", 112241766, "GG", "ALDH2 reference"),
    ("rs28929474", "14", 94844947, "CT", "SERPINA1 Z carrier (PiMZ; the demo person smokes)"),
    ("rs17580", "14", 94847262, "TT", "SERPINA1 S absent"),
    ("rs10455872", "6", 161010118, "AG", "LPA risk variant (her measured Lp(a) outranks it)"),
    ("rs3798220", "6", 160961137, "TT", "LPA rs3798220 reference"),
    ("rs5742904", "2", 21229160, "CC", "APOB R3527Q absent"),
    ("rs267606617", "MT", 1555, "A", "MT-RNR1 1555 reference"),
]

# GRCh37 chromosome lengths in whole megabases (rounded down), for placing background SNPs.
_LENGTHS = {
    chrom: GRCH37_LENGTHS[chrom] // 1_000_000 for chrom in [*(str(n) for n in range(1, 23)), "X"]
}


def demo_genotypes(
    seed: int = SEED, background: int = BACKGROUND_SNPS
) -> list[tuple[str, str, int, str]]:
    """(rsid, chrom, pos, genotype) rows in file order, 23andMe style ('AG', 'A', '--')."""
    rng = random.Random(seed)
    taken = {(chrom, pos) for _r, chrom, pos, _g, _w in NAMED}
    rows = [(rsid, chrom, pos, genotype) for rsid, chrom, pos, genotype, _why in NAMED]
    total = sum(_LENGTHS.values())
    next_id = 900_000_000
    for chrom, megabases in _LENGTHS.items():
        count = background * megabases // total
        for pos in sorted(rng.sample(range(1_000_000, megabases * 1_000_000), count)):
            if (chrom, pos) in taken:
                continue
            ref, alt = rng.sample("ACGT", 2)
            draw = rng.random()
            if draw < 0.02:
                genotype = "--"
            elif draw < 0.35:
                genotype = "".join(sorted(ref + alt))
            elif draw < 0.5:
                genotype = alt * 2
            else:
                genotype = ref * 2
            rows.append((f"rs{next_id}", chrom, pos, genotype))
            next_id += rng.randrange(1, 500)
    order = {name: i for i, name in enumerate([*(str(n) for n in range(1, 23)), "X", "Y", "MT"])}
    rows.sort(key=lambda r: (order[r[1]], r[2]))
    return rows


def demo_genome_text(seed: int = SEED) -> str:
    lines = [
        "# PHR demo: a SYNTHETIC genome in the 23andMe raw data layout, not a real person's.",
        "# We are using reference human assembly build 37 (also known as Annotation Release 104).",
        "# rsid\tchromosome\tposition\tgenotype",
    ]
    lines += [f"{r}\t{c}\t{p}\t{g}" for r, c, p, g in demo_genotypes(seed)]
    return "\n".join(lines) + "\n"


def add_demo_genome(vault: Vault) -> None:
    """Store the demo genome as the active genome."""
    rows = demo_genotypes()
    stored: list[GenotypeRow] = []
    called = no_calls = 0
    for rsid, chrom, pos, genotype in rows:
        if genotype == "--":
            alleles = None
            no_calls += 1
        else:
            alleles = "/".join(sorted(genotype)) if len(genotype) == 2 else genotype
            called += 1
        stored.append((rsid, chrom, pos, None, None, alleles))
    digest = hashlib.sha256(demo_genome_text().encode()).hexdigest()
    genome = NewGenome(
        vendor="23andMe",
        build=Build.GRCH37,
        coverage=CoverageKind.ARRAY,
        source_name="demo_genome_synthetic.txt",
        source_sha256=digest,
        format_version="demo (synthetic)",
        header_build=str(Build.GRCH37),
        sex="female",
        called=called,
        no_calls=no_calls,
        warnings=["This is a made-up demo genome, not a real person's DNA."],
    )
    store_genome(vault, genome, stored)


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(demo_genome_text(), encoding="utf-8")
