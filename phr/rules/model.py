"""The results of interpretation: PGx calls per gene and notes, each carrying its "why".

These values are what the CLI prints, the UI shows and the reports export; they hold no Qt and
no database handles, so they can cross threads and be compared in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class CallStatus(StrEnum):
    CALLED = "called"
    PARTIAL = "partial"
    NOT_TESTED = "not_tested"


class NoteStatus(StrEnum):
    ACTIONABLE = "actionable"
    INFORMATIVE = "informative"
    PARTIAL = "partial"
    NOT_TESTED = "not_tested"


class Category(StrEnum):
    MEDICATION = "medication"
    PREVENTION = "prevention"


@dataclass(frozen=True)
class Source:
    label: str  # e.g. "CPIC guideline for CYP2C19 and clopidogrel (2022)"
    pmid: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"label": self.label, "pmid": self.pmid}


@dataclass(frozen=True)
class UsedGenotype:
    """One position a call or note looked at, and what the genome said there."""

    rsid: str
    gene: str | None
    chrom: str | None
    pos: int | None
    alleles: tuple[str, ...] | None
    status: str  # a phr.genome.model.GenotypeStatus value

    def as_json(self) -> dict[str, object]:
        return {
            "rsid": self.rsid,
            "gene": self.gene,
            "chrom": self.chrom,
            "pos": self.pos,
            "alleles": None if self.alleles is None else list(self.alleles),
            "status": self.status,
        }


@dataclass(frozen=True)
class PgxCall:
    gene: str
    diplotypes: tuple[str, ...]  # every diplotype consistent with the genotypes
    phenotype: str | None  # None when not called or when PHR will not claim one (CYP2D6)
    activity_score: float | None
    status: CallStatus
    missing: tuple[str, ...] = ()  # rsIDs not tested or no-call
    caveats: tuple[str, ...] = ()
    genotypes: tuple[UsedGenotype, ...] = ()
    assumes_reference: bool = False  # a variant-only VCF was silent at some positions
    phenotypes: tuple[str, ...] = ()  # each phenotype still possible (several when ambiguous)
    cannot_rule_out: tuple[str, ...] = ()  # alleles that need an untested position to be seen
    group: str = "pgx"  # 'pgx' (shown by `phr pgx`) or 'prevention' (only inside notes)
    rests_on_assumption: bool = False  # a variant allele was inferred from assumed reference

    def as_json(self) -> dict[str, object]:
        return {
            "gene": self.gene,
            "diplotypes": list(self.diplotypes),
            "phenotype": self.phenotype,
            "activity_score": self.activity_score,
            "status": str(self.status),
            "missing": list(self.missing),
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True)
class Note:
    id: str  # the rule id; stable, shown to the person as the "why"
    category: Category
    title: str
    genes: tuple[str, ...]
    drugs: tuple[str, ...]
    status: NoteStatus
    evidence: str  # e.g. "CPIC level A, strong recommendation"
    sources: tuple[Source, ...]
    confirm_clinically: bool
    sensitive: bool
    found: str  # what was found (genotype / phenotype), plain words
    meaning: str  # what it means
    discuss: str  # what to discuss with a doctor or pharmacist
    limits: str  # what this cannot tell
    rule_set_version: str
    genotypes: tuple[UsedGenotype, ...] = ()
    on_medication_list: bool = False  # one of `drugs` is on the person's current list
    inputs: dict[str, str] = field(default_factory=dict)  # non-genetic inputs that fired

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "category": str(self.category),
            "title": self.title,
            "genes": list(self.genes),
            "drugs": list(self.drugs),
            "status": str(self.status),
            "evidence": self.evidence,
            "sources": [s.as_json() for s in self.sources],
            "confirm_clinically": self.confirm_clinically,
            "sensitive": self.sensitive,
            "on_medication_list": self.on_medication_list,
        }


@dataclass(frozen=True)
class Findings:
    genome_id: int | None
    rule_set_version: str
    pgx: tuple[PgxCall, ...] = ()
    notes: tuple[Note, ...] = ()
