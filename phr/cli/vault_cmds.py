"""Vault commands: init, info, passwd, backup, check, demo."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import asdict
from pathlib import Path

from phr.cli.common import (
    PASSPHRASE_ENV,
    new_passphrase,
    open_from_args,
    passphrase,
    print_json,
    terminal_progress,
    vault_path,
)
from phr.cli.terminal import printable, table
from phr.demo import DEMO_PASSPHRASE, create_demo_vault
from phr.errors import VaultCorrupt
from phr.holdings import Holdings, holdings
from phr.strength import Strength, assess
from phr.vault import backup, change_passphrase, create_vault, info, integrity_check
from phr.vocabulary import coverage_text, vendor_text


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("init", help="create a new empty vault")
    p.set_defaults(handler=cmd_init)

    p = commands.add_parser(
        "info", help="what the vault holds: genomes, medicines, logs, last backup"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--details", action="store_true", help="also the schema version, file size and tables"
    )
    p.set_defaults(handler=cmd_info)

    p = commands.add_parser("passwd", help="change the vault's passphrase")
    p.add_argument("--new-passphrase-file", metavar="FILE")
    p.set_defaults(handler=cmd_passwd)

    p = commands.add_parser("backup", help="write an encrypted copy of the vault")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("check", help="verify encryption, structure and schema version")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    p = commands.add_parser("demo", help="create a vault of synthetic demo data")
    p.add_argument("path", metavar="PATH")
    p.set_defaults(handler=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    path = vault_path(args)
    secret = passphrase(args, confirm=True)
    if not _weak_passphrase_accepted(secret):
        print("No vault created. Run `phr init` again with a longer passphrase.", file=sys.stderr)
        return 1
    create_vault(path, secret).close()
    print(f"Created an encrypted vault at {printable(path)}.")
    print("Keep your passphrase safe: if you lose it, nobody can recover the data.")
    return 0


def _weak_passphrase_accepted(secret: str) -> bool:
    """Warn about a weak passphrase on stderr; on a terminal, ask before using it anyway.

    Strength is advice, not a rule (see phr.strength), so scripts that pass the passphrase
    through a file or the environment get the warning but are not stopped.
    """
    hint = assess(secret)
    if hint.strength is not Strength.WEAK:
        return True
    print(
        f"Warning: this passphrase is weak. {hint.text.removeprefix('Strength: weak. ')} "
        "Anyone who gets a copy of the vault file can try guesses as fast as their computer "
        "allows.",
        file=sys.stderr,
    )
    if not sys.stdin.isatty():
        return True
    answer = input("Use this weak passphrase anyway? [y/N] ").strip().lower()
    return answer in ("y", "yes")


def cmd_info(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        facts = info(vault)
        held = holdings(vault)
    if args.json:
        print_json({**asdict(facts), "holdings": asdict(held)})
        return 0
    print(f"{'Vault:':<13} {printable(facts.path)}")
    for label, text in _holdings_lines(held):
        print(f"{label + ':':<13} {text}")
    if args.details:
        print(f"{'Schema:':<13} version {facts.schema_version}")
        print(f"{'Created:':<13} {facts.created_at} (PHR {facts.created_by})")
        print(f"{'File size:':<13} {facts.file_size:,} bytes")
        print(table(["Table", "Rows"], [(t, f"{n:,}") for t, n in facts.counts.items()], right=[1]))
    return 0


def _holdings_lines(held: Holdings) -> list[tuple[str, str]]:
    genome = "none yet: import your DNA file with `phr import FILE`"
    if held.active_genome is not None:
        g = held.active_genome
        vendor = vendor_text(g.vendor) + (f" {g.format_version}" if g.format_version else "")
        genome = f"{vendor}, {coverage_text(g.coverage)}, imported {g.imported_at[:10]}"
        if held.genomes > 1:
            genome += f" (and {held.genomes - 1} more: `phr genomes`)"
    meds = f"{held.medicines_current} current"
    if held.medicines_stopped:
        meds += f", {held.medicines_stopped} stopped"
    if not held.medicines_current + held.medicines_stopped:
        meds = "none listed: add one with `phr meds add NAME`"
    logs = "none yet: `phr log add KIND VALUE` or `phr log import FILE`"
    if held.readings:
        kinds = "kind" if held.reading_kinds == 1 else "kinds"
        logs = (
            f"{held.readings:,} readings of {held.reading_kinds} {kinds}, "
            f"{held.first_reading} to {held.last_reading}"
        )
    backup_text = "never: make one with `phr backup FILE`"
    if held.last_backup:
        backup_text = held.last_backup.replace("T", " ").replace("Z", " UTC")
    lines = [("Genome", genome)]
    if held.clinical_results:  # only when there are some: most people hold none
        count = f"{held.clinical_results} from clinical tests (`phr results list`)"
        lines.append(("Lab results", count))
    return [
        *lines,
        ("Medicines", meds),
        ("Logs", logs),
        ("Last backup", backup_text),
    ]


def cmd_passwd(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        change_passphrase(vault, new_passphrase(args))
    print("Passphrase changed.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    secret = passphrase(args)
    with open_from_args(args) as vault:
        target = backup(vault, Path(args.file), secret, overwrite=args.force)
    print(f"Encrypted backup written to {printable(target)} (same passphrase).")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        report = integrity_check(vault)
    if args.json:
        print_json(asdict(report))
    elif report.ok:
        print(f"Vault OK (schema version {report.schema_version}).")
    if not report.ok:
        raise VaultCorrupt(
            str(vault_path(args)),
            "; ".join(report.problems) + ". Restore it from a backup, or see `phr check --json`",
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    secret = passphrase(args) if (args.passphrase_file or PASSPHRASE_ENV in os.environ) else None
    create_demo_vault(
        Path(args.path), secret or DEMO_PASSPHRASE, progress=terminal_progress()
    ).close()
    hint = "your passphrase" if secret else f'the passphrase "{DEMO_PASSPHRASE}"'
    print(f"Demo vault of synthetic data created at {printable(args.path)}; open it with {hint}.")
    return 0
