"""Vault upkeep: change passphrase, encrypted backup, integrity check, facts for `phr info`."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from phr.errors import DiskFull, ExportError, PhrError, VaultExists
from phr.vault.guard import check_target
from phr.vault.migrations import latest_version
from phr.vault.vault import (
    OWNER_ONLY,
    DatabaseError,
    Vault,
    _close_quietly,
    _connect,
    check_new_passphrase,
    explain_database_error,
    key_pragma,
)

log = logging.getLogger(__name__)

LAST_BACKUP_SETTING = "last_backup_at"  # ISO 8601 UTC of the last successful backup

MAX_DETAILS = 200
_PAGE = re.compile(r"page (\d+)")


def passphrase_matches(vault: Vault, candidate: str) -> bool:
    """Whether `candidate` is this open vault's passphrase, checked on a second connection.

    The desktop app keeps no passphrase in memory, so before it changes the passphrase or
    writes a backup (which takes the passphrase it is given) it asks again and checks here:
    a mistyped passphrase would otherwise produce a backup nobody can open.
    """
    if not candidate:
        return False
    conn = None
    try:
        conn = _connect(vault.path, candidate)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (DatabaseError, PhrError):
        return False
    finally:
        _close_quietly(conn)
    return True


def change_passphrase(vault: Vault, new_passphrase: str) -> None:
    """Re-encrypt every page under a key derived from the new passphrase (`PRAGMA rekey`)."""
    check_new_passphrase(new_passphrase)
    vault.conn.execute(f"PRAGMA rekey = {key_pragma(new_passphrase)}")
    log.info("vault passphrase changed")


def backup(vault: Vault, target: Path | str, passphrase: str, *, overwrite: bool = False) -> Path:
    """Write an encrypted copy of the vault (same passphrase) that opens as a vault.

    `sqlcipher_export` re-encrypts into an attached database; we export to a temp file in the
    target folder and rename it into place, so a failed backup never leaves a partial file.
    The temp file is created empty and owner-only (0600), like the vault, and SQLCipher writes
    into it; the rename keeps that mode.
    """
    target = Path(target).expanduser()
    check_target(target, vault.path)
    if target.exists() and not overwrite:
        raise VaultExists(str(target))
    _remove_stale_temp_files(target.parent)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".phr-backup-", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"Could not write the backup to {target}: {exc.strerror}.") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, OWNER_ONLY)  # mkstemp's 0600 minus the umask; make it 0600 exactly
        vault.conn.execute(f"ATTACH DATABASE ? AS backup KEY {key_pragma(passphrase)}", (tmp_name,))
        try:
            vault.conn.execute("SELECT sqlcipher_export('backup')")
            vault.conn.execute(f"PRAGMA backup.user_version = {vault.schema_version}")
        finally:
            vault.conn.execute("DETACH DATABASE backup")
        os.replace(tmp, target)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull(str(target.parent)) from exc
        raise ExportError(f"Could not write the backup to {target}: {exc.strerror}.") from exc
    except DatabaseError as exc:  # SQLCipher writing the copy: a full disk, mostly
        explained = explain_database_error(exc, target)
        if explained is None:
            raise
        raise explained from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with suppress(OSError):
                leftover.unlink()
    # `phr info` and the app say when the last backup was made (a setting, so it is encrypted)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    vault.set_setting(LAST_BACKUP_SETTING, stamp)
    log.info("vault backed up")
    return target


def _remove_stale_temp_files(folder: Path) -> None:
    """A backup killed mid-way leaves its encrypted temp file (and journal) behind: remove
    those of earlier runs before starting. (Two backups into one folder at the same moment
    would break the other one's copy, loudly: its rename fails and it says so.)"""
    if not folder.is_dir():
        return
    for stale in folder.glob(".phr-backup-*"):
        with suppress(OSError):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()


@dataclass
class IntegrityReport:
    ok: bool
    schema_version: int
    expected_schema_version: int
    problems: list[str] = field(default_factory=list)  # one short phrase per failed check
    details: list[str] = field(default_factory=list)  # what the checks printed (for --json)


def integrity_check(vault: Vault) -> IntegrityReport:
    """Check page HMACs (`cipher_integrity_check`), B-tree structure, and schema version."""
    problems: list[str] = []
    version = vault.schema_version  # read first: a failed check can leave the connection unusable
    checks = [
        ("encryption", "PRAGMA cipher_integrity_check", []),
        ("structure", "PRAGMA integrity_check", ["ok"]),
        ("references", "PRAGMA foreign_key_check", []),
    ]
    details: list[str] = []
    for label, pragma, healthy in checks:
        try:
            rows = [str(row[0]) for row in vault.query(pragma)]
        except (DatabaseError, MemoryError) as exc:  # damaged pages can break the check itself
            problems.append(f"the {label} check could not finish")
            details.append(f"{label}: {str(exc) or type(exc).__name__}")
            continue
        if rows != healthy:
            lines = [line for row in rows for line in row.splitlines() if line.strip("* ")]
            lines = [line for line in lines if "in database main" not in line]
            problems.append(_summary(label, lines))
            details += [f"{label}: {line}" for line in lines[:MAX_DETAILS]]
    if version != latest_version():
        problems.append(f"schema version {version}, expected {latest_version()}")
    return IntegrityReport(not problems, version, latest_version(), problems, details)


def _summary(label: str, rows: list[str]) -> str:
    """One phrase per check (a damaged page made `phr check` print 101 lines)."""
    if label == "encryption":
        pages = [m.group(1) for m in map(_PAGE.search, rows) if m]
        first = f" (first: page {pages[0]})" if pages else ""
        verb = "page fails" if len(rows) == 1 else "pages fail"
        return f"{len(rows)} {verb} the encryption check{first}"
    if label == "structure":
        return f"{len(rows)} problem{'s' if len(rows) != 1 else ''} in the page structure"
    return f"{len(rows)} broken reference{'s' if len(rows) != 1 else ''} between tables"


@dataclass
class VaultInfo:
    path: str
    schema_version: int
    created_at: str | None
    created_by: str | None
    file_size: int
    counts: dict[str, int]


def info(vault: Vault) -> VaultInfo:
    tables = [
        row[0]
        for row in vault.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    counts = {name: int(vault.scalar(f'SELECT count(*) FROM "{name}"')) for name in tables}
    return VaultInfo(
        path=str(vault.path),
        schema_version=vault.schema_version,
        created_at=vault.meta("created_at"),
        created_by=vault.meta("created_by"),
        file_size=vault.path.stat().st_size,
        counts=counts,
    )
