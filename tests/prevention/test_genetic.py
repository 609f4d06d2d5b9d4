"""Genetic prevention rules: called, not tested and partial (CLINICAL.md rule 1), each joined
with the measurements that outrank or complete it."""

from __future__ import annotations

from datetime import date

import pytest

from phr.genome.model import CoverageKind
from phr.genome.store import get_genome
from phr.prevention.facts import LabValue, PersonFacts
from phr.prevention.genetic import GeneticNote, genetic_notes
from phr.prevention.rules import load_plan_rules
from phr.rules import call_genes
from phr.vault import Vault
from tests.rules.genomes import array_rows, store

TODAY = date(2026, 12, 5)
RULES = load_plan_rules()
GENES = ["SERPINA1", "LPA", "APOB", "HFE"]
REFERENCE = {
    "rs28929474": "CC",
    "rs17580": "TT",
    "rs10455872": "AA",
    "rs3798220": "TT",
    "rs5742904": "CC",
    "rs1800562": "GG",
    "rs1799945": "CC",
}
_n = [0]


def notes_for(
    vault: Vault, calls: dict[str, str | None], facts: PersonFacts | None = None
) -> dict[str, GeneticNote]:
    _n[0] += 1
    genome_id = store(vault, array_rows(calls), name=f"gen{_n[0]}")
    genome = get_genome(vault, genome_id)
    found = call_genes(vault, GENES, genome)
    facts = facts or PersonFacts(today=TODAY, sex="male")
    notes = genetic_notes(facts, RULES, found, from_array=genome.coverage == CoverageKind.ARRAY)
    return {n.gene: n for n in notes}


def test_every_genetic_rule_has_a_pmid_source() -> None:
    for rule in RULES.genetic:
        assert any(pmid for _, pmid in rule.sources), rule.id


def test_all_reference_is_called_and_says_what_it_cannot_rule_out(shared_vault: Vault) -> None:
    notes = notes_for(shared_vault, REFERENCE)
    assert {n.status for n in notes.values()} == {"called"}
    assert not any(n.attention for n in notes.values())
    assert "Rarer variants" in notes["SERPINA1"].meaning
    assert "does not rule it out" in notes["LPA"].meaning


@pytest.mark.parametrize(
    ("z", "s", "smoking", "attention", "words"),
    [
        ("TT", "TT", None, True, "ZZ"),
        ("CT", "AT", None, True, "SZ"),
        ("CT", "TT", "current", True, "Carriers of Z who smoke"),
        ("CT", "TT", "never", False, "one changed copy (Z)"),
        ("CC", "AT", None, False, "one changed copy (S)"),
        ("CC", "AA", "never", False, "two S copies"),
    ],
)
def test_serpina1_z_and_s(
    shared_vault: Vault, z: str, s: str, smoking: str | None, attention: bool, words: str
) -> None:
    facts = PersonFacts(today=TODAY, sex="female", smoking=smoking)
    note = notes_for(shared_vault, {**REFERENCE, "rs28929474": z, "rs17580": s}, facts)["SERPINA1"]
    assert note.status == "called" and note.attention is attention
    assert words in note.meaning + note.action


def test_serpina1_zz_smoker_is_told_stopping_matters_most(shared_vault: Vault) -> None:
    facts = PersonFacts(today=TODAY, smoking="current")
    calls = {**REFERENCE, "rs28929474": "TT"}
    assert "stopping matters most" in notes_for(shared_vault, calls, facts)["SERPINA1"].action


def test_serpina1_partial_when_s_is_missing(shared_vault: Vault) -> None:
    calls = {k: v for k, v in REFERENCE.items() if k != "rs17580"}
    note = notes_for(shared_vault, calls)["SERPINA1"]
    assert note.status == "partial" and "rs17580" in note.meaning
    assert "normal" not in note.meaning.split(":")[0].lower()


def test_nothing_tested_is_not_tested_never_normal(shared_vault: Vault) -> None:
    notes = notes_for(shared_vault, {"rs1800562": "GG"})
    for gene in ("SERPINA1", "LPA", "APOB"):
        assert notes[gene].status == "not_tested"
        assert "not the same as a normal result" in notes[gene].meaning or gene == "LPA"
    assert "Lp(a) blood test" in notes["LPA"].action


def test_lpa_risk_variant_suggests_measuring_once(shared_vault: Vault) -> None:
    note = notes_for(shared_vault, {**REFERENCE, "rs10455872": "AG"})["LPA"]
    assert note.attention and "One LPA risk variant" in note.meaning
    assert "Lp(a) blood test once" in note.action


@pytest.mark.parametrize(
    ("value", "unit", "raised"),
    [
        (49.0, "mg/dL", False),
        (50.0, "mg/dL", True),
        (124.0, "nmol/L", False),
        (125.0, "nmol/L", True),
    ],
)
def test_measured_lpa_outranks_the_genotype(
    shared_vault: Vault, value: float, unit: str, raised: bool
) -> None:
    facts = PersonFacts(today=TODAY, labs={"lpa": LabValue(value, unit, date(2026, 3, 1))})
    for genotype in ("AA", "GG"):
        note = notes_for(shared_vault, {**REFERENCE, "rs10455872": genotype}, facts)["LPA"]
        assert "measured Lp(a) is" in note.meaning and note.attention is raised
        assert unit in note.meaning


def test_apob_r3527q_from_a_chip_asks_for_confirmation(shared_vault: Vault) -> None:
    facts = PersonFacts(today=TODAY, labs={"ldl": LabValue(190, "mg/dL", date(2026, 5, 1))})
    note = notes_for(shared_vault, {**REFERENCE, "rs5742904": "CT"}, facts)["APOB"]
    assert note.attention and note.confirm
    assert "190 mg/dL" in note.meaning and "clinical test" in note.action
    assert not notes_for(shared_vault, REFERENCE)["APOB"].attention


def test_hfe_is_linked_to_ferritin_and_transferrin_saturation(shared_vault: Vault) -> None:
    calls = {**REFERENCE, "rs1800562": "AA"}
    plain = notes_for(shared_vault, calls)["HFE"]
    assert plain.attention and "ferritin and transferrin saturation" in plain.action
    high = PersonFacts(
        today=TODAY,
        sex="male",
        labs={"transferrin_saturation": LabValue(52, "%", date(2026, 4, 1))},
    )
    note = notes_for(shared_vault, calls, high)["HFE"]
    assert note.attention and "52 %" in note.meaning and "above" in note.meaning
    fine = PersonFacts(
        today=TODAY,
        sex="male",
        labs={
            "transferrin_saturation": LabValue(30, "%", date(2026, 4, 1)),
            "ferritin": LabValue(150, "ng/mL", date(2026, 4, 1)),
        },
    )
    note = notes_for(shared_vault, calls, fine)["HFE"]
    assert not note.attention and "within the usual range" in note.meaning
    carrier = notes_for(shared_vault, {**REFERENCE, "rs1800562": "AG"})["HFE"]
    assert not carrier.attention
