"""A clinical test's result outranks the genome file's call; disagreements are shown as caveats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phr.cli import main
from phr.results import add_result
from phr.rules import interpret
from phr.rules.model import CallStatus, NoteStatus
from phr.vault import Vault, create_vault
from tests.rules.genomes import all_reference_calls, array_rows, interpret_calls, pgx_by_gene

LAB = "Example Lab"
WORDS = f"from a clinical test ({LAB}, 2023-04-17)"
CYP2C19 = ("rs4244285", "rs4986893", "rs12248560", "rs28399504", "rs3758581")


def _clopidogrel(findings):  # type: ignore[no-untyped-def]
    return next(n for n in findings.notes if n.id == "cyp2c19-clopidogrel")


def test_clinical_poor_metabolizer_outranks_a_normal_chip_call(vault: Vault) -> None:
    add_result(vault, "CYP2C19", diplotype="*2/*2", lab=LAB, tested_on="2023-04-17")
    findings = interpret_calls(vault, array_rows(dict(all_reference_calls())))
    call = pgx_by_gene(findings)["CYP2C19"]
    assert call.status == CallStatus.CALLED
    assert (call.diplotypes, call.phenotype) == (("*2/*2",), "Poor Metabolizer")
    assert call.clinical is not None and call.clinical.lab == LAB
    note = _clopidogrel(findings)
    assert note.status == NoteStatus.ACTIONABLE
    assert note.found == (
        f"CYP2C19 *2/*2: Poor Metabolizer, {WORDS}. Your DNA file reads this gene "
        "differently: see the limits."
    )
    assert not note.confirm_clinically  # it already is a clinical result
    # the file said *1/*1: the disagreement is on the call and in the note, never dropped
    (conflict,) = call.caveats
    assert "reads CYP2C19 as *1/*1 (Normal Metabolizer)" in conflict
    assert "found *2/*2 (Poor Metabolizer)" in conflict
    assert conflict in note.limits


def test_agreeing_file_and_lab_give_no_conflict(vault: Vault) -> None:
    calls = dict(all_reference_calls())
    calls["rs4244285"] = "AA"
    add_result(vault, "CYP2C19", diplotype="*2/*2", lab=LAB, tested_on="2023-04-17")
    call = pgx_by_gene(interpret_calls(vault, array_rows(calls)))["CYP2C19"]
    assert call.clinical is not None and call.caveats == ()


def test_clinical_result_for_a_gene_the_file_did_not_test(vault: Vault) -> None:
    calls = {k: v for k, v in all_reference_calls().items() if k not in CYP2C19}
    without = pgx_by_gene(interpret_calls(vault, array_rows(calls)))["CYP2C19"]
    assert without.status == CallStatus.NOT_TESTED
    add_result(
        vault, "CYP2C19", phenotype="Intermediate Metabolizer", lab=LAB, tested_on="2023-04-17"
    )
    findings = interpret_calls(vault, array_rows(calls))
    call = pgx_by_gene(findings)["CYP2C19"]
    assert (call.status, call.phenotype, call.diplotypes) == (
        CallStatus.CALLED,
        "Intermediate Metabolizer",
        (),
    )
    assert call.caveats == ()  # nothing to disagree with
    note = _clopidogrel(findings)
    assert note.status == NoteStatus.ACTIONABLE
    assert note.found == f"CYP2C19 Intermediate Metabolizer, {WORDS}."


def test_clinical_result_without_any_genome(vault: Vault) -> None:
    add_result(vault, "CYP2C19", diplotype="*1/*2", lab=LAB, tested_on="2023-04-17")
    findings = interpret(vault)
    call = pgx_by_gene(findings)["CYP2C19"]
    assert call.phenotype == "Intermediate Metabolizer"  # from the gene's phenotype table
    assert _clopidogrel(findings).status == NoteStatus.ACTIONABLE


def test_phenotype_only_result_of_an_activity_gene_keeps_its_score(vault: Vault) -> None:
    add_result(vault, "CYP2C9", phenotype="Normal Metabolizer", lab=LAB, tested_on="2023-04-17")
    call = pgx_by_gene(interpret(vault))["CYP2C9"]
    assert (call.phenotype, call.activity_score) == ("Normal Metabolizer", 2.0)


def test_the_latest_test_is_the_one_read(vault: Vault) -> None:
    add_result(vault, "CYP2C19", diplotype="*1/*2", lab="Old Lab", tested_on="2020-01-01")
    add_result(vault, "CYP2C19", diplotype="*1/*17", lab=LAB, tested_on="2023-04-17")
    add_result(vault, "CYP2C19", allele="*2", present=False, lab="X", tested_on="2024-01-01")
    call = pgx_by_gene(interpret(vault))["CYP2C19"]
    assert call.diplotypes == ("*1/*17",) and call.clinical is not None
    assert call.clinical.lab == LAB


def test_cli_pgx_names_the_lab_and_shows_the_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v.phr"
    with create_vault(path, "clinical cli passphrase") as vault:
        from tests.rules.genomes import store

        store(vault, array_rows(dict(all_reference_calls())))
        add_result(vault, "CYP2C19", diplotype="*2/*2", lab=LAB, tested_on="2023-04-17")
    monkeypatch.setenv("PHR_PASSPHRASE", "clinical cli passphrase")
    capsys.readouterr()
    assert main(["--vault", str(path), "pgx"]) == 0
    out = capsys.readouterr().out
    assert WORDS in out
    assert "CYP2C19: The genome file reads CYP2C19 as *1/*1" in out
    assert main(["--vault", str(path), "pgx", "--json"]) == 0
    calls = {c["gene"]: c for c in json.loads(capsys.readouterr().out)}
    assert calls["CYP2C19"]["source"] == "clinical"
    assert calls["CYP2C19"]["clinical"] == {
        "id": 1,
        "lab": LAB,
        "date": "2023-04-17",
        "file_disagrees": True,
        "labs_disagree": False,
    }
    assert calls["CYP2C9"]["source"] == "genome" and calls["CYP2C9"]["clinical"] is None
    assert main(["--vault", str(path), "explain", "cyp2c19-clopidogrel"]) == 0
    assert WORDS in capsys.readouterr().out


def test_phenotype_text_names_the_lab_wherever_it_is_shown(vault: Vault) -> None:
    add_result(vault, "CYP2C19", diplotype="*1/*2", lab=LAB, tested_on="2023-04-17")
    call = pgx_by_gene(interpret(vault))["CYP2C19"]
    assert call.phenotype_text() == f"Intermediate Metabolizer, {WORDS}"


def test_allele_only_result_is_said_and_a_disagreement_is_shown(vault: Vault) -> None:
    add_result(vault, "CYP2C19", allele="*2", present=True, lab=LAB, tested_on="2023-04-17")
    call = pgx_by_gene(interpret_calls(vault, array_rows(dict(all_reference_calls()))))["CYP2C19"]
    assert call.clinical is None  # one allele names no diplotype: the file's call stays
    said = call.caveats[-1]  # after the gene's own caveats
    assert said.startswith(f"*2 present, {WORDS}.")
    assert "disagrees with CYP2C19 *1/*1" in said
