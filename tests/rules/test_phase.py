"""Phased VCF genotypes reach the matcher: TPMT *3B/*3C (the two variants on different copies)
is told from *1/*3A (both on one copy) when the file gives phase, as PharmCAT tells them. A file
that declares phase sets (PS) is read unphased: PHR does not store the set, so it never assumes
two sites share one. Written through the real VCF import (text reader and htslib)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from phr.genome.importer import import_genome
from phr.genome.store import GenotypeReader, active_genome, genotype_rows
from phr.rules import interpret
from phr.rules.pharmcat import load_pharmcat_gene
from phr.vault import Vault, create_vault

TPMT_3B = "rs1800460"  # c.460G>A; *3A carries it with *3C's rs1142345 on the same copy
TPMT_3C = "rs1142345"  # c.719A>G


def tpmt_vcf(path: Path, genotypes: dict[str, str], *, phase_sets: bool = False) -> Path:
    """A GRCh38 single-sample VCF listing every PharmCAT TPMT position: `genotypes` by rsID,
    the rest 0/0 (a file that writes its reference calls, as PharmCAT's examples do)."""
    header = [
        "##fileformat=VCFv4.2",
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        "##contig=<ID=chr1,length=248956422>",
        "##contig=<ID=chr6,length=170805979>",
    ]
    if phase_sets:
        header.append('##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">')
    header.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1")
    lines = []
    for position in load_pharmcat_gene("TPMT").positions:
        alt = sorted(position.alts)[0]
        gt = genotypes.get(position.label, "0/0")
        fmt, sample = ("GT:PS", f"{gt}:18130687") if phase_sets else ("GT", gt)
        lines.append(
            f"chr6\t{position.pos}\t{position.label}\t{position.ref}\t{alt}\t50\tPASS\t.\t"
            f"{fmt}\t{sample}"
        )
    path.write_text("\n".join([*header, *lines]) + "\n")
    return path


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return create_vault(tmp_path / "phase.phr", "phase test passphrase")


def tpmt(vault: Vault, path: Path):  # type: ignore[no-untyped-def]
    import_genome(vault, path)
    calls = {c.gene: c for c in interpret(vault).pgx}
    return calls["TPMT"]


@pytest.mark.parametrize("wrapper", ["plain", "zip"])  # the text reader, then htslib's
def test_phased_variants_on_different_copies_are_tpmt_3b_3c(
    vault: Vault, tmp_path: Path, wrapper: str
) -> None:
    path = tpmt_vcf(tmp_path / "trans.vcf", {TPMT_3B: "0|1", TPMT_3C: "1|0"})
    if wrapper == "zip":
        zipped = tmp_path / "trans.zip"
        with zipfile.ZipFile(zipped, "w") as archive:
            archive.write(path, "trans.vcf")
        path = zipped
    call = tpmt(vault, path)
    assert call.diplotypes == ("*3B/*3C",)
    assert call.phenotype == "Poor Metabolizer"


def test_phased_variants_on_one_copy_are_tpmt_1_3a(vault: Vault, tmp_path: Path) -> None:
    path = tpmt_vcf(tmp_path / "cis.vcf", {TPMT_3B: "0|1", TPMT_3C: "0|1"})
    call = tpmt(vault, path)
    assert call.diplotypes == ("*1/*3A",)
    assert call.phenotype == "Intermediate Metabolizer"


def test_unphased_file_keeps_pharmcats_most_specific_reading(vault: Vault, tmp_path: Path) -> None:
    path = tpmt_vcf(tmp_path / "unphased.vcf", {TPMT_3B: "0/1", TPMT_3C: "0/1"})
    assert tpmt(vault, path).diplotypes == ("*1/*3A",)


def test_phase_sets_are_not_trusted_across_sites(vault: Vault, tmp_path: Path) -> None:
    """With PS declared the file's '|' is read as '/': the stored genotype has no phase."""
    path = tpmt_vcf(tmp_path / "ps.vcf", {TPMT_3B: "0|1", TPMT_3C: "1|0"}, phase_sets=True)
    assert tpmt(vault, path).diplotypes == ("*1/*3A",)
    genome = active_genome(vault)
    assert genome is not None
    assert not any("|" in (row[5] or "") for row in genotype_rows(vault, genome.id))


def test_phase_is_stored_in_copy_order_and_alleles_stay_sorted(
    vault: Vault, tmp_path: Path
) -> None:
    path = tpmt_vcf(tmp_path / "trans.vcf", {TPMT_3B: "1|0", TPMT_3C: "0|1"})
    import_genome(vault, path)
    genome = active_genome(vault)
    assert genome is not None
    stored = {row[0]: row[5] for row in genotype_rows(vault, genome.id)}
    assert stored[TPMT_3B] == "T|C" and stored[TPMT_3C] == "T|C"  # first copy, second copy
    answer = GenotypeReader(vault, genome).at(TPMT_3B)
    assert answer.alleles == ("C", "T")  # every other reader still sees sorted letters
    assert answer.phase == ("T", "C")
    assert answer.as_json()["phase"] == ["T", "C"]
    homozygous = GenotypeReader(vault, genome).at("rs1800462")
    assert homozygous.phase is None and homozygous.alleles == ("C", "C")


def test_lookup_shows_a_phased_call_copy_by_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from phr.cli import main

    path = tmp_path / "lookup.phr"
    with create_vault(path, "phase test passphrase") as vault:
        import_genome(vault, tpmt_vcf(tmp_path / "t.vcf", {TPMT_3B: "1|0", TPMT_3C: "0/1"}))
    monkeypatch.setenv("PHR_PASSPHRASE", "phase test passphrase")
    capsys.readouterr()
    assert main(["--vault", str(path), "lookup", TPMT_3B, TPMT_3C]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[3] == "T|C"  # phased: first copy T, second C
    assert lines[2].split()[3] == "C/T"  # unphased: sorted, as before


@pytest.mark.parametrize("name", ["TPMT", "CYP2C19", "SLCO1B1"])
def test_every_generated_diplotype_written_phased_is_named_exactly(name: str) -> None:
    """Unphased, some pairs are read as a more specific pairing that fits the same genotypes
    (TPMT *3B/*3C as *1/*3A); written phased, each pair is named as itself."""
    from phr.rules.agreement import GeneTally, check_generated
    from phr.rules.ruleset import load_rule_set

    rules, gene = load_rule_set().genes[name], load_pharmcat_gene(name)
    unphased = GeneTally(name, 0, 0)
    check_generated(rules, gene, unphased)
    phased = GeneTally(name, 0, 0)
    check_generated(rules, gene, phased, phased=True)
    assert unphased.differing  # the ambiguity phase resolves is real
    assert phased.tested == unphased.tested and phased.differing == []
