"""The back of the doctor's PDF: measurements with charts, limits, appendix and sources.

The limits are plain sentences a clinician reads in passing; the positions behind them (rsIDs,
alleles that cannot be ruled out, strand and proxy caveats) are in the appendix, for whoever
wants to check them.
"""

from __future__ import annotations

import io

from phr.report.charts import chart_png, format_trend, format_value, kind_label
from phr.report.data import ReportContent, Section
from phr.report.limitations import gap_details, limitations
from phr.report.pdf_doc import BODY, FAMILY, INK, MUTED, GridRow, ReportPdf
from phr.report.summary import clinician_text
from phr.report.wording import source_text
from phr.rules.model import NoteStatus

_CHART_KINDS_FIRST = ("blood_pressure", "weight", "heart_rate", "resting_heart_rate")
_MAX_CHARTS = 6
_CHART_W, _CHART_H, _CHART_GAP = 59.0, 30.0, 1.5


# -- lifestyle --------------------------------------------------------------------------------


def lifestyle(pdf: ReportPdf, content: ReportContent) -> None:
    data = content.data
    empty = content.left_out(Section.LIFESTYLE)
    window = period_sentence(content)
    rows = []
    for s in content.lifestyle:
        latest = format_value(s.latest, s.unit)
        if s.latest_at:
            latest += f" ({s.latest_at[:10]})"
        trend = format_trend(s.trend_90d, s.unit)
        if s.share_above_130_80 is not None:
            trend += f"; {s.share_above_130_80:.0%} of readings above 130/80"
        rows.append(
            GridRow(
                (
                    kind_label(s.kind),
                    latest,
                    format_value(s.mean_7d, s.unit),
                    format_value(s.mean_30d, s.unit),
                    trend,
                    str(len(s.days)),
                ),
                bold=frozenset({0}),
            )
        )
    header = ("Measure", "Latest", "7-day mean", "30-day mean", "Trend (last 90 days)", "Days")
    widths = (30.0, 40.0, 27.0, 27.0, 44.0, 14.0)
    keep = pdf.grid_start(widths, rows) + (pdf.height_of(window) if window else 0)
    pdf.heading(f"Measurements, {data.start.isoformat()} to {data.end.isoformat()}", keep=keep)
    if empty:
        pdf.para(empty, colour=MUTED)
        return
    if window:
        pdf.para(window)
    pdf.grid(widths, header, rows)
    _charts(pdf, content)


def period_sentence(content: ReportContent) -> str | None:
    """Which dates the section covers and what older data it left out, in one or two
    sentences ("Readings from 2025-12-06 to 2026-12-05 ... 212 older readings ...")."""
    data = content.data
    window = data.window
    if window is None or not window.has_data:
        return None
    span = f"{data.start.isoformat()} to {data.end.isoformat()}"
    if window.chosen:
        text = f"The patient chose the period {span}."
    else:
        text = f"Covers the patient's readings from {span}, the last year with data at most."
    if window.older and window.older_first and window.older_last:
        first, last = window.older_first.isoformat(), window.older_last.isoformat()
        dates = f"all from {first}" if first == last else f"{first} to {last}"
        text += f" {window.older} older readings ({dates}) are left out."
    elif window.first_day:
        text += f" The first reading is from {window.first_day.isoformat()}: nothing is older."
    if window.newer:
        text += f" {window.newer} later readings are left out."
    return text


def _charts(pdf: ReportPdf, content: ReportContent) -> None:
    first = [s for k in _CHART_KINDS_FIRST for s in content.lifestyle if s.kind == k]
    rest = [s for s in content.lifestyle if s.kind not in _CHART_KINDS_FIRST]
    chosen = [s for s in (first + rest) if len(s.days) >= 2][:_MAX_CHARTS]
    pdf.ln(2)
    for index, summary in enumerate(chosen):
        column = index % 3
        if column == 0:
            if index:
                pdf.set_y(pdf.get_y() + _CHART_H + _CHART_GAP)
            pdf.ensure_space(_CHART_H)
        x = pdf.l_margin + column * (_CHART_W + _CHART_GAP)
        png = chart_png(
            summary, width_in=_CHART_W / 25.4, height_in=_CHART_H / 25.4, dpi=170, font_size=7
        )
        pdf.image(io.BytesIO(png), x=x, y=pdf.get_y(), w=_CHART_W, h=_CHART_H)
    if chosen:
        pdf.set_y(pdf.get_y() + _CHART_H + _CHART_GAP)


# -- limitations, appendix and sources --------------------------------------------------------


def limits(pdf: ReportPdf, content: ReportContent) -> None:
    pdf.heading("Limits of this report")
    for line in limitations(content):
        pdf.bullet(line)


def appendix(pdf: ReportPdf, content: ReportContent) -> None:
    """Per gene or finding: the positions not read, what cannot be ruled out, and the caveats
    (strand, proxies, copy number) in full. Sentences written to the patient are left out."""
    details = gap_details(content)
    rules = [
        n.id for n in content.notes if n.status in (NoteStatus.ACTIONABLE, NoteStatus.INFORMATIVE)
    ]
    if not details and not rules:
        return
    pdf.heading("Appendix: positions not read and technical notes", keep=15)
    for name, text in details:
        text = clinician_text(text)
        pdf.ensure_space(pdf.height_of(f"{name}: {text}") + 1)
        pdf.rich([(f"{name}: ", "B", INK), (text, "", INK)])
        pdf.ln(0.6)
    if rules:
        # CLINICAL.md rule 3: the rule behind every finding stays visible.
        version = content.data.rule_set_version
        rule_set = f"PHR's rule set {version}" if version else "PHR's rule set"
        text = f"{', '.join(rules)}. Each is in {rule_set} with its genotypes and sources."
        pdf.ensure_space(pdf.height_of(text) + 1)
        pdf.rich([("Rules behind the findings: ", "B", INK), (text, "", INK)])


def sources(pdf: ReportPdf, content: ReportContent) -> None:
    pdf.heading("Sources", keep=10)
    if not content.sources:
        pdf.para("No findings are shown, so no sources are cited.", colour=MUTED)
        return
    pdf.set_font(FAMILY, "", BODY)
    pdf.set_text_color(*INK)
    with pdf.text_columns(ncols=2, gutter=6, line_height=1.15, balance=True) as columns:
        for number, source in enumerate(content.sources, start=1):
            with columns.paragraph(bottom_margin=0.6) as paragraph:
                paragraph.write(f"[{number}] {source_text(source)}")
