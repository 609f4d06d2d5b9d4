"""Hand-written genomes for rule tests, built from the rule set's own variant table.

`array_rows` writes what a 23andMe-style chip file holds after import: plus-strand letters,
I/D codes for indels at the VCF anchor + 1, absent rows for positions the chip did not test.
`vcf_rows` writes a variant-only VCF: only non-reference sites, with REF/ALT and sequences.
"""

from __future__ import annotations

from pathlib import Path

from phr.genome.model import Build, CoverageKind
from phr.genome.store import GenotypeRow, NewGenome, join_alleles, store_genome
from phr.rules.pharmcat import FULL_GENES, load_pharmcat_gene
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault


def _variant(rsid: str):  # type: ignore[no-untyped-def]
    for gene in load_rule_set().genes.values():
        for variant in gene.variants:
            if variant.rsid == rsid:
                return variant
    raise KeyError(rsid)


def array_rows(calls: dict[str, str | None], build: Build = Build.GRCH37) -> list[GenotypeRow]:
    """calls: rsid -> 'AG' / 'A' (hemizygous) / 'DI' / None (no-call)."""
    rows: list[GenotypeRow] = []
    for rsid, text in calls.items():
        variant = _variant(rsid)
        place = variant.position(build)
        pos = place.pos if place.pos is not None else 1_000 + len(rows)
        if variant.indel is not None:
            pos += 1  # chips write indels one base after the VCF anchor
        alleles = None if text is None else join_alleles(text)
        rows.append((rsid, variant.chrom, pos, None, None, alleles))
    return rows


def vcf_rows(
    calls: dict[str, str], build: Build = Build.GRCH37, *, with_ids: bool = False
) -> list[GenotypeRow]:
    """calls: rsid -> 'A/G' style tokens (sequences for indels), listed whatever they are."""
    rows: list[GenotypeRow] = []
    for rsid, text in calls.items():
        variant = _variant(rsid)
        place = variant.position(build)
        assert place.pos is not None and place.ref is not None
        alleles = text.split("/")
        if variant.indel is not None:
            assert place.alt is not None
            ref, alt = place.ref, place.alt
        else:
            ref = place.ref
            alts = sorted({a for a in alleles if a != ref}) or ["."]
            alt = ",".join(alts)
        rows.append(
            (rsid if with_ids else None, variant.chrom, place.pos, ref, alt, join_alleles(alleles))
        )
    return rows


def store(
    vault: Vault,
    rows: list[GenotypeRow],
    *,
    build: Build = Build.GRCH37,
    coverage: CoverageKind = CoverageKind.ARRAY,
    sex: str | None = None,
    name: str = "test",
) -> int:
    genome = NewGenome(
        vendor="23andme" if coverage == CoverageKind.ARRAY else "vcf",
        build=build,
        coverage=coverage,
        source_name=name,
        source_sha256=f"sha-{name}-{len(rows)}-{build}-{coverage}-{id(rows)}",
        sex=sex,
        called=len(rows),
    )
    return store_genome(vault, genome, rows)


def all_reference_calls(build: Build = Build.GRCH37) -> dict[str, str]:
    """Every v1 variant called homozygous for its CPIC reference allele (chip letters)."""
    calls: dict[str, str] = {}
    for gene in load_rule_set().genes.values():
        reference = gene.reference_allele
        for variant in gene.variants:
            token = sorted(reference.bases[variant.rsid])[0]
            if variant.indel is not None:
                code = next(c for c, t in variant.indel.array.items() if t == token)
                calls[variant.rsid] = code * 2
            elif gene.ploidy == "haploid":
                calls[variant.rsid] = token
            else:
                calls[variant.rsid] = token * 2
    return calls


ROOT = Path(__file__).resolve().parents[2]


_counter = [0]


def interpret_calls(
    vault: Vault,
    rows: list[GenotypeRow],
    *,
    build: Build = Build.GRCH37,
    coverage: CoverageKind = CoverageKind.ARRAY,
    sex: str | None = None,
    **kwargs: object,
):  # type: ignore[no-untyped-def]
    """Store `rows` as a new genome and interpret it, `sex` being what the person stated
    (their profile); returns the Findings."""
    from phr.genome.store import get_genome
    from phr.profile import set_sex
    from phr.rules import interpret

    set_sex(vault, sex)  # the person's own answer decides X-linked genes (rule 8)
    _counter[0] += 1
    genome_id = store(vault, rows, build=build, coverage=coverage, sex=sex, name=f"g{_counter[0]}")
    return interpret(vault, get_genome(vault, genome_id), **kwargs)  # type: ignore[arg-type]


def pgx_by_gene(findings) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {c.gene: c for c in findings.pgx}


def whole_genome_flanks(build: Build = Build.GRCH37) -> list[GenotypeRow]:
    """Records 997 bp either side of every positioned rule-set variant (on GRCh38 also every
    position of PharmCAT's full definitions, which sequencing files are read against): what a
    whole-genome VCF shows around a site it is silent at (the evidence `coverage.py` asks for)."""
    sites = {
        (v.chrom, v.position(build).pos)
        for gene in load_rule_set().genes.values()
        for v in gene.variants
        if v.position(build).pos is not None
    }
    if build == Build.GRCH38:
        sites |= {
            (p.chrom, p.pos) for name in FULL_GENES for p in load_pharmcat_gene(name).positions
        }
    rows: list[GenotypeRow] = []
    for chrom, pos in sorted(sites, key=lambda s: (s[0], s[1] or 0)):
        assert pos is not None
        for flank in (pos - 997, pos + 997):
            if (chrom, flank) not in sites:
                rows.append((None, chrom, flank, "A", "G", "A/G"))
    return rows
