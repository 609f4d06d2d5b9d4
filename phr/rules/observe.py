"""What the genome says at each variant a gene definition needs, as allele tokens.

This is the only place that turns `genotype_at` answers into the tokens the allele definitions
use, and the place where the traps live:
- chips write indels as I/D codes, one base after the VCF anchor, so chip indels are matched by
  rsID only and decoded with the variant's own I/D table;
- VCF indels are matched by position and must agree on REF/ALT, or the site is unreadable;
- silence is "assumed reference" only where `genotype_at` has evidence (a whole-genome VCF with
  records close around the position); the token is then the BUILD's reference base, flagged as
  assumed. Where that base is not the gene's normal base (GRCh37 CYP3A5 rs776746 = *3, F5 rs6025
  = Leiden) silence is never read: it stays not tested (CLINICAL.md rule 1);
- a gVCF reference block is a real call of the build's reference base, whatever it defines;
- not tested and no-call stay missing; they are never filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

from phr.genome.model import Build, CoverageKind, GenomeRecord, GenotypeAt, GenotypeStatus, Locus
from phr.genome.store import GenotypeReader
from phr.rules.definitions import VariantDef
from phr.rules.model import UsedGenotype

_BASES = frozenset("ACGT")
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Observation:
    """One variant as seen in one genome. `tokens` is None when the site is missing."""

    variant: VariantDef
    status: str  # a GenotypeStatus value, or "unreadable" (called, but not interpretable)
    tokens: tuple[str, ...] | None
    used: UsedGenotype
    discordant: bool = False  # a no-call because the file gave two different genotypes here

    @property
    def missing(self) -> bool:
        return self.tokens is None

    @property
    def assumed(self) -> bool:
        return self.status == GenotypeStatus.ASSUMED_REFERENCE


def locus_for(variant: VariantDef, genome: GenomeRecord) -> Locus:
    """Position (with rsID fallback) where the build and the variant allow it, else rsID."""
    if genome.build == Build.GRCH36:
        return Locus(rsid=variant.rsid)
    if variant.indel is not None and genome.coverage == CoverageKind.ARRAY:
        return Locus(rsid=variant.rsid)
    place = variant.position(genome.build)
    if place.pos is None:
        return Locus(rsid=variant.rsid)
    return Locus(rsid=variant.rsid, chrom=variant.chrom, pos=place.pos)


def observe(
    reader: GenotypeReader, variant: VariantDef, gene: str, normal: frozenset[str]
) -> Observation:
    """What the genome says at `variant`; `normal` holds the gene's reference-allele tokens
    there, the only tokens silence may ever stand for."""
    genome = reader.genome
    answer = reader.at(locus_for(variant, genome))
    if answer.status == GenotypeStatus.NOT_TESTED and genome.coverage == CoverageKind.ARRAY:
        # 23andMe reports some variants only under its own ids (BRCA founder variants)
        for array_id in variant.array_ids:
            answer = reader.at(Locus(rsid=array_id))
            if answer.status != GenotypeStatus.NOT_TESTED:
                break
    status = str(answer.status)
    tokens: tuple[str, ...] | None = None
    if answer.status == GenotypeStatus.CALLED:
        tokens = _called_tokens(answer, variant, genome.build)
        if tokens is None:
            status = UNREADABLE
    elif answer.status in (GenotypeStatus.ASSUMED_REFERENCE, GenotypeStatus.REFERENCE_BLOCK):
        token = variant.reference_token(genome.build)
        tokens = None if token is None else (token, token)
        if tokens is None:
            status = UNREADABLE
        elif answer.status == GenotypeStatus.ASSUMED_REFERENCE and token not in normal:
            tokens, status = None, str(GenotypeStatus.NOT_TESTED)
    shown = answer.alleles if answer.alleles is not None else tokens
    used = UsedGenotype(
        rsid=variant.rsid,
        gene=gene,
        chrom=answer.chrom or variant.chrom,
        pos=answer.pos,
        alleles=shown,
        status=status,
    )
    return Observation(
        variant=variant, status=status, tokens=tokens, used=used, discordant=answer.discordant
    )


def not_tested(variant: VariantDef, gene: str) -> Observation:
    """The observation for a person with no genome at all."""
    used = UsedGenotype(
        variant.rsid, gene, variant.chrom, None, None, str(GenotypeStatus.NOT_TESTED)
    )
    return Observation(variant, str(GenotypeStatus.NOT_TESTED), None, used)


def _called_tokens(answer: GenotypeAt, variant: VariantDef, build: Build) -> tuple[str, ...] | None:
    alleles = answer.alleles or ()
    if not alleles or len(alleles) > 2:
        return None
    if variant.indel is None:
        return alleles if all(a in _BASES for a in alleles) else None
    if all(a in ("I", "D") for a in alleles):
        return tuple(sorted(variant.indel.array[a] for a in alleles))
    place = variant.position(build)
    if place.pos is None or place.ref is None or place.alt is None:
        return None
    if answer.ref is not None and (answer.ref != place.ref or place.alt not in (answer.alt or ())):
        return None
    ref_token = variant.reference_token(build)
    if ref_token is None:
        return None
    alt_token = variant.indel.alt if ref_token == variant.indel.ref else variant.indel.ref
    mapping = {place.ref: ref_token, place.alt: alt_token}
    if not all(a in mapping for a in alleles):
        return None
    return tuple(sorted(mapping[a] for a in alleles))
