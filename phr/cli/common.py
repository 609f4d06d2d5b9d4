"""What every CLI command shares: vault path, passphrase sources, JSON output, progress."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from phr.errors import PhrError, WeakPassphrase
from phr.paths import default_vault_path
from phr.progress import Progress, no_progress
from phr.vault import Vault, open_vault

PASSPHRASE_ENV = "PHR_PASSPHRASE"
NEW_PASSPHRASE_ENV = "PHR_NEW_PASSPHRASE"
MAX_PASSPHRASE_FILE_BYTES = 4096  # only the first line is read, and it must end by here

Handler = Callable[[argparse.Namespace], int]


class UsageError(PhrError):
    """Wrong use of the command line (exit status 2)."""


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault).expanduser() if args.vault else default_vault_path()


def _read_passphrase_file(path: str) -> str:
    """The first line of `path` (without its CR/LF), read from at most 4 kB.

    An ordinary file or a pipe (`--passphrase-file <(pass show phr)` keeps the passphrase
    off the disk); never a device or a socket: `/dev/zero` or `/dev/stdin` on a terminal
    would never end, and `/dev/urandom` would be a passphrase no one knows.
    """
    try:
        # O_NONBLOCK: opening a FIFO nobody writes to would otherwise wait forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise PhrError(f"The passphrase file {path} is a folder, not a file.") from None
    except OSError as exc:
        raise PhrError(f"Cannot read the passphrase file {path}: {exc.strerror}.") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise PhrError(f"The passphrase file {path} is a folder, not a file.")
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise PhrError(
                f"The passphrase file {path} is a device or a socket, not an ordinary file; "
                "put the passphrase on the first line of a file."
            )
        if stat.S_ISFIFO(mode):
            os.set_blocking(fd, True)
        data = _read_first_line(fd, path)
    except OSError as exc:
        raise PhrError(f"Cannot read the passphrase file {path}: {exc.strerror}.") from None
    finally:
        os.close(fd)
    return _decode_passphrase(data.removesuffix(b"\r"), path)


def _read_first_line(fd: int, path: str) -> bytes:
    data = b""
    while b"\n" not in data and len(data) <= MAX_PASSPHRASE_FILE_BYTES:
        piece = os.read(fd, MAX_PASSPHRASE_FILE_BYTES + 1 - len(data))
        if not piece:
            break
        data += piece
    line, newline, _ = data.partition(b"\n")
    if not newline and len(line) > MAX_PASSPHRASE_FILE_BYTES:
        raise PhrError(
            f"The passphrase file {path} does not hold a passphrase: its first line is longer "
            f"than {MAX_PASSPHRASE_FILE_BYTES} bytes."
        )
    return line


def _decode_passphrase(line: bytes, path: str) -> str:
    if not line:
        raise WeakPassphrase(
            f"The passphrase is empty: the first line of the passphrase file {path} holds "
            "nothing. Put the passphrase on that line."
        )
    if b"\x00" in line:
        raise PhrError(
            f"The passphrase file {path} holds binary data (a NUL byte), not a passphrase."
        )
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        raise PhrError(
            f"The passphrase file {path} is not UTF-8 text; save it as UTF-8 and try again."
        ) from None


def _not_empty(secret: str, source: str, wanted: str = "the vault's passphrase") -> str:
    if not secret:
        raise WeakPassphrase(f"The passphrase is empty ({source}); PHR needs {wanted}.")
    return secret


def passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    """From `--passphrase-file`, `$PHR_PASSPHRASE`, or a no-echo prompt on a terminal."""
    if getattr(args, "passphrase_file", None):
        return _read_passphrase_file(args.passphrase_file)
    if PASSPHRASE_ENV in os.environ:
        return _not_empty(os.environ[PASSPHRASE_ENV], f"{PASSPHRASE_ENV} is set but empty")
    return _not_empty(_prompt("Passphrase: ", confirm=confirm), "nothing was typed")


def new_passphrase(args: argparse.Namespace) -> str:
    """For `phr passwd`: `--new-passphrase-file`, `$PHR_NEW_PASSPHRASE`, or prompt twice."""
    if getattr(args, "new_passphrase_file", None):
        return _read_passphrase_file(args.new_passphrase_file)
    if NEW_PASSPHRASE_ENV in os.environ:
        secret = os.environ[NEW_PASSPHRASE_ENV]
        return _not_empty(secret, f"{NEW_PASSPHRASE_ENV} is set but empty", "a new passphrase")
    secret = _prompt("New passphrase: ", confirm=True)
    return _not_empty(secret, "nothing was typed", "a new passphrase")


def _prompt(label: str, *, confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise UsageError(
            f"No passphrase given: set {PASSPHRASE_ENV}, use --passphrase-file, "
            "or run in a terminal to be asked."
        )
    first = getpass.getpass(label)
    if confirm and getpass.getpass("Repeat: ") != first:
        raise PhrError("The two passphrases differ; nothing was changed.")
    return first


def open_from_args(args: argparse.Namespace) -> Vault:
    return open_vault(vault_path(args), passphrase(args))


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, sort_keys=False)
    sys.stdout.write("\n")


def terminal_progress() -> Progress:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        return no_progress
    last = [0.0]

    def show(done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < 0.1 and done < total:
            return
        last[0] = now
        width = 30
        filled = int(width * done / total) if total else 0
        percent = f"{100 * done / total:5.1f}%" if total else "     "
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {percent} {message[:40]:40}")
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
