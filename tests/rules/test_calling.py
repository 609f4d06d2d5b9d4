"""Gene calls from hand-written genomes: chip and VCF, GRCh37 and GRCh38, and every trap in
CLINICAL.md (defining base vs reference, indels, not tested, proxies, X and MT)."""

from __future__ import annotations

import pytest

from phr.genome.model import Build, CoverageKind
from phr.rules.model import CallStatus
from phr.vault import Vault
from tests.rules.genomes import (
    all_reference_calls,
    array_rows,
    interpret_calls,
    pgx_by_gene,
    vcf_rows,
    whole_genome_flanks,
)

B37, B38 = Build.GRCH37, Build.GRCH38
WGS = CoverageKind.VARIANT_ONLY_VCF  # demonstrably whole genome (coverage.py)
PARTIAL = CoverageKind.PARTIAL_VCF


def chip(
    vault: Vault,
    changes: dict[str, str | None],
    *,
    build: Build = B37,
    drop: tuple[str, ...] = (),
    sex: str | None = "female",
):  # type: ignore[no-untyped-def]
    calls: dict[str, str | None] = dict(all_reference_calls(build))
    calls.update(changes)
    for rsid in drop:
        calls.pop(rsid)
    return pgx_by_gene(interpret_calls(vault, array_rows(calls, build), build=build, sex=sex))


# gene, changes to an all-reference chip genome, diplotypes, phenotype, activity score
CASES = [
    ("CYP2C19", {}, ("*1/*1",), "Normal Metabolizer", None),
    ("CYP2C19", {"rs4244285": "AG"}, ("*1/*2",), "Intermediate Metabolizer", None),
    ("CYP2C19", {"rs4244285": "AA"}, ("*2/*2",), "Poor Metabolizer", None),
    ("CYP2C19", {"rs4244285": "AG", "rs4986893": "AG"}, ("*2/*3",), "Poor Metabolizer", None),
    ("CYP2C19", {"rs12248560": "CT"}, ("*1/*17",), "Rapid Metabolizer", None),
    ("CYP2C19", {"rs12248560": "TT"}, ("*17/*17",), "Ultrarapid Metabolizer", None),
    (
        "CYP2C19",
        {"rs12248560": "CT", "rs4244285": "AG"},
        ("*2/*17",),
        "Intermediate Metabolizer",
        None,
    ),
    ("CYP2C9", {"rs1799853": "CT"}, ("*1/*2",), "Intermediate Metabolizer", 1.5),
    ("CYP2C9", {"rs1057910": "AC"}, ("*1/*3",), "Intermediate Metabolizer", 1.0),
    ("CYP2C9", {"rs1799853": "CT", "rs1057910": "AC"}, ("*2/*3",), "Poor Metabolizer", 0.5),
    ("CYP2C9", {"rs1057910": "CC"}, ("*3/*3",), "Poor Metabolizer", 0.0),
    ("CYP2C9", {"rs9332131": "DI"}, ("*1/*6",), "Intermediate Metabolizer", 1.0),
    ("SLCO1B1", {"rs4149056": "CT"}, ("*1/*5",), "Decreased Function", None),
    ("SLCO1B1", {"rs4149056": "CC", "rs2306283": "GG"}, ("*15/*15",), "Poor Function", None),
    ("SLCO1B1", {"rs2306283": "GG"}, ("*37/*37",), "Normal Function", None),
    ("ABCG2", {"rs2231142": "GT"}, ("rs2231142 G/rs2231142 T",), "Decreased Function", None),
    ("TPMT", {"rs1800462": "CG"}, ("*1/*2",), "Intermediate Metabolizer", None),
    ("TPMT", {"rs1142345": "CC"}, ("*3C/*3C",), "Poor Metabolizer", None),
    ("NUDT15", {"rs116855232": "CT"}, ("*1/*3",), "Intermediate Metabolizer", None),
    ("NUDT15", {"rs116855232": "TT"}, ("*3/*3",), "Poor Metabolizer", None),
    ("CYP3A5", {"rs776746": "CC"}, ("*3/*3",), "Poor Metabolizer", None),
    ("CYP3A5", {"rs776746": "CT"}, ("*1/*3",), "Intermediate Metabolizer", None),
    ("CYP3A5", {"rs41303343": "DI"}, ("*1/*7",), "Intermediate Metabolizer", None),
    ("UGT1A1", {"rs4148323": "AG"}, ("*1/*6",), "Intermediate Metabolizer", None),
    ("CYP2B6", {"rs2279343": "AG"}, ("*1/*4",), "Rapid Metabolizer", None),
    ("CYP2B6", {"rs2279343": "GG"}, ("*4/*4",), "Ultrarapid Metabolizer", None),
    ("CYP2B6", {"rs3745274": "TT", "rs2279343": "GG"}, ("*6/*6",), "Poor Metabolizer", None),
    ("CYP2B6", {"rs28399499": "CT"}, ("*1/*18",), "Intermediate Metabolizer", None),
    ("VKORC1", {"rs9923231": "TT"}, ("-1639A/-1639A",), "-1639 AA", None),
    (
        "IFNL3",
        {"rs12979860": "CT"},
        ("rs12979860 C/rs12979860 T",),
        "Unfavorable response genotype",
        None,
    ),
    (
        "DPYD",
        {"rs3918290": "CT"},
        ("Reference/c.1905+1G>A (*2A)",),
        "Intermediate Metabolizer",
        1.0,
    ),
    ("DPYD", {"rs67376798": "AT"}, ("Reference/c.2846A>T",), "Intermediate Metabolizer", 1.5),
    (
        "DPYD",
        {"rs3918290": "CT", "rs67376798": "AT"},
        ("c.1905+1G>A (*2A)/c.2846A>T",),
        "Poor Metabolizer",
        0.5,
    ),
    (
        "DPYD",
        {"rs3918290": "TT"},
        ("c.1905+1G>A (*2A)/c.1905+1G>A (*2A)",),
        "Poor Metabolizer",
        0.0,
    ),
]


@pytest.mark.parametrize(("gene", "changes", "diplotypes", "phenotype", "score"), CASES)
def test_chip_genotypes_call_the_cpic_phenotype_on_both_builds(
    shared_vault: Vault,
    gene: str,
    changes: dict[str, str],
    diplotypes: tuple[str, ...],
    phenotype: str,
    score: float | None,
) -> None:
    for build in (B37, B38):
        call = chip(shared_vault, dict(changes), build=build)[gene]
        assert call.status == CallStatus.CALLED, (build, call)
        assert call.diplotypes == diplotypes, build
        assert call.phenotype == phenotype, build
        assert call.activity_score == score


def test_absent_cyp2c19_position_is_partial_and_names_what_cannot_be_ruled_out(
    shared_vault: Vault,
) -> None:
    call = chip(shared_vault, {"rs4244285": "AG"}, drop=("rs28399504",))["CYP2C19"]
    assert call.status == CallStatus.PARTIAL
    assert call.missing == ("rs28399504",)
    assert call.diplotypes == ("*1/*2",)
    assert "*4" in call.cannot_rule_out
    assert any("rs28399504" in c for c in call.caveats)
    assert any("*4" in c for c in call.caveats)


def test_no_call_is_not_tested_never_normal(shared_vault: Vault) -> None:
    call = chip(shared_vault, {"rs4244285": None})["CYP2C19"]
    assert call.status == CallStatus.PARTIAL
    assert call.missing == ("rs4244285",)
    assert "*2" in call.cannot_rule_out


def test_gene_with_every_position_absent_is_not_tested(shared_vault: Vault) -> None:
    dpyd = ("rs3918290", "rs55886062", "rs67376798", "rs75017182", "rs56038477", "rs115232898")
    calls = chip(shared_vault, {}, drop=(*dpyd, "rs4149056", "rs2306283"))
    for gene in ("DPYD", "SLCO1B1"):
        assert calls[gene].status == CallStatus.NOT_TESTED
        assert calls[gene].phenotype is None
        assert calls[gene].diplotypes == ()


def test_tpmt_double_heterozygote_reads_as_star1_star3a_and_names_the_enzyme_test(
    shared_vault: Vault,
) -> None:
    # CPIC reads unphased *3B + *3C heterozygosity as *1/*3A (intermediate); *3B/*3C is rare.
    call = chip(shared_vault, {"rs1800460": "CT", "rs1142345": "CT"})["TPMT"]
    assert call.status == CallStatus.CALLED
    assert call.diplotypes == ("*1/*3A", "*3B/*3C")
    assert call.phenotype == "Intermediate Metabolizer"
    assert call.phenotypes == ("Intermediate Metabolizer",)
    assert call.pairing_note is not None and "TPMT enzyme test settles it" in call.pairing_note


def test_ugt1a1_star80_alone_is_a_possible_not_a_certain_phenotype(shared_vault: Vault) -> None:
    # rs887829 stands in for the *28 repeat (PharmCAT counts *80 alone as unknown function).
    call = chip(shared_vault, {"rs887829": "TT"})["UGT1A1"]
    assert call.phenotype is None
    assert call.possible_phenotypes[0] == "Poor Metabolizer"
    assert set(call.possible_phenotypes) == {
        "Poor Metabolizer",
        "Intermediate Metabolizer",
        "Normal Metabolizer",
    }
    assert "the *28 repeat itself" in call.phenotype_text()
    het = chip(shared_vault, {"rs887829": "CT"})["UGT1A1"]
    assert het.phenotype is None
    assert het.possible_phenotypes == ("Intermediate Metabolizer", "Normal Metabolizer")


def test_cyp2b6_double_heterozygote_is_ambiguous_but_one_phenotype(shared_vault: Vault) -> None:
    call = chip(shared_vault, {"rs3745274": "GT", "rs2279343": "AG"})["CYP2B6"]
    assert set(call.diplotypes) == {"*1/*6", "*4/*9"}
    assert call.phenotype == "Intermediate Metabolizer"


def test_cyp2c19_star4_wobble_allows_both_star17_backgrounds(shared_vault: Vault) -> None:
    call = chip(shared_vault, {"rs28399504": "AG", "rs12248560": "CT"})["CYP2C19"]
    assert set(call.diplotypes) == {"*1/*4", "*4/*17"}
    assert call.phenotype == "Intermediate Metabolizer"


def test_dpyd_uses_the_two_lowest_activity_values(shared_vault: Vault) -> None:
    call = chip(shared_vault, {"rs3918290": "CT", "rs67376798": "AT", "rs115232898": "CT"})["DPYD"]
    assert call.activity_score == 0.5
    assert call.phenotype == "Poor Metabolizer"
    assert any("two lowest" in c for c in call.caveats)


def test_dpyd_hapb3_falls_back_to_the_exonic_marker(shared_vault: Vault) -> None:
    call = chip(shared_vault, {"rs56038477": "CT"}, drop=("rs75017182",))["DPYD"]
    assert call.activity_score == 1.5
    assert call.status == CallStatus.PARTIAL
    assert call.missing == ("rs75017182",)
    assert any("rs56038477" in c for c in call.caveats)


def test_slco1b1_falls_back_to_rs4149056_when_stars_cannot_be_named(shared_vault: Vault) -> None:
    call = chip(shared_vault, {"rs4149056": "CC", "rs2306283": None})["SLCO1B1"]
    assert call.status == CallStatus.PARTIAL
    assert call.phenotype == "Poor Function"
    assert call.missing == ("rs2306283",)


def test_cyp3a5_grch37_reference_homozygote_is_star3_star3(shared_vault: Vault) -> None:
    # A GRCh37 chip reading the reference base C twice: that base IS *3.
    call = chip(shared_vault, {"rs776746": "CC"}, build=B37)["CYP3A5"]
    assert call.diplotypes == ("*3/*3",)


def test_silence_at_a_grch37_site_whose_reference_base_is_the_variant_is_never_read(
    shared_vault: Vault,
) -> None:
    # Even a whole-genome VCF with records close around rs776746: on GRCh37 the reference
    # base there is *3, so silence can only be "not tested" (CLINICAL.md rule 1).
    rows = vcf_rows({"rs4244285": "A/G"}) + whole_genome_flanks(B37)
    call = pgx_by_gene(interpret_calls(shared_vault, rows, coverage=WGS))["CYP3A5"]
    assert "rs776746" in call.missing
    assert call.phenotype is None
    assert "*3/*3" not in call.diplotypes


def test_cyp3a5_silent_in_a_grch38_partial_vcf_is_not_tested_not_star1(
    shared_vault: Vault,
) -> None:
    # The exome/panel trap: on GRCh38 silence at rs776746 would read *1/*1 ("higher
    # tacrolimus dose") for people who are most likely *3/*3. A partial file proves nothing.
    rows = vcf_rows({"rs4244285": "A/G"}, B38)
    call = pgx_by_gene(interpret_calls(shared_vault, rows, build=B38, coverage=PARTIAL))["CYP3A5"]
    assert call.status == CallStatus.NOT_TESTED
    assert call.phenotype is None


def test_cyp3a5_silent_in_a_grch38_whole_genome_vcf_is_assumed_star1(shared_vault: Vault) -> None:
    rows = vcf_rows({"rs4244285": "A/G"}, B38) + whole_genome_flanks(B38)
    call = pgx_by_gene(interpret_calls(shared_vault, rows, build=B38, coverage=WGS))["CYP3A5"]
    assert call.diplotypes == ("*1/*1",)
    assert call.phenotype == "Normal Metabolizer"
    assert call.assumes_reference
    assert any("assumed, not measured" in c for c in call.caveats)


def test_whole_genome_silence_far_from_any_record_is_not_tested(shared_vault: Vault) -> None:
    # A whole genome with no record within 5 kb of CYP3A5: the region may not have been read.
    rows = vcf_rows({"rs4244285": "A/G"}, B38) + [
        r for r in whole_genome_flanks(B38) if r[1] != "7"
    ]
    call = pgx_by_gene(interpret_calls(shared_vault, rows, build=B38, coverage=WGS))["CYP3A5"]
    assert call.status == CallStatus.NOT_TESTED


def test_vcf_calls_match_by_position_without_rsids_and_read_indel_sequences(
    shared_vault: Vault,
) -> None:
    rows = vcf_rows(
        {"rs1799853": "C/T", "rs9332131": "G/GA", "rs41303343": "T/TA", "rs776746": "C/T"}, B38
    )
    calls = pgx_by_gene(
        interpret_calls(shared_vault, rows + whole_genome_flanks(B38), build=B38, coverage=WGS)
    )
    assert calls["CYP2C9"].diplotypes == ("*2/*6",)
    assert calls["CYP2C9"].activity_score == 0.5
    assert calls["CYP3A5"].diplotypes == ("*3/*7",)
    assert calls["CYP2C9"].assumes_reference


def test_vcf_indel_with_other_alleles_is_indeterminate_not_normal(shared_vault: Vault) -> None:
    rows = [(None, "10", 96709038, "GAA", "G", "G/GAA")]
    call = pgx_by_gene(interpret_calls(shared_vault, rows, coverage=PARTIAL))["CYP2C9"]
    assert call.status == CallStatus.INDETERMINATE
    assert call.phenotype is None and call.diplotypes == ()
    assert any("rs9332131" in c for c in call.caveats)


def test_cyp2c9_star27_base_makes_the_gene_indeterminate_naming_position_and_base(
    shared_vault: Vault,
) -> None:
    # rs7900194 T is *27, an allele the rule set does not define (CLINICAL.md rule 7): it is a
    # finding, not "*8 untested" and never "Normal Metabolizer, unless ...".
    call = chip(shared_vault, {"rs7900194": "GT"})["CYP2C9"]
    assert call.status == CallStatus.INDETERMINATE
    assert call.phenotype is None and call.possible_phenotypes == ()
    assert call.diplotypes == ()
    assert any("At rs7900194 the file shows T" in c for c in call.caveats)
    assert call.phenotype_text() == "Could not be read"


def test_g6pd_is_sex_aware(shared_vault: Vault) -> None:
    male = chip(shared_vault, {"rs1050828": "T", "rs1050829": "C", "rs5030868": "G"}, sex="male")[
        "G6PD"
    ]
    assert male.diplotypes == ("A-",)
    assert male.phenotype == "Deficient"
    female = chip(shared_vault, {"rs1050828": "CT", "rs1050829": "CT"}, sex="female")["G6PD"]
    assert female.phenotype == "Variable"
    assert set(female.diplotypes) == {"B (reference)/A-", "A/Asahi"}
    unknown_sex_hemizygous = chip(
        shared_vault, {"rs5030868": "A", "rs1050828": "C", "rs1050829": "T"}, sex=None
    )
    assert unknown_sex_hemizygous["G6PD"].phenotype == "Deficient"


def test_g6pd_heterozygous_woman_is_variable_whatever_the_data_suggests(
    shared_vault: Vault,
) -> None:
    # A woman's het Mediterranean call is kept even when sex is not given (or the genome row
    # carries a wrong "male" suggestion): a mixed X call means two X copies (rule 8).
    for sex in (None, "female"):
        call = chip(shared_vault, {"rs5030868": "AG"}, sex=sex)["G6PD"]
        assert call.status == CallStatus.CALLED
        assert call.diplotypes == ("B (reference)/Mediterranean",)
        assert call.phenotype == "Variable"


def test_g6pd_mixed_call_for_a_stated_male_is_read_as_two_copies_and_said(
    shared_vault: Vault,
) -> None:
    call = chip(shared_vault, {"rs5030868": "AG"}, sex="male")["G6PD"]
    assert call.phenotype == "Variable"
    assert any("You told PHR you are male" in c for c in call.caveats)


def test_mt_rnr1_reads_one_letter_and_flags_heteroplasmy(shared_vault: Vault) -> None:
    call = chip(shared_vault, {"rs267606617": "G"})["MT-RNR1"]
    assert call.phenotype == "Increased risk of aminoglycoside-induced hearing loss"
    mixed = chip(shared_vault, {"rs267606617": "AG"})["MT-RNR1"]
    assert mixed.phenotype == "Increased risk of aminoglycoside-induced hearing loss"
    assert any("heteroplasmy" in c for c in mixed.caveats)


def test_hla_b_proxies_are_labelled_as_proxies(shared_vault: Vault) -> None:
    calls = chip(shared_vault, {"rs2395029": "GT"})
    assert calls["HLA-B*57:01"].phenotype == "*57:01 tag found (proxy)"
    assert any("not HLA typing" in c for c in calls["HLA-B*57:01"].caveats)
    assert any("not HLA typing" in c for c in calls["HLA-B*58:01"].caveats)
    assert any("Proxy" in c for c in calls["UGT1A1"].caveats)


def test_cyp2d6_names_star_alleles_but_claims_no_phenotype(shared_vault: Vault) -> None:
    # GRCh37 chip: rs3892097 T (*4 splice defect) plus the *4/*10 core bases.
    call = chip(shared_vault, {"rs3892097": "CT", "rs1065852": "AG", "rs1135840": "CG"})["CYP2D6"]
    assert "*1/*4" in call.diplotypes
    assert call.phenotype is None
    assert call.activity_score is None
    assert any("Copy number not assessed" in c for c in call.caveats)


def test_grch36_genomes_match_by_rsid_only(shared_vault: Vault) -> None:
    rows = [("rs4244285", "10", 1, None, None, "A/A")]
    calls = pgx_by_gene(interpret_calls(shared_vault, rows, build=Build.GRCH36))
    assert calls["CYP2C19"].diplotypes[0] == "*2/*2"
    assert calls["CYP2C19"].status == CallStatus.PARTIAL


def test_partial_usual_result_never_reads_as_plain_normal(shared_vault: Vault) -> None:
    call = chip(shared_vault, {}, drop=("rs4244285",))["CYP2C19"]
    assert call.status == CallStatus.PARTIAL
    assert call.phenotype is None
    assert call.possible_phenotypes[0] == "Normal Metabolizer"
    assert "Intermediate Metabolizer" in call.possible_phenotypes
    assert call.phenotype_text().startswith("Could be Normal Metabolizer or ")
    assert "the file did not test *2" in call.phenotype_text()
    assert call.as_json()["phenotype"] is None
    assert "Poor Metabolizer" in call.as_json()["possible_phenotypes"]  # type: ignore[operator]


def test_partial_call_stands_when_no_untested_allele_could_change_it(
    shared_vault: Vault,
) -> None:
    # *2/*2 with the *17 site untested: no allele could make it anything but poor.
    call = chip(shared_vault, {"rs4244285": "AA"}, drop=("rs12248560",))["CYP2C19"]
    assert call.status == CallStatus.PARTIAL
    assert call.phenotype == "Poor Metabolizer"
    assert call.possible_phenotypes == ("Poor Metabolizer",)


def test_partial_dpyd_normal_result_names_what_could_lower_it(shared_vault: Vault) -> None:
    """DPYD has its own scorer; a missing HapB3 / c.557A>G site must not read as normal."""
    call = chip(shared_vault, {}, drop=("rs75017182", "rs56038477", "rs115232898"))["DPYD"]
    assert call.status == CallStatus.PARTIAL
    assert call.phenotype is None and call.activity_score is None
    assert call.possible_phenotypes == ("Normal Metabolizer", "Intermediate Metabolizer")
    assert "HapB3" in call.phenotype_text() and "c.557A>G" in call.phenotype_text()


def test_dpyd_stand_in_marker_is_read_when_the_primary_site_is_only_assumed(
    shared_vault: Vault,
) -> None:
    # c.1236G>A (rs56038477) C/T in a whole genome silent at c.1129-5923C>G: the silence is
    # an assumption, the marker is measured, so HapB3 is read from the marker (score 1.5).
    rows = vcf_rows({"rs56038477": "C/T"}) + whole_genome_flanks(B37)
    call = pgx_by_gene(interpret_calls(shared_vault, rows, coverage=WGS))["DPYD"]
    assert call.activity_score == 1.5
    assert call.phenotype == "Intermediate Metabolizer"
    assert "HapB3" in call.diplotypes[0]
    assert any("usually travels with it" in c for c in call.caveats)


def test_partial_dpyd_poor_result_is_not_qualified(shared_vault: Vault) -> None:
    """Untested alleles cannot lower a score of 0 further: the phenotype stays as it is."""
    call = chip(shared_vault, {"rs3918290": "TT"}, drop=("rs115232898",))["DPYD"]
    assert call.status == CallStatus.PARTIAL
    assert call.phenotype == "Poor Metabolizer"
