"""Short phrases every report format uses the same way (so PDF, CSV and FHIR agree)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from phr.genome.model import CoverageKind, GenomeRecord
from phr.rules.model import NoteStatus, PgxCall, Source

_COVERAGE = {
    CoverageKind.ARRAY: "genotyping chip (array)",
    CoverageKind.VARIANT_ONLY_VCF: "sequencing, whole-genome variant-only VCF",
    CoverageKind.PARTIAL_VCF: "sequencing, partial VCF (exome, panel or excerpt)",
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
    return call.phenotype_text()


def call_status_text(call: PgxCall) -> str:
    text = {
        "called": "called",
        "partial": "partly tested",
        "not_tested": "NOT TESTED",
        "indeterminate": "COULD NOT BE READ",
    }[str(call.status)]
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


_LEVEL = re.compile(r"\blevels?\b([^;]*)")
_LETTER = re.compile(r"(?:levels?|,|\)|and)\s*([A-D])(?=[\s,;(/]|$)")
_STRENGTH = re.compile(r"\b(strong|moderate|optional)\b", re.IGNORECASE)


def short_evidence(texts: Iterable[str]) -> str:
    """'CPIC A, strong' from 'CPIC level A; strong recommendation' (several notes: the
    levels and strengths they use); other wording is cut at its first clause."""
    levels: list[str] = []
    strengths: list[str] = []
    others: list[str] = []
    for text in texts:
        level = _LEVEL.search(text)
        if "CPIC" in text and level:
            letters = _LETTER.findall(level.group(0))
            levels += [m for m in letters if m not in levels]
            strengths += [m.lower() for m in _STRENGTH.findall(text) if m.lower() not in strengths]
        else:
            clause = re.split(r"[;(]", text, maxsplit=1)[0].strip()
            if clause and clause not in others:
                others.append(clause)
    parts = []
    if levels:
        parts.append("CPIC " + "/".join(sorted(levels)))
        if len(strengths) == 1:  # several strengths: the notes below say which is which
            parts[-1] += ", " + strengths[0]
    return "; ".join(parts + others)


def source_text(source: Source) -> str:
    return f"{source.label}. PMID {source.pmid}" if source.pmid else source.label


def refs_text(numbers: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(n) for n in numbers) + "]" if numbers else ""
