"""Every earlier schema version upgrades to the current one without losing data."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.vault import create_vault, integrity_check, latest_version, open_vault
from phr.vault.migrations import all_migrations

PASS = "pw"


def test_migrations_are_numbered_from_one() -> None:
    assert [m.version for m in all_migrations()] == list(range(1, latest_version() + 1))


@pytest.mark.parametrize("start", range(1, latest_version()))
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
