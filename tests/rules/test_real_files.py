"""Real files: PharmCAT's documented example VCFs (with PharmCAT's expected calls as the
oracle) and the CC0 Dante Labs 30x PGx excerpt. Rows are written with `store_genome` from a
minimal VCF reading here, so these tests do not depend on the importer."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from phr.genome.model import Build, CoverageKind
from phr.genome.store import GenotypeRow, join_alleles
from phr.rules.model import CallStatus
from phr.vault import Vault
from tests.conftest import shared_file
from tests.rules.genomes import interpret_calls, pgx_by_gene

COMPARED = [
    "VKORC1",
    "TPMT",
    "UGT1A1",
    "CYP2C19",
    "CYP3A5",
    "CYP2C9",
    "SLCO1B1",
    "CYP2B6",
    "DPYD",
    "NUDT15",
    "ABCG2",
    "G6PD",
    "CYP4F2",
    "IFNL3",
]
THEIR_NAMES = {
    "rs9923231 reference (C)": "-1639G",
    "rs9923231 variant (T)": "-1639A",
    "rs2231142 reference (G)": "rs2231142 G",
    "rs2231142 variant (T)": "rs2231142 T",
    "rs12979860 reference (C)": "rs12979860 C",
    "rs12979860 variant (T)": "rs12979860 T",
}


def read_vcf(path: Path) -> list[GenotypeRow]:
    opener = gzip.open if path.suffix == ".gz" else open
    rows: list[GenotypeRow] = []
    with opener(path, "rt") as handle:  # type: ignore[operator]
        for line in handle:
            if line.startswith("#"):
                continue
            chrom, pos, rsid, ref, alt, _q, _f, _i, fmt, sample = line.rstrip("\n").split("\t")[:10]
            gt = sample.split(":")[fmt.split(":").index("GT")].replace("|", "/")
            if "." in gt:
                alleles = None
            else:
                choices = [ref, *alt.split(",")]
                alleles = join_alleles(choices[int(i)] for i in gt.split("/"))
            name = chrom[3:] if chrom.startswith("chr") else chrom
            rows.append(
                (
                    None if rsid == "." else rsid,
                    "MT" if name == "M" else name,
                    int(pos),
                    ref,
                    alt,
                    alleles,
                )
            )
    return rows


def expected_calls(report: Path) -> dict[str, tuple[str, str]]:
    lines = report.read_text().splitlines()[2:]
    found = {}
    for line in lines:
        cols = line.split("\t")
        found[cols[0]] = (cols[1], cols[2])
    return found


@pytest.mark.parametrize("example", ["pharmcat.example", "pharmcat.example2"])
def test_pharmcat_examples_match_pharmcats_calls(shared_vault: Vault, example: str) -> None:
    vcf = shared_file("data", "pharmcat", "examples", f"{example}.vcf")
    report = shared_file("data", "pharmcat", "examples", f"{example}.report.tsv")
    findings = interpret_calls(
        shared_vault, read_vcf(vcf), build=Build.GRCH38, coverage=CoverageKind.PARTIAL_VCF
    )
    calls = pgx_by_gene(findings)
    expected = expected_calls(report)
    for gene in COMPARED:
        diplotype, phenotype = expected[gene]
        ours = calls[gene]
        assert ours.status == CallStatus.CALLED, gene
        theirs = "/".join(THEIR_NAMES.get(part, part) for part in diplotype.split("/"))
        assert theirs in ours.diplotypes, (gene, ours.diplotypes, diplotype)
        if phenotype.strip():  # PharmCAT states none for CYP4F2 and IFNL3
            assert ours.phenotype == phenotype, gene


def test_dante_30x_pgx_excerpt_is_a_partial_vcf_read_only_where_it_speaks(
    shared_vault: Vault,
) -> None:
    rows = read_vcf(shared_file("data", "genomes", "vcf", "dante_corpas30x_pgx_loci.vcf.gz"))
    calls = pgx_by_gene(
        interpret_calls(shared_vault, rows, build=Build.GRCH37, coverage=CoverageKind.PARTIAL_VCF)
    )
    # chr10:96702047 C/T (no rsID in the file) is *2; the other CYP2C9 sites are not in the
    # five records, so the phenotype is not determined: intermediate or poor.
    assert calls["CYP2C9"].diplotypes == ("*1/*2",)
    assert calls["CYP2C9"].phenotype is None
    assert calls["CYP2C9"].possible_phenotypes == (
        "Intermediate Metabolizer",
        "Poor Metabolizer",
    )
    assert not calls["CYP2C9"].assumes_reference
    assert calls["VKORC1"].phenotype == "-1639 AA"
    # CYP2D6: rs16947 is A/G, but every allele carrying it needs a position the excerpt lacks.
    assert calls["CYP2D6"].status == CallStatus.PARTIAL
    assert calls["CYP2D6"].phenotype is None and calls["CYP2D6"].diplotypes == ()
    # Nothing else is in the file: not tested, never "assumed normal".
    for gene in ("CYP2C19", "DPYD", "TPMT", "CYP3A5"):
        assert calls[gene].status == CallStatus.NOT_TESTED, gene


def test_a_womans_g6pd_variant_in_pharmcats_example_vcf_is_kept(
    vault: Vault, tmp_path: Path
) -> None:
    """PharmCAT's own example VCF with its G6PD Mediterranean row made heterozygous: the whole
    import path keeps the mixed X call (the file is far too small to suggest a sex, and a
    mixed call means two X copies), so the result is "Variable", never "no variant found"."""
    from phr.genome.importer import import_genome
    from phr.rules import interpret

    source = shared_file("data", "pharmcat", "examples", "pharmcat.example.vcf")
    text = source.read_text(encoding="utf-8")
    row = "chrX\t154534419\trs5030868\tG\tA\t.\tPASS\tPX=G6PD\tGT\t0/0"
    assert row in text
    edited = tmp_path / "her.vcf"
    edited.write_text(text.replace(row, row[:-3] + "0/1"), encoding="utf-8")
    genome = import_genome(vault, edited).genome
    assert genome.coverage == CoverageKind.PARTIAL_VCF
    assert genome.sex is None
    g6pd = pgx_by_gene(interpret(vault, genome))["G6PD"]
    # a GRCh38 VCF is read against PharmCAT's full definitions, which name the allele in full
    assert g6pd.diplotypes == (
        "B (reference)/Mediterranean, Dallas, Panama, Sassari, Cagliari, Birmingham",
    )
    assert g6pd.phenotype == "Variable"
    note = next(n for n in interpret(vault, genome).notes if n.id == "g6pd-medicines")
    assert note.status == "actionable" and "enzyme blood test" in note.discuss
