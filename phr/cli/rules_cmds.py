"""Interpretation commands: pgx, notes, explain, optin, optout.

Every command interprets through `interpret_person(vault)` (medication and lifestyle facts from
`gather_inputs`, the one place those parts are wired in) and prints nothing about sensitive
topics the person has not opted into.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from phr.cli.common import UsageError, open_from_args, print_json
from phr.cli.terminal import table
from phr.errors import NotFound
from phr.genome.summary import coverage_words
from phr.rules.inputs import interpret_person
from phr.rules.model import CallStatus, Category, Findings, Note
from phr.rules.optins import TOPICS, get_optins, set_optin
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from phr.vocabulary import (
    CLINICAL_SOURCE,
    alleles_text,
    call_detail_lines,
    call_genotype_cell,
    call_status_text,
    genotype_status_text,
    note_status_text,
    short_list,
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("pgx", help="pharmacogene calls (diplotype, phenotype, status)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_pgx)

    p = commands.add_parser("notes", help="medication and prevention notes")
    p.add_argument("--json", action="store_true")
    p.add_argument("--category", choices=[str(c) for c in Category])
    p.set_defaults(handler=cmd_notes)

    p = commands.add_parser("explain", help="why a note says what it says")
    p.add_argument("note_id", metavar="NOTE_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_explain)

    for name, on in (("optin", True), ("optout", False)):
        verb = "show" if on else "hide"
        p = commands.add_parser(name, help=f"{verb} sensitive results (apoe, brca)")
        p.add_argument("topic", choices=TOPICS)
        if on:
            p.add_argument(
                "--yes",
                action="store_true",
                help="I have read what this result can and cannot tell (no question asked)",
            )
        p.set_defaults(handler=cmd_optin if on else cmd_optout)


def _findings(vault: Vault) -> Findings:
    return interpret_person(vault)


def cmd_pgx(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        findings = _findings(vault)
    if args.json:
        print_json([c.as_json() for c in findings.pgx])
        return 0
    rows = []
    for call in findings.pgx:
        rows.append(
            (
                call.gene,
                call_status_text(call.status, assumes_reference=call.assumes_reference),
                call_genotype_cell(call),
                call.phenotype_text(),
            )
        )
        if call.missing:
            rows.append(("", "", "", f"not tested: {short_list(call.missing)}"))
        if call.rare_alleles:
            rare = ", ".join(call.rare_alleles)
            rows.append(("", "", "", f"rare: {rare} (confirm a chip result clinically)"))
        rows.extend(("", "", "", line) for line in call_detail_lines(call))
    print(table(["Gene", "Status", "Your versions", "What it means"], rows))
    for call in findings.pgx:  # what a lab said beside the file, and any disagreement
        # an HLA allele no file can show says why it is not tested (it reads no position)
        hla_untested = call.status == CallStatus.NOT_TESTED and not call.genotypes
        for caveat in call.caveats:
            if call.clinical is not None or CLINICAL_SOURCE in caveat or hla_untested:
                print(f"{call.gene}: {caveat}")
    print(f"Rule set {findings.rule_set_version}.")
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        findings = _findings(vault)
    notes = [n for n in findings.notes if args.category is None or n.category == args.category]
    if args.json:
        print_json([n.as_json() for n in notes])
        return 0
    rows = [
        (
            "*" if note.on_medication_list else "",
            note_status_text(note.status),
            note.title,
            note.id,
        )
        for note in notes
    ]
    print(table(["", "Status", "Note", "ID"], rows))
    if any(n.on_medication_list for n in notes):
        print("* on your medication list")
    print(f"Rule set {findings.rule_set_version}. `phr explain ID` shows why.")
    return 0


def _find(findings: Findings, note_id: str) -> Note:
    for note in findings.notes:
        if note.id == note_id:
            return note
    raise NotFound(
        f"There is no note {note_id!r} for this vault (see `phr notes`; sensitive notes "
        "appear only after `phr optin`)."
    )


def explain_json(note: Note) -> dict[str, object]:
    return {
        **note.as_json(),
        "found": note.found,
        "meaning": note.meaning,
        "discuss": note.discuss,
        "limits": note.limits,
        "rule_set_version": note.rule_set_version,
        "genotypes": [g.as_json() for g in note.genotypes],
        "inputs": note.inputs,
        "coverage": note.coverage,
    }


def cmd_explain(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        note = _find(_findings(vault), args.note_id)
    if args.json:
        print_json(explain_json(note))
        return 0
    wrap = textwrap.TextWrapper(width=88, subsequent_indent="    ")
    print(note.title)
    print(f"Status: {note_status_text(note.status)}   Evidence: {note.evidence}")
    for label, text in (
        ("Found", note.found),
        ("What it means", note.meaning),
        ("What to discuss", note.discuss),
        ("Limits", note.limits),
    ):
        print(wrap.fill(f"{label}: {text}"))
    if note.confirm_clinically:
        print("Confirm with a clinical test before acting on this result.")
    print("Sources:")
    for source in note.sources:
        print(f"  - {source.label}" + (f" (PMID {source.pmid})" if source.pmid else ""))
    print(f"Why: rule {note.id}, rule set {note.rule_set_version}")
    print(wrap.fill(f"  Your file: {coverage_words(note.coverage)}"))
    if note.genotypes:
        rows = [
            (g.gene or "", g.rsid, alleles_text(g.alleles), genotype_status_text(g.status))
            for g in note.genotypes
        ]
        print(textwrap.indent(table(["Gene", "Variant", "Letters", "Status"], rows), "  "))
    for key, value in note.inputs.items():
        print(f"  {key}: {value}")
    return 0


def cmd_optin(args: argparse.Namespace) -> int:
    """Reading comes before seeing (CLINICAL.md rule 5): the explanation is shown first and
    the person confirms, or says `--yes` to confirm they have read it."""
    topic = load_rule_set().optins[args.topic]
    wrap = textwrap.TextWrapper(width=88)
    print(topic.title)
    print(wrap.fill(f"What it can tell you: {topic.can_say}"))
    print(wrap.fill(f"What it cannot tell you: {topic.cannot_say}"))
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                f"Read the text above, then run `phr optin {args.topic} --yes` to show this "
                "result; nothing was changed."
            )
        if input("Show this result? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing was changed; the result stays hidden.")
            return 0
    with open_from_args(args) as vault:
        set_optin(vault, args.topic, True)
    print(f"Now shown. You can hide it again with `phr optout {args.topic}`.")
    return 0


def cmd_optout(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        set_optin(vault, args.topic, False)
        still = sorted(get_optins(vault))
    print(f"Sensitive results for {args.topic} are hidden.")
    if still:
        print(f"Still shown: {', '.join(still)}.")
    return 0
