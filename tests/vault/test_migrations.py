"""Every earlier schema version upgrades to the current one without losing data."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.vault import create_vault, integrity_check, latest_version, open_vault
from phr.vault.migrations import all_migrations

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


def test_migration_4_reclassifies_variant_only_vcfs_by_coverage_evidence(tmp_path: Path) -> None:
    """Vaults made before coverage evidence: a variant-only VCF stays 'whole genome' only if
    migration 0004 finds the density coverage.py asks for on all 22 autosomes; gVCF reference
    blocks survive the rebuild of the genomes table."""
    import numpy as np

    from phr.genome.bulk import GenotypeWriter
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
                ids_col = np.empty(len(sites), dtype=object)
                calls = ["A/G"] * len(sites)
                GenotypeWriter(conn, gid).write(
                    sites, ids_col, calls, ["A"] * len(sites), ["G"] * len(sites)
                )
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
