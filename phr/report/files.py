"""Atomic export writes: a temp file in the target folder, then one rename.

An export is the only plaintext PHR ever writes, so it must never be left half-written (a
crash or a full disk leaves the old file or nothing, never a truncated PDF) and never replace
a file the person did not agree to replace (`force` comes from `--force` or the UI's
overwrite confirmation). Temp names carry no health data.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from phr.errors import DiskFull, ExportError
from phr.vault.guard import check_target

_PREFIX = ".phr-export-"


def check_file_target(path: Path, *, force: bool, vault_path: Path | None = None) -> None:
    """Fail early (before any work) when `path` cannot or may not be written; `force` never
    lets an export replace the vault or anything that is not an ordinary file."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; choose a file name to export to.")
    check_target(path, vault_path)
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to replace it.")
    _check_folder(path.parent)


def check_folder_target(
    folder: Path, names: tuple[str, ...], *, force: bool, vault_path: Path | None = None
) -> None:
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; choose a folder for the CSV export.")
    if folder.is_dir():
        for name in names:
            check_target(folder / name, vault_path)
        taken = [n for n in names if (folder / n).exists()]
        if taken and not force:
            raise ExportError(f"{folder} already holds {', '.join(taken)}; use --force to replace.")
        _check_folder(folder)
    else:
        _check_folder(folder.parent)


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"The folder {folder} is not writable.")


def write_file(path: Path, payload: bytes, *, force: bool, vault_path: Path | None = None) -> Path:
    """Write `payload` to `path` all at once; the old file (if any) stays until the rename."""
    check_file_target(path, force=force, vault_path=vault_path)
    fd, temp = tempfile.mkstemp(prefix=_PREFIX, suffix=".tmp", dir=path.parent)
    try:
        _write_synced(fd, payload)
        os.replace(temp, path)
    except OSError as exc:
        _raise_full_disk(exc, path.parent)
        raise ExportError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return path


def write_folder(
    folder: Path, files: Mapping[str, bytes], *, force: bool, vault_path: Path | None = None
) -> list[Path]:
    """Write a set of files into `folder`.

    A new folder is built under a temp name beside it and renamed into place in one step. An
    existing folder gets each file by its own atomic rename (each file whole, old or new).
    """
    names = tuple(files)
    check_folder_target(folder, names, force=force, vault_path=vault_path)
    if folder.is_dir():
        return [
            write_file(folder / name, payload, force=True, vault_path=vault_path)
            for name, payload in files.items()
        ]
    temp = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=folder.parent))
    try:
        for name, payload in files.items():
            _write_synced(
                os.open(temp / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), payload
            )
        os.rename(temp, folder)
    except OSError as exc:
        _raise_full_disk(exc, folder.parent)
        raise ExportError(f"Could not write the folder {folder}: {exc.strerror or exc}.") from exc
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return [folder / name for name in names]


def _raise_full_disk(exc: OSError, folder: Path) -> None:
    """ENOSPC / EDQUOT: the same sentence as a full disk anywhere else (the temp file is gone)."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        raise DiskFull(str(folder)) from exc


def _write_synced(fd: int, payload: bytes) -> None:
    """Write `payload` through the open descriptor `fd` (closed after) and flush it to disk."""
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
