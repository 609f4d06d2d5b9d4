"""Read everything a report needs from the vault into one `ReportData` value.

Each section comes from its own part of PHR (genomes, the rules engine, the medicine list, the
lifestyle logs). A section without data (no genome imported, no entries in the period) does
not stop the export: it gets a plain "left out" line instead. Only the chosen sections are
read, and the rules engine gets the same medicines and lifestyle facts the app's pages use.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from phr import __version__
from phr.errors import PhrError
from phr.genome.model import GenomeRecord
from phr.genome.store import active_genome
from phr.lifestyle.entries import list_entries
from phr.lifestyle.facts import lifestyle_facts
from phr.lifestyle.model import KindSummary
from phr.lifestyle.summary import summarize
from phr.meds.model import CurrentMedication
from phr.meds.store import current_medications
from phr.prevention.summary import prevention_summary
from phr.progress import CancelToken, Progress, no_progress
from phr.report.data import (
    LIFESTYLE_DAYS,
    LifestyleEntry,
    Person,
    ReportData,
    Section,
)
from phr.report.window import lifestyle_window
from phr.rules import interpret
from phr.rules.model import Findings
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault

log = logging.getLogger(__name__)


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


def gather(
    vault: Vault,
    choices: Choices,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ReportData:
    today = choices.today or dt.date.today()
    window = None
    if Section.LIFESTYLE in choices.sections:
        window = lifestyle_window(vault, since=choices.since, until=choices.until, today=today)
        start, end = window.start, window.end
    else:
        end = choices.until or today
        start = choices.since or end - dt.timedelta(days=LIFESTYLE_DAYS - 1)
    missing: dict[Section, str] = {}
    steps = 4

    def step(done: int, message: str) -> None:
        if cancel is not None:
            cancel.check()
        progress(done, steps, message)

    step(0, "Reading medicines")
    # A part left out stays out everywhere: without the medicine list the engine is not told
    # what the person takes (no "taking now" marks, no combination notes), and without the
    # lifestyle section it gets no lifestyle facts (no "and you smoke" in a note).
    medications = (
        current_medications(vault, today=today) if Section.MEDS in choices.sections else []
    )

    step(1, "Interpreting the DNA data")
    genome = active_genome(vault)
    findings, rule_set = None, _rule_set_version()
    wants_genes = {Section.PGX, Section.PREVENTION} & choices.sections
    if wants_genes:
        use_facts = Section.LIFESTYLE in choices.sections
        findings = _findings(vault, genome, medications, today, use_facts, missing, wants_genes)
        if findings is not None:
            rule_set = findings.rule_set_version or rule_set

    step(2, "Summarising measurements")
    summaries: tuple[KindSummary, ...] | None = None
    entries: tuple[LifestyleEntry, ...] = ()
    implausible = 0
    if Section.LIFESTYLE in choices.sections:
        summaries, entries, implausible = _lifestyle(vault, start, end)

    plan = None
    if {Section.PREVENTION, Section.LIFESTYLE} <= choices.sections:
        plan = prevention_summary(vault, today=today)

    step(3, "Report data ready")
    log.info(
        "report gathered sections=%d genome=%s meds=%s kinds=%s entries=%d",
        len(choices.sections),
        genome is not None,
        len(medications),
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
        medications=tuple(medications) if Section.MEDS in choices.sections else None,
        lifestyle=summaries,
        lifestyle_entries=entries,
        implausible_dates=implausible,
        period_start=start,
        period_end=end,
        window=window,
        sections=choices.sections,
        include_sensitive=choices.include_sensitive,
        missing=missing,
        plan=plan,
    )


def _rule_set_version() -> str | None:
    try:
        return load_rule_set().version
    except PhrError:
        return None


def _findings(
    vault: Vault,
    genome: GenomeRecord | None,
    medications: list[CurrentMedication],
    today: dt.date,
    use_facts: bool,
    missing: dict[Section, str],
    sections: set[Section],
) -> Findings | None:
    if genome is None:
        for section in sections:
            missing[section] = "no DNA file has been imported."
        return None
    facts = lifestyle_facts(vault, today=today) if use_facts else None
    return interpret(vault, genome, medications=tuple(medications), lifestyle=facts)


def _lifestyle(
    vault: Vault, start: dt.date, end: dt.date
) -> tuple[tuple[KindSummary, ...], tuple[LifestyleEntry, ...], int]:
    """Summaries and entries of the period, and how many readings were left out for an
    implausible date (after tomorrow: a year-9999 row from an older vault once broke the PDF)."""
    every = summarize(vault, since=start, today=end)
    summaries = tuple(s for s in every if s.days)
    implausible = sum(s.implausible_dates for s in every)
    entries = []
    for entry in reversed(list_entries(vault, since=start)):  # oldest first
        if entry.at.date() > end:
            continue
        entries.append(
            LifestyleEntry(
                kind=entry.kind,
                at=entry.at.isoformat(timespec="seconds"),
                value=entry.value,
                value2=entry.value2,
                unit=entry.unit,
                source=entry.source,
                status=entry.status,
            )
        )
    return summaries, tuple(entries), implausible
