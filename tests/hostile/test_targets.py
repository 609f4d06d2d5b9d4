"""No flag can make PHR write over its own vault, its working files or a non-file.

Reproduces the adversarial findings: `export --pdf VAULT --force` replaced the vault with a
PDF, `export --fhir VAULT.lock --force` wrote plaintext into the lock file, `backup /dev/null
--force` (as root) replaced the device, and a symlink or hard link opened the same vault twice.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import ExportError, VaultInUse
from phr.report import ExportOptions, check_options
from phr.vault import backup, create_vault, open_vault

PASS = "hostile targets"


@pytest.fixture
def vault_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "vault.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("suffix", ["", ".lock", "-journal", "-wal"])
def test_export_with_force_never_replaces_the_vault_or_its_working_files(
    vault_file: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = vault_file.with_name(vault_file.name + suffix)
    before = vault_file.read_bytes()
    for kind in ("--pdf", "--fhir"):
        code, err = _run(capsys, "--vault", str(vault_file), "export", kind, str(target), "--force")
        assert code == 1
        assert "is your vault or one of its working files" in err
        assert err.count("\n") == 1
    assert vault_file.read_bytes() == before
    if suffix in ("-journal", "-wal"):
        assert not target.exists()  # a stray journal would be rolled into the vault


def test_a_symlink_or_hard_link_to_the_vault_is_the_vault(
    vault_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    link = tmp_path / "innocent.pdf"
    link.symlink_to(vault_file)
    hard = tmp_path / "summary.pdf"
    os.link(vault_file, hard)
    before = vault_file.read_bytes()
    for target in (link, hard):
        code, err = _run(
            capsys, "--vault", str(vault_file), "export", "--pdf", str(target), "--force"
        )
        assert code == 1 and "is your vault" in err
    with open_vault(vault_file, PASS) as vault, pytest.raises(ExportError, match="is your vault"):
        backup(vault, link, PASS, overwrite=True)
    assert vault_file.read_bytes() == before


def test_backup_refuses_a_device_and_leaves_it_alone(
    vault_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(capsys, "--vault", str(vault_file), "backup", "/dev/null", "--force")
    assert code == 1
    assert "not an ordinary file" in err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_refuses_a_fifo(vault_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="not an ordinary file"):
        check_options(ExportOptions(fhir=fifo, force=True, vault_path=vault_file))


def test_the_app_save_path_goes_through_the_same_check(vault_file: Path) -> None:
    # ui/pages/reports.py builds ExportOptions with vault_path=session.path
    with pytest.raises(ExportError, match="is your vault"):
        check_options(ExportOptions(pdf=vault_file, force=True, vault_path=vault_file))


def test_the_same_vault_through_a_symlink_or_hard_link_is_locked_out(
    vault_file: Path, tmp_path: Path
) -> None:
    link = tmp_path / "other-name.phr"
    link.symlink_to(vault_file)
    hard = tmp_path / "hard-name.phr"
    os.link(vault_file, hard)
    with open_vault(vault_file, PASS):
        for name in (link, hard):
            with pytest.raises(VaultInUse):
                open_vault(name, PASS)
    with open_vault(hard, PASS):  # released on close: each name opens alone
        pass


def test_a_killed_backups_temp_files_are_cleaned_up_by_the_next_backup(
    vault_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    stale = [folder / ".phr-backup-k1ll3d", folder / ".phr-backup-k1ll3d-journal"]
    for path in stale:
        path.write_bytes(b"\0" * 4096)
    with open_vault(vault_file, PASS) as vault:
        backup(vault, folder / "copy.phr", PASS)
    assert not any(p.exists() for p in stale)
    assert sorted(p.name for p in folder.iterdir()) == ["copy.phr"]


def test_temp_file_names_are_never_targets(vault_file: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="temporary files"):
        check_options(ExportOptions(pdf=tmp_path / ".phr-export-x.tmp", vault_path=vault_file))
