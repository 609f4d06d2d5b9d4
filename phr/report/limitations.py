"""The "what this report cannot tell" list, written from this person's data, not boilerplate.

Each line names the genes and positions that were not tested or only partly tested and why,
says how the DNA file was made (arrays miss and falsely call rare variants; a variant-only VCF
assumes reference where it is silent), and repeats what PHR never types (CYP2D6 copy number,
HLA). Only shown findings are named: an excluded sensitive finding leaves no trace here.
"""

from __future__ import annotations

from phr.genome.model import CoverageKind, GenotypeStatus
from phr.report.data import ReportContent, Section, format_list
from phr.rules.model import CallStatus, Note, NoteStatus
from phr.vocabulary import clinical_source_text

_MISSING = {str(GenotypeStatus.NOT_TESTED), str(GenotypeStatus.NO_CALL)}


def limitations(content: ReportContent) -> list[str]:
    data = content.data
    lines = [
        "This is not a diagnosis. It shows what a consumer DNA file and the person's own records "
        "say, to support a talk with a doctor or pharmacist. Do not start, stop or change a "
        "medicine because of it without asking them."
    ]
    lines += _genome_lines(content)
    if content.wants(Section.PGX) or content.wants(Section.PREVENTION):
        lines += _gene_lines(content)
        lines.append(
            f"{_cyp2d6_words(content)} HLA alleles are never read from the DNA file: an HLA "
            "result marked 'from a clinical test' is a lab's typing; any other HLA-B result "
            "comes from nearby marker positions (a proxy) and needs HLA typing before a decision."
        )
    if content.medication_rows:
        lines.append("The medicine list is as the person entered it; please check it with them.")
    if content.lifestyle:
        lines.append(
            "Measurements were logged or imported by the person and were not checked by a "
            "clinic; averages cover "
            f"{data.start.isoformat()} to {data.end.isoformat()}."
        )
    if content.wants(Section.LIFESTYLE) and data.implausible_dates:
        lines.append(
            f"{data.implausible_dates} logged reading(s) with an impossible date (unreadable, "
            "before 1900 or after tomorrow) were left out."
        )
    lines.append(
        "Results that people may want to keep private (for example some disease-risk genes) "
        "appear only when the person chose to include them."
    )
    if data.rule_set_version and data.findings is not None:
        lines.append(
            f"Interpretation used PHR rule set {data.rule_set_version}; guidelines change, so "
            "check the current guideline before acting."
        )
    return lines


def _cyp2d6_words(content: ReportContent) -> str:
    """A lab's CYP2D6 result counts gene copies; only a DNA file's call leaves them unseen."""
    for row in content.pgx_rows:
        if row.call.gene == "CYP2D6" and row.call.clinical is not None:
            source = clinical_source_text(row.call.clinical.lab, row.call.clinical.tested_on)
            return f"CYP2D6 is {source}; the DNA file was not used for it."
    return (
        "CYP2D6: copy number was not assessed, so gene deletions and duplications (for "
        "example ultrarapid metabolizers) cannot be detected."
    )


def _genome_lines(content: ReportContent) -> list[str]:
    genomes = content.data.genomes
    if not genomes:
        return ["No DNA file was used for this report."]
    kinds = {g.coverage for g in genomes}
    lines = []
    if CoverageKind.ARRAY in kinds:
        lines.append(
            "The DNA data come from a consumer genotyping chip. A chip reads a fixed list of "
            "positions; anything it did not read is not tested, never normal. Chips can miss "
            "rare variants and can also report rare variants that are not there: results "
            'marked "confirm clinically" need a clinical-grade test first.'
        )
    if CoverageKind.VARIANT_ONLY_VCF in kinds:
        assumed = [r.call.gene for r in content.pgx_rows if r.call.assumes_reference]
        where = f" (this affected {format_list(assumed)})" if assumed else ""
        lines.append(
            "The sequencing file is a whole genome that lists only positions that differ from "
            "the reference genome. Where it was silent with variants listed close on both "
            "sides, PHR assumed the reference, which was not measured"
            f"{where}; anywhere else silence counts as not tested."
        )
    if CoverageKind.PARTIAL_VCF in kinds:
        lines.append(
            "The sequencing file lists variants from only part of the genome (an exome, a panel "
            "or an excerpt). PHR read only the positions it lists: everything else is not "
            "tested, never normal."
        )
    if CoverageKind.GVCF in kinds:
        lines.append(
            "The sequencing file (gVCF) proves reference only inside its reference blocks; "
            "positions outside them were not tested."
        )
    return lines


def _gene_lines(content: ReportContent) -> list[str]:
    """Plain sentences: which genes were not or only partly tested, without the positions
    (those are in the appendix, `gap_details`)."""
    lines = []
    rows = content.pgx_rows
    not_tested = [r.call.gene for r in rows if r.call.status == CallStatus.NOT_TESTED]
    partial = [r.call.gene for r in rows if r.call.status == CallStatus.PARTIAL]
    unread = [r.call.gene for r in rows if r.call.status == CallStatus.INDETERMINATE]
    if not_tested:
        lines.append(
            f"The file does not contain the positions needed for {format_list(not_tested, 12)}, "
            "so these are unknown, not normal."
        )
    if partial:
        lines.append(
            f"{format_list(partial, 12)} {'was' if len(partial) == 1 else 'were'} only partly "
            "tested: an allele defined at a position the file lacks cannot be ruled out. The "
            "appendix lists the positions and alleles."
        )
    if unread:
        lines.append(
            f"{format_list(unread, 12)} could not be read: the file shows a base the rule set "
            "does not define, so nothing is assumed."
        )
    gaps = _unchecked_notes(content)
    if gaps:
        lines.append(
            "Some findings could not be fully checked for lack of positions: "
            f"{format_list([n.title for n in gaps], 8)}."
        )
    confirm = [n.title for n in content.notes if n.confirm_clinically]
    if confirm:
        lines.append(f"Confirm with a clinical test before acting: {format_list(confirm, 8)}.")
    return lines


def _unchecked_notes(content: ReportContent) -> list[Note]:
    gaps = [n for n in content.notes if n.status in (NoteStatus.NOT_TESTED, NoteStatus.PARTIAL)]
    return [n for n in gaps if not _covered_by_rows(n, content)]


def gap_details(content: ReportContent) -> list[tuple[str, str]]:
    """(gene or finding, detail) for the appendix: positions not read, alleles that cannot be
    ruled out, and the gene's caveats in full."""
    details = []
    for row in content.pgx_rows:
        call = row.call
        if call.status == CallStatus.CALLED and not call.caveats:
            continue
        caveats = [c for c in call.caveats if not c.startswith("Not tested or no-call")]
        parts = []
        if call.missing:
            parts.append(f"not read: {', '.join(call.missing)}.")
        if call.cannot_rule_out and not any(c.startswith("Cannot be ruled out") for c in caveats):
            parts.append(f"Cannot be ruled out: {', '.join(call.cannot_rule_out)}.")
        parts += caveats
        if parts:
            details.append((call.gene, " ".join(parts)))
    for note in _unchecked_notes(content):
        missing = [g.rsid for g in note.genotypes if g.status in _MISSING]
        if missing:
            details.append((note.title, f"not read: {', '.join(missing)}."))
    return details


def _covered_by_rows(note: Note, content: ReportContent) -> bool:
    """A drug note whose genes are already listed as not tested/partial adds nothing new."""
    gaps = {r.call.gene for r in content.pgx_rows if r.call.status != CallStatus.CALLED}
    return bool(note.genes) and set(note.genes) <= gaps
