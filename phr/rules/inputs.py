"""Where the medication list and lifestyle facts for `interpret` come from.

The CLI and UI call `gather_inputs(vault)` once and pass the result to `interpret`, so the
rules engine itself never reads medication or log tables (and stays testable with plain
values). This is the single place that wires `phr.meds` and `phr.lifestyle` in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from phr.lifestyle.facts import LifestyleFacts, lifestyle_facts
from phr.meds.model import CurrentMedication
from phr.meds.store import current_medications
from phr.rules.engine import interpret
from phr.rules.model import Findings
from phr.vault import Vault


def gather_inputs(
    vault: Vault, *, today: date | None = None
) -> tuple[Sequence[CurrentMedication], LifestyleFacts | None]:
    """(medicines taken now, lifestyle facts from the logs) for the person in `vault`."""
    return current_medications(vault, today=today), lifestyle_facts(vault, today=today)


def interpret_person(vault: Vault, *, today: date | None = None) -> Findings:
    """Interpret the active genome with the person's own medicines and lifestyle facts: what
    every screen and command shows (the doctor report instead gathers per its options)."""
    medications, lifestyle = gather_inputs(vault, today=today)
    return interpret(vault, medications=medications, lifestyle=lifestyle)
