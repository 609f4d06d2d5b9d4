"""Read everything a report needs from the vault into one `ReportData` value.

Each section comes from its own part of PHR (genomes, the rules engine, the medicine list, the
lifestyle logs). A part that is missing from this build, or has no data, does not stop the
export: its section gets a plain "left out" reason instead. Only the chosen sections are read.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from phr import __version__
from phr.errors import PhrError
from phr.genome.store import active_genome
from phr.lifestyle.model import KindSummary
from phr.meds.model import CurrentMedication
from phr.progress import CancelToken, Progress, no_progress
from phr.report.data import (
    LIFESTYLE_DAYS,
    LifestyleEntry,
    Person,
    ReportData,
    Section,
)
from phr.rules.model import Findings
from phr.vault import Vault

log = logging.getLogger(__name__)

NOT_AVAILABLE = "this version of PHR cannot read this part yet."


@dataclass(frozen=True)
class Choices:
    """What the person chose for this report (the export options minus the file targets)."""

    sections: frozenset[Section]
    include_sensitive: bool = False
    name: str | None = None
    birth_date: dt.date | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    today: dt.date | None = None


def _producer(module: str, name: str) -> Callable[..., Any] | None:
    """A function another part of PHR provides, or None when this build lacks it."""
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    return found if callable(found) else None


def gather(
    vault: Vault,
    choices: Choices,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ReportData:
    today = choices.today or dt.date.today()
    end = choices.until or today
    start = choices.since or end - dt.timedelta(days=LIFESTYLE_DAYS - 1)
    missing: dict[Section, str] = {}
    steps = 4

    def step(done: int, message: str) -> None:
        if cancel is not None:
            cancel.check()
        progress(done, steps, message)

    step(0, "Reading medicines")
    medications = None
    if Section.MEDS in choices.sections or Section.PGX in choices.sections:
        medications = _medications(vault, today, missing)

    step(1, "Interpreting the DNA data")
    genome = active_genome(vault)
    findings, rule_set = None, _rule_set_version()
    wants_genes = {Section.PGX, Section.PREVENTION} & choices.sections
    if wants_genes:
        findings = _findings(vault, genome, medications or [], missing, wants_genes)
        if findings is not None:
            rule_set = findings.rule_set_version or rule_set

    step(2, "Summarising measurements")
    summaries: tuple[KindSummary, ...] | None = None
    entries: tuple[LifestyleEntry, ...] = ()
    if Section.LIFESTYLE in choices.sections:
        summaries, entries = _lifestyle(vault, start, end, missing)

    step(3, "Report data ready")
    log.info(
        "report gathered sections=%d genome=%s meds=%s kinds=%s entries=%d",
        len(choices.sections),
        genome is not None,
        None if medications is None else len(medications),
        None if summaries is None else len(summaries),
        len(entries),
    )
    return ReportData(
        report_date=today,
        phr_version=__version__,
        rule_set_version=rule_set,
        person=Person(choices.name or None, choices.birth_date),
        genomes=(genome,) if genome is not None and wants_genes else (),
        findings=findings,
        medications=tuple(medications) if medications is not None else None,
        lifestyle=summaries,
        lifestyle_entries=entries,
        period_start=start,
        period_end=end,
        sections=choices.sections,
        include_sensitive=choices.include_sensitive,
        missing=missing,
    )


def _rule_set_version() -> str | None:
    load = _producer("phr.rules.ruleset", "load_rule_set")
    if load is None:
        return None
    try:
        return str(load().version)
    except PhrError:
        return None


def _medications(
    vault: Vault, today: dt.date, missing: dict[Section, str]
) -> list[CurrentMedication] | None:
    current = _producer("phr.meds", "current_medications")
    if current is None:
        missing[Section.MEDS] = "the medicine list " + NOT_AVAILABLE
        return None
    return list(current(vault, today=today))


def _findings(
    vault: Vault,
    genome: Any,
    medications: list[CurrentMedication],
    missing: dict[Section, str],
    sections: set[Section],
) -> Findings | None:
    if genome is None:
        for section in sections:
            missing[section] = "no DNA file has been imported."
        return None
    interpret = _producer("phr.rules", "interpret")
    if interpret is None:
        for section in sections:
            missing[section] = "interpreting DNA results " + NOT_AVAILABLE
        return None
    facts = _producer("phr.lifestyle.facts", "lifestyle_facts")
    lifestyle = facts(vault) if facts is not None else None
    findings = interpret(vault, genome, medications=tuple(medications), lifestyle=lifestyle)
    assert isinstance(findings, Findings)
    return findings


def _lifestyle(
    vault: Vault, start: dt.date, end: dt.date, missing: dict[Section, str]
) -> tuple[tuple[KindSummary, ...] | None, tuple[LifestyleEntry, ...]]:
    summarize = _producer("phr.lifestyle.summary", "summarize")
    list_entries = _producer("phr.lifestyle.entries", "list_entries")
    if summarize is None or list_entries is None:
        missing[Section.LIFESTYLE] = "the measurement log " + NOT_AVAILABLE
        return None, ()
    summaries = tuple(summarize(vault, since=start, today=end))
    entries = []
    for entry in reversed(list_entries(vault, since=start)):  # oldest first
        at: dt.datetime = entry.at
        if at.date() > end:
            continue
        entries.append(
            LifestyleEntry(
                kind=entry.kind,
                at=at.isoformat(timespec="seconds"),
                value=entry.value,
                value2=entry.value2,
                unit=entry.unit,
                source=entry.source,
                status=getattr(entry, "status", None),
            )
        )
    return summaries, tuple(entries)
