"""Typed, validated views of the bundled rule data (genes, alleles, note rules).

The YAML files are the source of truth; these frozen dataclasses are what the engine reads, so
the engine never touches raw dictionaries and a typo in the data fails at load, not mid-call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from phr.genome.model import Build
from phr.rules.model import Category, NoteStatus, Source


@dataclass(frozen=True)
class BuildPosition:
    """Where a variant sits on one build; `pos` None means "match by rsID only" there."""

    pos: int | None = None
    ref: str | None = None  # the reference genome's base/sequence at pos (VCF REF for indels)
    alt: str | None = None  # VCF ALT, indels only


@dataclass(frozen=True)
class IndelDef:
    ref: str  # token of the non-variant allele
    alt: str  # token of the variant allele
    array: dict[str, str]  # chip code ('I'/'D') -> token


@dataclass(frozen=True)
class VariantDef:
    rsid: str
    chrom: str
    builds: dict[Build, BuildPosition]
    indel: IndelDef | None = None
    array_ids: tuple[str, ...] = ()  # a chip vendor's own ids for this variant (23andMe i-ids)

    def position(self, build: Build) -> BuildPosition:
        return self.builds.get(build, BuildPosition())

    def reference_token(self, build: Build) -> str | None:
        """The token a genome of `build` carries where it matches its reference sequence."""
        ref = self.position(build).ref
        if ref is None or self.indel is None:
            return ref
        if ref == self.indel.ref:
            return self.indel.ref
        if ref == self.indel.alt:
            return self.indel.alt
        return None


@dataclass(frozen=True)
class AlleleDef:
    name: str
    function: str
    bases: dict[str, frozenset[str]]  # every position, filled from the reference allele
    defining: frozenset[str]  # rsIDs where this allele differs from the reference allele
    activity: float | None = None
    reference: bool = False
    proxy: bool = False
    cpic_name: str | None = None
    backup: dict[str, str] = field(default_factory=dict)
    rare: str | None = None  # why it counts as rare (frequency and its source); None if common
    # a proxy whose function is only probable (UGT1A1 *80 for *28): names what was not measured
    uncertain: str | None = None
    # what a reader calls this variant ("Factor V Leiden"): a genotype is then said as copies
    # of it ("one copy of Factor V Leiden") instead of allele names that mean nothing to them
    label: str | None = None


@dataclass(frozen=True)
class ActivityRange:
    min: float
    max: float
    phenotype: str


@dataclass(frozen=True)
class PhenotypeRule:
    by: str  # function_pair | activity_score | variant_activity | none
    pairs: dict[frozenset[str], str] = field(default_factory=dict)
    ranges: tuple[ActivityRange, ...] = ()
    hemizygous: dict[str, str] = field(default_factory=dict)

    def from_functions(self, first: str, second: str) -> str | None:
        key = frozenset((first, second))
        return self.pairs.get(key)

    def from_score(self, score: float) -> str | None:
        for band in self.ranges:
            if band.min - 1e-9 <= score <= band.max + 1e-9:
                return band.phenotype
        return None

    def rank(self, phenotype: str) -> int:
        """Where `phenotype` first appears in the rule (the order the rule set lists them)."""
        order = [
            *self.pairs.values(),
            *self.hemizygous.values(),
            *(band.phenotype for band in self.ranges),
        ]
        return order.index(phenotype) if phenotype in order else len(order)

    def outputs(self) -> set[str]:
        """Every phenotype this rule can produce (used to check note rules at load)."""
        found = set(self.pairs.values()) | set(self.hemizygous.values())
        return found | {band.phenotype for band in self.ranges}


@dataclass(frozen=True)
class ClinicalTable:
    """How a lab's diplotype becomes a phenotype for a gene no consumer file can type fully
    (CYP2D6): an activity value per core star allele (None = function unknown or uncertain)
    and the activity-score bands. Read only for results from a clinical test, never for a
    file's own call, because a file cannot see the copies and hybrids a lab reports."""

    activity: dict[str, float | None]
    ranges: tuple[ActivityRange, ...]
    unknown_phenotype: str  # what a diplotype with an allele of unknown function gives
    source: Source

    def from_score(self, score: float) -> str | None:
        for band in self.ranges:
            if band.min - 1e-9 <= score <= band.max + 1e-9:
                return band.phenotype
        return None

    def outputs(self) -> set[str]:
        return {band.phenotype for band in self.ranges} | {self.unknown_phenotype}


@dataclass(frozen=True)
class Fallback:
    rsid: str
    base: str
    label: str
    by_copies: tuple[str, str, str]
    caveat: str


@dataclass(frozen=True)
class CaveatLimit:
    """A genes.yaml caveat that is true only of some files: "Chip I/D codes..." says nothing
    about a VCF, "On GRCh37 the reference bases..." nothing about a GRCh38 file. Shown only
    when the genome is of one of `files` (coverage kinds) and `builds` (empty = any)."""

    text: str
    files: frozenset[str] = frozenset()
    builds: frozenset[str] = frozenset()

    def applies(self, coverage: str | None, build: str | None) -> bool:
        if coverage is None:  # no genome: nothing was read, so no file-specific caveat
            return False
        if self.files and coverage not in self.files:
            return False
        return not self.builds or build in self.builds


@dataclass(frozen=True)
class GeneDef:
    name: str
    group: str  # pgx | prevention
    chrom: str
    ploidy: str  # diploid | x_linked | haploid
    variants: tuple[VariantDef, ...]
    alleles: tuple[AlleleDef, ...]
    phenotype: PhenotypeRule
    caveats: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    fallback: Fallback | None = None
    ambiguity_note: str | None = None
    # when unphased genotypes fit several pairings, the one the guideline reads them as
    prefer_pairing: tuple[str, ...] = ()
    clinical_table: ClinicalTable | None = None  # lab diplotypes only (CYP2D6)
    # how a result without any of the gene's variants is said (RYR1: what was looked at and
    # that it rules nothing out); its variants are then said as copies ("one copy of c.1840C>T")
    none_found: str | None = None
    # plain words for phenotypes whose guideline name reads as a code ("-1639 AA")
    phenotype_words: tuple[tuple[str, str], ...] = ()
    # a gene a file never gives a phenotype for (CYP2D6: copies are not counted): the short
    # words for the empty phenotype, and the sentence saying why
    no_phenotype: str | None = None
    no_phenotype_why: str | None = None
    caveat_limits: tuple[CaveatLimit, ...] = ()  # caveats true only of some files

    def phenotypes(self) -> set[str]:
        """Every phenotype a call of this gene can carry, a lab result's included."""
        found = self.phenotype.outputs()
        if self.clinical_table is not None:
            found |= self.clinical_table.outputs()
        return found

    @property
    def reference_allele(self) -> AlleleDef:
        return next(a for a in self.alleles if a.reference)

    def allele(self, name: str) -> AlleleDef:
        return next(a for a in self.alleles if a.name == name)


@dataclass(frozen=True)
class HlaAlleleDef:
    """One HLA allele PHR reads only from a laboratory's HLA typing (rules/v1/hla.yaml).

    Not a `GeneDef`: an HLA allele is defined by a whole gene's sequence, not by positions a
    consumer file holds, so there are no variants to observe. Notes name it like a gene
    ("HLA-B*15:02"); its call says `present` or `absent`, or not tested."""

    name: str  # "HLA-B*15:02": what notes and calls call it
    locus: str  # "HLA-B": the gene a lab result names
    allele: str  # "*15:02"
    chrom: str
    present: str  # the phenotype when the lab found it
    absent: str  # the phenotype when the lab did not
    not_from_files: str  # why a DNA file cannot say (shown while not tested)
    sources: tuple[Source, ...] = ()

    def outputs(self) -> set[str]:
        return {self.present, self.absent}


@dataclass(frozen=True)
class Clause:
    """One condition of an outcome. Exactly one of the kinds is set (checked at load)."""

    gene: str | None = None
    tested: bool = False  # the gene was at least partly tested (no phenotype needed)
    phenotypes: frozenset[str] = frozenset()
    activity_max: float | None = None
    activity_min: float | None = None
    medications: frozenset[str] = frozenset()
    medication_classes: frozenset[str] = frozenset()
    lifestyle: str | None = None
    equals: bool | None = None
    at_least: float | None = None
    any_of: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class Outcome:
    when: tuple[Clause, ...]
    status: NoteStatus
    meaning: str
    discuss: str
    strength: str | None = None
    found: str | None = None
    action: str | None = None  # the guideline's action in a clinician's words (report only)


@dataclass(frozen=True)
class NoteRule:
    id: str
    category: Category
    title: str
    genes: tuple[str, ...]
    drugs: tuple[str, ...]
    drug_classes: frozenset[str]
    evidence: str
    sources: tuple[Source, ...]
    outcomes: tuple[Outcome, ...]
    limits: str
    requires: tuple[Clause, ...] = ()  # non-genetic facts needed for the note to exist at all
    optin: str | None = None  # 'apoe' | 'brca': sensitive, hidden until opted in
    confirm_clinically: bool = False
    confirm_reason: str | None = None
    only_when_matched: bool = False  # combination notes appear only when an outcome fires
    # the note's own not-tested words (found, meaning, discuss) where the default ("your file
    # does not contain the variants") would be wrong, e.g. HLA alleles no DNA file can show
    not_tested: dict[str, str] | None = None
    partial: dict[str, str] | None = None  # the same for a partial result (meaning, discuss)


@dataclass(frozen=True)
class OptinTopic:
    key: str
    title: str
    can_say: str
    cannot_say: str


@dataclass(frozen=True)
class RuleSet:
    version: str
    released: str
    sources: tuple[Source, ...]
    genes: dict[str, GeneDef]
    notes: tuple[NoteRule, ...]
    optins: dict[str, OptinTopic]
    defaults: dict[str, dict[str, str]]
    limits: str
    hla: dict[str, HlaAlleleDef] = field(default_factory=dict)

    def hla_loci(self) -> dict[str, list[HlaAlleleDef]]:
        """HLA genes a lab result may name ("HLA-B"), with the alleles PHR reads for each."""
        loci: dict[str, list[HlaAlleleDef]] = {}
        for entry in self.hla.values():
            loci.setdefault(entry.locus, []).append(entry)
        return loci

    def note(self, note_id: str) -> NoteRule | None:
        return next((n for n in self.notes if n.id == note_id), None)
