"""An exclusive lock file beside the vault, so a second process never writes concurrently.

SQLite's own locking would serialise writers, but it cannot tell a person "this vault is open in
another window"; an OS-level lock on `<vault>.lock` can, and the OS releases it when the process
dies, so a crash never leaves a stale lock. The lock file holds no data and is left in place:
deleting it on release would let two later processes lock two different inodes.

The lock belongs to the file, not to the name it was opened by: `<vault>.lock` sits beside the
resolved path (a symlink to the vault finds the same lock), and on POSIX a second lock keyed by
the vault's device and inode (in a private per-user folder) catches a hard link under another
name. Neither lock touches the database file itself: closing any descriptor of it would drop
SQLite's own POSIX locks.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO

from phr.errors import VaultInUse, VaultReadOnly


class VaultLock:
    def __init__(self, vault_path: Path) -> None:
        real = vault_path.resolve()
        self.path = real.with_name(real.name + ".lock")
        self._real = real
        self._vault_path = vault_path
        self._handle: IO[bytes] | None = None
        self._inode_handle: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        except PermissionError as exc:
            raise VaultReadOnly(str(self._vault_path)) from exc
        try:
            _lock(handle)
        except OSError as exc:
            handle.close()
            raise VaultInUse(str(self._vault_path)) from exc
        self._handle = handle
        try:
            self._inode_handle = _lock_inode(self._real)
        except OSError as exc:
            self.release()
            raise VaultInUse(str(self._vault_path)) from exc

    def release(self) -> None:
        for name in ("_inode_handle", "_handle"):
            handle: IO[bytes] | None = getattr(self, name)
            if handle is None:
                continue
            try:
                _unlock(handle)
            finally:
                handle.close()
                setattr(self, name, None)

    @property
    def held(self) -> bool:
        return self._handle is not None


def _inode_lock_folder() -> Path | None:
    """A folder only this user can write, for the inode locks; None if it cannot be trusted."""
    if not hasattr(os, "getuid"):
        return None
    folder = Path(tempfile.gettempdir()) / f"phr-locks-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    return folder if private and not info.st_mode & 0o077 else None


def _lock_inode(real: Path) -> IO[bytes] | None:
    """Lock `<device>-<inode>.lock` (numbers only, no name) for an existing vault file."""
    folder = _inode_lock_folder()
    if folder is None:
        return None
    try:
        info = real.stat()
    except FileNotFoundError:
        return None  # a vault being created: no other name can point to it yet
    handle = open(folder / f"{info.st_dev}-{info.st_ino}.lock", "a+b")  # noqa: SIM115
    try:
        _lock(handle)
    except OSError:
        handle.close()
        raise
    return handle


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
