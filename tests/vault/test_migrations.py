"""Every earlier schema version upgrades to the current one without losing data."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.vault import create_vault, integrity_check, latest_version, open_vault
from phr.vault.migrations import all_migrations
from phr.vault.vault import Connection

PASS = "pw"


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    assert [m.version for m in all_migrations()] == list(range(1, latest_version() + 1))


@pytest.mark.parametrize("start", [m.version for m in all_migrations()][:-1])
def test_vault_at_earlier_version_upgrades(tmp_path: Path, start: int) -> None:
    path = tmp_path / f"v{start}.phr"
    with create_vault(path, PASS, schema_version=start) as old:
        assert old.schema_version == start
        old.set_setting("written_at_version", str(start))
    with open_vault(path, PASS) as upgraded:
        assert upgraded.schema_version == latest_version()
        assert upgraded.get_setting("written_at_version") == str(start)
        assert integrity_check(upgraded).ok


def test_open_without_migrate_leaves_old_version(tmp_path: Path) -> None:
    path = tmp_path / "old.phr"
    create_vault(path, PASS, schema_version=1).close()
    with open_vault(path, PASS, migrate=False) as vault:
        assert vault.schema_version == 1


def _legacy_rows(
    conn: Connection,
    genome_id: int,
    rows: list[tuple[str | None, int, str | None, str | None, str | None]],
) -> None:
    """Genotype rows as schema versions 2..8 stored them: one `genotype_calls` row each, keyed
    genome << 45 | site << 12 | dup (the SQL of the writer those versions shipped)."""
    from phr.genome.layout import GENOME_SHIFT, POS_SHIFT, rs_number

    dup: dict[int, int] = {}
    for rsid, site, ref, alt, alleles in rows:
        key = genome_id << GENOME_SHIFT | site << POS_SHIFT | dup.get(site, 0)
        dup[site] = dup.get(site, 0) + 1
        number = rs_number(rsid)
        conn.execute(
            "INSERT INTO genotype_calls (key, rs, name, ref, alt, alleles) VALUES (?,?,?,?,?,?)",
            (key, number, rsid if number is None else None, ref, alt, alleles),
        )


def test_migration_4_reclassifies_variant_only_vcfs_by_coverage_evidence(tmp_path: Path) -> None:
    """Vaults made before coverage evidence: a variant-only VCF stays 'whole genome' only if
    migration 0004 finds the density coverage.py asks for on all 22 autosomes; gVCF reference
    blocks survive the rebuild of the genomes table."""
    import numpy as np

    from phr.genome.coverage import AUTOSOME_LENGTHS, classify_variant_only, needed_records
    from phr.genome.layout import site_of
    from phr.genome.model import Build, CoverageKind
    from phr.genome.store import NewGenome, get_genome, insert_genome, insert_reference_blocks

    path = tmp_path / "v3.phr"
    dense = {c: needed_records(c) for c in AUTOSOME_LENGTHS}
    sparse = {**dense, "22": needed_records("22") - 1}
    with create_vault(path, PASS, schema_version=3) as old:
        ids = {}
        with old.transaction() as conn:
            for name, counts, kind in (
                ("dense", dense, CoverageKind.VARIANT_ONLY_VCF),
                ("sparse", sparse, CoverageKind.VARIANT_ONLY_VCF),
                ("gvcf", {"1": 10}, CoverageKind.GVCF),
            ):
                old_warning = (
                    "This VCF lists only the places where you differ from the reference. A place "
                    "it does not list was probably the reference, but the file does not prove it."
                )
                genome = NewGenome("VCF", Build.GRCH37, kind, name, name, warnings=[old_warning])
                gid = insert_genome(conn, genome)
                sites = np.concatenate(
                    [site_of(c, 1) + np.arange(n, dtype=np.int64) * 7 for c, n in counts.items()]
                )
                _legacy_rows(conn, gid, [(None, int(s), "A", "G", "A/G") for s in sites])
                ids[name] = gid
            insert_reference_blocks(conn, ids["gvcf"], [("1", 100, 200)])
    with open_vault(path, PASS) as upgraded:
        assert upgraded.schema_version == latest_version()
        assert get_genome(upgraded, ids["dense"]).coverage == classify_variant_only(dense)
        assert get_genome(upgraded, ids["dense"]).coverage == CoverageKind.VARIANT_ONLY_VCF
        assert get_genome(upgraded, ids["sparse"]).coverage == classify_variant_only(sparse)
        assert get_genome(upgraded, ids["sparse"]).coverage == CoverageKind.PARTIAL_VCF
        assert "covers only part of the genome" in get_genome(upgraded, ids["sparse"]).warnings[0]
        assert "across the whole genome" in get_genome(upgraded, ids["dense"]).warnings[0]
        assert get_genome(upgraded, ids["gvcf"]).coverage == CoverageKind.GVCF
        assert upgraded.scalar("SELECT count(*) FROM reference_blocks") == 1
        assert integrity_check(upgraded).ok


def test_migration_7_adds_the_screening_history(tmp_path: Path) -> None:
    path = tmp_path / "v4.phr"
    create_vault(path, PASS, schema_version=4).close()
    with open_vault(path, PASS) as vault:
        vault.conn.execute(
            "INSERT INTO screenings (kind, done_on, created_at) VALUES ('dexa', '2020-01-02', 'x')"
        )
        assert vault.scalar("SELECT count(*) FROM screenings") == 1


def test_migration_9_turns_genotype_rows_into_columns_with_the_same_answers(
    tmp_path: Path,
) -> None:
    """A vault written with the row-per-genotype layout (schema 8) reads back the same rows
    and answers every kind of query the same way after the conversion to columns."""
    import random

    from phr.genome.layout import site_of
    from phr.genome.model import Build, CoverageKind, GenotypeStatus
    from phr.genome.store import (
        NewGenome,
        genotype_at,
        genotype_rows,
        get_genome,
        has_calls_on,
        insert_genome,
        insert_reference_blocks,
        remove_genome,
    )

    rng = random.Random(9)
    array_rows = [
        ("rs4244285", site_of("10", 96541616), None, None, "A/G"),
        ("i3000001", site_of("10", 96541616), None, None, "G/G"),  # shares the position
        ("rs12248560", site_of("10", 96521657), None, None, None),  # no-call
        ("rs012", site_of("2", 5), None, None, "C/T"),  # leading zero: a name
        ("rs9", site_of("MT", 73), None, None, "G"),
        ("rs77", site_of("X", 100_000), None, None, None),  # discordant (flag below)
    ]
    array_rows += [
        (f"rs{1000 + n}" if n % 7 else f"i{n}", site_of("1", 10_000 + 37 * n), None, None,
         rng.choice(["A/A", "A/G", "G/G", None]))
        for n in range(5_000)
    ]  # fmt: skip
    vcf_rows = [
        (None, site_of("1", 1_000 + 50 * n), "A", "G", rng.choice(["A/G", "G/G"]))
        for n in range(3_000)
    ]
    vcf_rows += [
        ("rs4149056", site_of("12", 21331549), "T", "C", "C/T"),
        (None, site_of("12", 21331549), "TA", "T", "T/TA"),  # an indel at the same place
        (None, site_of("7", 99), "G", "A,C", "A/C"),  # multi-allelic
    ]
    path = tmp_path / "v8.phr"
    with create_vault(path, PASS, schema_version=8) as old:
        with old.transaction() as conn:
            array = insert_genome(
                conn, NewGenome("23andMe", Build.GRCH37, CoverageKind.ARRAY, "a.txt", "a" * 64)
            )
            vcf = insert_genome(
                conn,
                NewGenome("VCF", Build.GRCH37, CoverageKind.VARIANT_ONLY_VCF, "v.vcf", "b" * 64),
            )
            gvcf = insert_genome(
                conn, NewGenome("VCF", Build.GRCH38, CoverageKind.GVCF, "g.vcf", "c" * 64)
            )
            _legacy_rows(conn, array, array_rows)
            _legacy_rows(conn, vcf, vcf_rows)
            _legacy_rows(conn, gvcf, [("rs1", site_of("3", 500), "C", "T", "C/T")])
            insert_reference_blocks(conn, gvcf, [("3", 100, 400)])
            flagged = array << 45 | site_of("X", 100_000) << 12
            conn.execute("INSERT INTO genotype_flags (key, flag) VALUES (?, 'discordant')",
                         (flagged,))  # fmt: skip
        before = {
            gid: old.query(
                "SELECT rsid, chrom, pos, ref, alt, alleles FROM genotypes WHERE genome_id = ?",
                (gid,),
            )
            for gid in (array, vcf, gvcf)
        }
    with open_vault(path, PASS) as upgraded:
        assert upgraded.schema_version == latest_version()
        tables = {r[0] for r in upgraded.query("SELECT name FROM sqlite_master")}
        assert "genotype_calls" not in tables and "genotypes" not in tables
        for gid, rows in before.items():
            assert genotype_rows(upgraded, gid) == rows
        a, v, g = (get_genome(upgraded, gid) for gid in (array, vcf, gvcf))
        assert genotype_at(upgraded, a, "rs4244285").alleles == ("A", "G")
        assert genotype_at(upgraded, a, "i3000001").alleles == ("G", "G")
        assert genotype_at(upgraded, a, "10:96541616").rsid == "rs4244285"
        assert genotype_at(upgraded, a, "rs12248560").status == GenotypeStatus.NO_CALL
        assert genotype_at(upgraded, a, "rs012").pos == 5
        assert genotype_at(upgraded, a, "rs12").status == GenotypeStatus.NOT_TESTED
        assert genotype_at(upgraded, a, "rs77").discordant
        for rsid, site, _ref, _alt, alleles in array_rows[6:]:
            answer = genotype_at(upgraded, a, rsid)
            assert answer.pos == site & ((1 << 28) - 1)
            assert answer.alleles == (None if alleles is None else tuple(alleles.split("/")))
        assert genotype_at(upgraded, v, "rs4149056").alt == ("C",)
        assert genotype_at(upgraded, v, "12:21331549").alt == ("T",)  # the row without an ID
        assert genotype_at(upgraded, v, "7:99").alt == ("A", "C")
        assert genotype_at(upgraded, v, "1:1025").status == GenotypeStatus.ASSUMED_REFERENCE
        assert genotype_at(upgraded, v, "1:900000").status == GenotypeStatus.NOT_TESTED
        assert genotype_at(upgraded, g, "3:200").status == GenotypeStatus.REFERENCE_BLOCK
        assert genotype_at(upgraded, g, "3:450").status == GenotypeStatus.NOT_TESTED
        assert genotype_at(upgraded, g, "rs1").alleles == ("C", "T")
        assert has_calls_on(upgraded, array, "MT") and not has_calls_on(upgraded, array, "Y")
        remove_genome(upgraded, array)
        assert upgraded.scalar("SELECT count(*) FROM genotype_flags") == 0
        assert (
            upgraded.scalar("SELECT count(*) FROM genome_columns WHERE genome_id = ?", (array,))
            == 0
        )
        assert integrity_check(upgraded).ok


def test_migration_9_gives_back_the_space_of_the_genotype_rows(tmp_path: Path) -> None:
    """The dropped row table's pages are reclaimed (VACUUM after the upgrade): an upgraded
    vault is no larger than a fresh vault holding the same genome, and stays encrypted."""
    import random

    from phr.genome.layout import site_of
    from phr.genome.model import Build, CoverageKind
    from phr.genome.store import NewGenome, genotype_rows, insert_genome, store_genome
    from phr.vault.vault import PAGE_SIZE

    rng = random.Random(3)
    rows = [
        (f"rs{rng.randrange(1, 10**9)}" if n % 13 else f"i{700_000 + n}",
         site_of(str(1 + n % 22), 10_000 + 211 * n), None, None,
         rng.choice(["A/A", "A/G", "G/G", "C/T", None]))
        for n in range(40_000)
    ]  # fmt: skip
    genome = NewGenome("23andMe", Build.GRCH37, CoverageKind.ARRAY, "a.txt", "a" * 64)
    old_path = tmp_path / "v8.phr"
    with create_vault(old_path, PASS, schema_version=8) as old, old.transaction() as conn:
        _legacy_rows(conn, insert_genome(conn, genome), rows)
    legacy_size = old_path.stat().st_size
    with open_vault(old_path, PASS) as upgraded:
        assert upgraded.scalar("PRAGMA freelist_count") == 0
        assert integrity_check(upgraded).ok
        stored = genotype_rows(upgraded, 1)
    fresh_path = tmp_path / "fresh.phr"
    with create_vault(fresh_path, PASS) as fresh:
        store_genome(fresh, genome, [(r, c, p, ref, alt, a) for r, c, p, ref, alt, a in stored])
        assert genotype_rows(fresh, 1) == stored
    upgraded_size = old_path.stat().st_size
    assert upgraded_size <= fresh_path.stat().st_size
    assert upgraded_size < legacy_size / 4  # the rows took most of the old file
    assert upgraded_size % PAGE_SIZE == 0
    assert b"SQLite format 3" not in old_path.read_bytes()  # still encrypted throughout


def test_an_upgrade_without_freed_space_does_not_rewrite_the_vault(tmp_path: Path) -> None:
    from phr.vault.vault import reclaim_free_pages

    path = tmp_path / "small.phr"
    with create_vault(path, PASS) as vault:
        assert not reclaim_free_pages(vault.conn)
