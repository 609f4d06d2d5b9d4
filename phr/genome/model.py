"""The genome domain's small value types: builds, coverage kinds, and lookup answers.

Coverage is why PHR can be humble: on an array a missing position was never probed
(`not_tested`); in a gVCF a reference block is a tested reference call (`reference_block`);
in a variant-only VCF silence is evidence only where the file is demonstrably a whole genome
and records lie close around the position (`assumed_reference`, see `coverage.py`); in a
partial VCF (exome, panel, excerpt) silence is `not_tested`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Build(StrEnum):
    GRCH36 = "GRCh36"
    GRCH37 = "GRCh37"
    GRCH38 = "GRCh38"


class CoverageKind(StrEnum):
    ARRAY = "array"
    VARIANT_ONLY_VCF = "variant_only_vcf"  # variant-only, demonstrably a whole genome
    PARTIAL_VCF = "partial_vcf"  # variant-only exome, panel or excerpt: silence is not evidence
    GVCF = "gvcf"


class GenotypeStatus(StrEnum):
    CALLED = "called"
    NO_CALL = "no_call"
    NOT_TESTED = "not_tested"
    ASSUMED_REFERENCE = "assumed_reference"
    REFERENCE_BLOCK = "reference_block"


CHROMOSOMES: tuple[str, ...] = (*(str(n) for n in range(1, 23)), "X", "Y", "MT")
_CHROM_ALIASES = {"M": "MT", "MT": "MT", "23": "X", "24": "Y", "26": "MT", "25": "X"}


def normalize_chrom(raw: str) -> str | None:
    """'chr1' -> '1', 'chrM'/'M' -> 'MT', '23' -> 'X'; None for contigs PHR does not keep
    (unplaced scaffolds, decoys, 'GL000214.1'...). Note: AncestryDNA's 25 is the X PAR."""
    name = raw.strip()
    if name[:3].lower() == "chr":
        name = name[3:]
    name = name.upper()
    name = _CHROM_ALIASES.get(name, name)
    return name if name in CHROMOSOMES else None


@dataclass(frozen=True)
class Locus:
    """A place to look up: an rsID, a chromosome position, or both (position wins)."""

    rsid: str | None = None
    chrom: str | None = None
    pos: int | None = None

    @property
    def label(self) -> str:
        if self.rsid:
            return self.rsid
        return f"{self.chrom}:{self.pos}"


_POSITION = re.compile(r"^(?:chr)?([0-9]{1,2}|X|Y|MT?)[:_-]([0-9][0-9,]*)$", re.IGNORECASE)
_RSID = re.compile(r"^(rs|i)[0-9]+$", re.IGNORECASE)


def parse_locus(query: str) -> Locus:
    """'rs4244285' or 'i713426' or '10:96541616' / 'chr10:96,541,616'."""
    text = query.strip()
    if _RSID.match(text):
        return Locus(rsid=text.lower())
    match = _POSITION.match(text)
    if match:
        chrom = normalize_chrom(match[1])
        if chrom is not None:
            return Locus(chrom=chrom, pos=int(match[2].replace(",", "")))
    raise ValueError(f"not an rsID or CHROM:POS: {query!r}")


@dataclass(frozen=True)
class GenotypeAt:
    """The answer of `genotype_at`: what the genome says at one locus.

    `alleles` is sorted, plus strand, one entry for a hemizygous call, None unless called.
    For `reference_block` and `assumed_reference` the reference base is not stored (the caller
    knows it from its own variant definition).
    """

    query: str
    status: GenotypeStatus
    rsid: str | None = None
    chrom: str | None = None
    pos: int | None = None
    alleles: tuple[str, ...] | None = None
    ref: str | None = None
    alt: tuple[str, ...] | None = None
    discordant: bool = False  # a no-call because the file gave two different genotypes
    # a phased heterozygous VCF call: the alleles copy by copy ("G", "A"), which `alleles`
    # (sorted) loses; None for unphased, homozygous and chip calls
    phase: tuple[str, ...] | None = None

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {
            "query": self.query,
            "rsid": self.rsid,
            "chrom": self.chrom,
            "pos": self.pos,
            "alleles": list(self.alleles) if self.alleles is not None else None,
            "status": str(self.status),
        }
        if self.discordant:
            found["discordant"] = True
        if self.phase is not None:
            found["phase"] = list(self.phase)
        return found


@dataclass(frozen=True)
class GenomeRecord:
    """One imported genome (a row of `genomes`)."""

    id: int
    vendor: str
    format_version: str | None
    build: Build
    header_build: str | None
    coverage: CoverageKind
    sample: str | None
    sex: str | None
    source_name: str
    source_sha256: str
    imported_at: str
    called: int
    no_calls: int
    indels: int
    skipped: dict[str, int]
    warnings: list[str]
    active: bool

    def as_json(self) -> dict[str, object]:
        return {
            "genome_id": self.id,
            "vendor": self.vendor,
            "format_version": self.format_version,
            "build": str(self.build),
            "header_build": self.header_build,
            "coverage": str(self.coverage),
            "sample": self.sample,
            "sex": self.sex,
            "source_name": self.source_name,
            "source_sha256": self.source_sha256,
            "imported_at": self.imported_at,
            "variants": self.called,
            "no_calls": self.no_calls,
            "indels": self.indels,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "active": self.active,
        }
