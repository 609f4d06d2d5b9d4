"""Where PHR may write plaintext or a backup: never onto the vault, whatever the flags say.

`--force` means "replace an export I made before", not "replace anything". An adversarial
pass replaced the vault with a PDF (`phr export --pdf VAULT --force`), wrote plaintext into its
lock file, and turned `/dev/null` into a regular file. So every export and backup target is
checked, by resolved path and by inode (a symlink or a hard link to the vault is the vault):
- never the open vault, its rollback journal (a stray file there is read as a hot journal and
  rolled into the vault), its WAL/SHM files or its lock file;
- never a name PHR uses for its own temporary files;
- never anything that exists and is not a regular file (devices, FIFOs, sockets, folders).
The UI's save dialogs go through the same check (`phr.report.check_options`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from phr.errors import ExportError

TEMP_PREFIXES = (".phr-backup-", ".phr-export-")
_COMPANION_SUFFIXES = ("", "-journal", "-wal", "-shm", ".lock")


def vault_files(vault_path: Path) -> list[Path]:
    """The vault and the files SQLite and PHR keep beside it."""
    return [vault_path.with_name(vault_path.name + suffix) for suffix in _COMPANION_SUFFIXES]


def check_target(target: Path, vault_path: Path | None) -> None:
    """Raise ExportError if writing `target` could damage the vault or a non-file."""
    if target.name.startswith(TEMP_PREFIXES):
        raise ExportError(
            f"{target} is a name PHR uses for its temporary files; choose another name."
        )
    try:
        info = os.stat(target)  # follows symlinks: what would really be written
    except (FileNotFoundError, NotADirectoryError):
        info = None  # nothing there yet (writing will say if the folder cannot be made)
    except OSError as exc:
        raise ExportError(f"Cannot check {target}: {exc.strerror or exc}.") from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not an ordinary file"
        raise ExportError(
            f"{target} is {what}; PHR writes exports and backups only to ordinary files."
        )
    if vault_path is not None and _is_one_of(target, info, vault_files(vault_path)):
        raise ExportError(
            f"{target} is your vault or one of its working files; PHR will not write over "
            "it. Choose another name."
        )


def _is_one_of(target: Path, info: os.stat_result | None, protected: Iterable[Path]) -> bool:
    resolved = target.resolve()
    for path in protected:
        if resolved == path.resolve():
            return True
        if info is None:
            continue
        try:
            other = os.stat(path)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False
