"""Warfarin reads CYP2C9, VKORC1, CYP4F2 and rs12777823 as CPIC 2017 does, and says that the
ancestry-specific steps depend on what PHR does not know (issue 16)."""

from __future__ import annotations

import pytest

from phr.genome.model import Build, CoverageKind
from phr.results import add_result
from phr.rules.model import CallStatus, NoteStatus
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from tests.rules.genomes import (
    all_reference_calls,
    array_rows,
    interpret_calls,
    pgx_by_gene,
    vcf_rows,
)


def _warfarin(findings):  # type: ignore[no-untyped-def]
    return next(n for n in findings.notes if n.id == "warfarin")


def _chip(vault: Vault, drop: tuple[str, ...] = (), **changes: str):  # type: ignore[no-untyped-def]
    calls = {k: v for k, v in all_reference_calls().items() if k not in drop}
    calls.update(changes)
    return interpret_calls(vault, array_rows(calls))


def test_rs12777823_sits_where_pharmcat_and_dbsnp_put_it() -> None:
    (variant,) = load_rule_set().genes["rs12777823"].variants
    assert (variant.position(Build.GRCH38).pos, variant.position(Build.GRCH38).ref) == (
        94645745,
        "G",
    )
    assert (variant.position(Build.GRCH37).pos, variant.position(Build.GRCH37).ref) == (
        96405502,
        "G",
    )


def test_all_four_usual_results_give_the_usual_advice(vault: Vault) -> None:
    findings = _chip(vault)
    assert pgx_by_gene(findings)["rs12777823"].phenotype == "No A allele"
    note = _warfarin(findings)
    assert note.status == NoteStatus.INFORMATIVE
    assert "CYP2C9, VKORC1, CYP4F2 and rs12777823" in note.meaning
    assert "rs12777823 only for people of African ancestry" in note.limits
    assert "CYP2C9 *5, *6, *8 and *11" in note.limits


@pytest.mark.parametrize("genotype", ["AG", "AA"])
def test_rs12777823_a_carrier_is_a_dose_step_for_african_ancestry_only(
    vault: Vault, genotype: str
) -> None:
    findings = _chip(vault, rs12777823=genotype)
    assert pgx_by_gene(findings)["rs12777823"].phenotype == "A allele carrier"
    note = _warfarin(findings)
    assert note.status == NoteStatus.ACTIONABLE
    assert note.evidence.endswith("moderate recommendation")
    assert "African ancestry" in note.meaning and "10 to 25%" in note.meaning
    assert note.action is not None and "if of African ancestry" in note.action


def test_cyp4f2_star3_is_an_optional_small_increase(vault: Vault) -> None:
    note = _warfarin(_chip(vault, rs2108622="CT"))
    assert note.status == NoteStatus.ACTIONABLE
    assert note.evidence.endswith("optional recommendation")
    assert "5 to 10% more" in note.meaning


def test_cyp2c9_poor_metabolizer_raises_an_alternative(vault: Vault) -> None:
    note = _warfarin(_chip(vault, rs1057910="CC"))
    assert note.status == NoteStatus.ACTIONABLE
    assert note.action is not None and "alternative anticoagulant" in note.action


def test_rs12777823_absent_from_the_chip_is_said_not_read(vault: Vault) -> None:
    findings = _chip(vault, drop=("rs12777823",))
    assert pgx_by_gene(findings)["rs12777823"].status == CallStatus.NOT_TESTED
    note = _warfarin(findings)
    assert note.status == NoteStatus.INFORMATIVE
    assert "rs12777823: not tested." in note.found
    assert "CYP4F2 or rs12777823 was not read" in note.meaning


def test_rs12777823_read_from_a_grch38_vcf(vault: Vault) -> None:
    findings = interpret_calls(
        vault,
        vcf_rows({"rs12777823": "G/A"}, Build.GRCH38),
        build=Build.GRCH38,
        coverage=CoverageKind.PARTIAL_VCF,
    )
    call = pgx_by_gene(findings)["rs12777823"]
    assert (call.status, call.phenotype) == (CallStatus.CALLED, "A allele carrier")


def test_clinical_rs12777823_result_outranks_the_file_and_a_conflict_is_shown(
    vault: Vault,
) -> None:
    add_result(vault, "rs12777823", diplotype="A/G", lab="Lab", tested_on="2022-05-05")
    findings = _chip(vault)  # the chip says G/G
    call = pgx_by_gene(findings)["rs12777823"]
    assert call.phenotype == "A allele carrier"
    assert call.clinical is not None and call.clinical.file_disagrees
    assert _warfarin(findings).status == NoteStatus.ACTIONABLE


def test_partly_tested_cyp2c9_leaves_warfarin_partial(vault: Vault) -> None:
    note = _warfarin(_chip(vault, drop=("rs1057910",)))  # CYP2C9 *3 not on the chip
    assert note.status == NoteStatus.PARTIAL
    assert "CYP2C9 *3" in note.meaning
    assert "No change is suggested" not in note.discuss


def test_clinical_rs12777823_gg_is_read_and_agrees_with_the_file(vault: Vault) -> None:
    add_result(vault, "rs12777823", diplotype="G/G", lab="Lab", tested_on="2022-05-05")
    findings = _chip(vault)
    call = pgx_by_gene(findings)["rs12777823"]
    assert call.phenotype == "No A allele" and call.clinical is not None
    assert not call.clinical.file_disagrees
    assert (
        "rs12777823 G/G: No A allele: no warfarin dose effect, from a clinical test (Lab, "
        "2022-05-05)." in _warfarin(findings).found
    )


@pytest.mark.parametrize("example", ["pharmcat.example", "pharmcat.example2"])
def test_pharmcats_example_vcfs_read_rs12777823_where_pharmcat_lists_it(
    vault: Vault, example: str
) -> None:
    """PharmCAT's own GRCh38 examples list rs12777823 at chr10:94645745 (hom-ref in both)."""
    from tests.conftest import shared_file
    from tests.rules.test_real_files import read_vcf

    vcf = shared_file("data", "pharmcat", "examples", f"{example}.vcf")
    findings = interpret_calls(
        vault, read_vcf(vcf), build=Build.GRCH38, coverage=CoverageKind.PARTIAL_VCF
    )
    call = pgx_by_gene(findings)["rs12777823"]
    assert (call.status, call.diplotypes) == (CallStatus.CALLED, ("G/G",))
    assert call.genotypes[0].pos == 94645745
