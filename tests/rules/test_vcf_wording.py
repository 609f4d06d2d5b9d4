"""What PHR says about a sequencing VCF, in the words a person reads: CYP2D6 without a
phenotype says so and why, a negative RYR1/CACNA1S/CFTR result keeps the gene table's shape,
code-like phenotypes ("-1639 AA") come with plain words, and caveats about chips or GRCh37
appear only for such files (CLINICAL.md rules 1, 6 and 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from phr.cli import main
from phr.errors import RuleSetError
from phr.genome.model import Build, CoverageKind
from phr.rules.model import CallStatus, PgxCall
from phr.rules.notes import MAY_BE_MILDER
from phr.rules.ruleset import default_rules_dir, load_rule_set
from phr.vault import Vault, create_vault
from phr.vocabulary import call_detail_lines, call_genotype_cell
from tests.report.helpers import pdf_text
from tests.rules.genomes import (
    all_reference_calls,
    array_rows,
    interpret_calls,
    pgx_by_gene,
    store,
    vcf_rows,
)

PASS = "vcf wording passphrase"
CHIP_CAVEAT = "Chip I/D codes"
GRCH37_CAVEAT = "On GRCh37"


def reference_vcf(genes: tuple[str, ...], build: Build) -> dict[str, str]:
    """Every genes.yaml position of `genes` listed as homozygous reference, as a VCF that
    writes its reference calls (PharmCAT's example files do) shows them."""
    calls: dict[str, str] = {}
    for name in genes:
        gene = load_rule_set().genes[name]
        for variant in gene.variants:
            place = variant.position(build)
            assert place.ref is not None
            calls[variant.rsid] = f"{place.ref}/{place.ref}"
    return calls


def calls_for(vault: Vault, rows: list, build: Build) -> dict[str, PgxCall]:  # type: ignore[type-arg]
    findings = interpret_calls(vault, rows, build=build, coverage=CoverageKind.PARTIAL_VCF)
    return pgx_by_gene(findings)


def test_cyp2d6_from_a_vcf_says_no_metabolizer_status_and_why(shared_vault: Vault) -> None:
    rows = vcf_rows(reference_vcf(("CYP2D6",), Build.GRCH38), Build.GRCH38)
    call = calls_for(shared_vault, rows, Build.GRCH38)["CYP2D6"]
    assert call.diplotypes == ("*1/*1",) and call.phenotype is None
    assert call.phenotype_text() == "Metabolizer status not worked out"
    assert "Not stated" not in call.phenotype_text()
    (why,) = call_detail_lines(call)
    assert "copies" in why and "hybrid" in why and "clinical CYP2D6 test" in why
    assert "small sequence differences" in why  # the VCF's words, not a chip's


def test_cyp2d6_caveats_about_chips_and_grch37_stay_off_a_grch38_vcf(
    shared_vault: Vault,
) -> None:
    rows = vcf_rows(reference_vcf(("CYP2D6",), Build.GRCH38), Build.GRCH38)
    caveats = " ".join(calls_for(shared_vault, rows, Build.GRCH38)["CYP2D6"].caveats)
    assert CHIP_CAVEAT not in caveats
    assert GRCH37_CAVEAT not in caveats
    assert "Copy number not assessed" in caveats


def test_cyp2d6_chip_keeps_its_chip_and_grch37_caveats(shared_vault: Vault) -> None:
    findings = interpret_calls(shared_vault, array_rows(dict(all_reference_calls())))
    caveats = " ".join(pgx_by_gene(findings)["CYP2D6"].caveats)
    assert CHIP_CAVEAT in caveats and GRCH37_CAVEAT in caveats
    assert "chips do not count" in " ".join(call_detail_lines(pgx_by_gene(findings)["CYP2D6"]))


def test_cyp2d6_partly_read_vcf_never_says_the_gaps_cannot_change_it(
    shared_vault: Vault,
) -> None:
    """The Dante excerpt's case: rs16947 A/G alone on GRCh37, every pairing needing a missing
    position. The note must not claim that the untested alleles would not change anything."""
    rows = vcf_rows({"rs16947": "A/G"}, Build.GRCH37)
    findings = interpret_calls(
        shared_vault, rows, build=Build.GRCH37, coverage=CoverageKind.PARTIAL_VCF
    )
    call = pgx_by_gene(findings)["CYP2D6"]
    assert call.status == CallStatus.PARTIAL and call.diplotypes == ()
    assert call_genotype_cell(call) == "not named"
    assert call.phenotype_text() == "Metabolizer status not worked out"
    note = next(n for n in findings.notes if n.id == "cyp2d6-medicines")
    assert "would change this result" not in note.found
    assert note.found == (
        "CYP2D6 alleles could not be named (some positions were not tested): "
        "metabolizer status not worked out."
    )
    caveats = " ".join(call.caveats)
    assert GRCH37_CAVEAT in caveats and CHIP_CAVEAT not in caveats


def test_negative_ryr1_result_is_short_in_the_cell_and_whole_under_it(
    shared_vault: Vault,
) -> None:
    rows = vcf_rows(reference_vcf(("RYR1", "CACNA1S", "CFTR"), Build.GRCH38), Build.GRCH38)
    calls = calls_for(shared_vault, rows, Build.GRCH38)
    ryr1 = calls["RYR1"]
    assert call_genotype_cell(ryr1) == "none of the 80 variants found"
    assert ryr1.phenotype == "Uncertain Susceptibility"  # CPIC's name, kept for machines
    assert ryr1.phenotype_text() == "Not ruled out (CPIC: uncertain susceptibility)"
    (sentence,) = call_detail_lines(ryr1)
    assert sentence.startswith("None of the 80 RYR1 variants")
    assert sentence.endswith("does not rule out malignant hyperthermia susceptibility.")
    assert call_genotype_cell(calls["CACNA1S"]) == "none of the 2 variants found"
    assert call_genotype_cell(calls["CFTR"]) == "none of the 100 variants found"
    # GRCh37-only caveats stay off a GRCh38 file
    assert not any(GRCH37_CAVEAT in c for c in ryr1.caveats)


def test_vkorc1_and_warfarin_genes_are_said_in_words(shared_vault: Vault) -> None:
    rows = vcf_rows({"rs9923231": "T/T", "rs2108622": "C/T", "rs12777823": "G/G"}, Build.GRCH37)
    calls = calls_for(shared_vault, rows, Build.GRCH37)
    assert calls["VKORC1"].phenotype == "-1639 AA"  # the guideline's name, for --json
    assert calls["VKORC1"].phenotype_text() == "More sensitive to warfarin (-1639 AA)"
    assert calls["CYP4F2"].phenotype_text() == "Carries *3: lower CYP4F2 function"
    assert calls["rs12777823"].phenotype_text() == "No A allele: no warfarin dose effect"
    findings = interpret_calls(
        shared_vault, rows, build=Build.GRCH37, coverage=CoverageKind.PARTIAL_VCF
    )
    warfarin = next(n for n in findings.notes if n.id == "warfarin")
    assert "VKORC1 -1639A/-1639A: More sensitive to warfarin (-1639 AA)." in warfarin.found


def test_phenotype_words_must_name_a_phenotype_of_the_gene(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    shutil.copytree(Path(str(default_rules_dir())), target)
    genes = target / "genes.yaml"
    data = yaml.safe_load(genes.read_text())
    words = data["genes"]["VKORC1"]["phenotype_words"]
    words["-1639 XX"] = words.pop("-1639 AA")
    genes.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(RuleSetError, match="phenotype_words: -1639 XX is not a phenotype"):
        load_rule_set(target)


@pytest.fixture
def vcf_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "vcf.phr"
    with create_vault(path, PASS) as vault:
        calls = reference_vcf(("CYP2D6", "RYR1", "CACNA1S", "CFTR"), Build.GRCH38)
        calls["rs9923231"] = "C/T"
        store(
            vault,
            vcf_rows(calls, Build.GRCH38),
            build=Build.GRCH38,
            coverage=CoverageKind.PARTIAL_VCF,
        )
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return str(path)


def test_pgx_table_keeps_its_columns_with_long_negative_results(
    vcf_vault: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vault", vcf_vault, "pgx"]) == 0
    lines = capsys.readouterr().out.splitlines()
    meaning_at = lines[0].index("What it means")
    rows = {line.split()[0]: line for line in lines[1:] if line and not line[0].isspace()}
    for gene in ("RYR1", "CACNA1S", "CFTR", "CYP2D6", "VKORC1"):
        row = rows[gene]
        assert len(row[:meaning_at].rstrip()) < meaning_at, gene  # the cell ends before it
        assert row[meaning_at - 1] == " " and row[meaning_at] != " ", gene
    assert meaning_at < 60  # no sentence widened the result column
    text = "\n".join(lines)
    assert "Not stated" not in text
    assert rows["CYP2D6"].rstrip().endswith("Metabolizer status not worked out")
    assert rows["VKORC1"].rstrip().endswith("Somewhat more sensitive to warfarin (-1639 AG)")
    under_ryr1 = lines[lines.index(rows["RYR1"]) + 1]
    assert under_ryr1.startswith(" " * meaning_at + "None of the 80 RYR1 variants")


def test_lookup_names_the_asked_rsid_where_the_vcf_row_has_no_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lookup.phr"
    with create_vault(path, PASS) as vault:
        store(
            vault,
            vcf_rows({"rs16947": "A/G"}, Build.GRCH37),  # ID '.', as Dante writes it
            coverage=CoverageKind.PARTIAL_VCF,
        )
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    capsys.readouterr()
    assert main(["--vault", str(path), "lookup", "rs16947", "22:42523943"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["rs16947", "rs16947", "22:42523943", "A/G", "Measured"]
    assert lines[2].split()[:2] == ["22:42523943", "—"]  # a bare position names no rsID


def test_pdf_lists_cyp2d6_from_a_vcf_as_unworked_and_keeps_negative_results_short(
    vcf_vault: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "summary.pdf"
    assert main(["--vault", vcf_vault, "export", "--pdf", str(pdf)]) == 0
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert "Not stated" not in text and "not stated" not in text
    table = text[text.index("Gene results (pharmacogenomics)") :]
    also = table[table.index("Also tested, no change suggested") :]
    # CYP2D6 from a file has a row of its own, never "no change suggested"
    assert "CYP2D6 *1/*1 Metabolizer status not worked out" in table
    assert "CYP2D6" not in also[: also.index(".")]
    assert "RYR1 none of the 80 variants found: Not ruled out (CPIC: uncertain susceptibility)" in (
        also
    )
    assert "VKORC1 -1639G/-1639A Somewhat more sensitive to warfarin (-1639 AG) Read" in table
    assert "(1 positions" not in text
    assert "(1 position, data" in text  # VKORC1's one PharmCAT position, said in the singular


def test_an_untested_gene_in_the_pdf_findings_is_not_tested_not_unnamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Dante excerpt's warfarin row: CYP4F2 absent from the file is 'not tested', never
    'CYP4F2 not named' (which reads as if the file showed something unnamed)."""
    path = tmp_path / "dante.phr"
    with create_vault(path, PASS) as vault:
        store(
            vault,
            vcf_rows({"rs1799853": "C/T", "rs9923231": "T/T"}, Build.GRCH37),
            coverage=CoverageKind.PARTIAL_VCF,
        )
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    pdf = tmp_path / "dante.pdf"
    assert main(["--vault", str(path), "export", "--pdf", str(pdf)]) == 0
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert "not named" not in text
    assert "CYP4F2 not tested" in text


def test_app_gene_table_puts_long_sentences_under_the_meaning(shared_vault: Vault) -> None:
    from ui.note_card import gene_table_html

    calls = reference_vcf(("CYP2D6", "RYR1", "CACNA1S", "CFTR"), Build.GRCH38)
    findings = interpret_calls(
        shared_vault,
        vcf_rows(calls, Build.GRCH38),
        build=Build.GRCH38,
        coverage=CoverageKind.PARTIAL_VCF,
    )
    html = gene_table_html(findings.pgx)
    assert "<td>none of the 80 variants found</td>" in html
    assert (
        "<td>Not ruled out (CPIC: uncertain susceptibility)<br><small>None of the 80 RYR1 "
        "variants" in html
    )
    assert "<td>Metabolizer status not worked out<br><small>A DNA file gives no CYP2D6" in html
    assert "no phenotype claimed" not in html and "Not stated" not in html


def test_a_partly_read_gene_shown_at_its_most_serious_says_it_may_be_milder(
    shared_vault: Vault,
) -> None:
    """The Dante excerpt: CYP2C9 *1/*2 with *3, *5, *6, *8 and *11 untested could be an
    intermediate or a poor metabolizer. Both are actionable for warfarin and PHR shows the
    poor one; its meaning ("clears warfarin very slowly") must not read as established."""
    rows = vcf_rows({"rs1799853": "C/T", "rs9923231": "C/C"}, Build.GRCH37)
    findings = interpret_calls(
        shared_vault, rows, build=Build.GRCH37, coverage=CoverageKind.PARTIAL_VCF
    )
    warfarin = next(n for n in findings.notes if n.id == "warfarin")
    assert warfarin.meaning.startswith(MAY_BE_MILDER + " Your body clears warfarin very slowly")
    # a determined result is said as it is
    calls = dict(all_reference_calls())
    calls.update({"rs1057910": "CC"})  # CYP2C9 *3/*3 on a chip that tested every position
    chip = interpret_calls(shared_vault, array_rows(calls))
    determined = next(n for n in chip.notes if n.id == "warfarin")
    assert determined.meaning.startswith("Your body clears warfarin very slowly")
