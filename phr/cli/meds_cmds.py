"""`phr meds ...`: the medication list (add, list, edit, stop, remove, match)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from phr.cli.common import UsageError, open_from_args, print_json
from phr.cli.terminal import printable, table
from phr.errors import InvalidValue
from phr.meds import (
    Auto,
    accept_suggestion,
    add_medication,
    describe_duplicate,
    edit_medication,
    list_medications,
    match_drug,
    remove_medication,
    same_drug,
    split_dose,
    stop_medication,
)
from phr.meds.names import DrugMatch
from phr.vocabulary import NONE


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    meds = commands.add_parser("meds", help="your medication list")
    sub = meds.add_subparsers(dest="meds_command", metavar="ACTION")

    p = sub.add_parser("add", help="add a medicine (brand or generic name)")
    p.add_argument("name", metavar="NAME")
    _fields(p)
    confirm = p.add_mutually_exclusive_group()
    confirm.add_argument(
        "--yes", action="store_true", help="accept a close (not exact) name match without asking"
    )
    confirm.add_argument(
        "--as-typed", action="store_true", help="keep the name as typed, without matching"
    )
    p.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="add it even if the same drug (by any brand or generic name) is already listed",
    )
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("list", help="list medicines, with the matched generic name or null")
    p.add_argument("--current", action="store_true", help="only medicines not stopped")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("edit", help="change a medicine's details")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--name")
    _fields(p)
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("stop", help="mark a medicine as stopped (kept as history)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--on", metavar="DATE", help="date stopped (default today)")
    p.set_defaults(handler=cmd_stop)

    p = sub.add_parser("remove", help="delete a medicine entered by mistake")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=cmd_remove)

    p = sub.add_parser("match", help="show which drug PHR thinks a name means")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_match)

    meds.set_defaults(handler=cmd_list, current=False, json=False)  # bare `phr meds` lists


def _fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dose", help="dose with its unit, e.g. 75mg or '1 tablet'")
    p.add_argument("--unit", help="dose unit, if not written in --dose")
    p.add_argument("--frequency", help="how often, e.g. 'once a day'")
    p.add_argument("--since", metavar="DATE", help="date started (YYYY-MM-DD)")
    p.add_argument("--reason", help="what it is for (free text)")


def _date(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"The {what} date must be a real date written YYYY-MM-DD.") from None


def _describe(found: DrugMatch) -> str:
    if found.generic is None:
        return "not in PHR's drug table (kept as typed, without genetic notes)"
    label = found.generic
    if found.matched_name and found.matched_name.lower() != found.generic:
        label += f" ({found.matched_name})"
    return label


def _confirm(found: DrugMatch, args: argparse.Namespace) -> str | Auto | None:
    """Exact matches need no question; a close match needs --yes or a 'y' on a terminal."""
    if args.as_typed:
        return None
    if not found.needs_confirmation:
        return Auto.MATCH
    if args.yes:
        return found.generic
    if sys.stdin.isatty():
        answer = input(f"Did you mean {printable(_describe(found))}? [y/N] ").strip().lower()
        return found.generic if answer in ("y", "yes") else None
    args.unconfirmed_match = found  # cmd_add says how to accept it once the id is known
    return None


def cmd_add(args: argparse.Namespace) -> int:
    found = match_drug(args.name)
    generic = _confirm(found, args)
    name, reason, dose = args.name, args.reason, args.dose
    if isinstance(generic, str) and found.needs_confirmation:
        accepted = accept_suggestion(args.name, found, args.reason)
        name, reason = accepted.name, accepted.reason
        dose = dose if dose is not None else accepted.dose
    will_match = found.generic if generic is Auto.MATCH and found.exact else generic
    stored_generic = will_match if isinstance(will_match, str) else None
    with open_from_args(args) as vault:
        if not args.allow_duplicate:
            # The typed text too: "warfrin" kept as typed earlier is the same entry as an
            # accepted "warfrin" -> warfarin now.
            already = same_drug(vault, name, stored_generic) or same_drug(
                vault, args.name, stored_generic
            )
            if already:
                raise InvalidValue(
                    f"Not added: {describe_duplicate(already[0])}. To list it a second time "
                    "anyway (say, a second strength), run again with --allow-duplicate."
                )
        added = add_medication(
            vault,
            name,
            dose=dose,
            unit=args.unit,
            frequency=args.frequency,
            started_on=_date(args.since, "start"),
            reason=reason,
            generic=generic,
        )
        med = next(m for m in list_medications(vault) if m.id == added.id)
    matched = f"matched to {med.generic}" if med.generic else "kept as typed"
    print(f"Added medicine {med.id}: {printable(med.name)} ({printable(matched)}).")
    unconfirmed: DrugMatch | None = getattr(args, "unconfirmed_match", None)
    if unconfirmed is not None and unconfirmed.generic:
        # Not "run again with --yes": that would list the medicine twice.
        print(
            f"Note: the name looks like {printable(_describe(unconfirmed))}, but not exactly; "
            f"it was kept as typed. To use the match: phr meds edit {med.id} --name "
            f"{printable(unconfirmed.generic)}",
            file=sys.stderr,
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        meds = list_medications(vault, include_stopped=not args.current)
    if args.json:
        print_json([m.as_json() for m in meds])
        return 0
    if not meds:
        print("No medicines listed. Add one with `phr meds add NAME`.")
        return 0
    today = date.today()
    rows = [
        (
            m.id,
            m.name,
            m.generic or NONE,
            " ".join(x for x in (m.dose, m.unit) if x) or NONE,
            m.status_text(today),
        )
        for m in meds
    ]
    print(table(["ID", "Name", "Matched drug", "Dose", "Status"], rows, right=[0]))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    changes: dict[str, object] = {}
    for field in ("name", "dose", "unit", "frequency", "reason"):
        value = getattr(args, field)
        if value is not None:
            changes[field] = value
    if args.dose is not None and args.unit is None:
        dose, unit = split_dose(args.dose)  # as `add` and the desktop editor do
        changes["dose"] = dose
        if unit is not None:
            changes["unit"] = unit
    if args.since is not None:
        changes["started_on"] = _date(args.since, "start")
    if not changes:
        raise UsageError("Nothing to change: give --name, --dose, --since, ...")
    with open_from_args(args) as vault:
        edit_medication(vault, args.id, **changes)  # type: ignore[arg-type]
    print(f"Medicine {args.id} updated.")
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        stop_medication(vault, args.id, _date(args.on, "stop"))
    print(f"Medicine {args.id} marked as stopped.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        remove_medication(vault, args.id)
    print(f"Medicine {args.id} removed.")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    found = match_drug(args.text)
    if args.json:
        print_json(
            {
                "generic": found.generic,
                "score": round(found.score, 1),
                "exact": found.exact,
                "classes": sorted(found.classes),
                "matched_name": found.matched_name,
            }
        )
        return 0
    kind = "exact" if found.exact else f"close match, score {found.score:.0f}"
    print(printable(_describe(found)) + (f" [{kind}]" if found.generic else ""))
    return 0
