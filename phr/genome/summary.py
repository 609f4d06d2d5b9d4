"""A genome described in plain words, for the CLI and the Genome page's summary card."""

from __future__ import annotations

from phr.genome.model import Build, CoverageKind, GenomeRecord
from phr.vocabulary import COVERAGE_MEANING, coverage_meaning, vendor_text

COVERAGE_WORDS = {kind: COVERAGE_MEANING[str(kind)] for kind in CoverageKind}

BUILD_WORDS = {
    Build.GRCH36: "NCBI36 (an old map of the genome; PHR matches by rsID only)",
    Build.GRCH37: "GRCh37 (hg19)",
    Build.GRCH38: "GRCh38 (hg38)",
}

SEX_WORDS = {
    "female": "the file suggests two X chromosomes (your profile decides)",
    "male": "the file suggests one X chromosome (your profile decides)",
    None: "the file cannot tell (your profile decides)",
}


def coverage_words(coverage: str | None) -> str:
    """What the file's silence means, for every "why" (CLI, pages, reports)."""
    return coverage_meaning(coverage)


def describe_genome(genome: GenomeRecord, *, warnings: bool = True) -> list[str]:
    """Short lines a 12-year-old could follow; no genotype is ever named here. `warnings=False`
    leaves out the "Note:" lines, for screens that show the warnings on their own."""
    lines = [
        f"From: {vendor_text(genome.vendor)}"
        + (f" ({genome.format_version})" if genome.format_version else "")
        + f", file {genome.source_name}"
        + (f", person {genome.sample}" if genome.sample else ""),
        f"Genome map: {BUILD_WORDS[genome.build]}",
        f"Kind: {COVERAGE_WORDS[genome.coverage]}",
        f"Read: {genome.called:,} genotype{'' if genome.called == 1 else 's'}; "
        + f"{genome.no_calls:,} "
        + ("place" if genome.no_calls == 1 else "places")
        + " the test could not read"
        + (f"; {genome.indels:,} insertions/deletions" if genome.indels else ""),
        f"Sex chromosomes: {SEX_WORDS.get(genome.sex, SEX_WORDS[None])}",
    ]
    for reason, count in sorted(genome.skipped.items()):
        lines.append(f"Left out: {count:,} × {reason}")
    if warnings:
        lines += [f"Note: {warning}" for warning in genome.warnings]
    return lines
