"""`phr`: the command-line face of PHR, a thin front over the same core the desktop app uses.

Exit status: 0 success, 1 a user-facing error (one line on stderr), 2 a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from phr import __version__
from phr.cli.common import UsageError, vault_path
from phr.cli.terminal import printable
from phr.errors import Cancelled, PhrError
from phr.logs import configure as configure_logging
from phr.logs import describe_bug

log = logging.getLogger(__name__)

# Every command, the module that registers it (`register(subparsers)`, whose parsers set
# `handler=`), and its one-line help. Only the module of the command being run is imported:
# the others pull in pandas, matplotlib, cyvcf2 or fpdf, which cost a second at start-up.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("phr.cli.vault_cmds", "create a new empty vault"),
    "info": ("phr.cli.vault_cmds", "what the vault holds: genomes, medicines, logs, last backup"),
    "passwd": ("phr.cli.vault_cmds", "change the vault's passphrase"),
    "backup": ("phr.cli.vault_cmds", "write an encrypted copy of the vault"),
    "check": ("phr.cli.vault_cmds", "verify encryption, structure and schema version"),
    "demo": ("phr.cli.vault_cmds", "create a vault of synthetic demo data"),
    "import": ("phr.cli.genome_cmds", "import a raw DNA file (23andMe, AncestryDNA, VCF...)"),
    "genomes": ("phr.cli.genome_cmds", "list the genomes in the vault"),
    "genome": ("phr.cli.genome_cmds", "activate or remove a genome"),
    "lookup": ("phr.cli.genome_cmds", "what a genome says at rsIDs or CHROM:POS positions"),
    "meds": ("phr.cli.meds_cmds", "your medication list"),
    "log": ("phr.cli.log_cmds", "lifestyle logs: weight, blood pressure, steps..."),
    "pgx": ("phr.cli.rules_cmds", "pharmacogene calls (diplotype, phenotype, status)"),
    "notes": ("phr.cli.rules_cmds", "medication and prevention notes"),
    "explain": ("phr.cli.rules_cmds", "why a note says what it says"),
    "optin": ("phr.cli.rules_cmds", "show sensitive results (apoe, brca)"),
    "optout": ("phr.cli.rules_cmds", "hide sensitive results (apoe, brca)"),
    "results": ("phr.cli.results_cmds", "results from clinical tests (CYP2C19 *2/*2...)"),
    "profile": ("phr.cli.profile_cmds", "what you tell PHR about yourself"),
    "plan": ("phr.cli.plan_cmds", "your prevention plan: screenings due, heart risk"),
    "risk": ("phr.cli.plan_cmds", "10-year heart and stroke risk (AHA PREVENT)"),
    "screening": ("phr.cli.plan_cmds", "screening history (colonoscopy, mammogram...)"),
    "export": (
        "phr.cli.export_cmds",
        "export a summary for your doctor: PDF, FHIR JSON and/or CSV",
    ),
    "self-test": (
        "phr.cli.selftest_cmd",
        "check this installation end to end with a throwaway vault and synthetic data",
    ),
}
# Options of `phr` itself that take a value (so the value is not taken for the command).
_VALUED_OPTIONS = ("--vault", "--passphrase-file")


def command_named(argv: Sequence[str]) -> str | None:
    """The command word in `argv` (the first argument that is not an option of `phr`)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            return None
        elif token in _VALUED_OPTIONS:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `phr` parser; with `command`, that command's module registers its full parsers.

    Every other command gets a stand-in parser with its help line only, so `phr --help` lists
    them all without importing any command module.
    """
    parser = argparse.ArgumentParser(
        prog="phr", description="PHR: your encrypted, offline personal health record."
    )
    parser.add_argument("--version", action="version", version=f"phr {__version__}")
    parser.add_argument(
        "--vault",
        metavar="PATH",
        help="vault file (default: $PHR_VAULT, else vault.phr in your user data folder)",
    )
    parser.add_argument(
        "--passphrase-file", metavar="FILE", help="read the passphrase from FILE's first line"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in COMMANDS:
        importlib.import_module(COMMANDS[command][0]).register(commands)
    for name, (_module, help_text) in COMMANDS.items():
        if name not in commands.choices:
            commands.add_parser(name, help=help_text)
    return parser


def _vault_of(args: argparse.Namespace) -> Path | None:
    try:
        return vault_path(args)
    except Exception:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(command_named(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    log_file = configure_logging()
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"phr: {printable(exc)}", file=sys.stderr)
        return 2
    except Cancelled as exc:
        print(f"phr: {printable(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("phr: interrupted; nothing was changed.", file=sys.stderr)
        return 1
    except PhrError as exc:  # messages name files and ids the person gave: printable() them
        print(f"phr: {printable(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: keep the promise of one line, put details in the log
        from phr.vault import explain_database_error

        explained = explain_database_error(exc, _vault_of(args))
        if explained is not None:
            print(f"phr: {printable(explained)}", file=sys.stderr)
            return 1
        log.error(describe_bug(f"command {args.command}", exc))
        print(
            f"phr: unexpected error ({type(exc).__name__}); nothing was changed. "
            f"Details are in {log_file}.",
            file=sys.stderr,
        )
        return 1
