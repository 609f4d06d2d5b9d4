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

# Each module has `register(subparsers)`; its parsers set `handler=` to a function(args) -> int.
COMMAND_MODULES = (
    "phr.cli.vault_cmds",
    "phr.cli.genome_cmds",
    "phr.cli.meds_cmds",
    "phr.cli.log_cmds",
    "phr.cli.rules_cmds",
    "phr.cli.profile_cmds",
    "phr.cli.plan_cmds",
    "phr.cli.export_cmds",
    "phr.cli.selftest_cmd",
)


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def _vault_of(args: argparse.Namespace) -> Path | None:
    try:
        return vault_path(args)
    except Exception:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
