"""Short phrases every report format uses the same way (so PDF, CSV and FHIR agree)."""

from __future__ import annotations

from phr.genome.model import CoverageKind, GenomeRecord
from phr.rules.model import CallStatus, NoteStatus, PgxCall, Source

_COVERAGE = {
    CoverageKind.ARRAY: "genotyping chip (array)",
    CoverageKind.VARIANT_ONLY_VCF: "sequencing, variant-only VCF",
    CoverageKind.GVCF: "sequencing, gVCF",
}
_VENDORS = {
    "23andme": "23andMe",
    "ancestry": "AncestryDNA",
    "ancestrydna": "AncestryDNA",
    "myheritage": "MyHeritage",
    "ftdna": "FamilyTreeDNA",
    "livingdna": "LivingDNA",
    "vcf": "VCF file",
}


def vendor_name(vendor: str) -> str:
    return _VENDORS.get(vendor.lower(), vendor)


def genome_text(genome: GenomeRecord) -> str:
    """'23andMe v5, genotyping chip (array), GRCh37, imported 2026-01-10'.

    Never the file name or the sample name: consumer files are often named after the person.
    """
    vendor = vendor_name(genome.vendor)
    if genome.format_version:
        vendor = f"{vendor} {genome.format_version}"
    return (
        f"{vendor}, {_COVERAGE.get(genome.coverage, str(genome.coverage))}, {genome.build}, "
        f"imported {genome.imported_at[:10]}"
    )


def diplotype_text(call: PgxCall) -> str:
    if not call.diplotypes:
        return "—"
    return " or ".join(call.diplotypes)


def phenotype_text(call: PgxCall) -> str:
    if call.phenotype:
        return call.phenotype
    if call.status == CallStatus.NOT_TESTED:
        return "unknown"
    return "not stated"


def call_status_text(call: PgxCall) -> str:
    text = {"called": "called", "partial": "partly tested", "not_tested": "NOT TESTED"}[
        str(call.status)
    ]
    if call.assumes_reference:
        text += " (some positions assumed reference)"
    return text


def note_status_text(status: NoteStatus) -> str:
    return {
        "actionable": "act on: discuss",
        "informative": "for information",
        "partial": "partly tested",
        "not_tested": "not tested",
    }[str(status)]


def source_text(source: Source) -> str:
    return f"{source.label}. PMID {source.pmid}" if source.pmid else source.label


def refs_text(numbers: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(n) for n in numbers) + "]" if numbers else ""
