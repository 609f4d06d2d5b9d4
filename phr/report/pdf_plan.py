"""The prevention plan as one compact section of the doctor's PDF (issue 17).

One line per item that needs or has had action (due, coming up, up to date) with its deciding
reason and its source; items that do not apply are named in a single line. Then the PREVENT
estimate or why there is none, the lifestyle notes that call for attention, and the genetic
prevention findings that change what to do. Kept in its own module so the main PDF writer only
gains one call.
"""

from __future__ import annotations

from phr.prevention.plan import PlanItem
from phr.prevention.summary import PreventionSummary
from phr.report.data import ReportData, Section, format_list
from phr.report.pdf_doc import INK, MUTED, WARN, ReportPdf

STATUS = {"due": "Due now", "upcoming": "Due by", "up_to_date": "Up to date"}


def wants_plan(data: ReportData) -> bool:
    """The plan reads the logs, so it needs both the prevention and the lifestyle sections."""
    return Section.PREVENTION in data.sections and Section.LIFESTYLE in data.sections


def _item_line(pdf: ReportPdf, item: PlanItem) -> None:
    status = STATUS[item.status]
    if item.due and item.status != "due":
        status += f" {item.due.isoformat()}"
    reason = item.reasons[-1] if item.reasons else ""
    src = item.source
    cite = f"{src.org} {src.grade} {src.year}" + (f", PMID {src.pmid}" if src.pmid else "")
    colour = WARN if item.status == "due" else INK
    pdf.ensure_space(pdf.height_of(f"{item.title} {status} {reason} {cite}") + 1)
    pdf.rich(
        [
            (f"{item.title}: ", "B", INK),
            (f"{status}. ", "B", colour),
            (f"{reason} ", "", INK),
            (f"[{cite}]", "", MUTED),
        ],
    )


def plan_section(pdf: ReportPdf, data: ReportData) -> None:
    if Section.PREVENTION not in data.sections:
        return
    pdf.heading("Prevention plan (USPSTF grade A and B recommendations)")
    summary: PreventionSummary | None = data.plan
    if summary is None or not wants_plan(data):
        pdf.para(
            "Left out: the plan reads the person's measurements, which are not part of this "
            "export.",
            colour=MUTED,
        )
        return
    shown = [i for i in summary.due_first() if i.status != "not_applicable"]
    for item in shown:
        _item_line(pdf, item)
    other = [i.title for i in summary.due_first() if i.status == "not_applicable"]
    if other:
        pdf.rich([("Not applicable now: ", "B", INK), (format_list(other, 13), "", MUTED)])
    risk = summary.risk
    if risk.cvd_10y is not None:
        text = (
            f"total CVD {risk.cvd_10y:.1f} %, ASCVD {risk.ascvd_10y:.1f} % "
            "(AHA PREVENT base model, PMID 37947085)"
        )
        if risk.old:
            text += "; inputs older than a year: " + ", ".join(risk.old)
    else:
        text = f"not estimated. {risk.refused or ''}"
    pdf.rich([("10-year risk: ", "B", INK), (text, "", INK)])
    for note in summary.lifestyle:
        if note.attention:
            pdf.bullet(f"{note.title}: {note.text}")
    for g in summary.genetic:
        if g.attention or g.confirm:
            pdf.bullet(f"{g.title} ({g.found}): {g.meaning} {g.action}")
    pdf.para(
        f"Prevention plan rule set {summary.rules_version}. Screening dates are as the person "
        "recorded them.",
        colour=MUTED,
    )
