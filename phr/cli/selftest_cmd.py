"""`phr self-test`: the end-to-end check of this installation (see `phr.selftest`)."""

from __future__ import annotations

import argparse
import sys

from phr.cli.common import print_json
from phr.selftest import Outcome, run_self_test


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "self-test",
        help="check this installation end to end with a throwaway vault and synthetic data",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_self_test)


def cmd_self_test(args: argparse.Namespace) -> int:
    """Exit 0 only if every step passed; the last line on stderr names what did not."""

    def show(outcome: Outcome) -> None:
        print(outcome.line(), flush=True)

    result = run_self_test(report=lambda o: None if args.json else show(o))
    if args.json:
        print_json(result.as_json())
    if result.ok:
        if not args.json:
            print(result.summary())
        return 0
    print(f"phr: {result.summary()}", file=sys.stderr)
    return 1
