"""An exclusive lock file beside the vault, so a second process never writes concurrently.

SQLite's own locking would serialise writers, but it cannot tell a person "this vault is open in
another window"; an OS-level lock on `<vault>.lock` can, and the OS releases it when the process
dies, so a crash never leaves a stale lock. The lock file holds no data and is left in place:
deleting it on release would let two later processes lock two different inodes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

from phr.errors import VaultInUse, VaultReadOnly


class VaultLock:
    def __init__(self, vault_path: Path) -> None:
        self.path = vault_path.with_name(vault_path.name + ".lock")
        self._vault_path = vault_path
        self._handle: IO[bytes] | None = None

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

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


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
