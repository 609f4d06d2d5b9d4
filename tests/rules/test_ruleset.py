"""The bundled rule set loads, validates, and fails loudly (file + field) when broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from phr.errors import RuleSetError
from phr.rules.ruleset import default_rules_dir, load_rule_set


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(Path(str(default_rules_dir())), target)
    return target


def _edit(folder: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    path = folder / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_bundled_rule_set_loads_with_version_and_release_date() -> None:
    rules = load_rule_set()
    assert rules.version == "1.0.0"
    assert rules.released == "2026-11-26"
    assert load_rule_set() is rules  # cached
    assert {"CYP2C19", "CYP2D6", "G6PD", "F5", "APOE"} <= set(rules.genes)


def test_every_note_has_evidence_sources_and_plain_discuss_wording() -> None:
    banned = (
        "stop taking",
        "change your dose",
        "stop your",
        "increase your dose",
        "decrease your dose",
    )
    for note in load_rule_set().notes:
        assert note.evidence and note.sources, note.id
        for outcome in note.outcomes:
            text = f"{outcome.meaning} {outcome.discuss}".lower()
            assert not any(b in text for b in banned), note.id
            if note.category == "medication":
                assert "doctor" in text or "pharmacist" in text or "transplant team" in text, (
                    note.id
                )
        if note.category == "medication" and not note.id.startswith("combo-"):
            assert all(s.pmid for s in note.sources), note.id


def test_sensitive_notes_are_apoe_and_brca_and_brca_needs_confirmation() -> None:
    rules = load_rule_set()
    sensitive = {n.id: n for n in rules.notes if n.optin}
    assert set(sensitive) == {"apoe-alzheimers", "brca-founder-variants"}
    assert sensitive["brca-founder-variants"].confirm_clinically
    assert "often" in (sensitive["brca-founder-variants"].confirm_reason or "")


def test_schema_error_names_file_and_field(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "medication_notes.yaml", lambda d: d["notes"][2].update(category="dosing"))
    with pytest.raises(RuleSetError, match=r"medication_notes\.yaml: field notes/2/category"):
        load_rule_set(folder)


def test_missing_required_field_is_reported(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "genes.yaml", lambda d: d["genes"]["TPMT"].pop("phenotype"))
    with pytest.raises(RuleSetError, match=r"genes\.yaml: field genes/TPMT"):
        load_rule_set(folder)


def test_unknown_phenotype_in_a_note_is_caught_at_load(tmp_path: Path) -> None:
    def change(d):  # type: ignore[no-untyped-def]
        d["notes"][0]["outcomes"][0]["when"][0]["phenotype"] = ["Poor Metaboliser"]

    folder = _copy(tmp_path)
    _edit(folder, "medication_notes.yaml", change)
    with pytest.raises(RuleSetError, match="Poor Metaboliser"):
        load_rule_set(folder)


def test_allele_with_a_base_at_an_unknown_rsid_is_caught(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(
        folder, "genes.yaml", lambda d: d["genes"]["CYP2C19"]["alleles"][1]["bases"].update(rs1="A")
    )
    with pytest.raises(RuleSetError, match=r"genes/CYP2C19/alleles/1/bases"):
        load_rule_set(folder)


def test_incomplete_phenotype_rule_is_caught(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "genes.yaml", lambda d: d["genes"]["TPMT"]["phenotype"]["pairs"].pop())
    with pytest.raises(RuleSetError, match="no phenotype for"):
        load_rule_set(folder)


@pytest.mark.parametrize(
    "content", [b"", b"\x00\xff\xfe garbage", b"notes: [unclosed", b"- just\n- a list\n"]
)
def test_corrupt_rule_file_fails_loudly(tmp_path: Path, content: bytes) -> None:
    folder = _copy(tmp_path)
    (folder / "prevention_notes.yaml").write_bytes(content)
    with pytest.raises(RuleSetError, match=r"prevention_notes\.yaml"):
        load_rule_set(folder)


def test_duplicate_note_id_is_caught(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "prevention_notes.yaml", lambda d: d["notes"][1].update(id="f5-factor-v-leiden"))
    with pytest.raises(RuleSetError, match="used twice"):
        load_rule_set(folder)


def test_hla_alleles_load_beside_the_genes() -> None:
    rules = load_rule_set()
    assert set(rules.hla_loci()) == {"HLA-A", "HLA-B"}
    assert rules.hla["HLA-B*15:02"].outputs() == {"present", "absent"}
    assert "HLA-B*15:02" not in rules.genes  # no DNA-file definition: lab typing only


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["alleles"]["HLA-B*15:02"].update(allele="*15:03"), "locus and allele"),
        (lambda d: d["alleles"]["HLA-B*15:02"].update(allele="15:02"), r"alleles/HLA-B\*15:02"),
        (lambda d: d["alleles"]["HLA-B*15:02"].update(absent="present"), "must differ"),
        (
            lambda d: d["alleles"].update(
                CYP2C9={**d["alleles"]["HLA-B*15:02"], "locus": "CYP2C9", "allele": ""}
            ),
            r"hla\.yaml",
        ),
    ],
)
def test_a_broken_hla_file_fails_loudly(tmp_path: Path, change, words: str) -> None:  # type: ignore[no-untyped-def]
    folder = _copy(tmp_path)
    _edit(folder, "hla.yaml", change)
    with pytest.raises(RuleSetError, match=words):
        load_rule_set(folder)


def test_a_note_naming_an_unknown_hla_result_is_caught(tmp_path: Path) -> None:
    def change(d):  # type: ignore[no-untyped-def]
        note = next(n for n in d["notes"] if n["id"] == "hla-b-oxcarbazepine")
        note["outcomes"][0]["when"][0]["phenotype"] = ["positive"]

    folder = _copy(tmp_path)
    _edit(folder, "medication_notes.yaml", change)
    with pytest.raises(RuleSetError, match=r"has no phenotype 'positive'"):
        load_rule_set(folder)
