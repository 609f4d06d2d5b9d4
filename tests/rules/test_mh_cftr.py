"""RYR1/CACNA1S (malignant hyperthermia; anaesthetic gases and succinylcholine) and CFTR
(ivacaftor): a found variant, a usual result that says what it cannot rule out, partial and
not-tested files, chip calls flagged for confirmation, and build handling (GRCh37 by rsID only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phr.genome.model import Build, CoverageKind
from phr.meds.names import match_drug
from phr.rules.model import CallStatus, NoteStatus
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault, create_vault
from tests.conftest import shared_file
from tests.rules.genomes import (
    all_reference_calls,
    array_rows,
    interpret_calls,
    pgx_by_gene,
    vcf_rows,
)
from tests.rules.test_real_files import read_vcf

MH = "ryr1-cacna1s-anaesthetics"
_COMMON_CFTR = {
    "R75Q",
    "R170H",
    "V562I",
    "G576A",
    "R668C",
    "I807M",
    "L967S",
    "L997F(G>C)",
    "L997F(G>T)",
    "I1027T",
    "R1162L",
    "D1270N",
    "I148T",
    "F508C",
}
CF = "cftr-ivacaftor"


def notes(vault: Vault, changes: dict[str, str | None]) -> dict:  # type: ignore[type-arg]
    """Interpret a GRCh37 chip with every rule-set site reference except `changes` (None drops
    the row: the chip did not test it)."""
    calls: dict[str, str | None] = dict(all_reference_calls())
    for rsid, text in changes.items():
        if text is None:
            del calls[rsid]
        else:
            calls[rsid] = text
    findings = interpret_calls(vault, array_rows(calls), sex="female")
    return {n.id: n for n in findings.notes}


def test_ryr1_variant_on_a_chip_is_actionable_and_must_be_confirmed(shared_vault: Vault) -> None:
    note = notes(shared_vault, {"rs118192172": "CT"})[MH]  # RYR1 c.1840C>T (R614C)
    assert note.status == NoteStatus.ACTIONABLE
    assert "c.1840C>T (R614C)" in note.found
    assert "Malignant Hyperthermia Susceptibility" in note.found
    assert note.meaning.startswith("Malignant hyperthermia susceptible.")
    assert "anaesthetist" in note.discuss
    assert note.action is not None and "succinylcholine" in note.action
    assert note.confirm_clinically
    assert note.limits.startswith("Confirm with a clinical test")
    assert "c.1840C>T (R614C)" in note.limits
    assert [s.pmid for s in note.sources] == ["30499100"]
    assert {"sevoflurane", "desflurane", "succinylcholine"} <= set(note.drugs)


def test_cacna1s_variant_alone_is_enough(shared_vault: Vault) -> None:
    note = notes(shared_vault, {"rs1800559": "CT"})[MH]  # CACNA1S c.3257G>A (R1086H)
    assert note.status == NoteStatus.ACTIONABLE
    assert "CACNA1S: one copy of c.3257G>A (R1086H)" in note.found
    assert "none found" not in note.found
    assert note.confirm_clinically


def test_no_variant_found_says_it_does_not_rule_mh_out(shared_vault: Vault) -> None:
    note = notes(shared_vault, {})[MH]
    assert note.status == NoteStatus.INFORMATIVE
    assert "Uncertain Susceptibility" in note.found  # CPIC's own name for this result
    # what was looked at, and that a negative rules nothing out, on the note's face
    assert "none of the 80 RYR1 variants known to cause malignant hyperthermia" in note.found
    assert "neither of the 2 CACNA1S variants" in note.found
    assert note.found.count("does not rule out malignant hyperthermia susceptibility") == 2
    assert "none found" not in note.found
    assert "does not rule out malignant hyperthermia" in note.meaning
    assert "does not rule out malignant hyperthermia" in note.limits
    assert "relative" in note.discuss
    assert not note.confirm_clinically and note.action is None


def test_an_untested_mh_position_makes_the_note_partial(shared_vault: Vault) -> None:
    note = notes(shared_vault, {"rs118192172": None})[MH]
    assert note.status == NoteStatus.PARTIAL
    assert "c.1840C>T (R614C)" in note.found
    assert "Malignant Hyperthermia Susceptibility" in note.found  # what it could be
    assert "not a normal result" in note.meaning


def test_an_unknown_base_at_an_mh_position_is_not_read_as_usual(shared_vault: Vault) -> None:
    # rs118192178: C>T is c.7522C>T (R2508C, MH-causative); C>G is c.7522C>G, of uncertain
    # function in CPIC's table, so not in the rule set: the gene is unreadable, never usual
    note = notes(shared_vault, {"rs118192178": "CG"})[MH]
    assert note.status == NoteStatus.PARTIAL
    assert "RYR1: could not be read" in note.found


def test_every_cpic_base_at_a_multi_allelic_site_is_read(shared_vault: Vault) -> None:
    # rs118192163 carries three MH-causative changes (c.6488G>A, G>C, G>T); the list written
    # from memory held only G>A, so a T there used to make RYR1 unreadable
    note = notes(shared_vault, {"rs118192163": "GT"})[MH]
    assert note.status == NoteStatus.ACTIONABLE
    assert "RYR1: one copy of c.6488G>T" in note.found


def test_a_variant_missing_from_the_old_list_is_now_found(shared_vault: Vault) -> None:
    note = notes(shared_vault, {"rs193922744": "TG"})[MH]  # RYR1 c.38T>G
    assert note.status == NoteStatus.ACTIONABLE
    assert "one copy of c.38T>G" in note.found


def test_partial_negative_says_what_was_not_tested(shared_vault: Vault) -> None:
    note = notes(shared_vault, {"rs118192172": None})[MH]
    assert "none of the variants PHR could read was found" in note.found
    assert "c.1840C>T (R614C)" in note.found


def test_file_without_the_genes_is_not_tested(tmp_path: Path) -> None:
    with create_vault(tmp_path / "n.phr", "pw") as vault:
        findings = interpret_calls(vault, array_rows({"rs4244285": "GG"}))
        by_id = {n.id: n for n in findings.notes}
    for note_id in (MH, CF):
        assert by_id[note_id].status == NoteStatus.NOT_TESTED
        assert by_id[note_id].action is None


def test_grch38_vcf_reads_by_position_and_is_not_flagged_as_a_chip(tmp_path: Path) -> None:
    with create_vault(tmp_path / "v.phr", "pw") as vault:
        rows = vcf_rows({"rs772226819": "G/A"}, Build.GRCH38)  # CACNA1S c.520C>T (R174W)
        findings = interpret_calls(
            vault, rows, build=Build.GRCH38, coverage=CoverageKind.PARTIAL_VCF
        )
        note = {n.id: n for n in findings.notes}[MH]
    assert note.status == NoteStatus.ACTIONABLE
    assert "c.520C>T (R174W)" in note.found
    assert not note.confirm_clinically  # the chip warning is about arrays


def test_grch37_vcf_without_ids_leaves_the_genes_not_tested(tmp_path: Path) -> None:
    # GRCh37 coordinates are not in the rule set: only an rsID can place these sites there, so
    # a record without an ID near RYR1 is never taken for one of them
    with create_vault(tmp_path / "v37.phr", "pw") as vault:
        rows = [(None, "19", 38948185, "C", "T", "C/T"), (None, "10", 96541616, "G", "A", "G/A")]
        findings = interpret_calls(vault, rows, coverage=CoverageKind.PARTIAL_VCF)
        note = {n.id: n for n in findings.notes}[MH]
    assert note.status == NoteStatus.NOT_TESTED


def test_cftr_responsive_variant_found(shared_vault: Vault) -> None:
    note = notes(shared_vault, {"rs75527207": "AG"})[CF]  # CFTR G551D
    assert note.status == NoteStatus.ACTIONABLE
    assert "CFTR: one copy of G551D; One ivacaftor-responsive variant" in note.found
    assert "does not mean you have cystic fibrosis" in note.meaning
    assert note.action is not None and note.action.startswith("If the patient has cystic fibrosis")
    assert note.confirm_clinically and "G551D" in note.limits
    assert "carrier status" in note.limits  # carrier status is not interpreted
    assert [s.pmid for s in note.sources] == ["24598717"]


def test_cftr_none_found_never_says_not_responsive(shared_vault: Vault) -> None:
    note = notes(shared_vault, {})[CF]
    assert note.status == NoteStatus.INFORMATIVE
    assert "No ivacaftor-responsive variant was found among those PHR tests" in note.meaning
    assert "does not say that ivacaftor would not work" in note.meaning
    assert "none of the 100 ivacaftor-responsive CFTR variants PHR reads" in note.found
    text = f"{note.found} {note.meaning} {note.discuss}".lower()
    assert "not responsive" not in text and "non-responsive" not in text
    assert "cannot say whether you have or carry cystic fibrosis" in note.limits


def test_cftr_untested_position_is_partial(shared_vault: Vault) -> None:
    note = notes(shared_vault, {"rs75527207": None})[CF]
    assert note.status == NoteStatus.PARTIAL
    assert "G551D" in note.found


def test_the_new_medicines_are_in_the_drug_table() -> None:
    expected = {
        "suxamethonium": "succinylcholine",
        "Sevorane": "sevoflurane",
        "Kalydeco": "ivacaftor",
        "isoflurane": "isoflurane",
        "methoxyflurane": "methoxyflurane",
    }
    for text, generic in expected.items():
        assert match_drug(text).generic == generic, text


def _pharmcat_name(allele_name: str) -> str:
    """'c.1840C>T (R614C)' -> 'c.1840C>T', the name PharmCAT's definitions use."""
    return allele_name.split(" (")[0]


@pytest.mark.parametrize("gene", ["RYR1", "CACNA1S", "CFTR"])
def test_positions_and_defining_bases_match_pharmcat(gene: str) -> None:
    """GRCh38 positions, reference bases and each allele's defining base are the ones in
    PharmCAT's allele definitions (the facts the rule set cites)."""
    path = shared_file("data", "pharmcat", "definition", "alleles", f"{gene}_translation.json")
    data = json.loads(path.read_text())
    assert data["genomeBuild"].startswith("GRCh38")
    sites = {v["rsid"]: v for v in data["variants"]}
    named = {a["name"]: a for a in data["namedAlleles"]}
    definition = load_rule_set().genes[gene]
    for variant in definition.variants:
        site = sites[variant.rsid]
        place = variant.position(Build.GRCH38)
        assert (place.pos, place.ref) == (site["position"], site["ref"]), variant.rsid
        assert variant.position(Build.GRCH37).pos is None  # matched by rsID only there
    index = {v["rsid"]: i for i, v in enumerate(data["variants"])}
    for allele in definition.alleles:
        if allele.reference:
            continue
        row = named[_pharmcat_name(allele.name)]
        for rsid, bases in allele.bases.items():
            # PharmCAT leaves a position the allele does not define empty: it carries the
            # reference base there
            expected = row["alleles"][index[rsid]] or sites[rsid]["ref"]
            assert {expected} == set(bases), (allele.name, rsid)
        # chip calls of rare variants need confirming; a few CFTR variants are common in some
        # populations and are deliberately not called rare
        assert allele.rare or allele.name in _COMMON_CFTR, allele.name


@pytest.mark.parametrize("gene", ["CACNA1S", "CFTR"])
def test_allele_functions_match_the_cpic_table(gene: str) -> None:
    data = json.loads(shared_file("data", "pharmcat", "phenotype", f"{gene}.json").read_text())
    for allele in load_rule_set().genes[gene].alleles:
        if not allele.reference:
            assert data["haplotypes"][_pharmcat_name(allele.name)] == allele.function


def test_cacna1s_phenotypes_match_the_cpic_table(shared_vault: Vault) -> None:
    data = json.loads(shared_file("data", "pharmcat", "phenotype", "CACNA1S.json").read_text())
    table = {frozenset(r["diplotypekey"].items()): r["phenotype"] for r in data["diplotypes"]}
    assert table[frozenset({("Reference", 2)})] == "Uncertain Susceptibility"
    assert table[frozenset({("Reference", 1), ("c.3257G>A", 1)})] == (
        "Malignant Hyperthermia Susceptibility"
    )
    assert "Uncertain Susceptibility" in notes(shared_vault, {})[MH].found


@pytest.mark.parametrize("example", ["pharmcat.example", "pharmcat.example2"])
def test_pharmcat_example_vcfs_agree_with_pharmcat(shared_vault: Vault, example: str) -> None:
    """PharmCAT's GRCh38 example files are reference at every RYR1, CACNA1S and CFTR position
    and PharmCAT calls 'Uncertain Susceptibility' for both MH genes, as PHR does. For CFTR
    PharmCAT says 'ivacaftor non-responsive'; PHR reads fewer positions and only says that no
    responsive variant was found among them (a deliberate difference)."""
    vcf = shared_file("data", "pharmcat", "examples", f"{example}.vcf")
    report = shared_file("data", "pharmcat", "examples", f"{example}.report.tsv")
    theirs = {
        line.split("\t")[0]: line.split("\t")[2] for line in report.read_text().splitlines()[2:]
    }
    findings = interpret_calls(
        shared_vault, read_vcf(vcf), build=Build.GRCH38, coverage=CoverageKind.PARTIAL_VCF
    )
    calls = pgx_by_gene(findings)
    for gene in ("RYR1", "CACNA1S"):
        assert theirs[gene] == "Uncertain Susceptibility"
        assert calls[gene].status == CallStatus.CALLED, gene
        assert calls[gene].phenotype == theirs[gene], gene
    assert theirs["CFTR"] == "ivacaftor non-responsive in CF patients"
    assert calls["CFTR"].phenotype == "No ivacaftor-responsive variant found"
    by_id = {n.id: n for n in findings.notes}
    assert by_id[MH].status == NoteStatus.INFORMATIVE
    assert "does not rule out" in by_id[MH].meaning
    assert by_id[CF].status == NoteStatus.INFORMATIVE


def test_grch37_vcf_with_ids_is_matched_by_rsid(tmp_path: Path) -> None:
    with create_vault(tmp_path / "id37.phr", "pw") as vault:
        rows = [("rs118192172", "19", 1_234_567, "C", "T", "C/T")]  # position not used
        findings = interpret_calls(vault, rows, coverage=CoverageKind.PARTIAL_VCF)
        note = {n.id: n for n in findings.notes}[MH]
    assert note.status == NoteStatus.ACTIONABLE
    assert "c.1840C>T (R614C)" in note.found and "CACNA1S: not tested" in note.found
