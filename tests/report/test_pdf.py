"""The doctor's PDF: findings, limits and sources the data implies, readable and numbered."""

from __future__ import annotations

import dataclasses

from phr.report import ALL_SECTIONS, Person, Section, render_pdf
from tests.report import samples
from tests.report.helpers import pdf_pages, pdf_text


def test_pdf_is_two_to_four_numbered_pages_of_selectable_text() -> None:
    pages = pdf_pages(render_pdf(samples.report()))
    assert 2 <= len(pages) <= 4
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_first_page_leads_with_actionable_pgx_and_marks_medicines_taken_now() -> None:
    first = " ".join(pdf_pages(render_pdf(samples.report()))[0].split())
    taken = first[: first.index("Findings for medicines the patient might be given")]
    assert "Findings for medicines the patient takes now" in taken
    assert "clopidogrel CYP2C19 *2/*2 Poor metabolizer" in taken
    assert "simvastatin SLCO1B1 *1/*5" in taken
    # the estrogen note names the product the person takes, not just a drug class
    assert "Microgynon 30 (estrogen)" in taken
    assert "Prevention findings" not in taken


def test_non_ascii_name_and_birth_date_print_when_chosen() -> None:
    text = pdf_text(render_pdf(samples.report()))
    assert samples.NAME in text
    assert "1984-03-02" in text


def test_identity_left_out_by_default_including_file_and_sample_names() -> None:
    data = samples.report(person=Person())
    text = pdf_text(render_pdf(data))
    for secret in ("Łukasiewicz", "Lukasiewicz", "LUKASIEWICZ", "1984-03-02", "genome_Zoe"):
        assert secret not in text
    assert "Name and date of birth: not included" in text


def test_header_names_versions_and_each_genome_source() -> None:
    text = pdf_text(render_pdf(samples.report()))
    assert "PHR 0.1.0, rule set 2026.11-test" in text
    assert "23andMe v5, genotyping chip, GRCh37, imported 2026-01-10" in text


def test_limitations_name_this_persons_untested_and_partial_genes() -> None:
    text = pdf_text(render_pdf(samples.report()))
    limits = text[text.index("Limits of this report") :]
    assert "positions needed for G6PD and MT-RNR1, so these are unknown, not normal" in limits
    assert "MT-RNR1: not read: rs267606617." in limits
    assert "DPYD was only partly tested" in limits
    assert "DPYD: not read: rs75017182, rs56038477. HapB3 cannot be ruled out." in limits
    assert "could not be fully checked for lack of positions: ALDH2 alcohol flush" in limits
    assert "ALDH2 alcohol flush: not read: rs671." in limits
    assert "can miss rare variants" in limits and "confirm clinically" in limits
    assert "CYP2D6: copy number was not assessed" in limits
    assert "HLA alleles are never read from the DNA file" in limits
    assert "This is not a diagnosis" in limits


def test_a_vcf_genome_says_positions_were_assumed_reference_not_the_chip_warning() -> None:
    from phr.genome.model import CoverageKind

    data = samples.report(genomes=(samples.genome(coverage=CoverageKind.VARIANT_ONLY_VCF),))
    assert data.findings is not None
    pgx = tuple(
        dataclasses.replace(c, assumes_reference=True) if c.gene == "TPMT" else c
        for c in data.findings.pgx
    )
    data = dataclasses.replace(data, findings=dataclasses.replace(data.findings, pgx=pgx))
    text = pdf_text(render_pdf(data))
    assert "PHR assumed the reference, which was not measured" in text
    assert "(this affected TPMT)" in text
    assert "genotyping chip" not in text


def test_a_partial_vcf_genome_says_only_listed_positions_were_read() -> None:
    from phr.genome.model import CoverageKind

    data = samples.report(genomes=(samples.genome(coverage=CoverageKind.PARTIAL_VCF),))
    text = " ".join(pdf_text(render_pdf(data)).split())
    assert "PHR read only the positions it lists" in text
    assert "assumed the reference" not in text


def test_every_shown_finding_has_its_guideline_and_pmid_in_sources() -> None:
    text = pdf_text(render_pdf(samples.report()))
    sources = text[text.index("Sources [1]") :]
    for source in (
        samples.CPIC_CLOPIDOGREL,
        samples.CPIC_STATIN,
        samples.CPIC_WARFARIN,
        samples.CPIC_DPYD,
        samples.F5_REVIEW,
        samples.HFE_REVIEW,
    ):
        assert f"{source.label}. PMID {source.pmid}" in sources


def test_lifestyle_table_and_period_are_shown() -> None:
    text = pdf_text(render_pdf(samples.report()))
    assert "Measurements, 2026-08-23 to 2026-11-20" in text
    assert "62% of readings above 130/80" in text
    assert "-0.6 kg / 30 days" in text


def test_sections_not_chosen_or_missing_print_a_left_out_line() -> None:
    data = samples.report(
        sections=ALL_SECTIONS - {Section.LIFESTYLE},
        medications=None,
        missing={Section.MEDS: "the medicine list is not available."},
    )
    text = pdf_text(render_pdf(data))
    assert "Current medicines Left out: the medicine list is not available." in text
    assert "Left out: not chosen for this report." in text
    assert "Steps" not in text


def test_report_without_any_genome_still_renders_with_reasons() -> None:
    data = samples.report(
        genomes=(),
        findings=None,
        missing={
            Section.PGX: "no DNA file has been imported.",
            Section.PREVENTION: "no DNA file has been imported.",
        },
    )
    text = pdf_text(render_pdf(data))
    assert text.count("Left out: no DNA file has been imported.") == 2
    assert "No DNA file was used for this report." in text
    assert "Plavix 75 mg clopidogrel no DNA results in this report" in text
    assert "none found" not in text  # nothing was checked, so nothing can be "not found"


def test_pdf_output_is_deterministic_for_the_same_data() -> None:
    assert render_pdf(samples.report()) == render_pdf(samples.report())


def test_fonts_are_embedded() -> None:
    pdf = render_pdf(samples.report())
    assert b"/FontFile2" in pdf
    assert b"DejaVuSansCondensed" in pdf


def test_combination_note_flags_the_medicine_that_made_it_fire() -> None:
    """Rules about a drug class list no drugs; their `inputs` name the class that fired."""
    data = samples.report()
    assert data.findings is not None
    notes = tuple(
        dataclasses.replace(n, drugs=(), inputs={"medication class": "estrogen"})
        if n.id == "f5-leiden"
        else n
        for n in data.findings.notes
    )
    data = dataclasses.replace(data, findings=dataclasses.replace(data.findings, notes=notes))
    text = pdf_text(render_pdf(data))
    assert "Factor V Leiden: higher clot risk: F5 rs6025: one copy of the Leiden variant. " in text
    assert "Takes Microgynon 30 (estrogen)." in text
    assert "Microgynon 30 ethinylestradiol F5: actionable, see the first table" in text


def test_a_clinical_cyp2d6_result_is_not_called_copy_number_blind() -> None:
    from phr.rules.model import ClinicalSource

    data = samples.report()
    assert data.findings is not None
    lab = ClinicalSource(1, "Example Lab", "2023-04-17")
    pgx = tuple(
        dataclasses.replace(c, clinical=lab, diplotypes=("*1/*2x2",)) if c.gene == "CYP2D6" else c
        for c in data.findings.pgx
    )
    data = dataclasses.replace(data, findings=dataclasses.replace(data.findings, pgx=pgx))
    limits = " ".join(pdf_text(render_pdf(data)).split())
    limits = limits[limits.index("Limits of this report") :]
    assert "CYP2D6 is from a clinical test (Example Lab, 2023-04-17)" in limits
    assert "CYP2D6: copy number was not assessed" not in limits
    assert "CYP2D6 copy number was not assessed" not in limits
