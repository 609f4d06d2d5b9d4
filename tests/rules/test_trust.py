"""Interpretation you can trust: each finding of the trust review, reproduced and pinned.

Confirmation flags for rare chip calls, 23andMe's own ids for BRCA, the clinical-review
corrections, and the property that silence in a VCF is never read without evidence.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phr.genome.model import Build, CoverageKind
from phr.rules.model import CallStatus, NoteStatus
from phr.rules.optins import set_optin
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from tests.rules.genomes import (
    all_reference_calls,
    array_rows,
    interpret_calls,
    pgx_by_gene,
    vcf_rows,
    whole_genome_flanks,
)

RULES = load_rule_set()


def chip_findings(vault: Vault, changes: dict[str, str | None], **kwargs: object):  # type: ignore[no-untyped-def]
    calls: dict[str, str | None] = dict(all_reference_calls())
    calls.update(changes)
    for rsid in [r for r, v in changes.items() if v is None]:
        calls.pop(rsid)
    return interpret_calls(vault, array_rows(calls), sex="female", **kwargs)


def notes_by_id(findings) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {n.id: n for n in findings.notes}


# -- rare variants from chips ---------------------------------------------------------------


def test_actionable_note_resting_on_a_rare_chip_allele_asks_for_confirmation(
    shared_vault: Vault,
) -> None:
    note = notes_by_id(chip_findings(shared_vault, {"rs3918290": "CT"}))["dpyd-fluoropyrimidines"]
    assert note.status == NoteStatus.ACTIONABLE
    assert note.confirm_clinically
    assert "rests on c.1905+1G>A (*2A), a rare variant" in note.limits
    assert "Weedon" in note.limits


def test_the_same_rare_allele_from_sequencing_needs_no_chip_warning(shared_vault: Vault) -> None:
    rows = vcf_rows({"rs3918290": "C/T"}) + whole_genome_flanks(Build.GRCH37)
    findings = interpret_calls(shared_vault, rows, coverage=CoverageKind.VARIANT_ONLY_VCF)
    note = notes_by_id(findings)["dpyd-fluoropyrimidines"]
    assert note.status == NoteStatus.ACTIONABLE
    assert not note.confirm_clinically


def test_common_alleles_from_a_chip_are_not_flagged(shared_vault: Vault) -> None:
    note = notes_by_id(chip_findings(shared_vault, {"rs4244285": "AA"}))["cyp2c19-clopidogrel"]
    assert note.status == NoteStatus.ACTIONABLE
    assert not note.confirm_clinically


def test_nudt15_mt_rnr1_and_g6pd_mediterranean_chip_calls_are_flagged(shared_vault: Vault) -> None:
    cases = {
        "thiopurines": {"rs116855232": "CT"},
        "mt-rnr1-aminoglycosides": {"rs267606617": "G"},
        "g6pd-medicines": {"rs5030868": "AA"},
    }
    for note_id, change in cases.items():
        note = notes_by_id(chip_findings(shared_vault, change))[note_id]
        assert note.status == NoteStatus.ACTIONABLE, note_id
        assert note.confirm_clinically, note_id


def test_mt_rnr1_m1095t_c_is_read(shared_vault: Vault) -> None:
    rows = vcf_rows({"rs267606618": "C"}, Build.GRCH38)
    findings = interpret_calls(
        shared_vault, rows, build=Build.GRCH38, coverage=CoverageKind.PARTIAL_VCF
    )
    call = pgx_by_gene(findings)["MT-RNR1"]
    assert call.diplotypes == ("m.1095T>C",)
    assert call.phenotype == "Increased risk of aminoglycoside-induced hearing loss"


# -- BRCA under 23andMe's own ids ----------------------------------------------------------


def _with_brca_ids(letters: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    """A 23andMe chip that reports the founder variants only under its i-ids."""
    calls = dict(all_reference_calls())
    for rsid in ("rs80357914", "rs80357906", "rs80359550"):
        calls.pop(rsid)
    ids = (("i4000377", "17", 41276046), ("i4000378", "17", 41209080), ("i4000379", "13", 32914438))
    extra = [
        (i, chrom, pos, None, None, text)
        for (i, chrom, pos), text in zip(ids, letters, strict=True)
    ]
    return [*array_rows(calls), *extra]


def test_brca_founder_variant_is_read_from_23andme_i_id(shared_vault: Vault) -> None:
    set_optin(shared_vault, "brca", True)
    try:
        rows = _with_brca_ids(("D/I", "D/D", "I/I"))
        note = notes_by_id(interpret_calls(shared_vault, rows, sex="female"))[
            "brca-founder-variants"
        ]
        assert note.status == NoteStatus.ACTIONABLE
        assert "185delAG" in note.found
        assert note.confirm_clinically
        rows = _with_brca_ids(("I/I", "D/D", "I/I"))
        note = notes_by_id(interpret_calls(shared_vault, rows, sex="female"))[
            "brca-founder-variants"
        ]
        assert note.status == NoteStatus.INFORMATIVE
        # a file writing letters there: unreadable, so the note never says "not found"
        rows = _with_brca_ids(("A/A", "D/D", "I/I"))
        note = notes_by_id(interpret_calls(shared_vault, rows, sex="female"))[
            "brca-founder-variants"
        ]
        assert note.status == NoteStatus.PARTIAL
        assert "could not be read" in note.found
    finally:
        set_optin(shared_vault, "brca", False)


# -- corrections from the clinical review ----------------------------------------------------


def test_pravastatin_follows_cpic_desired_starting_dose(shared_vault: Vault) -> None:
    decreased = notes_by_id(chip_findings(shared_vault, {"rs4149056": "CT"}))
    note = decreased["slco1b1-pravastatin"]
    assert "above 40 mg a day" in note.meaning
    assert "the dose your doctor would choose anyway" in note.discuss
    poor = notes_by_id(chip_findings(shared_vault, {"rs4149056": "CC"}))["slco1b1-pravastatin"]
    assert "40 mg a day or less" in poor.discuss
    assert "pravastatin" not in poor.title.lower() or poor.drugs == ("pravastatin",)


def test_piroxicam_and_meloxicam_follow_cpic_alternatives(shared_vault: Vault) -> None:
    # *1/*3: activity score 1
    notes = notes_by_id(chip_findings(shared_vault, {"rs1057910": "AC"}))
    assert "choosing another pain medicine" in notes["cyp2c9-piroxicam-tenoxicam"].discuss
    assert "half the lowest usual dose" in notes["cyp2c9-meloxicam"].discuss
    # *3/*3: activity score 0
    notes = notes_by_id(chip_findings(shared_vault, {"rs1057910": "CC"}))
    assert "suggests choosing another pain medicine" in notes["cyp2c9-meloxicam"].discuss


def test_f2_two_copies_has_its_own_wording(shared_vault: Vault) -> None:
    one = notes_by_id(chip_findings(shared_vault, {"rs1799963": "AG"}))["f2-prothrombin-20210a"]
    two = notes_by_id(chip_findings(shared_vault, {"rs1799963": "AA"}))["f2-prothrombin-20210a"]
    assert one.meaning != two.meaning
    assert "Two copies" in two.meaning


def test_apoe_e2_e2_mentions_type_iii_hyperlipoproteinaemia(shared_vault: Vault) -> None:
    set_optin(shared_vault, "apoe", True)
    try:
        note = notes_by_id(chip_findings(shared_vault, {"rs7412": "TT"}))["apoe-alzheimers"]
        assert "type III hyperlipoproteinaemia" in note.meaning
        e4 = notes_by_id(chip_findings(shared_vault, {"rs429358": "CC"}))["apoe-alzheimers"]
        assert "ARIA" in e4.discuss
    finally:
        set_optin(shared_vault, "apoe", False)
    assert "lecanemab" in RULES.optins["apoe"].cannot_say


def test_g6pd_heterozygous_woman_note_asks_for_an_enzyme_test(shared_vault: Vault) -> None:
    note = notes_by_id(chip_findings(shared_vault, {"rs5030868": "AG"}))["g6pd-medicines"]
    assert note.status == NoteStatus.ACTIONABLE
    assert "G6PD enzyme blood test" in note.discuss
    assert "No deficiency" not in note.meaning


def test_partial_note_never_reuses_the_usual_result_words(shared_vault: Vault) -> None:
    # phenytoin on a file without CYP2C9 *5/*6/*8/*11: partial, with its own words
    drop = {r: None for r in ("rs28371686", "rs9332131", "rs7900194", "rs28371685")}
    note = notes_by_id(chip_findings(shared_vault, drop))["cyp2c9-phenytoin"]
    assert note.status == NoteStatus.PARTIAL
    assert "No change is suggested" not in note.discuss
    assert "Not checked: CYP2C9 *5, *6, *8, *11" in note.meaning
    assert "Could be Normal Metabolizer or Intermediate Metabolizer" in note.found


# -- property: silence in a VCF is never read without evidence -------------------------------

STAND_INS = {rsid for g in RULES.genes.values() for a in g.alleles for rsid in a.backup}
PGX_VARIANTS = [  # defining sites (a stand-in marker alone defines nothing)
    (gene.name, variant.rsid)
    for gene in RULES.genes.values()
    if gene.group == "pgx" and gene.ploidy == "diploid" and gene.phenotype.by != "none"
    for variant in gene.variants
    if variant.position(Build.GRCH38).pos is not None
    and variant.indel is None
    and variant.rsid not in STAND_INS
]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    dropped=st.lists(st.sampled_from(PGX_VARIANTS), min_size=1, max_size=4, unique=True),
    flanks_kept=st.booleans(),
)
def test_dropped_vcf_records_never_read_as_called_or_normal_without_evidence(
    shared_vault: Vault, dropped: list[tuple[str, str]], flanks_kept: bool
) -> None:
    """A VCF listing every rule-set site, minus some records: where the file keeps no
    whole-genome evidence around a dropped site, that gene is never `called` and its phenotype
    is never claimed unless no untested allele could change it."""
    build = Build.GRCH38
    reference = {
        variant.rsid: sorted(gene.reference_allele.bases[variant.rsid])[0]
        for gene in RULES.genes.values()
        for variant in gene.variants
        if gene.ploidy == "diploid"
        and variant.indel is None
        and variant.position(build).pos is not None
    }
    kept = {r: f"{b}/{b}" for r, b in reference.items() if r not in {d[1] for d in dropped}}
    rows = vcf_rows(kept, build)
    coverage = CoverageKind.PARTIAL_VCF
    if flanks_kept:
        dropped_sites = set()
        for _gene, rsid in dropped:
            variant = next(v for g in RULES.genes.values() for v in g.variants if v.rsid == rsid)
            dropped_sites.add((variant.chrom, variant.position(build).pos))
        # a whole genome whose records near the dropped sites were dropped too
        near = {
            (c, p)
            for c, p in dropped_sites
            for row in whole_genome_flanks(build)
            if row[1] == c and p is not None and abs(row[2] - p) < 5_000
        }
        rows += [
            r
            for r in whole_genome_flanks(build)
            if not any(r[1] == c and abs(r[2] - p) < 5_000 for c, p in near if p is not None)
        ]
        coverage = CoverageKind.VARIANT_ONLY_VCF
    calls = pgx_by_gene(interpret_calls(shared_vault, rows, build=build, coverage=coverage))
    for gene_name, rsid in dropped:
        call = calls[gene_name]
        used = next(g for g in call.genotypes if g.rsid == rsid)
        variant = next(v for g in RULES.genes.values() for v in g.variants if v.rsid == rsid)
        pos = variant.position(build).pos
        assert pos is not None
        evidence = flanks_kept and _flanked(rows, variant.chrom, pos)
        if evidence:
            assert used.status == "assumed_reference", (gene_name, rsid)
            continue
        assert used.status == "not_tested", (gene_name, rsid, used.status)
        assert call.status != CallStatus.CALLED, (gene_name, rsid)
        if call.phenotype is not None:
            assert call.possible_phenotypes == (call.phenotype,), (gene_name, rsid)


def _flanked(rows: list, chrom: str, pos: int) -> bool:  # type: ignore[type-arg]
    """A kept record within 5 kb on each side: the evidence coverage.py accepts."""
    near = [r[2] for r in rows if r[1] == chrom and r[2] != pos and abs(r[2] - pos) <= 5_000]
    return any(p < pos for p in near) and any(p > pos for p in near)
