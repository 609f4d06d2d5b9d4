"""The doctor's PDF, written for a clinician who has a minute.

Page 1 answers "what matters for this patient now": actionable findings for the medicines the
patient takes, then for medicines they might be given (one row each: gene, result, phenotype,
the guideline's action), then what was not tested that a prescriber might assume normal.
The detail follows: every gene result, prevention findings, the medicine list, the
measurements with small charts, the limits in plain sentences, an appendix with the positions
that were not read, and the numbered sources.

The clinician's report says nothing to the person: the patient-addressed sentences of a note
(`meaning`, `discuss`) stay in the app. Body text is never below 9 pt (`pdf_doc.BODY`), heads
are kept with what follows them, and near-duplicate findings are merged (`summary`).
"""

from __future__ import annotations

import re

from fpdf.enums import XPos, YPos

from phr.report.data import PgxRow, ReportContent, ReportData, Section, format_list
from phr.report.pdf_doc import (
    ACCENT,
    BODY,
    FAMILY,
    INK,
    LINE,
    MUTED,
    TAKING_FILL,
    TITLE,
    WARN,
    GridRow,
    ReportPdf,
)
from phr.report.pdf_plan import plan_section
from phr.report.pdf_tail import appendix, lifestyle, limits, sources
from phr.report.summary import (
    FindingRow,
    clinical_title,
    clinician_summary,
    clinician_text,
    merge_near_duplicates,
)
from phr.report.wording import (
    call_status_text,
    diplotype_text,
    genome_text,
    phenotype_text,
    refs_text,
    short_evidence,
)
from phr.rules.model import Note, NoteStatus, PgxCall
from phr.vocabulary import NONE, call_genotype_cell
from phr.vocabulary import note_status_text as vocabulary_status

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff]")
# Column widths (mm, 182 in all) of the page-1 finding tables and the gene table.
_FINDING_COLUMNS = (32.0, 30.0, 32.0, 66.0, 22.0)
_GENE_COLUMNS = (25.0, 34.0, 52.0, 23.0, 48.0)
_FINDING_HEADER = ("Medicine", "Gene and result", "Phenotype", "Guideline action", "Evidence")


def isolated(name: str) -> str:
    """A person's name set apart (FSI ... PDI) for the bidi algorithm, when it holds Hebrew or
    Arabic: otherwise the date or the next name after it would join its right-to-left run and
    print in the wrong place ("for أمينة · 2026-11-20" showed the date first)."""
    return f"\u2068{name}\u2069" if _RIGHT_TO_LEFT.search(name) else name


def render_pdf(data: ReportData) -> bytes:
    return bytes(build_pdf(data).output())


def build_pdf(data: ReportData) -> ReportPdf:
    """The laid-out document (tests read its heads and pages back)."""
    content = data.content()
    footer = "PHR health summary"
    if data.person.name:
        footer += f" for {isolated(data.person.name)}"
    footer += f" · {data.report_date.isoformat()} · not a diagnosis"
    pdf = ReportPdf(footer, data.report_date)
    pdf.add_page()
    _header(pdf, content)
    _what_matters(pdf, content)
    _genes(pdf, content)
    _prevention(pdf, content)
    plan_section(pdf, data)
    _medications(pdf, content)
    lifestyle(pdf, content)
    limits(pdf, content)
    appendix(pdf, content)
    sources(pdf, content)
    return pdf


# -- header -----------------------------------------------------------------------------------


def _header(pdf: ReportPdf, content: ReportContent) -> None:
    data = content.data
    pdf.set_font(FAMILY, "B", TITLE)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 7, "Pharmacogenomic and health summary", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    person = data.person
    if person.identified:
        parts = []
        if person.name:
            parts += [("Patient: ", "B", INK), (person.name + "   ", "", INK)]
        if person.birth_date:
            parts += [("Date of birth: ", "B", INK), (person.birth_date.isoformat(), "", INK)]
        pdf.rich(parts)
    else:
        pdf.para("Name and date of birth: not included (the person chose to leave them out).")
    rule_set = f"rule set {data.rule_set_version}" if data.rule_set_version else "no rule set"
    dna = "; ".join(genome_text(g) for g in data.genomes) or "none imported"
    pdf.rich(
        [
            ("Report date: ", "B", INK),
            (f"{data.report_date.isoformat()}   ", "", INK),
            ("Made with: ", "B", INK),
            (f"PHR {data.phr_version}, {rule_set}", "", INK),
        ]
    )
    pdf.rich([("DNA data: ", "B", INK), (dna, "", INK)])
    pdf.para(
        "Made by the patient with PHR, an app on their own computer, from a consumer DNA file "
        "and their own records. Not a clinical laboratory report.",
        colour=MUTED,
    )


# -- page 1: what matters now -----------------------------------------------------------------


def _what_matters(pdf: ReportPdf, content: ReportContent) -> None:
    if not (content.wants(Section.PGX) or content.wants(Section.PREVENTION)):
        return
    summary = clinician_summary(content)
    taken = _finding_rows(content, summary.taken)
    keep = pdf.grid_start(_FINDING_COLUMNS, taken)
    pdf.heading("Findings for medicines the patient takes now", keep=keep)
    if taken:
        pdf.grid(_FINDING_COLUMNS, _FINDING_HEADER, taken)
    else:
        pdf.para(_no_taken_reason(content), colour=MUTED)
    if content.wants(Section.PGX):
        possible = _finding_rows(content, summary.possible)
        keep = pdf.grid_start(_FINDING_COLUMNS, possible)
        pdf.heading("Findings for medicines the patient might be given", keep=keep)
        if possible:
            pdf.grid(_FINDING_COLUMNS, _FINDING_HEADER, possible)
        else:
            pdf.para("No actionable result for other medicines in this file.", colour=MUTED)
    if summary.not_tested:
        pdf.heading("Not tested: do not assume normal")
        for line in summary.not_tested:
            pdf.bullet(line)


def _no_taken_reason(content: ReportContent) -> str:
    if not content.wants(Section.MEDS):
        return "The medicine list was left out of this report, so no finding is matched to it."
    if content.data.findings is None:
        return "No DNA results are in this report."
    return "None of the current medicines has an actionable genetic finding in this file."


def _finding_rows(content: ReportContent, rows: tuple[FindingRow, ...]) -> list[GridRow]:
    grid = []
    for row in rows:
        evidence = short_evidence(n.evidence for n in row.notes) or NONE
        refs = refs_text(content.refs(row.notes))
        confirm = any(n.confirm_clinically for n in row.notes)
        action = f"{row.action} Confirm with a clinical test first." if confirm else row.action
        grid.append(
            GridRow(
                (
                    isolated(row.medicines),
                    row.result,
                    row.phenotype or NONE,
                    action,
                    f"{evidence} {refs}".strip(),
                ),
                bold=frozenset({0}),
                fill=TAKING_FILL if row.taken else None,
            )
        )
    return grid


# -- gene results -----------------------------------------------------------------------------


def _genes(pdf: ReportPdf, content: ReportContent) -> None:
    empty = content.left_out(Section.PGX)
    rows = [_gene_row(content, r) for r in content.table_rows]
    shaded = any(r.taken for r in content.table_rows)
    keep = pdf.grid_start(_GENE_COLUMNS, rows) + (BODY * LINE if shaded else 0)
    pdf.heading("Gene results (pharmacogenomics)", keep=keep)
    if empty:
        pdf.para(empty, colour=MUTED)
        return
    if shaded:
        pdf.para("Shaded rows: the patient takes an affected medicine now.", colour=WARN)
    pdf.grid(_GENE_COLUMNS, ("Gene", "Result", "Phenotype", "Tested", "Medicines affected"), rows)
    quiet = content.quiet_rows
    if quiet:
        pdf.ln(1)
        listed = "; ".join(
            f"{r.call.gene} {_result_cell(r.call)}: {phenotype_text(r.call)} "
            f"{refs_text(content.refs(r.notes))}".strip()
            for r in quiet
        )
        pdf.rich([("Also tested, no change suggested: ", "B", INK), (listed + ".", "", INK)])


def _result_cell(call: PgxCall) -> str:
    """The result in a few words: a negative RYR1/CFTR result as "none of the 80 variants
    found" (its limits are in the notes and the appendix), never a sentence in a cell."""
    return call_genotype_cell(call) if call.diplotypes else diplotype_text(call)


def _gene_row(content: ReportContent, row: PgxRow) -> GridRow:
    call = row.call
    drugs = ", ".join(row.drugs) or NONE
    refs = refs_text(content.refs(row.notes))
    return GridRow(
        (
            call.gene,
            _result_cell(call),
            phenotype_text(call),
            call_status_text(call),
            f"{drugs} {refs}".strip(),
        ),
        bold=frozenset({0} | ({3} if call.status != "called" else set())),
        fill=TAKING_FILL if row.taken else None,
    )


# -- prevention -------------------------------------------------------------------------------


def _prevention(pdf: ReportPdf, content: ReportContent) -> None:
    pdf.heading("Prevention findings")
    empty = content.left_out(Section.PREVENTION)
    if empty:
        pdf.para(empty, colour=MUTED)
        return
    shown = [n for n in content.prevention_notes if n.status != NoteStatus.NOT_TESTED]
    for group in merge_near_duplicates(shown):
        _prevention_line(pdf, content, group)
    untested = [n.title for n in content.prevention_notes if n.status == NoteStatus.NOT_TESTED]
    if untested:
        pdf.rich(
            [("Not tested (unknown, not normal): ", "B", INK), (format_list(untested, 10), "", INK)]
        )


def _prevention_line(pdf: ReportPdf, content: ReportContent, group: tuple[Note, ...]) -> None:
    """One finding in a clinician's words: what was found, the action, how sure, sources."""
    plain = [n for n in group if not n.inputs] or list(group)
    title = clinical_title(plain[0])  # the plain finding names a merged group
    found = clinician_text(group[0].found)  # the lead's line covers the others'
    action = next((n.action for n in group if n.action), None)
    taken = [t for n in group for t in content.taken_in(n)]
    evidence = short_evidence(n.evidence for n in group)
    tail = f" {evidence} {refs_text(content.refs(group))}".rstrip()
    text = f"{title}: {found} {action or ''}{tail}"
    pdf.ensure_space(pdf.height_of(text, indent=4) + 1)
    parts = [("■ ", "B", ACCENT), (f"{title}: ", "B", INK), (found, "", INK)]
    if taken:
        parts.append((f" Takes {format_list(dict.fromkeys(taken))}.", "B", WARN))
    if any(n.confirm_clinically for n in group):
        parts.append((" Confirm with a clinical test first.", "B", WARN))
    if action:
        parts += [(" Action: ", "B", INK), (action, "", INK)]
    parts.append((tail, "I", MUTED))
    pdf.rich(parts)
    pdf.ln(0.8)


# -- medications ------------------------------------------------------------------------------


def _medications(pdf: ReportPdf, content: ReportContent) -> None:
    empty = content.left_out(Section.MEDS)
    rows = []
    for row in content.medication_rows:
        flagged = [n for n in row.notes if n.status == NoteStatus.ACTIONABLE]
        flag = "; ".join(_med_flag(content, group) for group in merge_near_duplicates(row.notes))
        if not flag:
            flag = "none found" if content.data.findings else "no DNA results in this report"
        rows.append(
            GridRow(
                (row.medication.name, row.medication.generic or "not recognised", flag),
                bold=frozenset({0, 2} if flagged else {0}),
                fill=TAKING_FILL if flagged else None,
            )
        )
    widths = (50.0, 40.0, 92.0)
    pdf.heading("Current medicines", keep=pdf.grid_start(widths, rows))
    if empty:
        pdf.para(empty, colour=MUTED)
        return
    pdf.grid(widths, ("Medicine (as entered)", "Generic name", "Genetic finding"), rows)


def _med_flag(content: ReportContent, group: tuple[Note, ...]) -> str:
    lead = group[0]
    genes = format_list(dict.fromkeys(g for n in group for g in n.genes))
    status = vocabulary_status(lead.status, clinician=True)
    return f"{genes}: {status} {refs_text(content.refs(group))}".strip()
