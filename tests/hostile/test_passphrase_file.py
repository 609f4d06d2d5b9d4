"""A passphrase file is read from its first line, boundedly; an empty passphrase is named.

Before: `--passphrase-file /dev/zero` hung forever; a file holding only a newline, an empty
`PHR_PASSPHRASE` or a non-UTF-8 file ended in "unexpected error (OperationalError)" or
"(UnicodeDecodeError)".
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import WeakPassphrase
from phr.vault import create_vault, open_vault
from tests.hostile import corpus
from tests.hostile.child import needs_wait4, run_phr

PASS = "hostile passphrase files"
EMPTY = "The passphrase is empty"


@pytest.fixture
def vault_file(tmp_path: Path) -> Path:
    path = tmp_path / "vault.phr"
    create_vault(path, PASS).close()
    return path


def _phr(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", EMPTY),
        (b"\n", EMPTY),
        (b"\r\n" + PASS.encode() + b"\n", EMPTY),  # the first line only, even if empty
        (b"\xff\xfe" + PASS.encode() + b"\n", "is not UTF-8 text"),
        (b"\x00\x01\x02\x03", "holds binary data (a NUL byte)"),
        (b"x" * 5000, "its first line is longer than 4096 bytes"),
    ],
    ids=["empty", "newline", "blank-first-line", "not-utf8", "binary", "one-long-line"],
)
def test_a_bad_passphrase_file_is_named_in_one_line_and_nothing_changes(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    secret = corpus.plain(tmp_path / "secret.txt", content)
    before = vault_file.read_bytes()
    code, err = _phr(capsys, "--vault", str(vault_file), "--passphrase-file", str(secret), "info")
    assert code == 1
    assert words in err and str(secret) in err
    assert err.count("\n") == 1 and "unexpected error" not in err
    assert "xxxx" not in err and PASS not in err  # never the file's content
    assert vault_file.read_bytes() == before


def test_only_the_first_line_counts_and_its_line_end_is_dropped(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for content in (PASS + "\r\nsecond line\n", PASS + "\n" + "y" * 100_000, PASS):
        secret = corpus.plain(tmp_path / "secret.txt", content.encode())
        code, err = _phr(
            capsys, "--vault", str(vault_file), "--passphrase-file", str(secret), "info"
        )
        assert (code, err) == (0, "")


def test_a_huge_file_without_a_newline_is_refused_after_4_kb(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = corpus.sparse(tmp_path / "huge.bin", 4 << 30)
    code, err = _phr(capsys, "--vault", str(vault_file), "--passphrase-file", str(secret), "info")
    assert code == 1 and "longer than 4096 bytes" in err


def test_a_folder_or_a_missing_file_is_named(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _phr(capsys, "--vault", str(vault_file), "--passphrase-file", str(tmp_path), "info")
    assert code == 1 and "is a folder, not a file" in err
    missing = tmp_path / "nope.txt"
    code, err = _phr(capsys, "--vault", str(vault_file), "--passphrase-file", str(missing), "info")
    assert code == 1 and "Cannot read the passphrase file" in err and str(missing) in err


@pytest.mark.skipif(sys.platform == "win32", reason="no /dev/zero, no pipes by path")
def test_a_pipe_is_read_like_process_substitution(
    vault_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--passphrase-file <(pass show phr)` keeps the passphrase off the disk."""
    read_end, write_end = os.pipe()
    os.write(write_end, PASS.encode() + b"\n")
    os.close(write_end)
    try:
        code, err = _phr(
            capsys, "--vault", str(vault_file), "--passphrase-file", f"/dev/fd/{read_end}", "info"
        )
    finally:
        os.close(read_end)
    assert (code, err) == (0, "")


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs")
def test_a_fifo_nobody_writes_to_does_not_hang(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code, err = _phr(capsys, "--vault", str(vault_file), "--passphrase-file", str(fifo), "info")
    assert code == 1 and EMPTY in err


@needs_wait4
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_at_once_not_read_forever(vault_file: Path, tmp_path: Path) -> None:
    before = vault_file.read_bytes()
    run = run_phr(
        ["--vault", str(vault_file), "--passphrase-file", "/dev/zero", "info"],
        tmp_path,
        {},
        timeout=30,
    )
    assert run.returncode == 1
    assert "is a device or a socket, not an ordinary file" in run.stderr
    assert run.stderr.count("\n") == 1
    assert vault_file.read_bytes() == before


def test_an_empty_passphrase_from_the_environment_is_named(
    vault_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHR_PASSPHRASE", "")
    before = vault_file.read_bytes()
    code, err = _phr(capsys, "--vault", str(vault_file), "info")
    assert code == 1
    assert (
        err
        == f"phr: {EMPTY} (PHR_PASSPHRASE is set but empty); PHR needs the vault's passphrase.\n"
    )
    assert vault_file.read_bytes() == before


def test_an_empty_passphrase_typed_at_the_prompt_is_named(
    vault_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "")
    code, err = _phr(capsys, "--vault", str(vault_file), "info")
    assert code == 1 and f"{EMPTY} (nothing was typed)" in err


def test_an_empty_new_passphrase_is_named_and_the_old_one_still_opens(
    vault_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    monkeypatch.setenv("PHR_NEW_PASSPHRASE", "")
    code, err = _phr(capsys, "--vault", str(vault_file), "passwd")
    assert code == 1 and "PHR needs a new passphrase" in err
    open_vault(vault_file, PASS).close()


def test_the_core_refuses_an_empty_passphrase_with_a_sentence(vault_file: Path) -> None:
    with pytest.raises(WeakPassphrase, match="The passphrase is empty"):
        open_vault(vault_file, "")
