"""The vault opens only with its passphrase, says clearly why it will not open, and keeps
its data safe across rekey, backup and failed transactions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from phr import errors
from phr.vault import (
    Vault,
    backup,
    change_passphrase,
    create_vault,
    info,
    integrity_check,
    latest_version,
    open_vault,
)

PASS = "correct horse battery staple"


def test_create_then_open_with_same_passphrase(vault_path: Path) -> None:
    create_vault(vault_path, PASS).close()
    with open_vault(vault_path, PASS) as vault:
        assert vault.schema_version == latest_version()
        assert vault.meta("app") == "phr"


def test_file_is_encrypted_not_plain_sqlite(vault: Vault, vault_path: Path) -> None:
    vault.close()
    assert not vault_path.read_bytes().startswith(b"SQLite format 3")


def test_wrong_passphrase_is_typed_error_and_silent(
    vault_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    create_vault(vault_path, PASS).close()
    capfd.readouterr()
    with pytest.raises(errors.WrongPassphrase, match="Wrong passphrase"):
        open_vault(vault_path, "not it")
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # no SQLCipher log noise


def test_wrong_passphrase_releases_lock_so_retry_works(vault_path: Path) -> None:
    create_vault(vault_path, PASS).close()
    with pytest.raises(errors.WrongPassphrase):
        open_vault(vault_path, "nope")
    open_vault(vault_path, PASS).close()


def test_unlock_takes_under_a_second(vault_path: Path) -> None:
    create_vault(vault_path, PASS).close()
    start = time.perf_counter()
    open_vault(vault_path, PASS).close()
    assert time.perf_counter() - start < 1.0


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(errors.VaultNotFound):
        open_vault(tmp_path / "nothing.phr", PASS)


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b"SQLite format 3\x00" + b"\x00" * 4080, "unencrypted SQLite"),
        (b"rsid\tchromosome\tposition\tgenotype\n" * 200, "size"),
        ((b"hello world " * 1000)[:8192], "not encrypted"),
    ],
)
def test_not_a_vault(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "x.phr"
    path.write_bytes(content)
    with pytest.raises(errors.NotAVault, match=why):
        open_vault(path, PASS)


def test_encrypted_database_of_another_program_is_not_a_vault(tmp_path: Path) -> None:
    from sqlcipher3 import dbapi2

    path = tmp_path / "other.db"
    conn = dbapi2.connect(str(path))
    conn.execute("PRAGMA key = 'k'")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (randomblob(2000))")
    conn.commit()
    conn.close()
    with pytest.raises(errors.NotAVault, match="another program"):
        open_vault(path, "k")


def test_folder_is_not_a_vault(tmp_path: Path) -> None:
    with pytest.raises(errors.NotAVault, match="folder"):
        open_vault(tmp_path, PASS)


def test_read_only_file(vault_path: Path) -> None:
    create_vault(vault_path, PASS).close()
    vault_path.chmod(0o444)
    try:
        with pytest.raises(errors.VaultReadOnly):
            open_vault(vault_path, PASS)
    finally:
        vault_path.chmod(0o644)


def test_vault_from_newer_phr(vault_path: Path) -> None:
    with create_vault(vault_path, PASS) as vault:
        vault.conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    with pytest.raises(errors.VaultTooNew, match="newer version"):
        open_vault(vault_path, PASS)


def test_create_refuses_to_overwrite(vault_path: Path) -> None:
    vault_path.write_text("precious")
    with pytest.raises(errors.VaultExists):
        create_vault(vault_path, PASS)
    assert vault_path.read_text() == "precious"


def test_empty_passphrase_refused(vault_path: Path) -> None:
    with pytest.raises(errors.WeakPassphrase):
        create_vault(vault_path, "")
    assert not vault_path.exists()


def test_passphrase_with_quotes_and_unicode(vault_path: Path) -> None:
    secret = 'it\'s "quoted" — ünïcödé 🔐'
    create_vault(vault_path, secret).close()
    open_vault(vault_path, secret).close()
    with pytest.raises(errors.WrongPassphrase):
        open_vault(vault_path, "it's")


def test_second_process_gets_vault_in_use(vault: Vault, vault_path: Path) -> None:
    code = (
        "import sys\n"
        "from phr.vault import open_vault\n"
        "from phr.errors import VaultInUse\n"
        "try:\n"
        f"    open_vault({str(vault_path)!r}, {PASS!r})\n"
        "except VaultInUse as e:\n"
        "    print(e); sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 3, result.stderr
    assert "in use" in result.stdout


def test_transaction_rolls_back_on_error(vault: Vault) -> None:
    with pytest.raises(ZeroDivisionError), vault.transaction() as conn:
        conn.execute("INSERT INTO settings VALUES ('a', 'b')")
        _ = 1 / 0
    assert vault.get_setting("a") is None


def test_transaction_rolls_back_on_cancel(vault: Vault) -> None:
    with pytest.raises(errors.Cancelled), vault.transaction() as conn:
        conn.execute("INSERT INTO settings VALUES ('a', 'b')")
        raise errors.Cancelled()
    assert vault.get_setting("a") is None


def test_settings_roundtrip(vault: Vault) -> None:
    vault.set_setting("idle_lock_minutes", "5")
    assert vault.get_setting("idle_lock_minutes") == "5"
    vault.set_setting("idle_lock_minutes", None)
    assert vault.get_setting("idle_lock_minutes", "10") == "10"


def test_rekey_old_passphrase_fails_new_works(vault: Vault, vault_path: Path) -> None:
    vault.set_setting("marker", "kept")
    change_passphrase(vault, "new one")
    vault.close()
    with pytest.raises(errors.WrongPassphrase):
        open_vault(vault_path, PASS)
    with open_vault(vault_path, "new one") as reopened:
        assert reopened.get_setting("marker") == "kept"


def test_backup_opens_as_vault_with_same_passphrase(vault: Vault, tmp_path: Path) -> None:
    vault.set_setting("marker", "kept")
    target = backup(vault, tmp_path / "copy.phr", PASS)
    with open_vault(target, PASS) as copy:
        assert copy.get_setting("marker") == "kept"
        assert integrity_check(copy).ok
    assert not target.read_bytes().startswith(b"SQLite format 3")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".phr-backup")] == []


def test_backup_refuses_to_overwrite(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "copy.phr").write_text("x")
    with pytest.raises(errors.VaultExists):
        backup(vault, tmp_path / "copy.phr", PASS)


def test_backup_into_an_impossible_folder_is_a_clear_export_error(
    vault: Vault, tmp_path: Path
) -> None:
    """A file where the folder should be is the person's mistake, not an unexpected error."""
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "report.pdf").write_text("x")
    with pytest.raises(errors.ExportError, match="Could not write the backup"):
        backup(vault, folder / "report.pdf" / "copy.phr", PASS)
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]


def test_integrity_check_finds_a_damaged_page(vault: Vault, vault_path: Path) -> None:
    with vault.transaction() as conn:
        conn.executemany(
            "INSERT INTO settings VALUES (?, ?)", [(f"k{i}", "v" * 200) for i in range(200)]
        )
    assert integrity_check(vault).ok
    vault.close()
    data = bytearray(vault_path.read_bytes())
    data[4096 * 3 + 100] ^= 0xFF  # flip a byte inside a later page
    vault_path.write_bytes(bytes(data))
    try:
        with open_vault(vault_path, PASS) as damaged:
            report = integrity_check(damaged)
        assert not report.ok
        assert any("encryption" in p for p in report.problems)
    except errors.PhrError:
        pass  # refusing to open a damaged vault is also a clear outcome


def test_info_counts_tables(vault: Vault) -> None:
    facts = info(vault)
    assert facts.schema_version == latest_version()
    assert facts.counts["meta"] == 3
    assert facts.file_size > 0
    assert os.path.samefile(facts.path, vault.path)


def _connections_left_in(error: BaseException) -> list[object]:
    """Connections still reachable from the frames of an error's traceback."""
    found: list[object] = []
    tb = error.__traceback__
    while tb is not None:
        found += [v for v in tb.tb_frame.f_locals.values() if type(v).__name__ == "Connection"]
        tb = tb.tb_next
    return found


def test_failed_open_closes_its_connection_at_once(vault_path: Path) -> None:
    """An open that fails after connecting must not leave the connection to be finalised
    wherever the error ends up (in the app: the GUI thread, not the vault's thread)."""
    with create_vault(vault_path, PASS) as vault:
        vault.conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    with pytest.raises(errors.VaultTooNew) as too_new:
        open_vault(vault_path, PASS)
    with pytest.raises(errors.WrongPassphrase) as wrong:
        open_vault(vault_path, "not the passphrase")
    for caught in (too_new.value, wrong.value):
        connections = _connections_left_in(caught)
        assert connections  # the frame still names it...
        for conn in connections:
            with pytest.raises(Exception, match="closed"):  # ...but it is closed
                conn.execute("SELECT 1")  # type: ignore[attr-defined]
