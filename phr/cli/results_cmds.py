"""`phr results ...`: results from clinical pharmacogenomic tests (issue 16).

JSON contract: `phr results list --json` -> [{"id","gene","diplotype","phenotype","allele",
"allele_present","lab","date"}]. A stored result outranks the genome file in `phr pgx` and the
notes. The core imported here (vault, rule set) is light: no pandas, cyvcf2 or matplotlib.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from phr.cli.common import UsageError, open_from_args, print_json
from phr.cli.terminal import table
from phr.results import add_result, import_outside_calls, list_results, remove_result
from phr.vocabulary import NONE


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    r = commands.add_parser("results", help="results from clinical tests (CYP2C19 *2/*2...)")
    actions = r.add_subparsers(dest="results_action", metavar="ACTION")
    a = actions.add_parser("add", help="record a result a laboratory gave you")
    a.add_argument("gene", metavar="GENE", help="a gene PHR interprets, e.g. CYP2C19")
    a.add_argument("--diplotype", metavar="D", help="e.g. *1/*2; CYP2D6 also *1/*2x2 or *4/*36+*10")
    a.add_argument("--phenotype", metavar="P", help="e.g. 'Intermediate Metabolizer'")
    a.add_argument("--allele", metavar="A", help="one allele the lab tested for alone")
    found = a.add_mutually_exclusive_group()
    found.add_argument("--present", dest="present", action="store_const", const=True)
    found.add_argument("--absent", dest="present", action="store_const", const=False)
    a.add_argument("--lab", metavar="NAME", required=True, help="the laboratory")
    a.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="day of the result")
    a.set_defaults(handler=cmd_results_add)
    ls = actions.add_parser("list", help="list recorded results")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_results_list)
    rm = actions.add_parser("remove", help="delete one recorded result")
    rm.add_argument("id", type=int, metavar="ID")
    rm.set_defaults(handler=cmd_results_remove)
    im = actions.add_parser("import", help="read a PharmCAT outside-call file (gene<TAB>diplotype)")
    im.add_argument("file", metavar="FILE")
    im.add_argument("--lab", metavar="NAME", required=True, help="the laboratory")
    im.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="day of the results")
    im.set_defaults(handler=cmd_results_import)
    r.set_defaults(handler=lambda args: _usage(r))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def cmd_results_add(args: argparse.Namespace) -> int:
    if args.present is not None and args.allele is None:
        raise UsageError("--present and --absent need --allele.")
    with open_from_args(args) as vault:
        add_result(
            vault,
            args.gene,
            diplotype=args.diplotype,
            phenotype=args.phenotype,
            allele=args.allele,
            present=args.present,
            lab=args.lab,
            tested_on=args.date,
        )
    print("Clinical result recorded; `phr pgx` now reads it in place of the genome file.")
    return 0


def cmd_results_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        found = list_results(vault)
    if args.json:
        print_json([r.as_json() for r in found])
        return 0
    if not found:
        print("No clinical results recorded. Add one with `phr results add GENE ...`.")
        return 0
    rows = []
    for r in found:
        allele = NONE
        if r.allele is not None:
            allele = f"{r.allele} {'present' if r.allele_present else 'absent'}"
        rows.append(
            (
                r.id,
                r.gene,
                r.diplotype or NONE,
                r.phenotype or NONE,
                allele,
                r.lab,
                r.tested_on.isoformat(),
            )
        )
    print(table(["ID", "Gene", "Diplotype", "Phenotype", "Allele", "Lab", "Date"], rows, [0]))
    return 0


def cmd_results_remove(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        remove_result(vault, args.id)
    print("Clinical result removed.")
    return 0


def cmd_results_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{args.file} is not a file.")
    with open_from_args(args) as vault:
        count = import_outside_calls(vault, path, lab=args.lab, tested_on=args.date)
    print(f"{count} clinical result{'s' if count != 1 else ''} recorded.")
    return 0
