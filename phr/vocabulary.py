"""The words PHR shows people, in one place: statuses, coverage, vendors, log kinds and sources,
genotype labels, diplotypes and the dash.

The CLI's human output, every page of the app, the PDF, the CSV `*_text` columns and FHIR
display texts all take their words from here, so a status is spelled the same everywhere
(tests/test_vocabulary.py fails otherwise). Machine values (`--json`, CSV machine columns, the
vault) keep their stable codes: `not_tested`, `variant_only_vcf`, `FTDNA`, `apple_health:...`.
This module is imported by the CLI at start-up: keep it free of heavy imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

NONE = "—"  # the one dash for "nothing to show" (no diplotype, no value, no date)

# -- statuses ---------------------------------------------------------------------------------

# A note: what the person should do with it. The badge on a card and the word in the CLI/PDF.
NOTE_STATUS = {
    "actionable": "Discuss",
    "informative": "For your information",
    "partial": "Partly tested",
    "not_tested": "Not tested",
}
# The same statuses in the clinician's register (the doctor's PDF speaks to a prescriber).
NOTE_STATUS_CLINICIAN = {
    "actionable": "actionable, see the first table",
    "informative": "no change suggested",
    "partial": "partly tested",
    "not_tested": "not tested",
}
# A gene's call: how much of the gene the file let PHR read.
CALL_STATUS = {
    "called": "Read",
    "partial": "Partly tested",
    "not_tested": "Not tested",
    "indeterminate": "Could not be read",
}
# One position in the file (`phr lookup`, the "why" of a note).
GENOTYPE_STATUS = {
    "called": "Measured",
    "no_call": "Could not be read",
    "not_tested": "Not tested",
    "assumed_reference": "Assumed usual letters",
    "reference_block": "Usual letters (tested)",
}
# The same, said in full where there is room (the Genome page's look-up).
GENOTYPE_STATUS_LONG = {
    "called": "Your genotype",
    "no_call": "The test could not read this place",
    "not_tested": "Not tested by this file",
    "assumed_reference": "Not listed, with variants listed close on both sides in this whole "
    "genome: read as the usual (reference) letters, assumed, not measured",
    "reference_block": "Tested: the usual (reference) letters",
}
ASSUMED_NOTE = "some positions assumed to be the usual letters"


def note_status_text(status: str, *, clinician: bool = False) -> str:
    return (NOTE_STATUS_CLINICIAN if clinician else NOTE_STATUS)[str(status)]


def call_status_text(status: str, *, assumes_reference: bool = False) -> str:
    text = CALL_STATUS[str(status)]
    return f"{text} ({ASSUMED_NOTE})" if assumes_reference else text


def genotype_status_text(status: str, *, long: bool = False) -> str:
    return (GENOTYPE_STATUS_LONG if long else GENOTYPE_STATUS)[str(status)]


def short_list(names: Sequence[str], most: int = 8) -> str:
    """Names for a sentence or a table cell, cut short when long: a sequencing file can leave
    many positions or alleles of a gene untested (PharmCAT defines 171 G6PD positions)."""
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most} more"


# -- coverage ---------------------------------------------------------------------------------

COVERAGE = {
    "array": "genotyping chip",
    "variant_only_vcf": "whole-genome sequencing (differences only)",
    "partial_vcf": "partial sequencing (exome, panel or excerpt)",
    "gvcf": "sequencing with reference blocks (gVCF)",
}
# What the file's silence means, for every "why" (CLI, pages, reports).
COVERAGE_MEANING = {
    "array": (
        "Genotyping chip: only the places the chip tested are known. A place not in the file "
        "was not tested (it is not 'normal')."
    ),
    "variant_only_vcf": (
        "Sequencing of the whole genome, differences only: where the file is silent close to "
        "places it lists, PHR reads the reference and says it assumed so; elsewhere a place it "
        "does not list was not tested."
    ),
    "partial_vcf": (
        "Sequencing of only part of the genome (an exome, a panel or an excerpt): PHR can only "
        "read the positions the file lists. Anything else was not tested."
    ),
    "gvcf": (
        "Sequencing with reference blocks: places in a block were tested and match the reference."
    ),
}
NO_GENOME = "No DNA file has been imported."
# Why a file cannot say how many copies of a gene (CYP2D6) a person has, by the file's kind:
# rule text says `{copies_reason}` / `{copies_source}` and gets the words of the person's file.
_SMALL_DIFFERENCES = "a file of small sequence differences"
_COVERAGE_FIELDS = {
    "array": {
        "copies_reason": "chips do not count extra or missing copies of the gene",
        "copies_source": "chip data",
    },
    **{
        kind: {
            "copies_reason": f"{_SMALL_DIFFERENCES} does not count extra or missing copies of "
            "the gene",
            "copies_source": _SMALL_DIFFERENCES,
        }
        for kind in ("variant_only_vcf", "partial_vcf", "gvcf")
    },
}


def coverage_text(coverage: str | None) -> str:
    """'genotyping chip': the kind of file, in a few words."""
    return COVERAGE[str(coverage)] if coverage is not None else NONE


def coverage_meaning(coverage: str | None) -> str:
    return COVERAGE_MEANING[str(coverage)] if coverage is not None else NO_GENOME


def with_coverage_words(text: str, coverage: str | None) -> str:
    """Rule text that depends on the kind of file (`{copies_reason}`) made concrete; with no
    genome the chip wording stands (the note then says nothing was tested anyway)."""
    if "{" not in text:
        return text
    for field, words in _COVERAGE_FIELDS.get(str(coverage), _COVERAGE_FIELDS["array"]).items():
        text = text.replace("{" + field + "}", words)
    return text


# -- vendors ----------------------------------------------------------------------------------

_VENDORS = {
    "23andme": "23andMe",
    "ancestry": "AncestryDNA",
    "ancestrydna": "AncestryDNA",
    "myheritage": "MyHeritage",
    "ftdna": "FamilyTreeDNA",
    "familytreedna": "FamilyTreeDNA",
    "livingdna": "LivingDNA",
    "vcf": "VCF file",
}
# the consumer DNA companies PHR reads, as their names are written
COMPANIES = ("23andMe", "AncestryDNA", "MyHeritage", "FamilyTreeDNA", "LivingDNA")


def vendor_text(vendor: str) -> str:
    """One spelling per company, whatever the parser or an older vault stored."""
    return _VENDORS.get(vendor.replace(" ", "").lower(), vendor)


# -- lifestyle logs ---------------------------------------------------------------------------

_SOURCES = {"manual": "typed in", "csv": "CSV file", "apple_health": "Apple Health"}
# stored as 'prefix:device or app' (the app Apple Health had the reading from, a demo device)
_SOURCE_PREFIXES = {"apple_health": "Apple Health", "demo": "demo data"}


def log_kind_text(kind: str) -> str:
    """'blood_glucose' -> 'blood glucose' (the label of the kind table)."""
    from phr.lifestyle.kinds import KINDS  # plain data; imported here to keep start-up light

    found = KINDS.get(kind)
    return found.label if found is not None else kind.replace("_", " ")


def log_source_text(source: str) -> str:
    """'apple_health:MyFitnessPal' -> 'Apple Health (MyFitnessPal)'."""
    prefix, colon, detail = source.partition(":")
    if colon and prefix in _SOURCE_PREFIXES:
        name = _SOURCE_PREFIXES[prefix]
        return f"{name} ({detail.strip()})" if detail.strip() else name
    return _SOURCES.get(source, source.replace("_", " "))


# -- genotypes and diplotypes -----------------------------------------------------------------

_COUNT = {0: "no copy", 1: "one copy", 2: "two copies"}


def copies_text(labels: Mapping[str, str], alleles: Sequence[str]) -> str:
    """'one copy of Factor V Leiden': a genotype as copies of the named variants.

    `labels` maps allele names to readable labels; alleles without one are the usual version.
    """
    counts = {label: 0 for label in dict.fromkeys(labels.values())}
    for allele in alleles:
        if allele in labels:
            counts[labels[allele]] += 1
    found = [f"{_COUNT.get(n, f'{n} copies')} of {label}" for label, n in counts.items() if n]
    if found:
        return " and ".join(found)
    return "no copy of " + " or ".join(counts)


def diplotype_text(diplotypes: Iterable[str], labels: Mapping[str, str] | None = None) -> str:
    """'*1/*2', 'rs2231142 G/T', 'one copy of Factor V Leiden', or the dash.

    Several possible diplotypes are joined with 'or'. Labelled genes (prevention genes whose
    allele names mean nothing to a reader) are said as copies of the named variant.
    """
    shown: list[str] = []
    for diplotype in diplotypes:
        alleles = diplotype.split("/")
        text = copies_text(labels, alleles) if labels else _joined(alleles)
        if text not in shown:
            shown.append(text)
    return " or ".join(shown) if shown else NONE


class NamedCall(Protocol):
    """What `call_genotype_text` reads from a gene's call (`phr.rules.model.PgxCall`)."""

    @property
    def diplotypes(self) -> tuple[str, ...]: ...
    @property
    def allele_labels(self) -> tuple[tuple[str, str], ...]: ...


def call_genotype_text(call: NamedCall) -> str:
    """A gene's result as a reader says it: '*1/*2', 'one copy of Factor V Leiden'. A gene
    with words for a negative result (RYR1) says them instead of listing every variant it
    did not find."""
    labels = dict(call.allele_labels)
    none_found: str | None = getattr(call, "none_found", None)
    found = [a for d in call.diplotypes for a in d.split("/") if a in labels]
    if none_found and call.diplotypes and labels and not found:
        return none_found
    return diplotype_text(call.diplotypes, labels)


def call_genotype_cell(call: NamedCall) -> str:
    """The result as a table cell: like `call_genotype_text`, but a gene's long words for a
    negative result (RYR1) become "none of the 80 variants found", and the sentence goes under
    the row (`call_detail_lines`), so the table keeps its columns."""
    text = call_genotype_text(call)
    if text == getattr(call, "none_found", None):
        return f"none of the {len(call.allele_labels)} variants found"
    if text == NONE and str(getattr(call, "status", "")) == "partial":
        return "not named"  # read in part: the untested positions leave several pairings
    return text


def call_detail_lines(call: NamedCall) -> list[str]:
    """Sentences that belong under a gene's table row rather than in a cell: what a negative
    RYR1/CFTR result does not rule out, why a CYP2D6 file reading has no phenotype."""
    lines: list[str] = []
    text = call_genotype_text(call)
    if text == getattr(call, "none_found", None):
        lines.append(_sentence(text))
    why: str | None = getattr(call, "no_phenotype_why", None)
    if why and getattr(call, "unstated", False):
        lines.append(why)
    return lines


def _sentence(text: str) -> str:
    """'none of ... found; this ...' -> 'None of ... found; this ....'."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _joined(alleles: Sequence[str]) -> str:
    """'rs2231142 G/rs2231142 T' -> 'rs2231142 G/T': the shared rsID said once."""
    heads = {a.rsplit(" ", 1)[0] for a in alleles if " " in a}
    if len(heads) == 1 and all(" " in a for a in alleles) and len(alleles) > 1:
        (head,) = heads
        if head.startswith("rs"):
            return f"{head} " + "/".join(a.rsplit(" ", 1)[1] for a in alleles)
    return "/".join(alleles)


def alleles_text(alleles: Sequence[str] | None) -> str:
    """The letters read at one position: 'A/G', or the dash."""
    return "/".join(alleles) if alleles else NONE


# -- clinical test results --------------------------------------------------------------------

CLINICAL_SOURCE = "from a clinical test"


def clinical_source_text(lab: str, tested_on: str) -> str:
    """'from a clinical test (Mayo Clinic Laboratories, 2023-04-17)': how every screen names a
    result a laboratory gave, in place of the genome file's reading."""
    return f"{CLINICAL_SOURCE} ({lab}, {tested_on})"
