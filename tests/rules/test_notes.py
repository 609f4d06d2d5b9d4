"""Notes: wording rules, not-tested handling, opt-ins, the medication list and combinations."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.genome.model import Build, CoverageKind
from phr.lifestyle.facts import LifestyleFacts
from phr.meds.model import CurrentMedication
from phr.rules import interpret
from phr.rules.model import CallStatus, NoteStatus
from phr.rules.optins import get_optins, set_optin
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault, create_vault
from tests.rules.genomes import (
    all_reference_calls,
    array_rows,
    interpret_calls,
    vcf_rows,
    whole_genome_flanks,
)

SIMVASTATIN = CurrentMedication(1, "Zocor", "simvastatin", frozenset({"statin"}))
CLOPIDOGREL = CurrentMedication(2, "Plavix", "clopidogrel", frozenset({"antiplatelet"}))
PILL = CurrentMedication(
    3, "Microgynon", "ethinylestradiol/levonorgestrel", frozenset({"estrogen"})
)
IRON = CurrentMedication(4, "Ferrous sulfate", "ferrous sulfate", frozenset({"iron"}))


def chip(vault: Vault, changes: dict[str, str | None], **kwargs: object):  # type: ignore[no-untyped-def]
    calls: dict[str, str | None] = dict(all_reference_calls())
    calls.update(changes)
    return interpret_calls(vault, array_rows(calls), sex="female", **kwargs)


def notes_by_id(findings) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {n.id: n for n in findings.notes}


def test_no_genome_means_everything_not_tested(tmp_path: Path) -> None:
    with create_vault(tmp_path / "empty.phr", "pw") as vault:
        findings = interpret(vault)
    assert findings.genome_id is None
    assert findings.pgx and all(c.status == CallStatus.NOT_TESTED for c in findings.pgx)
    assert findings.notes and all(n.status == NoteStatus.NOT_TESTED for n in findings.notes)
    assert all("nothing was tested" in n.found for n in findings.notes)


def test_every_note_says_what_how_sure_and_the_source(shared_vault: Vault) -> None:
    findings = chip(shared_vault, {"rs4244285": "AA", "rs4149056": "CT"})
    for note in findings.notes:
        assert note.found and note.meaning and note.discuss and note.limits, note.id
        assert note.evidence and note.sources, note.id
        assert note.rule_set_version == "1.0.0"
        # HLA alleles come from lab typing only: a note on them alone reads no file position
        if not set(note.genes) <= set(load_rule_set().hla):
            assert note.genotypes, note.id
        text = f"{note.meaning} {note.discuss}".lower()
        assert "stop taking" not in text and "change your dose" not in text


def test_poor_metabolizer_gives_actionable_clopidogrel_note(shared_vault: Vault) -> None:
    notes = notes_by_id(chip(shared_vault, {"rs4244285": "AA"}))
    note = notes["cyp2c19-clopidogrel"]
    assert note.status == NoteStatus.ACTIONABLE
    assert "CYP2C19 *2/*2: Poor Metabolizer" in note.found
    assert "strong recommendation" in note.evidence
    assert note.sources[0].pmid == "35034351"
    assert {g.rsid for g in note.genotypes} >= {"rs4244285", "rs12248560"}


def test_usual_result_with_untested_positions_is_partial_not_informative(
    shared_vault: Vault,
) -> None:
    calls = dict(all_reference_calls())
    del calls["rs28399504"]
    notes = notes_by_id(interpret_calls(shared_vault, array_rows(calls)))
    assert notes["cyp2c19-clopidogrel"].status == NoteStatus.PARTIAL
    assert "rs28399504" in notes["cyp2c19-clopidogrel"].limits


def test_ambiguous_tpmt_gets_intermediate_wording_and_the_enzyme_test(
    shared_vault: Vault,
) -> None:
    notes = notes_by_id(chip(shared_vault, {"rs1800460": "CT", "rs1142345": "CT"}))
    note = notes["thiopurines"]
    assert note.status == NoteStatus.ACTIONABLE
    assert "lower dose" in note.discuss and "much smaller dose" not in note.discuss
    assert "*1/*3A or *3B/*3C" in note.found
    assert "a TPMT enzyme test settles it" in note.found


def test_sensitive_notes_hidden_until_opt_in(tmp_path: Path) -> None:
    with create_vault(tmp_path / "s.phr", "pw") as vault:
        calls = dict(all_reference_calls())
        calls["rs429358"] = "CT"
        interpret_calls(vault, array_rows(calls))
        ids = {n.id for n in interpret(vault).notes}
        assert "apoe-alzheimers" not in ids and "brca-founder-variants" not in ids
        set_optin(vault, "apoe", True)
        assert get_optins(vault) == {"apoe"}
        notes = notes_by_id(interpret(vault))
        assert notes["apoe-alzheimers"].status == NoteStatus.ACTIONABLE
        assert notes["apoe-alzheimers"].sensitive
        assert "brca-founder-variants" not in notes
        set_optin(vault, "apoe", False)
        assert "apoe-alzheimers" not in {n.id for n in interpret(vault).notes}


def test_brca_chip_call_is_flagged_for_clinical_confirmation(tmp_path: Path) -> None:
    with create_vault(tmp_path / "b.phr", "pw") as vault:
        set_optin(vault, "brca", True)
        rows = [
            ("rs80357914", "17", 41276046, None, None, "D/I"),
            ("rs80357906", "17", 41209080, None, None, "D/D"),
        ]
        note = notes_by_id(interpret_calls(vault, rows))["brca-founder-variants"]
        assert note.status == NoteStatus.ACTIONABLE
        assert note.confirm_clinically
        assert "Confirm with a clinical test" in note.limits


def test_medication_list_sorts_first_and_marks_notes(shared_vault: Vault) -> None:
    findings = chip(shared_vault, {"rs4149056": "CT"}, medications=[SIMVASTATIN])
    first = findings.notes[0]
    assert first.on_medication_list
    assert "simvastatin" in first.drugs
    marked = [n.id for n in findings.notes if n.on_medication_list]
    assert "slco1b1-simvastatin" in marked and "combo-slco1b1-simvastatin" in marked
    assert "cyp2c19-clopidogrel" not in marked


def test_combination_rules_need_every_fact(shared_vault: Vault) -> None:
    leiden = {"rs6025": "CT"}
    none = notes_by_id(chip(shared_vault, leiden))
    assert "combo-clot-risk-estrogen" not in none
    pill = notes_by_id(chip(shared_vault, leiden, medications=[PILL]))
    assert pill["combo-clot-risk-estrogen"].status == NoteStatus.ACTIONABLE
    assert "smoke" not in pill["combo-clot-risk-estrogen"].meaning
    smoker = LifestyleFacts(current_smoker=True)
    both = notes_by_id(chip(shared_vault, leiden, medications=[PILL], lifestyle=smoker))
    assert "you smoke" in both["combo-clot-risk-estrogen"].meaning
    assert both["combo-clot-risk-estrogen"].inputs["current smoker"] == "yes"
    normal = notes_by_id(chip(shared_vault, {}, medications=[PILL], lifestyle=smoker))
    assert "combo-clot-risk-estrogen" not in normal


def test_f5_grch37_reference_homozygote_is_leiden_homozygous(shared_vault: Vault) -> None:
    notes = notes_by_id(chip(shared_vault, {"rs6025": "TT"}))
    assert notes["f5-factor-v-leiden"].found == "F5: two copies of Factor V Leiden."
    grch38 = dict(all_reference_calls(Build.GRCH38))
    notes38 = notes_by_id(
        interpret_calls(shared_vault, array_rows(grch38, Build.GRCH38), build=Build.GRCH38)
    )
    assert notes38["f5-factor-v-leiden"].found == "F5: no copy of Factor V Leiden."


def test_other_combinations(shared_vault: Vault) -> None:
    pm = notes_by_id(chip(shared_vault, {"rs4244285": "AA"}, medications=[CLOPIDOGREL]))
    assert pm["combo-cyp2c19-clopidogrel"].on_medication_list
    im = notes_by_id(chip(shared_vault, {"rs4244285": "AG"}, medications=[CLOPIDOGREL]))
    combo = im["combo-cyp2c19-clopidogrel"]
    assert combo.status == NoteStatus.ACTIONABLE
    assert "Keep taking it until you have talked with your doctor" in combo.discuss
    normal = notes_by_id(chip(shared_vault, {}, medications=[CLOPIDOGREL]))
    assert "combo-cyp2c19-clopidogrel" not in normal
    drinker = LifestyleFacts(alcohol_grams_per_week=140.0)
    aldh2 = notes_by_id(chip(shared_vault, {"rs671": "AG"}, lifestyle=drinker))
    assert aldh2["combo-aldh2-alcohol"].inputs == {"alcohol grams per week": "140"}
    unknown = notes_by_id(chip(shared_vault, {"rs671": "AG"}, lifestyle=LifestyleFacts()))
    assert "combo-aldh2-alcohol" not in unknown
    hfe = notes_by_id(chip(shared_vault, {"rs1800562": "AA"}, medications=[IRON]))
    assert hfe["combo-hfe-iron"].status == NoteStatus.ACTIONABLE
    assert "simple blood test" in hfe["hfe-hemochromatosis"].discuss


def test_mthfr_says_evidence_is_weak(shared_vault: Vault) -> None:
    note = notes_by_id(chip(shared_vault, {"rs1801133": "AA"}))["mthfr-c677t"]
    assert note.status == NoteStatus.INFORMATIVE
    assert "Weak" in note.evidence
    assert "no good evidence" in note.meaning


def test_cyp2d6_note_makes_no_phenotype_claim(shared_vault: Vault) -> None:
    note = notes_by_id(chip(shared_vault, {"rs3892097": "CT"}))["cyp2d6-medicines"]
    assert note.status in (NoteStatus.INFORMATIVE, NoteStatus.PARTIAL)
    assert "Copy number not assessed" in note.limits
    assert "Metabolizer" not in note.found


def test_interpret_is_deterministic(shared_vault: Vault) -> None:
    first = chip(shared_vault, {"rs1800460": "CT", "rs1142345": "CT"}, medications=[SIMVASTATIN])
    from phr.genome.store import get_genome

    again = interpret(
        shared_vault, get_genome(shared_vault, first.genome_id), medications=[SIMVASTATIN]
    )
    assert again == first


@pytest.mark.parametrize("coverage", ["partial_vcf", "variant_only_vcf"])
def test_silent_grch37_vcf_at_f5_is_not_tested_never_leiden(
    shared_vault: Vault, coverage: str
) -> None:
    # The 11-record Dante excerpt gave "Factor V Leiden (two copies)": on GRCh37 the reference
    # base at rs6025 IS the Leiden base, so silence there is never read, not even in a whole
    # genome with records close on both sides (CLINICAL.md rule 1).
    from phr.genome.model import CoverageKind

    rows = [(None, "1", 5_000, "A", "G", "A/G"), *whole_genome_flanks(Build.GRCH37)]
    findings = interpret_calls(shared_vault, rows, coverage=CoverageKind(coverage))
    note = notes_by_id(findings)["f5-factor-v-leiden"]
    assert note.status == NoteStatus.NOT_TESTED
    assert "Leiden (" not in note.found
    assert all(g.status == "not_tested" for g in note.genotypes)


def test_gvcf_reference_block_is_tested_reference(shared_vault: Vault) -> None:
    from phr.genome.model import CoverageKind
    from phr.genome.store import NewGenome, get_genome, store_genome

    genome = NewGenome("nebula", Build.GRCH38, CoverageKind.GVCF, "g.vcf", "sha-gvcf-block")
    gid = store_genome(shared_vault, genome, [], [("10", 94_700_000, 95_000_000)])
    findings = interpret(shared_vault, get_genome(shared_vault, gid))
    cyp2c19 = next(c for c in findings.pgx if c.gene == "CYP2C19")
    assert cyp2c19.status == CallStatus.CALLED
    assert cyp2c19.diplotypes == ("*38/*38",)  # GRCh38 reference base at rs3758581 is *38
    assert not cyp2c19.assumes_reference
    cyp2c9 = next(c for c in findings.pgx if c.gene == "CYP2C9")
    assert cyp2c9.status == CallStatus.CALLED  # every CYP2C9 site sits inside the block
    dpyd = next(c for c in findings.pgx if c.gene == "DPYD")
    assert dpyd.status == CallStatus.NOT_TESTED  # outside any block: not tested


def test_not_tested_wording_keeps_gene_names_in_capitals(shared_vault: Vault) -> None:
    """'apoe and alzheimer's disease risk' read as a typo; gene symbols keep their case."""
    drop = {"rs429358": None, "rs7412": None, "rs671": None, "rs6025": None, "rs4988235": None}
    notes = notes_by_id(chip(shared_vault, drop))
    assert "about ALDH2*2 (alcohol flush) from" in notes["aldh2-alcohol-flush"].meaning
    assert "about factor V Leiden (blood clots) from" in notes["f5-factor-v-leiden"].meaning
    assert "about lactase persistence" in notes["lct-lactase-persistence"].meaning


@pytest.mark.parametrize(
    ("coverage", "said", "not_said"),
    [
        (CoverageKind.ARRAY, "chips do not count", "small sequence differences"),
        (CoverageKind.PARTIAL_VCF, "small sequence differences", "chips do not count"),
        (CoverageKind.GVCF, "small sequence differences", "from chip data"),
    ],
)
def test_cyp2d6_copy_number_wording_follows_the_kind_of_file(
    shared_vault: Vault, coverage: CoverageKind, said: str, not_said: str
) -> None:
    rows = vcf_rows({"rs3892097": "C/C"}) if coverage != CoverageKind.ARRAY else None
    findings = interpret_calls(
        shared_vault, rows or array_rows({"rs3892097": "CC"}), coverage=coverage
    )
    note = next(n for n in findings.notes if n.id == "cyp2d6-medicines")
    words = f"{note.meaning} {note.limits}"
    assert said in words and not_said not in words and "{" not in words
