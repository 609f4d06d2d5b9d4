"""Vault and backup files are readable by their owner only (0600), whatever the umask.

Before, SQLite created a new vault 0644 minus the umask, so with the usual umask 022 every user
of the computer could copy the encrypted file and try passphrases on it at leisure; backups
were the same. The exports were already 0600.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import VaultExists
from phr.lifestyle.entries import add_entry
from phr.vault import backup, create_vault, open_vault

PASS = "owner only"


@pytest.fixture(params=[0o022, 0o000, 0o277], ids=["umask022", "umask000", "umask277"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_vault_and_its_backup_are_owner_only(umask: int, tmp_path: Path) -> None:
    path = tmp_path / "vault.phr"
    with create_vault(path, PASS) as vault:
        assert _mode(path) == 0o600
        add_entry(vault, "weight", "70")  # writes through a journal
        copy = backup(vault, tmp_path / "copies" / "backup.phr", PASS)
    assert _mode(path) == 0o600
    assert _mode(copy) == 0o600
    with open_vault(copy, PASS) as restored:
        assert restored.scalar("SELECT count(*) FROM log_entries") == 1
    assert not list(copy.parent.glob(".phr-backup-*"))


def test_cli_init_and_backup_are_owner_only(
    umask: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    path, copy = tmp_path / "vault.phr", tmp_path / "backup.phr"
    assert main(["--vault", str(path), "init"]) == 0
    assert main(["--vault", str(path), "backup", str(copy)]) == 0
    assert (_mode(path), _mode(copy)) == (0o600, 0o600)


def test_create_never_touches_a_file_or_symlink_already_there(tmp_path: Path) -> None:
    target = tmp_path / "someone_else.txt"
    target.write_text("theirs", encoding="utf-8")
    os.chmod(target, 0o644)
    link = tmp_path / "vault.phr"
    link.symlink_to(target)
    with pytest.raises(VaultExists):
        create_vault(link, PASS)
    assert target.read_text(encoding="utf-8") == "theirs" and _mode(target) == 0o644
    assert link.is_symlink()
    dangling = tmp_path / "other.phr"
    dangling.symlink_to(tmp_path / "nowhere.phr")
    with pytest.raises(VaultExists):
        create_vault(dangling, PASS)  # O_EXCL: not created through the link
    assert not (tmp_path / "nowhere.phr").exists() and dangling.is_symlink()
