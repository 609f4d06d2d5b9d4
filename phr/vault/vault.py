"""The vault: one SQLCipher-encrypted SQLite file per person.

Why it looks like this:
- The passphrase is handed to SQLCipher as `PRAGMA key`, which derives the page key with
  SQLCipher 4's defaults (PBKDF2-HMAC-SHA512, 256,000 iterations, random per-file salt). The
  passphrase is never written anywhere; we keep no copy of it on the object.
- SQLCipher cannot tell "wrong passphrase" from "not an encrypted database": both fail to
  decrypt page 1. So cheap checks on the raw bytes run first (empty, plain SQLite, text, a size
  that no encrypted vault has) and only an undecryptable file of plausible shape is reported as
  a wrong passphrase.
- `synchronous=FULL` plus the default rollback journal means a process killed mid-transaction
  leaves a hot journal that the next open rolls back: the vault holds the old state or the new
  one, never a mix. `temp_store=MEMORY` keeps sort/temp pages out of plaintext temp files.
- sqlcipher3 connections are bound to the thread that opened them; the UI runs all vault work
  on one worker thread.
"""

from __future__ import annotations

import importlib
import logging
import os
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlcipher3 import dbapi2 as sqlcipher

from phr import __version__
from phr.errors import (
    DiskFull,
    NotAVault,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultNotFound,
    VaultReadOnly,
    VaultTooNew,
    WeakPassphrase,
    WrongPassphrase,
)
from phr.vault.lock import VaultLock
from phr.vault.migrations import all_migrations, latest_version

log = logging.getLogger(__name__)

APP_ID = "phr"
PAGE_SIZE = 4096  # SQLCipher 4 default; every vault file is a whole number of pages
_SQLITE_MAGIC = b"SQLite format 3\x00"

if TYPE_CHECKING:  # sqlcipher3 ships no type hints; its API is the stdlib sqlite3 one
    from sqlite3 import Connection as Connection
    from sqlite3 import DatabaseError as DatabaseError
else:
    Connection = sqlcipher.Connection
    DatabaseError = sqlcipher.DatabaseError


def key_pragma(passphrase: str) -> str:
    """The `PRAGMA key` value for a passphrase (pragmas cannot take bound parameters)."""
    if "\x00" in passphrase:
        raise WeakPassphrase("A passphrase cannot contain a NUL character.")
    return "'" + passphrase.replace("'", "''") + "'"


def check_new_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise WeakPassphrase("The passphrase cannot be empty.")
    key_pragma(passphrase)


class Vault:
    """An open, unlocked vault. Use `create_vault` / `open_vault`, and `close()` when done."""

    def __init__(self, path: Path, conn: Connection, lock: VaultLock) -> None:
        self.path = path
        self.conn = conn
        self._lock = lock
        self._in_transaction = False
        # Decoded data kept for this unlocked session (the genome's columns, phr.genome.columns):
        # owned by the modules that fill it, dropped with the key when the vault closes.
        self.caches: dict[str, Any] = {}

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (dropping the key from memory) and release the lock."""
        self.caches.clear()
        if self.conn is not None:
            with suppress(DatabaseError):
                self.conn.close()
        self.conn = None  # type: ignore[assignment]
        self._lock.release()

    @property
    def is_open(self) -> bool:
        return self.conn is not None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries ------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """`BEGIN IMMEDIATE` ... `COMMIT`, or `ROLLBACK` on any exception (incl. Cancelled)."""
        if self._in_transaction:
            raise RuntimeError("vault transactions do not nest")
        self._in_transaction = True
        try:
            with _tx(self.conn):
                yield self.conn
        finally:
            self._in_transaction = False

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @property
    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    # -- settings -----------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if value is None else str(value)

    def set_setting(self, key: str, value: str | None) -> None:
        """Set (or with None, delete) a setting in its own transaction."""
        with self.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    def meta(self, key: str) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)


# -- opening ----------------------------------------------------------------------------------


def create_vault(path: Path | str, passphrase: str, *, schema_version: int | None = None) -> Vault:
    """Create a new vault and return it open. `schema_version` exists for migration tests."""
    path = Path(path).expanduser()
    check_new_passphrase(passphrase)
    if path.exists():
        raise VaultExists(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(path.parent, os.W_OK):
        raise VaultReadOnly(str(path))
    lock = VaultLock(path)
    lock.acquire()
    try:
        create_owner_only(path)
    except BaseException:
        lock.release()
        raise
    conn: Connection | None = None
    try:
        conn = _connect(path, passphrase)
        _configure(conn)
        target = latest_version() if schema_version is None else schema_version
        _migrate(conn, 0, target)
        with _tx(conn):
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("app", APP_ID),
                    ("created_at", _utc_now()),
                    ("created_by", __version__),
                ],
            )
    except BaseException:
        _close_quietly(conn)
        lock.release()
        with suppress(OSError):
            path.unlink()
        raise
    log.info("created vault schema=%d", target)
    return Vault(path, conn, lock)


OWNER_ONLY = stat.S_IRUSR | stat.S_IWUSR  # 0600


def create_owner_only(path: Path) -> None:
    """Create `path` empty, readable and writable by its owner only, whatever the umask.

    SQLite would create a new database file 0644 (minus the umask): readable by every user of
    the computer. It writes into this empty file instead, and gives its journal the same mode.
    Refuses an existing file or a symlink (O_EXCL), so it never changes someone else's file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(path, flags, OWNER_ONLY))  # the umask may only take bits away
    except FileExistsError:
        raise VaultExists(str(path)) from None
    os.chmod(path, OWNER_ONLY)  # and a umask like 0o277 would have taken too many


def open_vault(path: Path | str, passphrase: str, *, migrate: bool = True) -> Vault:
    """Unlock an existing vault, upgrading its schema if it is older than this PHR."""
    path = Path(path).expanduser()
    _precheck_file(path)
    if not passphrase:  # SQLCipher would take it as "no encryption" and fail obscurely
        raise WeakPassphrase(f"The passphrase is empty; enter the passphrase of the vault {path}.")
    lock = VaultLock(path)
    lock.acquire()
    conn: Connection | None = None
    try:
        conn = _connect(path, passphrase)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            raise _wrong_or_damaged(conn, path) from exc
        _configure(conn)
        found = int(conn.execute("PRAGMA user_version").fetchone()[0])
        _check_identity(conn, path, found)
        if migrate and found < latest_version():
            _migrate(conn, found, latest_version())
            log.info("upgraded vault schema %d -> %d", found, latest_version())
            reclaim_free_pages(conn)
    except BaseException:
        _close_quietly(conn)
        lock.release()
        raise
    return Vault(path, conn, lock)


def _wrong_or_damaged(conn: Connection, path: Path) -> VaultError:
    """Tell a wrong passphrase from a damaged first page: with the wrong key every page fails
    its HMAC; with the right key only the damaged ones do (measured: 1 of 326 vs 326 of 326)."""
    total = path.stat().st_size // PAGE_SIZE
    try:
        failed = len(conn.execute("PRAGMA cipher_integrity_check").fetchall())
    except DatabaseError:
        return WrongPassphrase(str(path))
    if 0 < failed < total:
        return VaultDamaged(str(path), _pages(failed, total))
    return WrongPassphrase(str(path))


def _pages(failed: int, total: int) -> str:
    verb = "fails its check" if failed == 1 else "fail their check"
    return f"{failed} of its {total} pages {verb}"


def explain_database_error(exc: BaseException, path: Path | None) -> VaultError | None:
    """A person-readable error for what SQLite raises mid-command, or None if it is a bug.

    A full disk and a damaged page are not bugs: they get a sentence and the usual promise
    (the transaction rolled back, nothing was changed)."""
    if not isinstance(exc, DatabaseError):
        return None
    text = str(exc).lower()
    where = str(path) if path is not None else "the vault"
    if "disk is full" in text or "no space" in text:
        return DiskFull(str(path.parent) if path is not None else "the vault's folder")
    if "malformed" in text or "not a database" in text or "hmac" in text:
        return VaultDamaged(where, "some pages cannot be read")
    return None


def _close_quietly(conn: Connection | None) -> None:
    """Close a connection that will not become a Vault, here and now.

    Left open, it would live on in the exception's traceback and be finalised wherever that
    is dropped: in the app, on the GUI thread, not the thread that owns the connection.
    """
    if conn is not None:
        with suppress(DatabaseError):
            conn.close()


def _precheck_file(path: Path) -> None:
    if not path.exists():
        raise VaultNotFound(str(path))
    if path.is_dir():
        raise NotAVault(str(path), "it is a folder")
    size = path.stat().st_size
    if size == 0:
        raise NotAVault(str(path), "the file is empty")
    with open(path, "rb") as handle:
        head = handle.read(PAGE_SIZE)
    if head.startswith(_SQLITE_MAGIC):
        raise NotAVault(str(path), "it is an unencrypted SQLite database")
    if size % PAGE_SIZE or size < PAGE_SIZE:
        raise NotAVault(str(path), "its size does not match an encrypted vault")
    if len(set(head)) < 128:  # encrypted pages look random: nearly every byte value occurs
        raise NotAVault(str(path), "its content is not encrypted data")
    if not _writable(path):
        raise VaultReadOnly(str(path))


def _writable(path: Path) -> bool:
    """os.access alone is not enough: root may write anything, yet a file marked read-only
    by its owner should be treated as read-only."""
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect(path: Path, passphrase: str) -> Connection:
    key = key_pragma(passphrase)  # may raise: before a connection exists that could leak
    # Always an absolute path: SQLite reads ':memory:' and 'file:...' names as special (an
    # in-memory "vault" loses everything on exit); '/folder/:memory:' is just a file name.
    conn: Connection = sqlcipher.connect(
        str(path.absolute()), isolation_level=None, timeout=0.5, uri=False
    )
    try:
        # SQLCipher logs decryption failures to stderr by default; a wrong passphrase is normal.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key}")
    except BaseException:
        _close_quietly(conn)
        raise
    return conn


def _configure(conn: Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA journal_mode = DELETE")
    # Bulk imports insert into indexes in random order; a small page cache makes every insert
    # decrypt and re-encrypt pages over and over. 64 MB keeps a 1M-row index in memory.
    conn.execute("PRAGMA cache_size = -65536")


def _check_identity(conn: Connection, path: Path, found: int) -> None:
    try:
        app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    except DatabaseError:
        app = None
    if app is None or app[0] != APP_ID:
        raise NotAVault(str(path), "it is an encrypted database of another program")
    if found > latest_version():
        raise VaultTooNew(str(path), found, latest_version())


def _migrate(conn: Connection, current: int, target: int) -> None:
    """Apply migrations with foreign keys off (SQLite's documented way to rebuild a table: with
    them on, dropping `genomes` would cascade into `reference_blocks`); each migration must
    leave no dangling reference before it commits."""
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for migration in all_migrations():
            if current < migration.version <= target:
                with _tx(conn):
                    for statement in _split_sql(migration.sql):
                        if statement.startswith(STEP_MARK):
                            _run_step(conn, statement.removeprefix(STEP_MARK).strip())
                        else:
                            conn.execute(statement)
                    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                        raise RuntimeError(f"migration {migration.version} broke a reference")
                    conn.execute(f"PRAGMA user_version = {migration.version}")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


# A vault whose free pages pass this share of the file is rewritten after an upgrade.
RECLAIM_SHARE = 0.25


def reclaim_free_pages(conn: Connection, share: float = RECLAIM_SHARE) -> bool:
    """VACUUM when more than `share` of the file is free pages; True if it ran.

    SQLite keeps the pages of dropped tables as free pages inside the file: migration 0009
    turned the row-per-genotype table (~23 bytes a genotype, 100+ MB for a whole genome) into
    compressed columns (a few MB) and dropped it, and without this the upgraded vault stayed
    as big as before. VACUUM rewrites the file compactly. It cannot run inside a transaction,
    so it runs after the migrations committed; SQLCipher writes the new pages encrypted with
    the same key, and with `temp_store=MEMORY` its working copy stays in memory (never a
    plaintext temp file). It is atomic like any write (rollback journal): a process killed
    midway leaves the upgraded vault as it was. A failure (a full disk: VACUUM needs room
    for a second copy) costs only the space, so it is logged and the vault opens anyway."""
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
    if not pages or free <= share * pages:
        return False
    try:
        conn.execute("VACUUM")
    except DatabaseError as exc:
        log.warning("vault not compacted after the upgrade (%s)", type(exc).__name__)
        return False
    log.info("vault compacted after the upgrade: %d of %d pages were free", free, pages)
    return True


STEP_MARK = "--@step "


def _run_step(conn: Connection, target: str) -> None:
    """A migration step SQL cannot express (`--@step module:function` on its own line), run
    inside the migration's transaction with the connection: converting genotype rows into
    compressed columns needs numpy and zlib (migration 0009)."""
    module_name, _, function_name = target.partition(":")
    step = getattr(importlib.import_module(module_name), function_name)
    step(conn)


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (executescript would COMMIT our transaction).
    A `--@step` line between statements is kept as an entry of its own."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(STEP_MARK) and not buffer.strip():
            statements.append(stripped)
            continue
        if stripped.startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlcipher.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


@contextmanager
def _tx(conn: Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        # SQLite rolls back by itself after some errors (SQLITE_FULL while writing a large
        # blob, for one); a second ROLLBACK would then hide the real error behind "no
        # transaction is active".
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
