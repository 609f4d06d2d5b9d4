"""PharmCAT's full allele definitions on sequencing files: loading, matching, agreement.

Generated genotypes come from the definitions themselves (phr.rules.agreement); PharmCAT's own
example files are read where the shared data is present. Vault tests store small GRCh38
genomes (and one real import of a written VCF) and go through `interpret`, as the app does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phr.errors import RuleSetError
from phr.genome.model import Build, CoverageKind
from phr.genome.store import GenotypeRow, join_alleles
from phr.rules.agreement import (
    GeneTally,
    check_example,
    check_generated,
    pair_genotypes,
    read_example_vcf,
    read_pharmcat_outputs,
    sites_from,
)
from phr.rules.fullcall import call_full
from phr.rules.matcher import SampleSite, match_gene, match_lowest_function
from phr.rules.model import CallStatus
from phr.rules.pharmcat import FULL_GENES, PcGene, _gene, load_pharmcat_gene
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from tests.conftest import shared_file
from tests.rules.genomes import (
    all_reference_calls,
    array_rows,
    interpret_calls,
    pgx_by_gene,
    vcf_rows,
    whole_genome_flanks,
)

B38 = Build.GRCH38


def _gene_def(name: str) -> PcGene:
    return load_pharmcat_gene(name)


def _index(gene: PcGene, rsid: str) -> int:
    return next(p.index for p in gene.positions if p.rsid == rsid)


def _rows(
    gene: PcGene, names: tuple[str, ...], *, skip: frozenset[str] = frozenset()
) -> list[GenotypeRow]:
    """VCF rows (every defined position, like PharmCAT's example files) for a diplotype."""
    genotypes = pair_genotypes(gene, names)
    rows: list[GenotypeRow] = []
    for p in gene.positions:
        if p.rsid in skip:
            continue
        rows.append(
            (p.rsid, p.chrom, p.pos, p.ref, ",".join(p.alts), join_alleles(genotypes[p.index]))
        )
    return rows


# -- the bundled files --------------------------------------------------------------------


def test_every_full_gene_loads_checked_and_cached() -> None:
    for name in FULL_GENES:
        gene = load_pharmcat_gene(name)
        assert gene.version == "2025-11-05-00-25"
        assert sum(a.reference for a in gene.alleles) == 1
        assert load_pharmcat_gene(name) is gene  # read once per process
    assert len(load_pharmcat_gene("DPYD").positions) > len(load_rule_set().genes["DPYD"].variants)


def test_bundled_copy_keeps_pharmcats_licence_and_provenance() -> None:
    root = Path(__file__).resolve().parents[2] / "resources" / "pharmcat"
    assert "Mozilla Public License Version 2.0" in (root / "LICENSE.txt").read_text()
    provenance = (root / "PROVENANCE.txt").read_text()
    assert "5431bf11" in provenance and "2025-11-05-00-25" in provenance
    bundled = {p.name.removesuffix("_translation.json") for p in (root / "alleles").glob("*.json")}
    assert bundled == set(FULL_GENES)  # only what PHR uses


def test_a_broken_definition_fails_loudly_at_load() -> None:
    path = Path(__file__).resolve().parents[2] / "resources/pharmcat/alleles/TPMT_translation.json"
    raw = json.loads(path.read_text())
    raw["namedAlleles"][1]["alleles"] = raw["namedAlleles"][1]["alleles"][:-1]
    with pytest.raises(RuleSetError, match="one entry per position"):
        _gene("TPMT", raw, None)
    raw = json.loads(path.read_text())
    raw["namedAlleles"][0]["alleles"][0] = "G"
    with pytest.raises(RuleSetError, match="reference base"):
        _gene("TPMT", raw, None)
    with pytest.raises(RuleSetError):
        load_pharmcat_gene("CYP2D6")  # not bundled: PHR does not match it from files


def test_loading_the_rule_set_reads_no_pharmcat_file() -> None:
    """`phr info` / `phr --version` start-up loads the rule set, never the 4.8 MB of JSON."""
    import subprocess
    import sys

    code = (
        "import phr.cli; phr.cli.build_parser('info');"
        "from phr.rules.ruleset import load_rule_set; load_rule_set();"
        "from phr.rules import pharmcat; print(pharmcat.load_pharmcat_gene.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


# -- matching -------------------------------------------------------------------------------


def test_tpmt_unphased_double_heterozygote_is_star1_star3a_like_pharmcat() -> None:
    tpmt = _gene_def("TPMT")
    sites = {i: SampleSite(t) for i, t in pair_genotypes(tpmt, ("*3B", "*3C")).items()}
    assert match_gene(tpmt, sites).diplotypes == (("*1", "*3A"),)
    # phased on different copies, the same genotypes can only be *3B/*3C
    phased = {
        i: SampleSite(
            (
                tpmt.allele("*3B").alleles[i] or tpmt.positions[i].ref,
                tpmt.allele("*3C").alleles[i] or tpmt.positions[i].ref,
            ),
            phased=True,
        )
        for i, site in sites.items()
    }
    assert match_gene(tpmt, phased).diplotypes == (("*3B", "*3C"),)


def test_a_lower_scoring_pairing_with_another_meaning_is_said() -> None:
    """PharmCAT shows only *1/*3A; PHR also says *3B/*3C would mean a poor metabolizer."""
    tpmt = _gene_def("TPMT")
    rules = load_rule_set().genes["TPMT"]
    call = call_full(rules, tpmt, sites_from(tpmt, pair_genotypes(tpmt, ("*3B", "*3C"))), None)
    assert call.diplotypes == ("*1/*3A",) and call.phenotype == "Intermediate Metabolizer"
    assert call.pairing_note is not None and "*3B/*3C (Poor Metabolizer)" in call.pairing_note


def test_two_variants_on_different_copies_are_not_swallowed_by_a_wildcard() -> None:
    cyp2b6 = _gene_def("CYP2B6")
    sites = {i: SampleSite(t) for i, t in pair_genotypes(cyp2b6, ("*2", "*3")).items()}
    assert match_gene(cyp2b6, sites).diplotypes == (("*2", "*3"),)


def test_equal_scores_are_all_reported_never_guessed() -> None:
    slco = _gene_def("SLCO1B1")
    sites = {i: SampleSite(t) for i, t in pair_genotypes(slco, ("*4", "*15")).items()}
    found = match_gene(slco, sites).diplotypes
    assert len(found) == 2 and ("*4", "*15") in found


def test_dpyd_counts_the_two_lowest_function_copies() -> None:
    dpyd = _gene_def("DPYD")
    rules = load_rule_set().genes["DPYD"]
    genotypes = pair_genotypes(dpyd, ("c.1905+1G>A (*2A)", "c.2846A>T"))
    # a third, normal-function variant on top: the two lowest still decide
    extra = next(a for a in dpyd.alleles if a.activity == 1.0 and not a.reference)
    i = extra.defined()[0]
    genotypes[i] = (dpyd.positions[i].ref, str(extra.alleles[i]))
    sites = {k: SampleSite(v) for k, v in genotypes.items()}
    match = match_lowest_function(dpyd, sites)
    assert match.diplotypes == (("c.1905+1G>A (*2A)", "c.2846A>T"),)
    assert len(match.found) == 3
    call = call_full(rules, dpyd, sites_from(dpyd, genotypes), None)
    assert call.phenotype == "Poor Metabolizer" and call.activity_score == 0.5  # 0 + 0.5
    assert any("More than two DPYD variant copies" in c for c in call.caveats)


def test_untested_positions_make_the_call_partial_and_never_normal() -> None:
    cyp2c19 = _gene_def("CYP2C19")
    rules = load_rule_set().genes["CYP2C19"]
    genotypes = pair_genotypes(cyp2c19, ("*1", "*1"))
    star2 = cyp2c19.allele("*2")
    for i in star2.defined():  # *2's own variants, not the *1 background it shares
        if (
            star2.alleles[i] != cyp2c19.positions[i].ref
            and genotypes[i][0] == cyp2c19.positions[i].ref
        ):
            del genotypes[i]
    call = call_full(rules, cyp2c19, sites_from(cyp2c19, genotypes), None)
    assert call.status == CallStatus.PARTIAL
    assert "rs4244285" in call.missing and "*2" in call.cannot_rule_out
    assert call.phenotype is None
    assert "Normal Metabolizer" in call.possible_phenotypes
    assert "Intermediate Metabolizer" in call.possible_phenotypes


def test_a_base_no_definition_knows_makes_the_gene_indeterminate() -> None:
    tpmt = _gene_def("TPMT")
    rules = load_rule_set().genes["TPMT"]
    genotypes = pair_genotypes(tpmt, ("*1", "*1"))
    i = _index(tpmt, "rs1800460")
    strange = next(b for b in "ACGT" if b not in tpmt.positions[i].known)
    genotypes[i] = (tpmt.positions[i].ref, strange)
    call = call_full(rules, tpmt, sites_from(tpmt, genotypes), None)
    assert call.status == CallStatus.INDETERMINATE and call.diplotypes == ()


# -- agreement ------------------------------------------------------------------------------

EXPLAINED = (
    "other pairings explain the same genotypes equally well",
    "these unphased genotypes also fit a more specific pairing",
)


@pytest.mark.parametrize("name", FULL_GENES)
def test_generated_diplotypes_agree_with_the_definitions(name: str) -> None:
    """An even spread of every gene's diplotypes (the script runs them all): PHR names the
    pair that made the genotypes, or a difference PharmCAT's own scoring explains."""
    rules = load_rule_set().genes[name]
    gene = load_pharmcat_gene(name)
    tally = GeneTally(name, len(rules.variants), len(gene.positions))
    check_generated(rules, gene, tally, limit=60)
    if rules.ploidy == "x_linked":
        check_generated(rules, gene, tally, hemizygous=True, limit=30)
    unexplained = [d for d in tally.differing if not any(r in d for r in EXPLAINED)]
    assert unexplained == []
    assert tally.agreed >= 0.9 * tally.tested


@pytest.mark.parametrize("example", ["pharmcat.example", "pharmcat.example2"])
def test_pharmcats_example_files_agree_gene_by_gene(example: str) -> None:
    vcf = shared_file("data", "pharmcat", "examples", f"{example}.vcf")
    match = shared_file("data", "pharmcat", "examples", f"{example}.match.json")
    report = shared_file("data", "pharmcat", "examples", f"{example}.report.tsv")
    calls = read_example_vcf(vcf)
    outputs = read_pharmcat_outputs(match, report)
    for name in FULL_GENES:
        tally = GeneTally(name, 0, 0)
        check_example(
            load_rule_set().genes[name],
            load_pharmcat_gene(name),
            calls,
            outputs[name],
            tally,
            example,
        )
        assert tally.differing == [], name


# -- through the vault ----------------------------------------------------------------------


def test_nudt15_star2_insertion_is_read_from_a_sequencing_file(shared_vault: Vault) -> None:
    nudt15 = _gene_def("NUDT15")
    calls = pgx_by_gene(
        interpret_calls(
            shared_vault, _rows(nudt15, ("*1", "*2")), build=B38, coverage=CoverageKind.PARTIAL_VCF
        )
    )["NUDT15"]
    assert calls.status == CallStatus.CALLED
    assert calls.diplotypes == ("*1/*2",)
    assert calls.phenotype == "Intermediate Metabolizer"


def test_ugt1a1_ta_repeat_is_read_where_the_file_carries_it(shared_vault: Vault) -> None:
    ugt = _gene_def("UGT1A1")
    found = pgx_by_gene(
        interpret_calls(
            shared_vault, _rows(ugt, ("*28", "*37")), build=B38, coverage=CoverageKind.PARTIAL_VCF
        )
    )["UGT1A1"]
    assert found.diplotypes == ("*28/*37",)
    assert found.phenotype == "Poor Metabolizer"
    assert not any("Proxy" in c for c in found.caveats)


def test_ugt1a1_without_the_repeat_falls_back_to_the_labelled_proxy(shared_vault: Vault) -> None:
    ugt = _gene_def("UGT1A1")
    rows = _rows(ugt, ("*1", "*80+*28"), skip=frozenset({"rs3064744"}))
    found = pgx_by_gene(
        interpret_calls(shared_vault, rows, build=B38, coverage=CoverageKind.PARTIAL_VCF)
    )["UGT1A1"]
    assert found.diplotypes == ("*1/*80 (proxy for *28)",)
    assert found.phenotype is None  # the proxy leaves it possible, not certain
    assert any("TA repeat" in c for c in found.caveats)
    assert any("Proxy" in c for c in found.caveats)


def test_g6pd_heterozygous_woman_is_kept_and_a_man_is_hemizygous(shared_vault: Vault) -> None:
    g6pd = _gene_def("G6PD")
    rows = _rows(g6pd, ("B (reference)", "A- 202A_376G"))
    her = pgx_by_gene(
        interpret_calls(
            shared_vault, rows, build=B38, coverage=CoverageKind.PARTIAL_VCF, sex="female"
        )
    )["G6PD"]
    assert her.diplotypes == ("B (reference)/A- 202A_376G",)
    assert her.phenotype == "Variable"
    # stated male but heterozygous: two X copies are read, never a lost variant (rule 8)
    him = pgx_by_gene(
        interpret_calls(
            shared_vault, rows, build=B38, coverage=CoverageKind.PARTIAL_VCF, sex="male"
        )
    )["G6PD"]
    assert him.phenotype == "Variable"
    assert any("You told PHR you are male" in c for c in him.caveats)
    genotypes = pair_genotypes(g6pd, ("A- 202A_376G",))
    hemizygous = [
        (p.rsid, p.chrom, p.pos, p.ref, ",".join(p.alts), genotypes[p.index][0])
        for p in g6pd.positions
    ]
    man = pgx_by_gene(
        interpret_calls(
            shared_vault, hemizygous, build=B38, coverage=CoverageKind.PARTIAL_VCF, sex="male"
        )
    )["G6PD"]
    assert man.diplotypes == ("A- 202A_376G",)
    assert man.phenotype == "Deficient"


def test_g6pd_allele_without_a_bundled_function_names_no_phenotype(shared_vault: Vault) -> None:
    g6pd = _gene_def("G6PD")
    found = pgx_by_gene(
        interpret_calls(
            shared_vault,
            _rows(g6pd, ("B (reference)", "Aachen")),
            build=B38,
            coverage=CoverageKind.PARTIAL_VCF,
            sex="female",
        )
    )["G6PD"]
    assert found.diplotypes == ("B (reference)/Aachen",)
    assert found.phenotype is None  # never "Normal" for an allele of unknown function
    assert any("PHR's tables hold no function" in c for c in found.caveats)


def test_whole_genome_silence_is_assumed_reference_only_with_flanks(shared_vault: Vault) -> None:
    cyp2c19 = _gene_def("CYP2C19")
    variant = [r for r in _rows(cyp2c19, ("*38", "*2")) if r[5] != join_alleles([r[3], r[3]])]
    flanked = pgx_by_gene(
        interpret_calls(
            shared_vault,
            variant + whole_genome_flanks(B38),
            build=B38,
            coverage=CoverageKind.VARIANT_ONLY_VCF,
        )
    )["CYP2C19"]
    assert flanked.diplotypes == ("*38/*2",)
    assert flanked.assumes_reference and flanked.phenotype == "Intermediate Metabolizer"
    assert any("assumed, not measured" in c for c in flanked.caveats)
    bare = pgx_by_gene(
        interpret_calls(shared_vault, variant, build=B38, coverage=CoverageKind.PARTIAL_VCF)
    )["CYP2C19"]
    assert bare.status == CallStatus.PARTIAL and not bare.assumes_reference


def test_a_chip_keeps_its_subset_and_says_so(shared_vault: Vault) -> None:
    calls = pgx_by_gene(interpret_calls(shared_vault, array_rows(all_reference_calls())))
    tpmt = calls["TPMT"]
    assert tpmt.diplotypes == ("*1/*1",)  # the chip subset, read as before
    said = next(c for c in tpmt.caveats if "From chip data" in c)
    assert "only the 3 TPMT positions" in said and "of the 43" in said and "rs1142345" in said
    # VKORC1's one position is all PharmCAT defines: nothing to add
    assert not any("From chip data" in c for c in calls["VKORC1"].caveats)


def test_a_grch37_sequencing_file_says_it_was_read_with_the_subset(shared_vault: Vault) -> None:
    calls = pgx_by_gene(
        interpret_calls(
            shared_vault,
            vcf_rows({"rs1142345": "T/T", "rs1800460": "C/C", "rs1800462": "C/C"}),
            coverage=CoverageKind.PARTIAL_VCF,
        )
    )
    assert any("use GRCh38 positions" in c for c in calls["TPMT"].caveats)


def _gvcf(path: Path, variants: dict[int, tuple[str, str, str]], chrom: str, span: range) -> Path:
    """A small GRCh38 gVCF: reference blocks over `span` around the listed variant records."""
    header = [
        "##fileformat=VCFv4.2",
        '##INFO=<ID=END,Number=1,Type=Integer,Description="Block end">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        "##contig=<ID=chr1,length=248956422>",
        f"##contig=<ID=chr{chrom},length=170805979>",
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1",
    ]
    lines = []
    start = span.start
    for pos in sorted(variants):
        ref, alt, gt = variants[pos]
        if start < pos:
            lines.append(f"chr{chrom}\t{start}\t.\tN\t<NON_REF>\t.\tPASS\tEND={pos - 1}\tGT\t0/0")
        lines.append(f"chr{chrom}\t{pos}\t.\t{ref}\t{alt},<NON_REF>\t50\tPASS\t.\tGT\t{gt}")
        start = pos + len(ref)
    lines.append(f"chr{chrom}\t{start}\t.\tN\t<NON_REF>\t.\tPASS\tEND={span.stop}\tGT\t0/0")
    path.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    return path


def test_a_gvcf_reads_reference_blocks_as_tested(vault: Vault, tmp_path: Path) -> None:
    """Through the real importer: blocks are tested reference calls at every TPMT position, so
    a heterozygous *3A pair is a full call, not a partial one."""
    from phr.genome.importer import import_genome
    from phr.rules import interpret

    tpmt = _gene_def("TPMT")
    wanted = {
        tpmt.positions[_index(tpmt, rsid)].pos: (ref, alt, "0/1")
        for rsid, ref, alt in (("rs1142345", "T", "C"), ("rs1800460", "C", "T"))
    }
    low = min(p.pos for p in tpmt.positions) - 100
    high = max(p.pos for p in tpmt.positions) + 100
    genome = import_genome(vault, _gvcf(tmp_path / "s.g.vcf", wanted, "6", range(low, high))).genome
    assert genome.coverage == CoverageKind.GVCF and genome.build == B38
    found = pgx_by_gene(interpret(vault, genome))["TPMT"]
    assert found.status == CallStatus.CALLED and found.missing == ()
    assert found.diplotypes == ("*1/*3A",) and found.phenotype == "Intermediate Metabolizer"
    assert not found.assumes_reference


def test_g6pd_read_at_the_chip_positions_only_lists_what_it_could_be_briefly() -> None:
    """A file that speaks only at the three common G6PD sites leaves 180-odd alleles untested:
    no phenotype, every possible one listed, and a sentence of sane length."""
    g6pd = _gene_def("G6PD")
    rules = load_rule_set().genes["G6PD"]
    common = {v.position(B38).pos for v in rules.variants}
    genotypes = {
        i: t
        for i, t in pair_genotypes(g6pd, ("B (reference)", "B (reference)")).items()
        if g6pd.positions[i].pos in common
    }
    call = call_full(rules, g6pd, sites_from(g6pd, genotypes), "female")
    assert call.status == CallStatus.PARTIAL and call.phenotype is None
    # the untested alleles have no function in PHR's tables: never "Normal" alone
    assert call.possible_phenotypes[0] == "Normal" and len(call.possible_phenotypes) > 1
    assert "unknown" in call.possible_phenotypes[-1]
    assert len(call.cannot_rule_out) > 100
    assert "more" in call.phenotype_text() and len(call.phenotype_text()) < 300


def test_a_likely_poor_metabolizer_gets_cpics_poor_metabolizer_note(shared_vault: Vault) -> None:
    """CYP2C19 *2/*9 is 'Likely Poor Metabolizer' in PharmCAT's CPIC table; CPIC gives it the
    poor-metabolizer recommendations, so the clopidogrel note speaks as for a poor metabolizer
    while the call keeps CPIC's own words."""
    cyp2c19 = _gene_def("CYP2C19")
    findings = interpret_calls(
        shared_vault, _rows(cyp2c19, ("*2", "*9")), build=B38, coverage=CoverageKind.PARTIAL_VCF
    )
    call = pgx_by_gene(findings)["CYP2C19"]
    assert call.diplotypes == ("*2/*9",) and call.phenotype == "Likely Poor Metabolizer"
    assert any("same recommendations as Poor Metabolizer" in c for c in call.caveats)
    note = next(n for n in findings.notes if "clopidogrel" in n.drugs)
    assert note.status == "actionable"
    assert "Likely Poor Metabolizer" in note.found


@pytest.mark.parametrize(
    ("pair", "phenotype"),
    [(("*1", "*2"), "No *3"), (("*1", "*3"), "*3 carrier"), (("*2", "*4"), "*3 carrier")],
)
def test_cyp4f2_reads_star3_carriage_from_every_allele(
    pair: tuple[str, str], phenotype: str
) -> None:
    """CPIC asks only whether a copy carries *3 (rs2108622 T): PharmCAT's *4 does, *2 not."""
    cyp4f2 = _gene_def("CYP4F2")
    rules = load_rule_set().genes["CYP4F2"]
    call = call_full(rules, cyp4f2, sites_from(cyp4f2, pair_genotypes(cyp4f2, pair)), None)
    assert call.phenotype == phenotype


def test_ifnl3_and_vkorc1_phenotypes_from_a_sequencing_file() -> None:
    for name, pair, phenotype in (
        (
            "IFNL3",
            ("rs12979860 reference (C)", "rs12979860 variant (T)"),
            "Unfavorable response genotype",
        ),
        ("VKORC1", ("rs9923231 variant (T)", "rs9923231 variant (T)"), "-1639 AA"),
    ):
        gene = _gene_def(name)
        call = call_full(
            load_rule_set().genes[name], gene, sites_from(gene, pair_genotypes(gene, pair)), None
        )
        assert call.phenotype == phenotype, name
