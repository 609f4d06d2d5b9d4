"""Atomic export writes: whole files or none, no overwrite without consent, no leftovers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from phr.errors import ExportError
from phr.report import files


def test_write_replaces_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(ExportError, match="already exists; use --force"):
        files.write_file(target, b"new", force=False)
    assert target.read_bytes() == b"old"
    files.write_file(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_failed_rename_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def broken(src: str, dst: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "replace", broken)
    with pytest.raises(ExportError, match="Input/output error"):
        files.write_file(target, b"new" * 1000, force=True)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_new_folder_appears_complete_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(src: str, dst: str) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(files.os, "rename", broken)
    with pytest.raises(ExportError, match="Permission denied"):
        files.write_folder(tmp_path / "csv", {"a.csv": b"x", "b.csv": b"y"}, force=False)
    assert os.listdir(tmp_path) == []


def test_missing_or_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        files.write_file(tmp_path / "nope" / "r.pdf", b"x", force=False)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(ExportError, match="not writable"):
            files.write_file(locked / "r.pdf", b"x", force=False)
    finally:
        locked.chmod(0o700)


def test_a_folder_is_not_a_file_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        files.write_file(tmp_path, b"x", force=True)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_exported_files_are_private_to_the_owner_in_new_and_existing_folders(
    tmp_path: Path,
) -> None:
    """Plaintext health data: every exported file is owner-only, however it was written."""
    old_umask = os.umask(0o022)
    try:
        single = files.write_file(tmp_path / "report.pdf", b"x", force=False)
        fresh = files.write_folder(tmp_path / "csv", {"a.csv": b"x"}, force=False)
        (tmp_path / "shared").mkdir(mode=0o755)
        existing = files.write_folder(tmp_path / "shared", {"b.csv": b"y"}, force=False)
    finally:
        os.umask(old_umask)
    for path in (single, *fresh, *existing):
        assert path.stat().st_mode & 0o777 == 0o600, path.name
