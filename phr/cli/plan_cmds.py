"""`phr plan`, `phr risk` and `phr screening ...`: the personal prevention plan (issue 17).

JSON contracts: `phr plan --json` -> [{"id","title","status","due","reasons","source",
"needs"}], `phr plan notes --json` -> {"lifestyle":[...],"genetic":[...]}, `phr risk --json`
-> {"prevent_10y_cvd","prevent_10y_ascvd","inputs","missing",...} (risks in percent),
`phr screening list --json` -> [{"id","kind","date","note"}].
"""

from __future__ import annotations

import argparse
import sys

from phr.cli.common import open_from_args, print_json
from phr.cli.terminal import printable
from phr.errors import PhrError
from phr.prevention import SCREENING_KINDS, add_screening, list_screenings, remove_screening
from phr.prevention.summary import prevention_summary

STATUS_WORDS = {
    "due": "DUE NOW",
    "upcoming": "due by",
    "up_to_date": "up to date",
    "not_applicable": "not applicable",
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("plan", help="your prevention plan: screenings due, heart risk")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_plan)
    sub = p.add_subparsers(dest="plan_action", metavar="ACTION")
    n = sub.add_parser("notes", help="lifestyle and genetic notes for prevention")
    n.add_argument("--json", action="store_true")
    n.set_defaults(handler=cmd_plan_notes)

    r = commands.add_parser("risk", help="10-year heart and stroke risk (AHA PREVENT)")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_risk)

    s = commands.add_parser("screening", help="screening history (colonoscopy, mammogram...)")
    actions = s.add_subparsers(dest="screening_action", metavar="ACTION")
    a = actions.add_parser("add", help="record a screening test you had")
    a.add_argument("kind", metavar="KIND", help="one of: " + ", ".join(SCREENING_KINDS))
    a.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
    a.add_argument("--note")
    a.set_defaults(handler=cmd_screening_add)
    ls = actions.add_parser("list", help="list recorded screenings, newest first")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_screening_list)
    rm = actions.add_parser("remove", help="delete one recorded screening")
    rm.add_argument("id", type=int, metavar="ID")
    rm.set_defaults(handler=cmd_screening_remove)
    s.set_defaults(handler=lambda args: _usage(s))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def cmd_plan(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        summary = prevention_summary(vault)
    if args.json:
        print_json([item.as_json() for item in summary.plan])
        return 0
    for item in summary.due_first():
        status = STATUS_WORDS[item.status]
        when = f" {item.due.isoformat()}" if item.due and item.status != "due" else ""
        print(f"{item.title}: {status}{when}")
        for reason in item.reasons:
            print(f"    {printable(reason)}")
        src = item.source
        print(f"    Source: {src.org} grade {src.grade} ({src.year}) {src.url}")
    print(
        f"Rule set: prevention plan {summary.rules_version}. Not a diagnosis: discuss with "
        "your doctor."
    )
    return 0


def cmd_plan_notes(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        summary = prevention_summary(vault)
    if args.json:
        print_json(
            {
                "lifestyle": [n.as_json() for n in summary.lifestyle],
                "genetic": [n.as_json() for n in summary.genetic],
            }
        )
        return 0
    for note in summary.lifestyle:
        print(f"{note.title}: {note.text}")
    if not summary.has_genome:
        print("No genome imported: the genetic prevention notes are not tested.")
    for g in summary.genetic:
        print(f"{g.title} [{g.status.replace('_', ' ')}]: {g.found}")
        print(f"    {g.meaning}")
        print(f"    {g.action}")
    return 0


def cmd_risk(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        risk = prevention_summary(vault).risk
    if args.json:
        print_json(risk.as_json())
    if risk.cvd_10y is None:
        raise PhrError(f"PHR cannot estimate your 10-year risk. {risk.refused}")
    if args.json:
        return 0
    print(f"10-year risk of heart attack, stroke or heart failure: {risk.cvd_10y:.1f} %")
    print(f"10-year risk of heart attack or stroke (ASCVD):        {risk.ascvd_10y:.1f} %")
    for name, data in risk.inputs.items():
        unit = f" {data['unit']}" if "unit" in data else ""
        on = f" ({data['date']})" if "date" in data else ""
        print(f"    {name}: {data['value']}{unit}{on} - {data['source']}")
    if risk.old:
        print("Older than a year: " + ", ".join(risk.old) + ". A new test would make this current.")
    for note in risk.notes:
        print(note)
    print("AHA PREVENT equations (Khan et al., Circulation 2024). An estimate, not a diagnosis.")
    return 0


def cmd_screening_add(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        add_screening(vault, args.kind, args.date, note=args.note)
    print("Screening recorded.")
    return 0


def cmd_screening_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        found = list_screenings(vault)
    if args.json:
        print_json([s.as_json() for s in found])
        return 0
    if not found:
        print("No screenings recorded. Add one with `phr screening add KIND YYYY-MM-DD`.")
    for s in found:
        print(f"{s.id:>5}  {s.done_on.isoformat()}  {s.label}")
    return 0


def cmd_screening_remove(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        remove_screening(vault, args.id)
    print("Screening removed.")
    return 0
