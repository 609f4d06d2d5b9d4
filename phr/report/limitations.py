"""The "what this report cannot tell" list, written from this person's data, not boilerplate.

Each line names the genes and positions that were not tested or only partly tested and why,
says how the DNA file was made (arrays miss and falsely call rare variants; a variant-only VCF
assumes reference where it is silent), and repeats what PHR never types (CYP2D6 copy number,
HLA). Only shown findings are named: an excluded sensitive finding leaves no trace here.
"""

from __future__ import annotations

from phr.genome.model import CoverageKind, GenotypeStatus
from phr.report.data import ReportContent, Section, format_list
from phr.rules.model import CallStatus, Note, NoteStatus, PgxCall

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
            "CYP2D6: copy number was not assessed, so gene deletions and duplications (for "
            "example ultrarapid metabolizers) cannot be detected. HLA genes were not typed: any "
            "HLA-B result comes from nearby marker positions (a proxy) and needs HLA typing "
            "before a decision."
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
    lines = []
    not_tested = [r.call for r in content.pgx_rows if r.call.status == CallStatus.NOT_TESTED]
    partial = [r.call for r in content.pgx_rows if r.call.status == CallStatus.PARTIAL]
    unread = [r.call for r in content.pgx_rows if r.call.status == CallStatus.INDETERMINATE]
    if not_tested:
        lines.append(
            "Not tested (the file does not contain the positions PHR needs, so these genes are "
            f"unknown, not normal): {'; '.join(_call_gap(c) for c in not_tested)}."
        )
    for call in partial:
        caveat = f" {' '.join(call.caveats)}" if call.caveats else ""
        could = "" if call.determined else f" {call.phenotype_text()}."
        lines.append(f"Only partly tested: {_call_gap(call)}.{could}{caveat}")
    for call in unread:
        lines.append(f"Could not be read: {call.gene}. {' '.join(call.caveats)}")
    gaps = [n for n in content.notes if n.status in (NoteStatus.NOT_TESTED, NoteStatus.PARTIAL)]
    gaps = [n for n in gaps if not _covered_by_rows(n, content)]
    if gaps:
        lines.append(
            "Findings that could not be fully checked: "
            + "; ".join(f"{n.title}{_note_gap(n)}" for n in gaps)
            + "."
        )
    confirm = [n.title for n in content.notes if n.confirm_clinically]
    if confirm:
        lines.append(f"Confirm with a clinical test before acting: {format_list(confirm, 8)}.")
    return lines


def _call_gap(call: PgxCall) -> str:
    if not call.missing:
        return call.gene
    return f"{call.gene} ({format_list(call.missing, 4)} not read)"


def _note_gap(note: Note) -> str:
    missing = [g.rsid for g in note.genotypes if g.status in _MISSING]
    return f" ({format_list(missing, 4)} not read)" if missing else ""


def _covered_by_rows(note: Note, content: ReportContent) -> bool:
    """A drug note whose genes are already listed as not tested/partial adds nothing new."""
    gaps = {r.call.gene for r in content.pgx_rows if r.call.status != CallStatus.CALLED}
    return bool(note.genes) and set(note.genes) <= gaps
