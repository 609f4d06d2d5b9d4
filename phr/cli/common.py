"""What every CLI command shares: vault path, passphrase sources, JSON output, progress."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from phr.errors import PhrError
from phr.paths import default_vault_path
from phr.progress import Progress, no_progress
from phr.vault import Vault, open_vault

PASSPHRASE_ENV = "PHR_PASSPHRASE"
NEW_PASSPHRASE_ENV = "PHR_NEW_PASSPHRASE"

Handler = Callable[[argparse.Namespace], int]


class UsageError(PhrError):
    """Wrong use of the command line (exit status 2)."""


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault).expanduser() if args.vault else default_vault_path()


def _read_passphrase_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PhrError(f"Cannot read the passphrase file {path}: {exc.strerror}.") from exc
    return text.rstrip("\r\n")


def passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    """From `--passphrase-file`, `$PHR_PASSPHRASE`, or a no-echo prompt on a terminal."""
    if getattr(args, "passphrase_file", None):
        return _read_passphrase_file(args.passphrase_file)
    if PASSPHRASE_ENV in os.environ:
        return os.environ[PASSPHRASE_ENV]
    return _prompt("Passphrase: ", confirm=confirm)


def new_passphrase(args: argparse.Namespace) -> str:
    """For `phr passwd`: `--new-passphrase-file`, `$PHR_NEW_PASSPHRASE`, or prompt twice."""
    if getattr(args, "new_passphrase_file", None):
        return _read_passphrase_file(args.new_passphrase_file)
    if NEW_PASSPHRASE_ENV in os.environ:
        return os.environ[NEW_PASSPHRASE_ENV]
    return _prompt("New passphrase: ", confirm=True)


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
