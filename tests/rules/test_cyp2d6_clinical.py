"""CYP2D6 from a clinical test: lab diplotypes (copies, hybrids) become phenotypes by the CPIC
activity score, and each CYP2D6 medicine gets its own note; a genome file alone never does."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.errors import InvalidValue
from phr.results import add_result, import_outside_calls, list_results
from phr.rules import interpret
from phr.rules.lab_alleles import fits_file, lab_phenotype
from phr.rules.model import CallStatus, Findings, Note, NoteStatus
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from tests.rules.genomes import all_reference_calls, array_rows, interpret_calls, pgx_by_gene

LAB = "Example Lab"
WORDS = f"from a clinical test ({LAB}, 2023-04-17)"
PER_MEDICINE = (
    "cyp2d6-codeine",
    "cyp2d6-tramadol",
    "cyp2d6-hydrocodone",
    "cyp2d6-ondansetron",
    "cyp2d6-tamoxifen",
    "cyp2d6-atomoxetine",
    "cyp2d6-tricyclics",
    "cyp2d6-paroxetine",
    "cyp2d6-fluvoxamine",
    "cyp2d6-vortioxetine",
    "cyp2d6-metoprolol",
)


def _table():  # type: ignore[no-untyped-def]
    table = load_rule_set().genes["CYP2D6"].clinical_table
    assert table is not None
    return table


def _notes(findings: Findings) -> dict[str, Note]:
    return {n.id: n for n in findings.notes if n.id.startswith("cyp2d6-")}


@pytest.mark.parametrize(
    ("diplotype", "phenotype", "score"),
    [
        ("*1/*1", "Normal Metabolizer", 2.0),
        ("*1/*10", "Normal Metabolizer", 1.25),  # *10 = 0.25 (2020 consensus)
        ("*1/*4", "Intermediate Metabolizer", 1.0),  # AS 1.0 is IM since the consensus
        ("*4/*41", "Intermediate Metabolizer", 0.25),
        ("*4/*5", "Poor Metabolizer", 0.0),
        ("*1/*2x2", "Ultrarapid Metabolizer", 3.0),
        ("*4/*36+*10", "Intermediate Metabolizer", 0.25),
        ("*4x2/*4", "Poor Metabolizer", 0.0),
        ("*1/*2xN", "Ultrarapid Metabolizer", None),  # at least 3.0, whatever N is
        ("*10xN/*4", "Indeterminate", None),  # 0.5 or more: IM or NM, cannot tell
        ("*1/*22", "Indeterminate", None),  # *22: function uncertain
    ],
)
def test_lab_diplotype_to_phenotype_by_activity_score(
    diplotype: str, phenotype: str, score: float | None
) -> None:
    from phr.rules.lab_alleles import lab_diplotype_text, parse_lab_diplotype

    text = lab_diplotype_text(parse_lab_diplotype("CYP2D6", _table(), diplotype))
    assert lab_phenotype(_table(), text) == (phenotype, score)


def test_activity_values_follow_pharmcat_cpic_data() -> None:
    activity = _table().activity
    assert (activity["*1"], activity["*2"], activity["*4"], activity["*5"]) == (1, 1, 0, 0)
    assert (activity["*10"], activity["*17"], activity["*41"]) == (0.25, 0.5, 0.25)
    assert activity["*22"] is None  # uncertain function: never guessed


@pytest.mark.parametrize(
    "phenotype", ["Poor Metabolizer", "Intermediate Metabolizer", "Ultrarapid Metabolizer"]
)
def test_each_phenotype_class_gives_actionable_codeine_notes(vault: Vault, phenotype: str) -> None:
    add_result(vault, "CYP2D6", phenotype=phenotype, lab=LAB, tested_on="2023-04-17")
    notes = _notes(interpret(vault))
    codeine = notes["cyp2d6-codeine"]
    assert codeine.status == NoteStatus.ACTIONABLE
    assert codeine.found == f"CYP2D6 {phenotype}, {WORDS}."
    assert codeine.action and codeine.sources[0].pmid == "33387367"
    assert not codeine.confirm_clinically
    assert "from a clinical test" in notes["cyp2d6-medicines"].meaning


def test_normal_metabolizer_gets_a_note_per_medicine_none_actionable(vault: Vault) -> None:
    add_result(vault, "CYP2D6", diplotype="*1/*2", lab=LAB, tested_on="2023-04-17")
    findings = interpret(vault)
    call = pgx_by_gene(findings)["CYP2D6"]
    assert (call.phenotype, call.activity_score, call.status) == (
        "Normal Metabolizer",
        2.0,
        CallStatus.CALLED,
    )
    notes = _notes(findings)
    assert set(PER_MEDICINE) <= set(notes)
    assert all(notes[i].status == NoteStatus.INFORMATIVE for i in PER_MEDICINE)
    assert notes["cyp2d6-tamoxifen"].found == (
        f"CYP2D6 *1/*2: Normal Metabolizer (activity score 2), {WORDS}."
    )


def test_poor_metabolizer_diplotype_drives_every_guideline(vault: Vault) -> None:
    add_result(vault, "CYP2D6", diplotype="*4/*5", lab=LAB, tested_on="2023-04-17")
    notes = _notes(interpret(vault))
    actionable = {i for i in PER_MEDICINE if notes[i].status == NoteStatus.ACTIONABLE}
    assert actionable == {
        "cyp2d6-codeine",
        "cyp2d6-tramadol",
        "cyp2d6-tamoxifen",
        "cyp2d6-atomoxetine",
        "cyp2d6-tricyclics",
        "cyp2d6-paroxetine",
        "cyp2d6-fluvoxamine",
        "cyp2d6-vortioxetine",
        "cyp2d6-metoprolol",
    }
    assert notes["cyp2d6-codeine"].evidence == "CPIC level A; strong recommendation"
    assert notes["cyp2d6-metoprolol"].sources[0].pmid == "38951961"


def test_ultrarapid_from_a_duplication(vault: Vault) -> None:
    add_result(vault, "CYP2D6", diplotype="*1/*1x2", lab=LAB, tested_on="2023-04-17")
    notes = _notes(interpret(vault))
    assert notes["cyp2d6-ondansetron"].status == NoteStatus.ACTIONABLE
    assert notes["cyp2d6-codeine"].action is not None
    assert "Avoid codeine" in notes["cyp2d6-codeine"].action


def test_indeterminate_lab_result_says_so_and_no_medicine_note_speaks(vault: Vault) -> None:
    add_result(vault, "CYP2D6", diplotype="*1/*22", lab=LAB, tested_on="2023-04-17")
    notes = _notes(interpret(vault))
    assert set(notes) == {"cyp2d6-medicines"}
    assert "not yet known" in notes["cyp2d6-medicines"].meaning


def test_without_any_result_cyp2d6_is_not_tested(vault: Vault) -> None:
    findings = interpret(vault)
    assert pgx_by_gene(findings)["CYP2D6"].status == CallStatus.NOT_TESTED
    notes = _notes(findings)
    assert set(notes) == {"cyp2d6-medicines"}
    assert notes["cyp2d6-medicines"].status == NoteStatus.NOT_TESTED


def test_a_genome_file_alone_never_gives_a_cyp2d6_phenotype(vault: Vault) -> None:
    calls = dict(all_reference_calls())
    calls["rs3892097"] = "CT"  # *4 on one copy
    findings = interpret_calls(vault, array_rows(calls))
    call = pgx_by_gene(findings)["CYP2D6"]
    assert call.phenotype is None and call.clinical is None
    notes = _notes(findings)
    assert set(notes) == {"cyp2d6-medicines"}  # no per-medicine note from a file
    general = notes["cyp2d6-medicines"]
    assert general.status == NoteStatus.INFORMATIVE
    assert "clinical CYP2D6 test" in general.discuss


def test_lab_deletion_the_file_cannot_see_is_explained_not_a_conflict(vault: Vault) -> None:
    calls = dict(all_reference_calls())
    calls["rs3892097"] = "TT"  # the chip shows *4 twice; the lab found *4 and a deleted gene
    add_result(vault, "CYP2D6", diplotype="*4/*5", lab=LAB, tested_on="2023-04-17")
    call = pgx_by_gene(interpret_calls(vault, array_rows(calls)))["CYP2D6"]
    assert call.clinical is not None and not call.clinical.file_disagrees
    (caveat,) = call.caveats
    assert "cannot see missing or extra copies" in caveat


def test_lab_and_file_that_really_disagree_are_shown_as_a_conflict(vault: Vault) -> None:
    calls = dict(all_reference_calls())
    calls["rs3892097"] = "TT"  # *4/*4 in the file
    add_result(vault, "CYP2D6", diplotype="*1/*2", lab=LAB, tested_on="2023-04-17")
    findings = interpret_calls(vault, array_rows(calls))
    call = pgx_by_gene(findings)["CYP2D6"]
    assert call.clinical is not None and call.clinical.file_disagrees
    assert "reads CYP2D6 as *4/*4" in call.caveats[0]
    codeine = _notes(findings)["cyp2d6-codeine"]
    assert "Your DNA file reads this gene differently" in codeine.found


def test_file_view_of_lab_diplotypes() -> None:
    known = {"*1", "*2", "*4", "*10"}
    assert fits_file("*4/*5", "*4/*4", known)
    assert fits_file("*1/*2x2", "*1/*2", known)
    assert fits_file("*4/*36+*10", "*4/*10", known)
    assert not fits_file("*1/*2", "*4/*4", known)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("*1", "two alleles"),
        ("*1/*999", r"no allele '\*999'"),
        ("*1/banana", "not a CYP2D6 allele"),
        ("*1/*2x0", "at least one copy"),
    ],
)
def test_bad_lab_diplotypes_are_refused_and_nothing_is_stored(
    vault: Vault, text: str, message: str
) -> None:
    with pytest.raises(InvalidValue, match=message):
        add_result(vault, "CYP2D6", diplotype=text, lab=LAB, tested_on="2023-04-17")
    assert list_results(vault) == []


def test_lab_spellings_are_stored_in_one_form(vault: Vault) -> None:
    add_result(vault, "CYP2D6", diplotype=" *1.001 / *36 + *10 ", lab=LAB, tested_on="2023-04-17")
    (stored,) = list_results(vault)
    assert stored.diplotype == "*1/*36+*10"


def test_pharmcat_outside_call_file_for_cyp2d6(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "outside.tsv"
    path.write_text(
        "# PharmCAT outside call\nCYP2D6\t*1/*4\tIntermediate Metabolizer\t1.0\n", encoding="utf-8"
    )
    assert import_outside_calls(vault, path, lab=LAB, tested_on="2023-04-17") == 1
    call = pgx_by_gene(interpret(vault))["CYP2D6"]
    assert (call.diplotypes, call.phenotype, call.activity_score) == (
        ("*1/*4",),
        "Intermediate Metabolizer",
        1.0,
    )
    assert call.caveats == ()


def test_score_only_outside_call_uses_the_lab_bands(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "outside.tsv"
    path.write_text("CYP2D6\t\t\t3.0\n", encoding="utf-8")
    import_outside_calls(vault, path, lab=LAB, tested_on="2023-04-17")
    (stored,) = list_results(vault)
    assert stored.phenotype == "Ultrarapid Metabolizer"


def test_lab_phenotype_that_differs_from_the_table_is_read_and_said(vault: Vault) -> None:
    # an older lab report calls activity score 1.0 a Normal Metabolizer
    add_result(
        vault,
        "CYP2D6",
        diplotype="*1/*4",
        phenotype="Normal Metabolizer",
        lab=LAB,
        tested_on="2023-04-17",
    )
    call = pgx_by_gene(interpret(vault))["CYP2D6"]
    assert call.phenotype == "Normal Metabolizer"
    assert any("PHR's table gives Intermediate Metabolizer" in c for c in call.caveats)


def test_a_partial_file_call_does_not_conflict_with_an_allele_it_could_not_see(
    vault: Vault,
) -> None:
    # the chip tested only the *4 position: *2 (and its duplication) cannot be ruled out
    calls = {"rs3892097": "CC"}
    add_result(vault, "CYP2D6", diplotype="*1/*2x2", lab=LAB, tested_on="2023-04-17")
    call = pgx_by_gene(interpret_calls(vault, array_rows(calls)))["CYP2D6"]
    assert call.clinical is not None and not call.clinical.file_disagrees
    (caveat,) = call.caveats
    assert "some of its positions were not tested" in caveat


def test_a_partial_cyp2c19_call_fits_a_lab_allele_at_an_untested_position(vault: Vault) -> None:
    calls = {k: v for k, v in all_reference_calls().items() if k != "rs4244285"}  # *2 untested
    add_result(vault, "CYP2C19", diplotype="*1/*2", lab=LAB, tested_on="2023-04-17")
    call = pgx_by_gene(interpret_calls(vault, array_rows(calls)))["CYP2C19"]
    assert call.clinical is not None and not call.clinical.file_disagrees
    (caveat,) = call.caveats
    assert "some positions of this gene were not tested" in caveat


def test_two_non_normal_genes_for_amitriptyline_are_read_together(vault: Vault) -> None:
    add_result(vault, "CYP2D6", diplotype="*1/*4", lab=LAB, tested_on="2023-04-17")
    add_result(vault, "CYP2C19", diplotype="*1/*17", lab=LAB, tested_on="2023-04-17")
    notes = _notes(interpret(vault))
    both = notes["cyp2d6-cyp2c19-tricyclics"]
    assert both.status == NoteStatus.ACTIONABLE
    assert "CYP2D6 *1/*4: Intermediate Metabolizer" in both.found
    assert "CYP2C19 *1/*17: Rapid Metabolizer" in both.found


def test_one_normal_gene_gives_no_combined_tricyclic_note(vault: Vault) -> None:
    add_result(vault, "CYP2D6", diplotype="*1/*4", lab=LAB, tested_on="2023-04-17")
    add_result(vault, "CYP2C19", diplotype="*1/*1", lab=LAB, tested_on="2023-04-17")
    assert "cyp2d6-cyp2c19-tricyclics" not in _notes(interpret(vault))
