"""`phr log ...`: lifestyle logs (add, import, list, summary, facts, remove)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date

from phr.cli.common import UsageError, open_from_args, print_json, terminal_progress
from phr.cli.terminal import printable, table
from phr.errors import PhrError
from phr.lifestyle.entries import add_entry, implausible_entries, list_entries, remove_entry
from phr.lifestyle.facts import lifestyle_facts
from phr.lifestyle.importer import BadLines, import_logs
from phr.lifestyle.kinds import KINDS
from phr.lifestyle.model import Value
from phr.lifestyle.summary import summarize
from phr.vocabulary import NONE, log_kind_text, log_source_text


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    logs = commands.add_parser("log", help="lifestyle logs: weight, blood pressure, steps...")
    sub = logs.add_subparsers(dest="log_command", metavar="ACTION")

    p = sub.add_parser("add", help="add one reading")
    p.add_argument("kind", metavar="KIND", help="one of: " + ", ".join(KINDS))
    p.add_argument("value", metavar="VALUE", help="a number; 128/82 for blood pressure")
    p.add_argument("--unit", help="unit of VALUE (e.g. lb, st, mg/dL, units, drinks)")
    p.add_argument("--at", metavar="DATETIME", help="ISO 8601 date or time (default now)")
    p.add_argument("--note")
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser(
        "import",
        help="import a CSV, an Apple Health export.zip/export.xml, or a Fitbit, Garmin "
        "(.fit or account export) or Withings export (zip, folder or one of its files)",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--skip-bad-lines", action="store_true", help="CSV: import the good lines")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("list", help="list readings, newest first")
    p.add_argument("--kind", metavar="K")
    p.add_argument("--since", metavar="DATE")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("summary", help="per-kind daily values, means and trend")
    p.add_argument("--kind", metavar="K", action="append", help="repeat for several kinds")
    p.add_argument("--since", metavar="DATE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_summary)

    p = sub.add_parser("facts", help="what the medication and prevention notes read from logs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_facts)

    p = sub.add_parser("remove", help="delete one reading")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=cmd_remove)

    # bare `phr log`: the newest readings (`phr log list` shows them all)
    logs.set_defaults(handler=cmd_list, kind=None, since=None, limit=BARE_LIMIT, json=False)


BARE_LIMIT = 20


def _since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError("--since must be a real date written YYYY-MM-DD.") from None


def cmd_add(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        add_entry(vault, args.kind, args.value, unit=args.unit, at=args.at, note=args.note)
    print("Reading added.")
    return 0


_FORMAT_LABELS = {
    "apple_health": "Apple Health export",
    "csv": "CSV file",
    "fitbit": "Fitbit export",
    "garmin": "Garmin files",
    "withings": "Withings export",
}


def cmd_import(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        try:
            result = import_logs(
                vault, args.file, skip_bad_lines=args.skip_bad_lines, progress=terminal_progress()
            )
        except BadLines as exc:
            raise PhrError(
                f"{exc} Fix those lines, or run again with --skip-bad-lines to import the rest."
            ) from exc
    if args.json:
        print_json(result.as_json())
        return 0
    label = _FORMAT_LABELS.get(result.format, "file")
    print(f"Imported {result.total_added:,} new readings from the {label}.")
    for kind, count in result.added.items():
        dup = result.duplicates.get(kind, 0)
        print(f"  {log_kind_text(kind):<20} {count:>9,} new   {dup:>9,} already there")
    for reason, count in sorted(result.skipped.items()):
        print(f"  skipped: {reason:<28} {count:>9,}")
    for bad in result.bad_lines:
        print(f"  skipped line {bad.line}: {printable(bad.problem)}")
    for warning in result.warnings:
        print(f"  warning: {printable(warning)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        entries = list_entries(vault, args.kind, since=_since(args.since), limit=args.limit)
        hidden = implausible_entries(vault) if not args.json else []
    if args.json:
        print_json([e.as_json() for e in entries])
        return 0
    if not entries and not hidden:
        print("No readings yet. Add one with `phr log add KIND VALUE`.")
    if entries:
        rows = [
            (
                e.id,
                f"{e.at:%Y-%m-%d %H:%M %z}",
                log_kind_text(e.kind),
                e.display_value(),
                log_source_text(e.source),
            )
            for e in entries
        ]
        print(table(["ID", "When", "Kind", "Value", "From"], rows, right=[0]))
    if args.log_command is None and len(entries) == BARE_LIMIT:
        print(f"The newest {BARE_LIMIT}; `phr log list` shows all, `phr log summary` the trends.")
    if hidden:
        print(_implausible_note(hidden))
    return 0


def _implausible_note(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:10]) + (", ..." if len(ids) > 10 else "")
    return (
        f"Not shown: {len(ids)} reading(s) with an impossible date (before 1900, after tomorrow "
        f"or unreadable), ids {shown}; remove them with `phr log remove ID`."
    )


def _text(value: Value | None) -> str:
    if value is None:
        return NONE
    if isinstance(value, tuple):
        return f"{value[0]:g}/{value[1]:g}"
    return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def cmd_summary(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        summaries = summarize(vault, args.kind, since=_since(args.since))
    if args.json:
        print_json([s.as_json() for s in summaries])
        return 0
    if not summaries:
        print("No readings yet.")
    rows = [
        (
            log_kind_text(s.kind),
            _text(s.latest),
            s.unit,
            _text(s.mean_7d),
            _text(s.mean_30d),
            _text(s.trend_90d),
            f"{len(s.days)}",
        )
        for s in summaries
    ]
    if rows:
        headers = ["Kind", "Latest", "Unit", "7-day mean", "30-day mean", "Trend/30 days", "Days"]
        print(table(headers, rows, right=[1, 3, 4, 5, 6]))
    left_out = sum(s.implausible_dates for s in summaries)
    if left_out:
        print(
            f"Left out: {left_out} reading(s) with an impossible date (before 1900, after "
            "tomorrow or unreadable); `phr log list` names them."
        )
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        facts = lifestyle_facts(vault)
    if args.json:
        print_json(asdict(facts))
        return 0
    for name, value in asdict(facts).items():
        print(f"{name.replace('_', ' '):<24} {'unknown' if value is None else value}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        remove_entry(vault, args.id)
    print(f"Reading {args.id} removed.")
    return 0
