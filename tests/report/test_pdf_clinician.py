"""The doctor's PDF read as a clinician reads it: page 1 first, type size, unbroken words,
heads kept with their content, merged duplicates, no sentence written to the patient."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from phr.report import ALL_SECTIONS, Section, build_bundle, build_pdf, render_pdf
from phr.report.pdf_doc import BODY, ReportPdf
from phr.rules.model import Category, NoteStatus
from tests.report import samples
from tests.report.helpers import json_text, pdf_pages, pdf_text

_FOOTER = re.compile(r"^PHR health summary|Page \d+ of \d+$")
_PATIENT_WORDS = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def _combo_clopidogrel() -> Any:
    """A combination note that sharpens the plain clopidogrel note: a near-duplicate."""
    base = next(n for n in samples.notes() if n.id == "cyp2c19-clopidogrel")
    return dataclasses.replace(
        base,
        id="combo-cyp2c19-clopidogrel",
        title="You take clopidogrel and your CYP2C19 result matters",
        inputs={"medication": "clopidogrel"},
        action="Takes clopidogrel: consider prasugrel or ticagrelor if not contraindicated.",
    )


def report(**changes: Any) -> Any:
    data = samples.report(**changes)
    assert data.findings is not None
    notes = (*data.findings.notes, _combo_clopidogrel())
    return dataclasses.replace(data, findings=dataclasses.replace(data.findings, notes=notes))


def _lines(pdf: bytes) -> Iterator[tuple[int, list[str]]]:
    """(page number, text lines) as pdfium reads them, footer included."""
    document = pdfium.PdfDocument(pdf)
    for number, page in enumerate(document, start=1):
        text = page.get_textpage().get_text_range()
        yield number, [line.strip() for line in text.splitlines() if line.strip()]


def test_page_one_answers_taken_then_possible_then_not_tested() -> None:
    first = " ".join(pdf_pages(render_pdf(report()))[0].split())
    taken = first.index("Findings for medicines the patient takes now")
    possible = first.index("Findings for medicines the patient might be given")
    untested = first.index("Not tested: do not assume normal")
    assert taken < possible < untested
    taken_part = first[taken:possible]
    # one row: medicine, gene and result, phenotype, the guideline's action, evidence
    assert re.search(
        r"clopidogrel CYP2C19 \*2/\*2 Poor metabolizer Takes clopidogrel: consider prasugrel",
        taken_part,
    )
    assert "simvastatin SLCO1B1 *1/*5 Decreased function" in taken_part
    assert "Microgynon 30 (estrogen)" in taken_part
    possible_part = first[possible:untested]
    assert "citalopram and escitalopram CYP2C19 *2/*2" in possible_part
    assert "warfarin" in possible_part and "clopidogrel" not in possible_part
    untested_part = first[untested:]
    assert "G6PD not tested: unknown, not normal; matters for rasburicase and primaquine" in (
        untested_part
    )
    assert "CYP2D6 copy number was not assessed" in untested_part
    assert "Gene results" not in first or first.index("Gene results") > untested


def test_every_character_is_set_at_nine_points_or_more() -> None:
    for data in (report(), samples.report(genomes=(), findings=None)):
        document = pdfium.PdfDocument(render_pdf(data))
        sizes = set()
        for page in document:
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                if not chr(pdfium_raw.FPDFText_GetUnicode(textpage, index)).isspace():
                    sizes.add(round(pdfium_raw.FPDFText_GetFontSize(textpage, index), 2))
        assert sizes and min(sizes) >= BODY == 9.0


def test_no_word_is_broken_across_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every word the PDF shows is a word the report was given: a word cut by a narrow table
    column ('aminoglycoside-induce' / 'd') would show as two words nobody wrote."""
    given: set[str] = set()
    original = ReportPdf.normalize_text

    def record(self: ReportPdf, text: str) -> str:
        given.update(_words(text))
        return original(self, text)

    monkeypatch.setattr(ReportPdf, "normalize_text", record)
    pdf = render_pdf(report())
    shown = {w for _, lines in _lines(pdf) for line in lines for w in _words(line)}
    broken = {w for w in shown - given if not w.isdigit()}
    assert broken == set()


def _words(text: str) -> set[str]:
    return {w.strip(".,;:()[]") for w in text.split()} - {""}


@pytest.mark.parametrize("medicines", [0, 1, 2, 3, 4, 5])
@pytest.mark.parametrize("lifestyle", [True, False])
def test_no_head_is_the_last_line_of_its_page(medicines: int, lifestyle: bool) -> None:
    """Heads land at different heights as the medicine list grows; none may be orphaned."""
    sections = ALL_SECTIONS if lifestyle else ALL_SECTIONS - {Section.LIFESTYLE}
    data = report(medications=samples.medications()[:medicines], sections=sections)
    document = build_pdf(data)
    pages = dict(_lines(bytes(document.output())))
    assert document.heads
    for page, head in document.heads:
        body = [line for line in pages[page] if not _FOOTER.search(line)]
        position = next(i for i, line in enumerate(body) if line.startswith(head))
        assert position < len(body) - 1, f"{head!r} is the last line of page {page}"


def test_near_duplicate_notes_are_one_row_with_the_sharper_action() -> None:
    text = " ".join(pdf_pages(render_pdf(report()))[0].split())
    taken = text[: text.index("Findings for medicines the patient might be given")]
    assert taken.count("CYP2C19 *2/*2") == 1
    assert "Takes clopidogrel: consider prasugrel or ticagrelor" in taken


def test_same_action_for_the_same_gene_is_merged() -> None:
    from phr.report.summary import merge_near_duplicates

    notes = [n for n in samples.notes() if n.category == Category.MEDICATION]
    twin = dataclasses.replace(
        notes[1], id="cyp2c19-sertraline", drugs=("sertraline",), action="Lower dose."
    )
    groups = merge_near_duplicates([dataclasses.replace(notes[1], action="Lower dose."), twin])
    assert len(groups) == 1
    # a different status never merges, even for the same gene and medicine
    informative = dataclasses.replace(notes[0], status=NoteStatus.INFORMATIVE)
    assert len(merge_near_duplicates([notes[0], informative])) == 2


def test_the_clinician_report_says_nothing_to_the_patient() -> None:
    data = report()
    assert data.findings is not None
    assert any(_PATIENT_WORDS.search(n.discuss) for n in data.findings.notes)
    text = pdf_text(render_pdf(data))
    assert not _PATIENT_WORDS.search(text), _PATIENT_WORDS.search(text)
    bundle = json_text(build_bundle(data))
    assert not _PATIENT_WORDS.search(bundle), _PATIENT_WORDS.search(bundle)


def test_limits_are_plain_sentences_and_rsids_are_in_the_appendix() -> None:
    text = pdf_text(render_pdf(report()))
    limits = text[text.index("Limits of this report") : text.index("Appendix")]
    assert not re.search(r"\brs\d+", limits)
    assert "G6PD and MT-RNR1, so these are unknown, not normal" in limits
    appendix = text[text.index("Appendix") : text.index("Sources [1]")]
    assert "G6PD: not read: rs1050828, rs5030868." in appendix
    assert "DPYD: not read: rs75017182, rs56038477." in appendix
    assert "ALDH2 alcohol flush: not read: rs671." in appendix
    # the rule behind every finding stays visible (CLINICAL.md rule 3)
    assert "Rules behind the findings: cyp2c19-clopidogrel, cyp2c19-ssri" in appendix


def test_a_report_without_actionable_findings_says_so_on_page_one() -> None:
    data = samples.report(medications=())
    assert data.findings is not None
    notes = tuple(dataclasses.replace(n, on_medication_list=False) for n in data.findings.notes)
    data = dataclasses.replace(data, findings=dataclasses.replace(data.findings, notes=notes))
    first = " ".join(pdf_pages(render_pdf(data))[0].split())
    assert "None of the current medicines has an actionable genetic finding" in first


def test_period_sentence_names_the_dates_and_what_was_left_out() -> None:
    from phr.report.window import LifestyleWindow

    window = LifestyleWindow(
        start=dt.date(2025, 11, 21),
        end=samples.TODAY,
        first_day=dt.date(2023, 2, 1),
        last_day=samples.TODAY,
        older=812,
        older_first=dt.date(2023, 2, 1),
        older_last=dt.date(2025, 11, 20),
    )
    data = report(period_start=window.start, period_end=window.end, window=window)
    text = pdf_text(render_pdf(data))
    assert "Measurements, 2025-11-21 to 2026-11-20" in text
    assert (
        "Covers the patient's readings from 2025-11-21 to 2026-11-20, the last year with data at "
        "most. 812 older readings (2023-02-01 to 2025-11-20) are left out." in text
    )


def test_an_untested_gene_behind_a_medicine_taken_now_leads_the_not_tested_list() -> None:
    from phr.report.summary import not_tested_sentences
    from phr.rules.model import CallStatus

    data = samples.report()
    assert data.findings is not None
    pgx = tuple(
        dataclasses.replace(c, diplotypes=(), phenotype=None, status=CallStatus.NOT_TESTED)
        if c.gene == "CYP2C19"
        else c
        for c in data.findings.pgx
    )
    data = dataclasses.replace(data, findings=dataclasses.replace(data.findings, pgx=pgx))
    lines = not_tested_sentences(data.content())
    assert lines[0] == (
        "CYP2C19 not tested: unknown, not normal; matters for clopidogrel, which the patient takes."
    )
    assert any(
        line.startswith("Also not tested, so unknown rather than normal: MT-RNR1") for line in lines
    )


def test_hla_alleles_without_typing_are_named_and_a_typed_one_is_not() -> None:
    from phr.report.summary import not_tested_sentences
    from phr.rules.model import CallStatus, ClinicalSource, PgxCall

    data = samples.report()
    assert data.findings is not None
    typed = PgxCall(
        "HLA-B*15:02",
        (),
        "absent",
        None,
        CallStatus.CALLED,
        phenotypes=("absent",),
        clinical=ClinicalSource(1, "HLA Lab", "2024-03-01"),
    )
    untyped = PgxCall("HLA-A*31:01", (), None, None, CallStatus.NOT_TESTED)
    pgx = (*data.findings.pgx, typed, untyped)
    data = dataclasses.replace(data, findings=dataclasses.replace(data.findings, pgx=pgx))
    lines = not_tested_sentences(data.content())
    assert any(line.startswith("HLA-A*31:01 not tested: unknown, not normal") for line in lines)
    (hla,) = [line for line in lines if line.startswith("Not HLA-typed")]
    assert "HLA-A*31:01" in hla and "HLA-B*15:02" not in hla
