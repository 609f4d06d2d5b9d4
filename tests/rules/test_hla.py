"""HLA-B*15:02 and HLA-A*31:01: read from a lab's HLA typing only, never assumed negative;
phenytoin combines CYP2C9 with HLA-B*15:02 as CPIC does (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import InvalidValue
from phr.genome.store import join_alleles
from phr.results import add_result, import_outside_calls, list_results, result_genes
from phr.rules.model import CallStatus, NoteStatus
from phr.vault import Vault, create_vault
from tests.rules.genomes import all_reference_calls, array_rows, interpret_calls, pgx_by_gene

LAB = "Example HLA Lab"
DAY = "2024-03-01"
WORDS = f"from a clinical test ({LAB}, {DAY})"
# published tag SNPs PHR deliberately does not read (see resources/rules/v1/hla.yaml)
TAGS = [
    ("rs2844682", "6", 31353000, None, None, join_alleles("TT")),
    ("rs3909184", "6", 31354000, None, None, join_alleles("GG")),
    ("rs1061235", "6", 29913000, None, None, join_alleles("AT")),
]


def _note(findings, note_id: str):  # type: ignore[no-untyped-def]
    return next(n for n in findings.notes if n.id == note_id)


def _chip(vault: Vault, **changes: str):  # type: ignore[no-untyped-def]
    calls = dict(all_reference_calls())
    calls.update(changes)
    return interpret_calls(vault, array_rows(calls) + TAGS)


def _hla(vault: Vault, allele: str, present: bool, *, lab: str = LAB, day: str = DAY) -> None:
    locus = "HLA-A" if allele.startswith("*31") else "HLA-B"
    add_result(vault, locus, allele=allele, present=present, lab=lab, tested_on=day)


# -- not tested: no DNA file can say, and silence is never negative ---------------------------


def test_without_a_lab_result_hla_is_not_tested_even_with_tag_snps_in_the_file(
    vault: Vault,
) -> None:
    findings = _chip(vault)
    calls = pgx_by_gene(findings)
    for name in ("HLA-B*15:02", "HLA-A*31:01"):
        call = calls[name]
        assert call.status == CallStatus.NOT_TESTED and call.phenotype is None
        assert "needs an HLA typing test" in call.caveats[0]
    carbamazepine = _note(findings, "hla-carbamazepine")
    assert carbamazepine.status == NoteStatus.NOT_TESTED
    assert "a DNA file cannot show them" in carbamazepine.found
    assert "not a normal result" in carbamazepine.meaning
    assert _note(findings, "hla-b-oxcarbazepine").status == NoteStatus.NOT_TESTED


def test_phenytoin_with_normal_cyp2c9_and_no_hla_result_is_partial_never_normal(
    vault: Vault,
) -> None:
    note = _note(_chip(vault), "cyp2c9-phenytoin")
    assert note.status == NoteStatus.PARTIAL
    assert "HLA-B*15:02: not tested." in note.found
    assert "HLA-B*15:02 (not tested)" in note.meaning
    assert "HLA-B*15:02 needs an HLA typing test" in note.discuss
    assert "No change is suggested" not in note.discuss


def test_phenytoin_poor_cyp2c9_without_hla_result_doses_and_says_hla_is_missing(
    vault: Vault,
) -> None:
    note = _note(_chip(vault, rs1057910="CC"), "cyp2c9-phenytoin")  # CYP2C9 *3/*3
    assert note.status == NoteStatus.ACTIONABLE
    assert "HLA-B*15:02, which can make phenytoin unsafe, has no result" in note.meaning
    assert note.action is not None and "HLA-B*15:02 unknown" in note.action


# -- clinical result present / absent ---------------------------------------------------------


def test_hla_b_1502_present_avoids_all_three_medicines_whatever_cyp2c9(vault: Vault) -> None:
    _hla(vault, "*15:02", True)
    findings = _chip(vault)  # CYP2C9 *1/*1 would otherwise be "no change"
    call = pgx_by_gene(findings)["HLA-B*15:02"]
    assert (call.status, call.phenotype) == (CallStatus.CALLED, "present")
    assert call.clinical is not None and call.clinical.lab == LAB
    for note_id in ("hla-carbamazepine", "hla-b-oxcarbazepine", "cyp2c9-phenytoin"):
        note = _note(findings, note_id)
        assert note.status == NoteStatus.ACTIONABLE, note_id
        assert f"HLA-B*15:02 present, {WORDS}." in note.found, note_id
        assert not note.confirm_clinically
        assert "stop taking" not in note.discuss.lower()
    assert "whatever CYP2C9" in (_note(findings, "cyp2c9-phenytoin").action or "")


def test_both_alleles_absent_gives_the_usual_carbamazepine_advice(vault: Vault) -> None:
    _hla(vault, "*15:02", False)
    _hla(vault, "*31:01", False)
    findings = interpret_calls(vault, [])
    note = _note(findings, "hla-carbamazepine")
    assert note.status == NoteStatus.INFORMATIVE
    assert "Neither HLA-B*15:02 nor HLA-A*31:01 was found" in note.meaning
    assert _note(findings, "hla-b-oxcarbazepine").status == NoteStatus.INFORMATIVE


def test_one_allele_absent_and_the_other_untested_is_partial(vault: Vault) -> None:
    _hla(vault, "*15:02", False)
    note = _note(interpret_calls(vault, []), "hla-carbamazepine")
    assert note.status == NoteStatus.PARTIAL
    assert "HLA-A*31:01 (not tested)" in note.meaning
    assert note.meaning.startswith("Only one of the two HLA alleles")
    assert "Your file did not test" not in note.meaning  # no DNA file could have


def test_hla_a_3101_present_is_actionable_for_carbamazepine_only(vault: Vault) -> None:
    _hla(vault, "*31:01", True)
    findings = interpret_calls(vault, [])
    assert _note(findings, "hla-carbamazepine").status == NoteStatus.ACTIONABLE
    assert "HLA-A*31:01" in (_note(findings, "hla-carbamazepine").action or "")
    assert _note(findings, "hla-b-oxcarbazepine").status == NoteStatus.NOT_TESTED


@pytest.mark.parametrize(
    ("cyp2c9", "status", "words"),
    [
        ({"rs1057910": "CC"}, NoteStatus.ACTIONABLE, "50%"),  # *3/*3, score 0
        ({"rs1799853": "TT"}, NoteStatus.ACTIONABLE, "25%"),  # *2/*2, score 1.0
        ({}, NoteStatus.INFORMATIVE, None),  # *1/*1
    ],
)
def test_hla_b_1502_negative_lets_cyp2c9_drive_the_phenytoin_dose(
    vault: Vault, cyp2c9: dict[str, str], status: NoteStatus, words: str | None
) -> None:
    _hla(vault, "*15:02", False)
    note = _note(_chip(vault, **cyp2c9), "cyp2c9-phenytoin")
    assert note.status == status
    assert f"HLA-B*15:02 absent, {WORDS}." in note.found
    if words:
        assert note.action is not None and words in note.action


# -- conflicts: shown, never settled quietly --------------------------------------------------


def test_two_labs_disagreeing_read_present_and_say_so(vault: Vault) -> None:
    _hla(vault, "*15:02", False, lab="Lab One", day="2020-01-01")
    _hla(vault, "*15:02", True, lab="Lab Two", day="2019-01-01")
    findings = interpret_calls(vault, [])
    call = pgx_by_gene(findings)["HLA-B*15:02"]
    assert call.phenotype == "present"
    assert call.clinical is not None and call.clinical.labs_disagree
    (caveat,) = call.caveats
    assert "Lab One" in caveat and "Lab Two" in caveat and "disagree" in caveat
    note = _note(findings, "hla-carbamazepine")
    assert "Another clinical test found otherwise" in note.found
    assert caveat in note.limits


def test_lab_typing_outranks_a_disagreeing_proxy_and_shows_it(vault: Vault) -> None:
    _hla(vault, "*57:01", False)
    findings = _chip(vault, rs2395029="GT")  # the proxy tag is there
    call = pgx_by_gene(findings)["HLA-B*57:01"]
    assert call.phenotype == "absent"
    assert call.clinical is not None and call.clinical.file_disagrees
    assert "marker reads *57:01 tag found (proxy)" in call.caveats[0]
    note = _note(findings, "hla-b-5701-abacavir")
    assert note.status == NoteStatus.INFORMATIVE
    assert "Your DNA file reads this gene differently" in note.found
    assert note.genotypes  # the file's marker stays visible in the "why"


def test_agreeing_proxy_and_lab_give_no_conflict(vault: Vault) -> None:
    _hla(vault, "*57:01", True)
    findings = _chip(vault, rs2395029="GT")
    call = pgx_by_gene(findings)["HLA-B*57:01"]
    assert call.clinical is not None and not call.clinical.file_disagrees
    assert call.caveats == ()
    assert _note(findings, "hla-b-5701-abacavir").status == NoteStatus.ACTIONABLE


def test_proxy_alone_still_reads_as_a_labelled_proxy(vault: Vault) -> None:
    call = pgx_by_gene(_chip(vault, rs2395029="GT"))["HLA-B*57:01"]
    assert call.phenotype == "*57:01 tag found (proxy)" and call.clinical is None


# -- entering results -------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["*15:02", "15:02", "B*15:02", "HLA-B*15:02", "B*1502"])
def test_lab_spellings_of_an_hla_allele_are_read(vault: Vault, spelling: str) -> None:
    add_result(vault, "hla-b", allele=spelling, present=True, lab=LAB, tested_on=DAY)
    (stored,) = list_results(vault)
    assert (stored.gene, stored.allele, stored.allele_present) == ("HLA-B", "*15:02", True)


@pytest.mark.parametrize(
    ("gene", "kwargs", "words"),
    [
        ("HLA-B", {"allele": "*44:02", "present": True}, "only for *15:02, *57:01, *58:01"),
        ("HLA-B", {"allele": "*15:02:01", "present": True}, "two fields"),
        ("HLA-A", {"phenotype": "*31:01 positive"}, "--allele '*31:01' --present"),
        ("HLA-B", {"diplotype": "*15:02"}, "two alleles joined by '/'"),
        ("HLA-B", {"diplotype": "*15:02N/*44:03"}, "two alleles joined by '/'"),
        ("HLA-B", {"diplotype": "*15/*44"}, "at least two fields"),
        ("HLA-B", {"diplotype": "*15:02/*44:03", "allele": "*15:02", "present": True}, "or as"),
        ("HLA-B", {"phenotype": "positive"}, "one allele"),
        ("HLA-C", {"allele": "*01:02", "present": True}, "not a gene PHR interprets"),
    ],
)
def test_unreadable_hla_results_are_refused_and_nothing_is_stored(
    vault: Vault, gene: str, kwargs: dict[str, object], words: str
) -> None:
    with pytest.raises(InvalidValue, match=words.replace("*", r"\*")):
        add_result(vault, gene, lab=LAB, tested_on=DAY, **kwargs)  # type: ignore[arg-type]
    assert list_results(vault) == []


def test_hla_loci_are_offered_and_proxy_genes_are_entered_under_their_locus() -> None:
    genes = result_genes()
    assert {"HLA-A", "HLA-B"} <= set(genes)
    assert "HLA-B*57:01" not in genes


def test_cli_adds_an_hla_allele_and_pgx_names_the_lab(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cli.phr"
    create_vault(path, "pw").close()
    monkeypatch.setenv("PHR_PASSPHRASE", "pw")
    args = ["--vault", str(path), "results", "add", "HLA-B", "--allele", "*15:02"]
    assert main([*args, "--present", "--lab", LAB, "--date", DAY]) == 0
    capsys.readouterr()
    assert main(["--vault", str(path), "results", "list", "--json"]) == 0
    (stored,) = json.loads(capsys.readouterr().out)
    assert (stored["gene"], stored["allele"], stored["allele_present"]) == (
        "HLA-B",
        "*15:02",
        True,
    )
    assert main(["--vault", str(path), "pgx", "--json"]) == 0
    calls = {c["gene"]: c for c in json.loads(capsys.readouterr().out)}
    assert calls["HLA-B*15:02"]["phenotype"] == "present"
    assert calls["HLA-B*15:02"]["source"] == "clinical"
    assert calls["HLA-A*31:01"]["status"] == "not_tested"
    assert main(["--vault", str(path), "pgx"]) == 0
    out = capsys.readouterr().out
    assert f"present, {WORDS}" in out
    assert "HLA-A*31:01: HLA-A*31:01 cannot be read from a DNA file" in out


def test_a_typed_hla_pair_answers_every_allele_phr_reads_at_that_locus(vault: Vault) -> None:
    add_result(vault, "HLA-B", diplotype="B*15:02:01/B*44:03", lab=LAB, tested_on=DAY)
    stored = {r.allele: r.allele_present for r in list_results(vault)}
    assert stored == {"*15:02": True, "*57:01": False, "*58:01": False}
    findings = interpret_calls(vault, [])
    assert _note(findings, "hla-b-oxcarbazepine").status == NoteStatus.ACTIONABLE
    assert _note(findings, "hla-b-5701-abacavir").status == NoteStatus.INFORMATIVE


def test_outside_call_file_with_an_hla_typing_line(vault: Vault, tmp_path: Path) -> None:
    calls = tmp_path / "outside.tsv"
    calls.write_text("# gene\tdiplotype\nHLA-A\t*31:01/*02:01\n", encoding="utf-8")
    assert import_outside_calls(vault, calls, lab=LAB, tested_on=DAY) == 1
    (stored,) = list_results(vault)
    assert (stored.gene, stored.allele, stored.allele_present) == ("HLA-A", "*31:01", True)
    bad = tmp_path / "bad.tsv"
    bad.write_text("HLA-B\t*15:02\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"bad.tsv line 1: Write the HLA-B typing"):
        import_outside_calls(vault, bad, lab=LAB, tested_on=DAY)
    assert len(list_results(vault)) == 1
