"""The doctor's PDF: 2-4 pages a busy clinician can read in a minute.

Order follows what a prescriber needs first: who and what data (header), the medicine-gene
table with the medicines taken now highlighted, what to discuss, prevention findings, the
medicine list, the last 90 days of measurements with small charts, then the limits of this
person's data and the numbered sources behind every finding.
"""

from __future__ import annotations

import io
import re

from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from phr.report.charts import chart_png, format_trend, format_value, kind_label
from phr.report.data import PgxRow, ReportContent, ReportData, Section, format_list
from phr.report.limitations import limitations
from phr.report.pdf_doc import (
    ACCENT,
    FAMILY,
    HEAD_FILL,
    INK,
    MUTED,
    TAKING_FILL,
    WARN,
    Part,
    ReportPdf,
)
from phr.report.pdf_plan import plan_section
from phr.report.wording import (
    call_status_text,
    diplotype_text,
    genome_text,
    note_status_text,
    phenotype_text,
    refs_text,
    short_evidence,
    source_text,
)
from phr.rules.model import Note, NoteStatus

_CHART_KINDS_FIRST = ("blood_pressure", "weight", "heart_rate", "resting_heart_rate")
_MAX_CHARTS = 6
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff]")


def _isolated(name: str) -> str:
    """A person's name set apart (FSI ... PDI) for the bidi algorithm, when it holds Hebrew or
    Arabic: otherwise the date or the next name after it would join its right-to-left run and
    print in the wrong place ("for أمينة · 2026-11-20" showed the date first)."""
    return f"\u2068{name}\u2069" if _RIGHT_TO_LEFT.search(name) else name


def render_pdf(data: ReportData) -> bytes:
    content = data.content()
    footer = "PHR health summary"
    if data.person.name:
        footer += f" for {_isolated(data.person.name)}"
    footer += f" · {data.report_date.isoformat()} · not a diagnosis"
    pdf = ReportPdf(footer, data.report_date)
    pdf.add_page()
    _header(pdf, content)
    _pgx(pdf, content)
    _prevention(pdf, content)
    plan_section(pdf, data)
    _medications(pdf, content)
    _lifestyle(pdf, content)
    _limitations(pdf, content)
    _sources(pdf, content)
    return bytes(pdf.output())


# -- header -----------------------------------------------------------------------------------


def _header(pdf: ReportPdf, content: ReportContent) -> None:
    data = content.data
    pdf.set_font(FAMILY, "B", 15)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 8, "Health summary for a doctor or pharmacist", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    person = data.person
    if person.identified:
        parts = []
        if person.name:
            parts.append(("Name: ", "B", INK))
            parts.append((person.name + "   ", "", INK))
        if person.birth_date:
            parts.append(("Date of birth: ", "B", INK))
            parts.append((person.birth_date.isoformat(), "", INK))
        pdf.rich(parts, size=9.5)
    else:
        pdf.para("Name and date of birth: not included (the person chose to leave them out).")
    rule_set = f"rule set {data.rule_set_version}" if data.rule_set_version else "no rule set"
    pdf.rich(
        [
            ("Report date: ", "B", INK),
            (f"{data.report_date.isoformat()}   ", "", INK),
            ("Made with: ", "B", INK),
            (f"PHR {data.phr_version}, {rule_set}", "", INK),
        ]
    )
    if data.genomes:
        for genome in data.genomes:
            pdf.rich([("DNA data: ", "B", INK), (genome_text(genome), "", INK)])
    else:
        pdf.rich([("DNA data: ", "B", INK), ("none imported", "", INK)])
    pdf.para(
        "Made by the person with PHR, an app on their own computer, from a consumer DNA file "
        "and their own records. Not a clinical laboratory report.",
        size=7.5,
        colour=MUTED,
    )


# -- pharmacogenomics -------------------------------------------------------------------------


def _pgx(pdf: ReportPdf, content: ReportContent) -> None:
    pdf.heading("Medicines and genes (pharmacogenomics)")
    empty = content.left_out(Section.PGX)
    if empty:
        pdf.para(empty, colour=MUTED)
        return
    rows = content.table_rows
    if any(r.taken for r in rows):
        pdf.para("Shaded rows: the person takes an affected medicine now.", size=7.5, colour=WARN)
    if rows:
        _pgx_table(pdf, content, rows)
    quiet = content.quiet_rows
    if quiet:
        pdf.ln(1)
        listed = "; ".join(
            f"{r.call.gene} {diplotype_text(r.call)} ({phenotype_text(r.call)}) "
            f"{refs_text(content.refs(r.notes))}".strip()
            for r in quiet
        )
        pdf.rich(
            [("Also tested, nothing to change: ", "B", INK), (listed + ".", "", INK)], size=7.5
        )
    _discuss(pdf, content)


def _pgx_table(pdf: ReportPdf, content: ReportContent, rows: tuple[PgxRow, ...]) -> None:
    head = FontFace(family=FAMILY, emphasis="BOLD", size_pt=7.5, fill_color=HEAD_FILL)
    pdf.set_font(FAMILY, "", 7.5)
    with pdf.table(
        col_widths=(19, 28, 30, 17, 41, 22, 25),
        line_height=3.4,
        text_align="LEFT",
        headings_style=head,
        borders_layout="HORIZONTAL_LINES",
        padding=(0.8, 1, 0.8, 1),
        first_row_as_headings=True,
    ) as table:
        heading = ("Gene", "Result", "Phenotype", "Status", "Medicines affected")
        table.row((*heading, "Taking now", "Evidence"))
        for row in rows:
            call = row.call
            fill = TAKING_FILL if row.taken else None
            normal = FontFace(family=FAMILY, size_pt=7.5, fill_color=fill)
            bold = FontFace(family=FAMILY, emphasis="BOLD", size_pt=7.5, fill_color=fill)
            cells = table.row()
            cells.cell(call.gene, style=bold)
            cells.cell(diplotype_text(call), style=normal)
            cells.cell(phenotype_text(call), style=normal)
            cells.cell(call_status_text(call), style=bold if call.status != "called" else normal)
            cells.cell(", ".join(row.drugs) or "—", style=normal)
            cells.cell(", ".join(_isolated(t) for t in row.taken), style=bold)
            evidence = short_evidence(row.evidence) or "—"
            cells.cell(f"{evidence} {refs_text(content.refs(row.notes))}".strip(), style=normal)


def _discuss(pdf: ReportPdf, content: ReportContent) -> None:
    notes = content.action_notes
    if not notes:
        return
    pdf.ln(2)
    pdf.ensure_space(25)  # never leave the heading alone at the foot of a page
    pdf.set_font(FAMILY, "B", 9.5)
    pdf.cell(0, 5, "To discuss", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for note in notes:
        if content.needs_detail(note):
            _note_block(pdf, content, note)
        else:
            _note_line(pdf, content, note, note.discuss)


def _note_line(pdf: ReportPdf, content: ReportContent, note: Note, text: str) -> None:
    """One compact paragraph: title, one sentence group, evidence and sources."""
    refs = refs_text(content.refs([note]))
    tail = f" {short_evidence([note.evidence])} {refs}".rstrip()
    pdf.ensure_space(pdf.height_of(f"{note.title} {text}{tail}", size=8, indent=4) + 1)
    pdf.rich(
        [("■ ", "B", ACCENT), (f"{note.title}: ", "B", INK), (text, "", INK), (tail, "I", MUTED)],
        size=8,
    )
    pdf.ln(0.6)


def _note_block(pdf: ReportPdf, content: ReportContent, note: Note) -> None:
    taken = content.taken_in(note) if note.status != NoteStatus.INFORMATIVE else ()
    text = f"{note.title} {note.found} {note.meaning} Discuss: {note.discuss} {note.evidence}"
    pdf.ensure_space(pdf.height_of(text, indent=4) + 6)
    title: list[Part] = [("■ ", "B", ACCENT), (note.title, "B", INK)]
    if taken:
        title.append((f"   TAKING NOW: {', '.join(_isolated(t) for t in taken)}", "B", WARN))
    if note.confirm_clinically:
        title.append(("   CONFIRM CLINICALLY", "B", WARN))
    pdf.rich(title, size=8.5)
    pdf.rich([("Found: ", "B", INK), (f"{note.found} {note.meaning}", "", INK)], indent=4)
    pdf.rich([("Discuss: ", "B", INK), (note.discuss, "", INK)], indent=4)
    why = f"{note.evidence}. {note_status_text(note.status).capitalize()}. Rule {note.id}."
    refs = refs_text(content.refs([note]))
    pdf.rich([(f"{why} Sources {refs}." if refs else why, "I", MUTED)], size=7.5, indent=4)
    pdf.ln(0.8)


# -- prevention -------------------------------------------------------------------------------


def _prevention(pdf: ReportPdf, content: ReportContent) -> None:
    pdf.heading("Prevention findings")
    empty = content.left_out(Section.PREVENTION)
    if empty:
        pdf.para(empty, colour=MUTED)
        return
    for note in content.prevention_notes:
        if note.status == NoteStatus.ACTIONABLE or note.confirm_clinically:
            _note_block(pdf, content, note)
        elif note.status != NoteStatus.NOT_TESTED:
            _note_line(pdf, content, note, note.found)
    untested = [n.title for n in content.prevention_notes if n.status == NoteStatus.NOT_TESTED]
    if untested:
        pdf.rich(
            [("Not tested (unknown, not normal): ", "B", INK), (format_list(untested, 10), "", INK)]
        )


# -- medications ------------------------------------------------------------------------------


def _medications(pdf: ReportPdf, content: ReportContent) -> None:
    pdf.heading("Current medicines")
    empty = content.left_out(Section.MEDS)
    if empty:
        pdf.para(empty, colour=MUTED)
        return
    head = FontFace(family=FAMILY, emphasis="BOLD", size_pt=7.5, fill_color=HEAD_FILL)
    pdf.set_font(FAMILY, "", 7.5)
    with pdf.table(
        col_widths=(45, 35, 102),
        line_height=3.4,
        text_align="LEFT",
        headings_style=head,
        borders_layout="HORIZONTAL_LINES",
        padding=(0.8, 1, 0.8, 1),
    ) as table:
        table.row(("Medicine (as entered)", "Generic name", "Genetic flag"))
        for row in content.medication_rows:
            flagged = [n for n in row.notes if n.status != NoteStatus.NOT_TESTED]
            fill = TAKING_FILL if flagged else None
            normal = FontFace(family=FAMILY, size_pt=7.5, fill_color=fill)
            bold = FontFace(family=FAMILY, emphasis="BOLD", size_pt=7.5, fill_color=fill)
            cells = table.row()
            cells.cell(row.medication.name, style=bold)
            cells.cell(row.medication.generic or "not recognised", style=normal)
            flag = "; ".join(f"{n.title} {refs_text(content.refs([n]))}" for n in row.notes)
            if not flag:
                flag = "none found" if content.data.findings else "no DNA results in this report"
            cells.cell(flag, style=bold if flagged else normal)


# -- lifestyle --------------------------------------------------------------------------------


def _lifestyle(pdf: ReportPdf, content: ReportContent) -> None:
    data = content.data
    pdf.heading(f"Measurements, {data.start.isoformat()} to {data.end.isoformat()}")
    empty = content.left_out(Section.LIFESTYLE)
    if empty:
        pdf.para(empty, colour=MUTED)
        return
    summaries = content.lifestyle
    head = FontFace(family=FAMILY, emphasis="BOLD", size_pt=7.5, fill_color=HEAD_FILL)
    pdf.set_font(FAMILY, "", 7.5)
    with pdf.table(
        col_widths=(32, 40, 28, 28, 38, 16),
        line_height=3.4,
        text_align="LEFT",
        headings_style=head,
        borders_layout="HORIZONTAL_LINES",
        padding=(0.8, 1, 0.8, 1),
    ) as table:
        table.row(("Measure", "Latest", "7-day average", "30-day average", "Trend", "Days"))
        for s in summaries:
            latest = format_value(s.latest, s.unit)
            if s.latest_at:
                latest += f" ({s.latest_at[:10]})"
            trend = format_trend(s.trend_90d, s.unit)
            if s.share_above_130_80 is not None:
                trend += f"; {s.share_above_130_80:.0%} of readings above 130/80"
            table.row(
                (
                    kind_label(s.kind),
                    latest,
                    format_value(s.mean_7d, s.unit),
                    format_value(s.mean_30d, s.unit),
                    trend,
                    str(len(s.days)),
                )
            )
    _charts(pdf, content)


def _charts(pdf: ReportPdf, content: ReportContent) -> None:
    first = [s for k in _CHART_KINDS_FIRST for s in content.lifestyle if s.kind == k]
    rest = [s for s in content.lifestyle if s.kind not in _CHART_KINDS_FIRST]
    chosen = [s for s in (first + rest) if len(s.days) >= 2][:_MAX_CHARTS]
    width, height, gap = 59.0, 27.0, 1.5
    pdf.ln(2)
    for index, summary in enumerate(chosen):
        column = index % 3
        if column == 0:
            if index:
                pdf.set_y(pdf.get_y() + height + gap)
            pdf.ensure_space(height)
        x = pdf.l_margin + column * (width + gap)
        png = chart_png(summary, width_in=width / 25.4, height_in=height / 25.4, dpi=170)
        pdf.image(io.BytesIO(png), x=x, y=pdf.get_y(), w=width, h=height)
    if chosen:
        pdf.set_y(pdf.get_y() + height + gap)


# -- limitations and sources ------------------------------------------------------------------


def _limitations(pdf: ReportPdf, content: ReportContent) -> None:
    pdf.heading("Limits of this report")
    for line in limitations(content):
        pdf.bullet(line, size=7.8)


def _sources(pdf: ReportPdf, content: ReportContent) -> None:
    pdf.heading("Sources")
    if not content.sources:
        pdf.para("No findings are shown, so no sources are cited.", colour=MUTED)
        return
    pdf.set_font(FAMILY, "", 7)
    pdf.set_text_color(*INK)
    with pdf.text_columns(ncols=2, gutter=6, line_height=1.15, balance=True) as columns:
        for number, source in enumerate(content.sources, start=1):
            with columns.paragraph(bottom_margin=0.6) as paragraph:
                paragraph.write(f"[{number}] {source_text(source)}")
