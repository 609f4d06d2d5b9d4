"""The Overview: the person's record in one screen, in the order they need it.

1. What to discuss first: notes marked actionable for medicines on their list, then other
   actionable notes (a medicine they might be given).
2. What was not tested, and why that matters: a "not tested" gene is not a normal result, and
   a prescriber may assume it was checked.
3. Latest measurements with their 30-day average and 90-day trend.
4. For a vault that is still empty, a getting-started checklist.

Every item names the page that explains it (`page`, a page key such as "medications"), so the
desktop app can link to it. Building the overview (`build_overview`) is pure: it takes what
the rules and lifestyle summaries already computed, so it is tested without a vault or Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from phr.lifestyle.kinds import KINDS
from phr.lifestyle.model import KindSummary, Value
from phr.rules.model import CallStatus, Category, Findings, Note, NoteStatus, PgxCall
from phr.vault import Vault

MAX_DISCUSS = 6  # more than this is a list, not a summary; the page link shows the rest
MAX_NOT_TESTED = 5


@dataclass(frozen=True)
class Item:
    """One line of the overview and the page that explains it."""

    text: str
    page: str  # a page key, optionally with an action: "genome:import"
    detail: str = ""


@dataclass(frozen=True)
class Step:
    """A getting-started step: done or not, and where to do it."""

    text: str
    done: bool
    page: str


@dataclass(frozen=True)
class Overview:
    discuss: tuple[Item, ...]
    more_to_discuss: int  # actionable notes beyond MAX_DISCUSS
    not_tested: tuple[Item, ...]
    measurements: tuple[Item, ...]
    steps: tuple[Step, ...]
    has_genome: bool

    @property
    def is_new(self) -> bool:
        """Show the checklist first while most of it is still to do."""
        return sum(not step.done for step in self.steps) >= 2


def _discuss_item(note: Note) -> Item:
    page = "medications" if note.category == Category.MEDICATION else "prevention"
    if note.on_medication_list:
        return Item(text=note.title, page=page, detail=f"On your medicine list. {note.discuss}")
    return Item(text=note.title, page=page, detail=note.discuss)


def _not_tested_item(note: Note, calls: Mapping[str, PgxCall] | None = None) -> Item:
    page = "medications" if note.category == Category.MEDICATION else "prevention"
    genes = ", ".join(note.genes) or "this gene"
    if note.status == NoteStatus.PARTIAL and calls:
        # name the genes by what is missing: phenytoin's CYP2C9 may be read in full while
        # HLA-B*15:02 is not tested at all ("only part of CYP2C9, HLA-B*15:02" was wrong)
        shown = [calls[g] for g in note.genes if g in calls]
        untested = [c.gene for c in shown if c.status == CallStatus.NOT_TESTED]
        partial = [c.gene for c in shown if c.status != CallStatus.NOT_TESTED and not c.determined]
        parts = []
        if untested:
            parts.append(f"Your file does not cover {_and_list(untested)}")
        if partial:
            parts.append(f"only part of {_and_list(partial)} is covered")
        if parts and not note.on_medication_list:
            text = "; ".join(parts)
            why = f"{text[0].upper()}{text[1:]}: the missing part could change the result."
            return Item(text=note.title, page=page, detail=why)
    if note.on_medication_list:
        why = (
            f"On your medicine list, and your DNA file does not fully cover {genes}: a doctor "
            "cannot tell from PHR whether the usual dose suits you."
        )
    elif note.status == NoteStatus.PARTIAL:
        why = f"Only part of {genes} is covered by your file; the rest could change the result."
    else:
        why = f"Your file does not cover {genes}. This is not the same as a normal result."
    return Item(text=note.title, page=page, detail=why)


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _value_text(value: Value | None, unit: str, *, signed: bool = False) -> str:
    if value is None:
        return "–"
    sign = "+" if signed else ""
    if isinstance(value, tuple):
        return f"{value[0]:{sign}.0f}/{value[1]:{sign}.0f} {unit}"
    digits = 0 if abs(value) >= 100 else 1
    return f"{value:{sign},.{digits}f} {unit}"


def measurement_item(summary: KindSummary) -> Item | None:
    """'Weight: 71.2 kg on 2026-11-30' with the 30-day average and 90-day trend as detail."""
    if summary.latest is None or summary.latest_at is None:
        return None
    label = KINDS[summary.kind].label if summary.kind in KINDS else summary.kind
    text = (
        f"{label.capitalize()}: {_value_text(summary.latest, summary.unit)} "
        f"on {summary.latest_at[:10]}"
    )
    parts = []
    if summary.mean_30d is not None:
        parts.append(f"30-day average {_value_text(summary.mean_30d, summary.unit)}")
    if summary.trend_90d is not None:
        trend = _value_text(summary.trend_90d, summary.unit, signed=True)
        parts.append(f"90-day trend {trend} a month")
    else:
        parts.append("too few days for a 90-day trend")
    return Item(text=text, page="lifestyle", detail="; ".join(parts))


def _without_repeats(notes: list[Note]) -> list[Note]:
    """Drop a general note when a note about the person's own situation says the same thing:
    "Clopidogrel (Plavix)" and "You take clopidogrel and your CYP2C19 result matters" are one
    item to discuss. The situational note (one that fired on the medicine list or the logs,
    i.e. has `inputs`) is kept, because it says what to do now."""
    specific = [n for n in notes if n.inputs and n.on_medication_list]

    def repeated(note: Note) -> bool:
        return not note.inputs and any(
            set(note.genes) & set(s.genes) and set(note.drugs) & set(s.drugs) for s in specific
        )

    return [n for n in notes if not repeated(n)]


def build_overview(
    findings: Findings | None,
    *,
    has_genome: bool,
    medicines: int,
    log_entries: int,
    summaries: Sequence[KindSummary] = (),
    reports_made: bool = False,
) -> Overview:
    """Order the person's findings and measurements into the overview (pure)."""
    notes = list(findings.notes) if findings is not None and has_genome else []
    actionable = _without_repeats(
        [n for n in notes if n.status == NoteStatus.ACTIONABLE and not n.sensitive]
    )
    actionable.sort(key=lambda n: (not n.on_medication_list, n.category != Category.MEDICATION))
    gaps = [
        n
        for n in notes
        if n.status in (NoteStatus.NOT_TESTED, NoteStatus.PARTIAL) and not n.sensitive
    ]
    # A gap matters most for a medicine the person takes, then for any medicine.
    gaps.sort(key=lambda n: (not n.on_medication_list, n.category != Category.MEDICATION))
    measurements = [item for s in summaries if (item := measurement_item(s)) is not None]
    calls = {c.gene: c for c in findings.pgx} if findings is not None else {}
    steps = (
        Step("Import your DNA file", has_genome, "genome:import"),
        Step("Add the medicines you take", medicines > 0, "medications:add"),
        Step("Import or log measurements (weight, blood pressure…)", log_entries > 0, "lifestyle"),
        Step("Make a report for your doctor", reports_made, "reports"),
    )
    return Overview(
        discuss=tuple(_discuss_item(n) for n in actionable[:MAX_DISCUSS]),
        more_to_discuss=max(0, len(actionable) - MAX_DISCUSS),
        not_tested=tuple(_not_tested_item(n, calls) for n in gaps[:MAX_NOT_TESTED]),
        measurements=tuple(measurements),
        steps=steps,
        has_genome=has_genome,
    )


REPORT_MADE_KEY = "report_made"  # vault setting the Reports page sets after an export


def load_overview(vault: Vault) -> Overview:
    """Read what the overview needs from the vault (imports kept local: the rules engine and
    pandas are only needed once a vault is open)."""
    from phr.genome.store import active_genome
    from phr.lifestyle.summary import summarize
    from phr.meds import list_medications
    from phr.rules.inputs import interpret_person

    genome = active_genome(vault)
    findings = interpret_person(vault) if genome is not None else None
    log_entries = int(vault.scalar("SELECT count(*) FROM log_entries") or 0)
    summaries = summarize(vault) if log_entries else []
    return build_overview(
        findings,
        has_genome=genome is not None,
        medicines=len(list_medications(vault)),
        log_entries=log_entries,
        summaries=summaries,
        reports_made=vault.get_setting(REPORT_MADE_KEY) == "1",
    )
