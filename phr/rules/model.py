"""The results of interpretation: PGx calls per gene and notes, each carrying its "why".

These values are what the CLI prints, the UI shows and the reports export; they hold no Qt and
no database handles, so they can cross threads and be compared in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from phr.vocabulary import call_status_text, clinical_source_text, short_list


class CallStatus(StrEnum):
    CALLED = "called"
    PARTIAL = "partial"
    NOT_TESTED = "not_tested"
    # the file shows an allele the rule set does not define, or genotypes no known pair of
    # alleles explains (CLINICAL.md rule 7): nothing is named, nothing is assumed
    INDETERMINATE = "indeterminate"


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


Possibility = tuple[str | None, float | None]  # (phenotype, activity score)


@dataclass(frozen=True)
class ClinicalSource:
    """Where a call came from when a clinical test, not the genome file, gave it."""

    result_id: int
    lab: str
    tested_on: str  # ISO date
    file_disagrees: bool = False  # the genome file itself named a different result
    labs_disagree: bool = False  # another clinical result for the same allele said otherwise

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.result_id,
            "lab": self.lab,
            "date": self.tested_on,
            "file_disagrees": self.file_disagrees,
            "labs_disagree": self.labs_disagree,
        }


@dataclass(frozen=True)
class PgxCall:
    """One gene's result. `phenotype` is set only when it is determined: every allele PHR could
    not rule out would leave it unchanged (CLINICAL.md rule 1). Otherwise it is None and
    `possible_phenotypes` lists what it could be; a partial call never leads with a normal
    phenotype."""

    gene: str
    diplotypes: tuple[str, ...]  # every diplotype consistent with the genotypes
    phenotype: str | None  # None when not determined, or when PHR will not claim one (CYP2D6)
    activity_score: float | None
    status: CallStatus
    missing: tuple[str, ...] = ()  # rsIDs not tested or no-call
    caveats: tuple[str, ...] = ()
    genotypes: tuple[UsedGenotype, ...] = ()
    assumes_reference: bool = False  # a whole-genome VCF was silent at some positions
    phenotypes: tuple[str, ...] = ()  # phenotypes of the diplotypes shown (several if ambiguous)
    cannot_rule_out: tuple[str, ...] = ()  # alleles that need an untested position to be seen
    group: str = "pgx"  # 'pgx' (shown by `phr pgx`) or 'prevention' (only inside notes)
    possible_phenotypes: tuple[str, ...] = ()  # everything still possible, untested alleles too
    possibilities: tuple[Possibility, ...] = ()  # (phenotype, score) pairs still possible
    rare_alleles: tuple[str, ...] = ()  # alleles in the diplotypes that the rule set marks rare
    pairing_note: str | None = None  # why the first of several pairings is the one read
    # readable labels of the gene's variants (allele name -> "Factor V Leiden"), if it has any
    allele_labels: tuple[tuple[str, str], ...] = ()
    # set when a clinical test's result outranks the file's call (phr.rules.clinical)
    clinical: ClinicalSource | None = None
    # the gene's words for "none of its variants found" (GeneDef.none_found), if it has them
    none_found: str | None = None
    # plain words for phenotypes named like codes ("-1639 AA"), from GeneDef.phenotype_words
    phenotype_words: tuple[tuple[str, str], ...] = ()
    # a gene no file gives a phenotype for (CYP2D6): the short words and why (GeneDef)
    no_phenotype: str | None = None
    no_phenotype_why: str | None = None

    @property
    def determined(self) -> bool:
        return self.phenotype is not None

    def phenotype_text(self) -> str:
        """The phenotype in words, never a bare "normal" for an undetermined result; a lab's
        result names its source, so every screen and export says where it came from."""
        text = self._phenotype_words()
        if self.clinical is None:
            return text
        return f"{text}, {clinical_source_text(self.clinical.lab, self.clinical.tested_on)}"

    def words_for(self, phenotype: str) -> str:
        """A phenotype in plain words ("More sensitive to warfarin (-1639 AA)"); phenotypes
        that already read as words stay as they are."""
        return dict(self.phenotype_words).get(phenotype, phenotype)

    @property
    def unstated(self) -> bool:
        """No phenotype is given on purpose (CYP2D6 from a file), not for want of positions."""
        return (
            self.phenotype is None
            and self.no_phenotype is not None
            and self.clinical is None
            and self.status in (CallStatus.CALLED, CallStatus.PARTIAL)
        )

    def _phenotype_words(self) -> str:
        if self.phenotype:
            return self.words_for(self.phenotype)
        if self.status in (CallStatus.NOT_TESTED, CallStatus.INDETERMINATE):
            return call_status_text(self.status)
        if self.unstated:
            assert self.no_phenotype is not None
            return self.no_phenotype
        if self.possible_phenotypes:
            could = " or ".join(self.words_for(p) for p in self.possible_phenotypes)
            untested = short_list(self.cannot_rule_out) or short_list(self.missing)
            return f"Could be {could}: the file did not test {untested}"
        return "Not worked out"

    def as_json(self) -> dict[str, object]:
        return {
            "gene": self.gene,
            "diplotypes": list(self.diplotypes),
            "phenotype": self.phenotype,
            "possible_phenotypes": list(self.possible_phenotypes),
            "activity_score": self.activity_score,
            "status": str(self.status),
            "missing": list(self.missing),
            "cannot_rule_out": list(self.cannot_rule_out),
            "rare_alleles": list(self.rare_alleles),
            "caveats": list(self.caveats),
            "source": "genome" if self.clinical is None else "clinical",
            "clinical": None if self.clinical is None else self.clinical.as_json(),
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
    coverage: str | None = None  # the genome's CoverageKind value, shown in every "why"
    # The guideline's action for a prescriber, one line in a clinician's words. Only the
    # doctor's report and FHIR use it; the person's own view keeps `discuss`. None when no
    # actionable outcome fired.
    action: str | None = None

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
